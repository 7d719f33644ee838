/**
 * The panel on a messy notebook, in a real JupyterLab against the real server: live findings and
 * summary, cell markers, landing on a cell, stale cells after an edit, the dependency view, and the
 * buttons offered for the commands another plugin defines.
 */

import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { screenshotPath } from './screenshots';

const PANEL_ID = 'jupyter-prod-panel';
const NOTEBOOK = 'q3_revenue.ipynb';
const FIXTURE = fs.readFileSync(path.join(__dirname, 'notebooks', NOTEBOOK), 'utf-8');
const CHECK_URL = /\/jupyter-prod\/check(\?|$)/;

/** Upload the messy notebook, open it and the panel; the panel analyses it without a click. */
async function openMessyNotebook(
  page: IJupyterLabPageFixture,
  tmpPath: string
): Promise<Locator> {
  const file = `${tmpPath}/${NOTEBOOK}`;
  await page.contents.uploadContent(FIXTURE, 'text', file);
  await page.notebook.openByPath(file);
  await page.notebook.activate(NOTEBOOK);
  await page.sidebar.openTab(PANEL_ID);
  const panel = page.locator(`#${PANEL_ID}`);
  await expect(panel.locator('.jp-prod-finding').first()).toBeVisible();
  return panel;
}

const cell = (page: IJupyterLabPageFixture, index: number): Locator =>
  page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').nth(index);

test.use({ viewport: { width: 1280, height: 800 } });

test.describe('the panel on an open notebook', () => {
  test('shows the findings live, by cell, with a summary, and marks the cells', async ({
    page,
    tmpPath
  }) => {
    const panel = await openMessyNotebook(page, tmpPath);

    await expect(panel.locator('.jp-prod-status')).toContainText(`6 findings in ${tmpPath}/${NOTEBOOK}`);
    const hidden = panel.locator('.jp-prod-summary-item[data-category="hidden-state"]');
    await expect(hidden).toContainText('3Hidden state');
    await expect(panel.locator('.jp-prod-summary-item[data-category="pandas"]')).toContainText('1pandas');
    await expect(panel.locator('.jp-prod-summary-item[data-category="handoff"]')).toContainText('2Hand-off');

    const early = panel.locator('.jp-prod-finding[data-rule="HS003"]');
    await expect(early).toHaveAttribute('data-cell-index', '3');
    await expect(early).toHaveAttribute('data-category', 'hidden-state');
    await expect(early).toContainText('cell 4, line 1');
    await expect(early).toContainText('vat_rate');
    // Each group says the cell's number and the count the notebook shows beside it.
    const groups = panel.locator('.jp-prod-group-title');
    await expect(groups).toHaveText(['Whole notebook', 'Cell 3 [2]', 'Cell 4 [5]', 'Cell 5 [4]', 'Cell 6 [6]']);

    // The notebook itself: a marker with the count and worst severity on each flagged cell.
    await expect(page.locator('.jp-Cell.jp-prod-cell-flagged')).toHaveCount(4);
    const badge = cell(page, 4).locator('.jp-prod-badge').first();
    await expect(badge).toHaveText('2');
    await expect(badge).toHaveAttribute('title', /HS001 \(warning\).*\n.*HS002/);
    await expect(cell(page, 1)).not.toHaveClass(/jp-prod-cell-flagged/);

    // Clicking a finding lands on its cell.
    await cell(page, 0).click();
    await early.click();
    await expect(cell(page, 3)).toHaveClass(/jp-mod-active/);
    await expect(cell(page, 0)).not.toHaveClass(/jp-mod-active/);

    await page.sidebar.setWidth(360, 'left');
    await page.screenshot({ path: screenshotPath('panel.png') });
  });

  test('re-analyses as the user types and marks edited cells and their readers stale', async ({
    page,
    tmpPath
  }) => {
    const panel = await openMessyNotebook(page, tmpPath);
    await expect(panel.locator('.jp-prod-finding[data-rule="HO002"]')).toHaveCount(1);
    await expect(page.locator('.jp-Cell.jp-prod-cell-stale')).toHaveCount(0);

    // Cell 5 (vat_rate) ran, and is edited: it and cell 4, which read vat_rate from it, go stale.
    await page.notebook.setCell(4, 'code', 'vat_rate = 0.25');
    await expect(cell(page, 4)).toHaveClass(/jp-prod-cell-stale/);
    await expect(cell(page, 3)).toHaveClass(/jp-prod-cell-stale/);
    await expect(cell(page, 4).locator('.jp-prod-badge-stale')).toHaveAttribute('title', /^Edited since it ran/);
    await expect(cell(page, 3).locator('.jp-prod-badge-stale')).toHaveAttribute(
      'title',
      'Reads vat_rate from or through cell 5, which changed since this cell ran. Run it again.'
    );
    await expect(cell(page, 2)).not.toHaveClass(/jp-prod-cell-stale/);
    await expect(panel.locator('.jp-prod-cell-group[data-cell-index="3"] .jp-prod-stale-tag')).toHaveText('stale');

    // The hard-coded path goes away as it is typed away: no Check, no save.
    await page.notebook.setCell(2, 'code', 'sales = pd.read_csv("data/sales.csv")');
    await expect(panel.locator('.jp-prod-finding[data-rule="HO002"]')).toHaveCount(0);
    await expect(panel.locator('.jp-prod-status')).toContainText('5 findings');
    // sales is read by cells 4, 6 and 7: all stale now.
    for (const index of [2, 3, 5, 6]) {
      await expect(cell(page, index)).toHaveClass(/jp-prod-cell-stale/);
    }
  });

  test('takes the stale mark off each cell as it runs again, in a real kernel', async ({ page, tmpPath }) => {
    await openMessyNotebook(page, tmpPath);
    await page.notebook.setCell(4, 'code', 'vat_rate = 0.25');
    await expect(cell(page, 4)).toHaveClass(/jp-prod-cell-stale/);
    await expect(cell(page, 3)).toHaveClass(/jp-prod-cell-stale/);

    // Run the edited cell: it is up to date; cell 4 still holds what the old vat_rate gave.
    await page.notebook.selectCells(4);
    await page.keyboard.press('Shift+Enter');
    await expect(cell(page, 4).locator('.jp-InputPrompt')).toHaveText('[1]:', { timeout: 60000 });
    await expect(cell(page, 4)).not.toHaveClass(/jp-prod-cell-stale/);
    await expect(cell(page, 3)).toHaveClass(/jp-prod-cell-stale/);
    await expect(cell(page, 3).locator('.jp-prod-badge-stale')).toHaveAttribute('title', /from or through cell 5/);

    // Run cell 4 (it fails here, `sales` was never loaded, but it ran): not stale anymore.
    await page.notebook.selectCells(3);
    await page.keyboard.press('Shift+Enter');
    await expect(cell(page, 3).locator('.jp-InputPrompt')).toHaveText('[2]:', { timeout: 60000 });
    await expect(page.locator('.jp-Cell.jp-prod-cell-stale')).toHaveCount(0);
  });

  test('keeps a notebook\'s stale marks while another notebook is current', async ({ page, tmpPath }) => {
    const panel = await openMessyNotebook(page, tmpPath);
    await page.notebook.setCell(4, 'code', 'vat_rate = 0.25');
    await expect(cell(page, 3)).toHaveClass(/jp-prod-cell-stale/);

    await page.notebook.createNew('other.ipynb');
    await expect(panel.locator('.jp-prod-path')).toHaveText(`${tmpPath}/other.ipynb`);
    await expect(panel.locator('.jp-prod-status')).toContainText('other.ipynb');

    await page.notebook.activate(NOTEBOOK);
    await expect(panel.locator('.jp-prod-path')).toHaveText(`${tmpPath}/${NOTEBOOK}`);
    await expect(cell(page, 3)).toHaveClass(/jp-prod-cell-stale/);
    await expect(cell(page, 4)).toHaveClass(/jp-prod-cell-stale/);
    await expect(panel.locator('.jp-prod-finding[data-rule="HS003"]')).toHaveAttribute('data-cell-index', '3');
  });

  test('scrolls a long notebook to the cell of a clicked finding', async ({ page, tmpPath }) => {
    // 80 cells that each define a name; the last one reads a name nothing defines.
    const cells = Array.from({ length: 80 }, (_, i) => ({
      cell_type: 'code',
      id: `c${i}`,
      metadata: {},
      execution_count: i + 1,
      outputs: [],
      source: i === 79 ? 'print(total_score)' : `step_${i} = ${i}`
    }));
    const notebook = { ...JSON.parse(FIXTURE), cells };
    const file = `${tmpPath}/long.ipynb`;
    await page.contents.uploadContent(JSON.stringify(notebook), 'text', file);
    await page.notebook.openByPath(file);
    await page.notebook.activate('long.ipynb');
    await page.sidebar.openTab(PANEL_ID);
    const panel = page.locator(`#${PANEL_ID}`);

    const undefinedName = panel.locator('.jp-prod-finding[data-rule="HS004"]');
    await expect(undefinedName).toHaveAttribute('data-cell-index', '79');
    await expect(cell(page, 79)).not.toBeInViewport();
    await undefinedName.click();
    await expect(cell(page, 79)).toHaveClass(/jp-mod-active/);
    await expect(cell(page, 79)).toBeInViewport();
    await expect(cell(page, 79)).toContainText('print(total_score)');
  });

  test('draws the dependencies and lands on the cell of a clicked node', async ({ page, tmpPath }) => {
    const panel = await openMessyNotebook(page, tmpPath);
    await panel.getByRole('tab', { name: 'Dependencies' }).click();

    const nodes = panel.locator('.jp-prod-graph-node');
    await expect(nodes).toHaveCount(6);
    const hiddenEdge = panel.locator('.jp-prod-graph-edge-hidden');
    await expect(hiddenEdge).toHaveCount(1);
    await expect(hiddenEdge.locator('title')).toHaveText(
      'cell 4 reads vat_rate from cell 5, but only in the order the cells were run (hidden state)'
    );
    await expect(panel.locator('.jp-prod-graph-edge-document')).toHaveCount(4);
    await expect(panel.locator('.jp-prod-graph-node[data-cell-index="3"]')).toHaveClass(/jp-prod-mod-flagged/);

    await cell(page, 0).click();
    await panel.locator('.jp-prod-graph-node[data-cell-index="4"]').click();
    await expect(cell(page, 4)).toHaveClass(/jp-mod-active/);

    await page.sidebar.setWidth(360, 'left');
    await page.screenshot({ path: screenshotPath('graph.png') });

    await panel.getByRole('tab', { name: 'Findings' }).click();
    await expect(panel.locator('.jp-prod-finding[data-rule="HS003"]')).toBeVisible();
  });

  test('offers a fix button and actions only for the commands that exist', async ({ page, tmpPath }) => {
    const panel = await openMessyNotebook(page, tmpPath);
    // Record what the panel asks the command registry to run; define the commands the actions
    // plugin would, when it is not there to define them.
    await page.evaluate(() => {
      const app = (window as any).galata.app;
      (window as any).prodExecuted = [];
      app.commands.commandExecuted.connect((_: unknown, args: { id: string; args: unknown }) => {
        (window as any).prodExecuted.push({ id: args.id, args: args.args });
      });
      for (const id of ['jupyter-prod:apply-fix', 'jupyter-prod:export']) {
        if (!app.commands.hasCommand(id)) {
          app.commands.addCommand(id, { label: id.endsWith('export') ? 'Export' : 'Fix', execute: () => undefined });
        }
      }
    });

    await expect(panel.locator('.jp-prod-actions button[data-command="jupyter-prod:export"]')).toBeVisible();
    const parameters = panel.locator('.jp-prod-finding[data-rule="HO005"]');
    const fix = parameters.locator('.jp-prod-fix');
    await expect(fix).toHaveText('Fix');
    // A finding without a fix gets no button; a display-only fix is described, not offered.
    await expect(panel.locator('.jp-prod-finding[data-rule="HS001"] .jp-prod-fix')).toHaveCount(0);
    const path = panel.locator('.jp-prod-finding[data-rule="HO002"]');
    await expect(path.locator('.jp-prod-fix')).toHaveCount(0);
    await expect(path.locator('.jp-prod-fix-hint')).toContainText('How to fix: lift the path into a parameter');
    await fix.click();
    // The fix is previewed first: nothing runs until Apply.
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('.jp-prod-fix-preview-cell')).toHaveText('New code cell 3 tagged parameters');
    expect(await page.evaluate(() => (window as any).prodExecuted.map((e: { id: string }) => e.id))).not.toContain(
      'jupyter-prod:apply-fix'
    );
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => page.evaluate(() => (window as any).prodExecuted.map((e: { id: string }) => e.id)))
      .toContain('jupyter-prod:apply-fix');
    const executed = await page.evaluate(() => (window as any).prodExecuted);
    const applyFix = executed.find((e: { id: string }) => e.id === 'jupyter-prod:apply-fix');
    expect(applyFix.args.rule).toBe('HO005');
    expect(applyFix.args.fix.safety).toBe('safe');
    expect(applyFix.args.fix.edits[0].kind).toBe('insert-cell');
    expect(applyFix.args.fix.edits[0].tags).toEqual(['parameters']);
  });
  test('follows the settings at once: severity, categories, live analysis off', async ({ page, tmpPath }) => {
    const panel = await openMessyNotebook(page, tmpPath);
    const setSetting = (key: string, value: unknown): Promise<void> =>
      page.evaluate(
        async ([key, value]) => {
          const registry = await (window as any).galata.getPlugin('@jupyterlab/apputils-extension:settings');
          await registry.set('jupyter-prod:plugin', key, value);
        },
        [key, value] as const
      );

    await setSetting('severityThreshold', 'warning');
    await expect(panel.locator('.jp-prod-status')).toContainText('6 findings in');
    await expect(panel.locator('.jp-prod-status')).toContainText('2 hidden by your settings.');
    await expect(panel.locator('.jp-prod-finding[data-rule="HO005"]')).toHaveCount(0);
    await expect(cell(page, 4).locator('.jp-prod-badge').first()).toHaveText('1'); // HS002 (info) no longer counted

    await setSetting('enabledCategories', ['hidden-state', 'untested', 'handoff']);
    await expect(panel.locator('.jp-prod-finding[data-rule="PD003"]')).toHaveCount(0);
    await expect(panel.locator('.jp-prod-summary-item[data-category="pandas"]')).toHaveClass(/jp-prod-mod-off/);
    await expect(cell(page, 5)).not.toHaveClass(/jp-prod-cell-flagged/);

    await setSetting('liveAnalysis', false);
    await page.notebook.setCell(2, 'code', 'sales = pd.read_csv("data/sales.csv")');
    await page.waitForTimeout(1500); // three times the live delay: nothing is re-analysed
    await expect(panel.locator('.jp-prod-finding[data-rule="HO002"]')).toHaveCount(1);
    await panel.getByRole('button', { name: 'Check' }).click();
    await expect(panel.locator('.jp-prod-finding[data-rule="HO002"]')).toHaveCount(0);
  });
  test('says in words when the server cannot be reached or the extension is missing', async ({ page, tmpPath }) => {
    const panel = await openMessyNotebook(page, tmpPath);
    const status = panel.locator('.jp-prod-status');

    // One handler whose behaviour the test switches: the server gone, the route missing, all well.
    let server: 'gone' | 'no-extension' | 'up' = 'gone';
    await page.route(CHECK_URL, route =>
      server === 'gone'
        ? route.abort('connectionrefused')
        : server === 'no-extension'
          ? route.fulfill({ status: 404, body: '<html>Not Found</html>' })
          : route.continue()
    );
    await panel.getByRole('button', { name: 'Check' }).click();
    await expect(status).toHaveText(
      `Could not check ${tmpPath}/${NOTEBOOK}: the Jupyter server cannot be reached. Is it still running?`
    );
    await expect(status).toHaveClass(/jp-prod-error/);
    await expect(status).not.toContainText('Traceback');

    server = 'no-extension';
    await panel.getByRole('button', { name: 'Check' }).click();
    await expect(status).toContainText('the jupyter-prod server extension did not answer');

    server = 'up';
    await panel.getByRole('button', { name: 'Check' }).click();
    await expect(status).toHaveText(`6 findings in ${tmpPath}/${NOTEBOOK}.`);
    await expect(status).not.toHaveClass(/jp-prod-error/);
  });
});
