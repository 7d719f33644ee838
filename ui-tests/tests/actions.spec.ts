/**
 * The panel's actions in a real JupyterLab against the real server: a quick fix applied and
 * undone, a parameters cell added from the dialog, an export from the dialog, and a run of the
 * job whose output notebook opens from the link.
 */

import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

import { notebook } from './actions-notebooks';
import { screenshotPath } from './screenshots';

const PANEL_ID = 'jupyter-prod-panel';

test.use({ viewport: { width: 1280, height: 1100 } });

const SAMPLED = notebook(
  'import pandas as pd',
  'MIN_QTY = 2\nDIVISOR = 4',
  "frame = pd.DataFrame({'n': range(1, 9)})",
  'picked = frame.sample(n=3)',
  'shares = frame[frame.n >= MIN_QTY].n / DIVISOR\nprint(shares.sum())'
);

const DIVIDE = notebook(
  'MIN_QTY = 2\nDIVISOR = 4',
  'numbers = list(range(1, 9))',
  'shares = [n / DIVISOR for n in numbers if n >= MIN_QTY]\nprint(sum(shares))'
);

const TALLY = notebook(
  'DIVISOR = 4\napi_token = ""',
  'numbers = list(range(1, 9))',
  'print(sum(n / DIVISOR for n in numbers), len(api_token))'
);

async function open(page: IJupyterLabPageFixture, tmpPath: string, name: string, content: string): Promise<Locator> {
  await page.contents.uploadContent(content, 'text', `${tmpPath}/${name}`);
  await page.notebook.openByPath(`${tmpPath}/${name}`);
  await page.notebook.activate(name);
  await page.sidebar.openTab(PANEL_ID);
  return page.locator(`#${PANEL_ID}`);
}

/** The current notebook's cells as the model holds them: source and tags. */
async function cells(page: IJupyterLabPageFixture): Promise<{ source: string; tags: string[] }[]> {
  return page.evaluate(() => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    return panel.content.model.sharedModel.cells.map((cell: any) => ({
      source: cell.getSource(),
      tags: cell.getMetadata().tags ?? []
    }));
  });
}

/** Click an action; the notebook is saved first when the action asks (export reads the file). */
async function clickAction(page: IJupyterLabPageFixture, panel: Locator, command: string): Promise<void> {
  await action(panel, command).click();
  const save = page.locator('.jp-Dialog').filter({ hasText: 'Save first?' });
  if (await save.waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false)) {
    await save.locator('.jp-mod-accept').click();
  }
}

const action = (panel: Locator, command: string): Locator =>
  panel.locator(`.jp-prod-actions button[data-command="jupyter-prod:${command}"]`);

test.describe('the panel actions', () => {
  test('applies a quick fix through the notebook, and one undo reverts it', async ({ page, tmpPath }) => {
    const panel = await open(page, tmpPath, 'sampled.ipynb', SAMPLED);
    const finding = panel.locator('.jp-prod-finding[data-rule="HO004"]');
    await expect(finding).toHaveAttribute('data-cell-index', '3');

    await page.notebook.selectCells(0);
    await finding.locator('.jp-prod-fix').click();
    // The change is shown before anything is edited: a small diff of the cell.
    const preview = page.locator('.jp-Dialog .jp-prod-fix-preview');
    await expect(preview.locator('.jp-prod-fix-preview-cell')).toHaveText('Cell 4');
    await expect(preview.locator('.jp-prod-diff-removed')).toHaveText('- picked = frame.sample(n=3)');
    await expect(preview.locator('.jp-prod-diff-added')).toHaveText('+ picked = frame.sample(n=3, random_state=42)');
    expect((await cells(page))[3].source).toBe('picked = frame.sample(n=3)');
    await page.locator('.jp-Dialog-content').screenshot({ path: screenshotPath('fix-preview.png') });
    await page.locator('.jp-Dialog').getByRole('button', { name: 'Apply' }).click();
    await expect.poll(async () => (await cells(page))[3].source).toBe('picked = frame.sample(n=3, random_state=42)');
    // Then the notebook is at the cell, and the panel says what happened and how to undo it.
    await expect(page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell').nth(3)).toHaveClass(/jp-mod-active/);
    await expect(panel.locator('.jp-prod-notice')).toHaveText(
      'Applied the fix for HO004 in cell 4. Undo: Ctrl+Z in the cell, or Z for an added cell.'
    );
    expect(await page.notebook.getCellTextInput(3)).toBe('picked = frame.sample(n=3, random_state=42)');
    // The panel analyses the changed document: the finding goes away.
    await expect(finding).toHaveCount(0);
    expect(await page.evaluate(() => (window as any).jupyterapp.shell.currentWidget.model.dirty)).toBe(true);

    // A fix in one cell is undone where the user would: Ctrl+Z in that cell.
    await page.notebook.enterCellEditingMode(3);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await cells(page))[3].source).toBe('picked = frame.sample(n=3)');
    await expect(panel.locator('.jp-prod-finding[data-rule="HO004"]')).toHaveCount(1);
  });

  test('adds a parameters cell from the dialog, with an edited default', async ({ page, tmpPath }) => {
    const panel = await open(page, tmpPath, 'sampled.ipynb', SAMPLED);
    await action(panel, 'add-parameters').click();

    const dialog = page.locator('.jp-Dialog .jp-prod-params-dialog');
    await expect(dialog.locator('.jp-prod-param-row')).toHaveCount(2);
    const row = dialog.locator('.jp-prod-param-row[data-name="MIN_QTY"]');
    await expect(row).toContainText('cell 2, line 1');
    await row.locator('.jp-prod-param-default').fill('3');
    await page.locator('.jp-Dialog-content').screenshot({ path: screenshotPath('parameters-dialog.png') });
    await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept').click();

    await expect.poll(async () => (await cells(page)).length).toBe(6);
    const after = await cells(page);
    expect(after[1]).toEqual({
      source: '# Parameters: values a job run may override\nMIN_QTY: int = 3\nDIVISOR: int = 4',
      tags: ['parameters']
    });
    expect(after[2].source.trim()).toBe(''); // the assignments moved into the parameters cell
    await expect(panel.locator('.jp-prod-finding[data-rule="HO005"]')).toHaveCount(0);

    // A change that adds a cell is one cell operation: Z in command mode reverts all of it.
    await page.notebook.selectCells(0);
    await page.keyboard.press('Escape');
    await page.keyboard.press('z');
    await expect.poll(async () => (await cells(page)).length).toBe(5);
    expect((await cells(page))[1].source).toBe('MIN_QTY = 2\nDIVISOR = 4');
  });

  test('exports from the dialog, then runs the job and opens its output', async ({ page, tmpPath }) => {
    test.setTimeout(300_000);
    const panel = await open(page, tmpPath, 'divide.ipynb', DIVIDE);

    await clickAction(page, panel, 'export');
    const dialog = page.locator('.jp-Dialog .jp-prod-export-dialog');
    await dialog.locator('.jp-prod-export-name').fill('nightly');
    await expect(dialog.locator('.jp-prod-export-target')).toContainText(`${tmpPath}/jobs/nightly`);
    const files = dialog.locator('.jp-prod-export-files li');
    await expect(files.filter({ hasText: 'nightly.ipynb' })).toHaveCount(1);
    await files.filter({ hasText: 'job.yaml' }).locator('button').click();
    await expect(dialog.locator('.jp-prod-export-file-text')).toContainText('DIVISOR');
    await page.locator('.jp-Dialog-content').screenshot({ path: screenshotPath('export-dialog.png') });
    await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept').click();

    const exported = page.locator('.jp-Dialog .jp-prod-task');
    await expect(exported.locator('.jp-prod-task-succeeded')).toContainText(`${tmpPath}/jobs/nightly`, { timeout: 120_000 });
    await exported.locator('.jp-prod-open').click();
    await expect.poll(() => page.notebook.isOpen('nightly.ipynb')).toBe(true);
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);

    // Run it with another divisor: the form starts at the job just exported.
    await action(panel, 'run').click();
    const form = page.locator('.jp-Dialog .jp-prod-run-dialog');
    await expect(form.locator('.jp-prod-run-job')).toHaveValue(`${tmpPath}/jobs/nightly`);
    await expect(form.locator('input[name="DIVISOR"]')).toHaveValue('4');
    await form.locator('input[name="DIVISOR"]').fill('2');
    await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept').click();

    const ran = page.locator('.jp-Dialog .jp-prod-task');
    await expect(ran.locator('.jp-prod-task-succeeded')).toContainText('The job ran in', { timeout: 120_000 });
    await ran.locator('.jp-prod-open').click();
    await expect.poll(() => page.notebook.isOpen('output.ipynb')).toBe(true);
    await expect(page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output').filter({ hasText: '17.5' })).toHaveCount(1);
  });

  test('a failing run names the cell and the error in words', async ({ page, tmpPath }) => {
    test.setTimeout(300_000);
    const panel = await open(page, tmpPath, 'divide.ipynb', DIVIDE);
    await clickAction(page, panel, 'export');
    await expect(page.locator('.jp-Dialog .jp-prod-export-files li').first()).toBeVisible();
    await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept').click();
    await expect(page.locator('.jp-Dialog .jp-prod-open')).toBeVisible({ timeout: 120_000 });
    await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept').click(); // Close
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);

    await action(panel, 'run').click();
    const form = page.locator('.jp-Dialog .jp-prod-run-dialog');
    await form.locator('input[name="DIVISOR"]').fill('two');
    // The problem is said at its field, as it is typed, and again after Run: not at the top.
    const atField = (dialog: string) => page.locator(`${dialog} label:has(input[name="DIVISOR"]) .jp-prod-field-error`);
    await expect(atField('.jp-Dialog')).toHaveText('DIVISOR takes a whole number, like 3');
    await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept').click();
    await expect(atField('.jp-Dialog')).toHaveText('DIVISOR takes a whole number, like 3');
    await expect(page.locator('.jp-Dialog input[name="DIVISOR"]')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('.jp-Dialog .jp-prod-run-dialog > .jp-prod-error')).toHaveCount(0);
    await page.locator('.jp-Dialog .jp-prod-run-dialog input[name="DIVISOR"]').fill('0');
    await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept').click();

    const error = page.locator('.jp-Dialog .jp-prod-task-error');
    await expect(error).toContainText('failed with ZeroDivisionError: division by zero', { timeout: 120_000 });
    await expect(page.locator('.jp-Dialog .jp-prod-open')).toHaveText('Open the output notebook');
  });

  test('a run leaves an HTML report a reader opens in the browser, without the secret passed to it', async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(300_000);
    const token = 'Zq8xT3vLp9Wm2Rb7Kd4N';
    const panel = await open(page, tmpPath, 'tally.ipynb', TALLY);
    await clickAction(page, panel, 'export');
    await expect(page.locator('.jp-Dialog .jp-prod-export-files li').first()).toBeVisible();
    await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept').click();
    await expect(page.locator('.jp-Dialog .jp-prod-open')).toBeVisible({ timeout: 120_000 });
    await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept').click(); // Close

    await action(panel, 'run').click();
    const form = page.locator('.jp-Dialog .jp-prod-run-dialog');
    await form.locator('input[name="DIVISOR"]').fill('2');
    await form.locator('input[name="api_token"]').fill(token);
    await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept').click();
    await expect(page.locator('.jp-Dialog .jp-prod-task-succeeded')).toContainText('The job ran in', { timeout: 120_000 });

    // The report is a plain file beside the output notebook: open it as a reader would.
    const runs = await (await page.request.get(`/api/contents/${tmpPath}/jobs/tally/runs`)).json();
    const run = runs.content.find((item: { type: string }) => item.type === 'directory');
    const reader = await page.context().newPage(); // a plain browser tab, not JupyterLab
    await reader.goto(`/files/${tmpPath}/jobs/tally/runs/${run.name}/report.html`);
    const body = reader.locator('body');
    await expect(body).toContainText('18.0 20'); // the result the job printed
    await expect(body).toContainText('succeeded');
    await expect(body).toContainText('DIVISOR');
    expect(await reader.content()).not.toContain(token);
    await reader.close();
  });
});
