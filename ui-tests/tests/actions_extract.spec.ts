/**
 * Extraction and requirements from the panel, in a real JupyterLab: the function shown before
 * anything changes, the module written on confirm, the cells replaced by the import and the
 * call (one Z brings them back); pip install lines moved to requirements.txt.
 */

import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import { notebook } from './actions-notebooks';
import { screenshotPath } from './screenshots';

const PANEL_ID = 'jupyter-prod-panel';

test.use({ viewport: { width: 1280, height: 1100 } });

async function sources(page: IJupyterLabPageFixture): Promise<string[]> {
  return page.evaluate(() =>
    (window as any).jupyterapp.shell.currentWidget.content.model.sharedModel.cells.map((c: any) => c.getSource())
  );
}

test.describe('extract and requirements', () => {
  test('extracts two cells into a module function and calls it', async ({ page, tmpPath }) => {
    const content = notebook(
      'import math',
      'numbers = list(range(1, 9))',
      'squares = [n * n for n in numbers]',
      'root = math.sqrt(sum(squares))',
      'print(root, len(squares))'
    );
    await page.contents.uploadContent(content, 'text', `${tmpPath}/calc.ipynb`);
    await page.notebook.openByPath(`${tmpPath}/calc.ipynb`);
    await page.notebook.activate('calc.ipynb');
    await page.sidebar.openTab(PANEL_ID);
    await page.notebook.selectCells(2, 3);

    await page.locator(`#${PANEL_ID} .jp-prod-actions button[data-command="jupyter-prod:extract"]`).click();
    const dialog = page.locator('.jp-Dialog .jp-prod-extract-dialog');
    await expect(dialog.locator('.jp-prod-extract-io')).toHaveText('Takes: numbers · gives back: squares, root');
    await dialog.locator('.jp-prod-extract-name').fill('sum_of_squares');
    await dialog.locator('.jp-prod-extract-name').press('Tab'); // asks the server again
    await expect(dialog.locator('.jp-prod-extract-function')).toContainText('def sum_of_squares(numbers):');
    await expect(dialog.locator('.jp-prod-extract-function')).toContainText('return squares, root');
    await expect(dialog.locator('.jp-prod-extract-replacement')).toHaveText(
      'from calc_functions import sum_of_squares\nsquares, root = sum_of_squares(numbers)'
    );
    expect(await page.contents.fileExists(`${tmpPath}/calc_functions.py`)).toBe(false);
    await page.locator('.jp-Dialog-content').screenshot({ path: screenshotPath('extract-dialog.png') });
    await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept').click();

    await expect(page.locator('.jp-Dialog')).toContainText('sum_of_squares is now in');
    await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept').click();
    expect(await sources(page)).toEqual([
      'import math',
      'numbers = list(range(1, 9))',
      'from calc_functions import sum_of_squares\nsquares, root = sum_of_squares(numbers)',
      'print(root, len(squares))'
    ]);
    expect(await page.contents.fileExists(`${tmpPath}/calc_functions.py`)).toBe(true);

    // The module works where the notebook runs.
    await page.notebook.run();
    await expect(page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output').last()).toContainText('14.28');

    await page.notebook.selectCells(0);
    await page.keyboard.press('Escape');
    await page.keyboard.press('z');
    await expect.poll(async () => (await sources(page)).length).toBe(5);
    expect((await sources(page))[2]).toBe('squares = [n * n for n in numbers]');
  });

  test('moves a pip install line to requirements.txt, only on confirm', async ({ page, tmpPath }) => {
    const content = notebook('!pip install -q xgboost==2.0.3\nimport json', 'print(json.dumps([1]))');
    await page.contents.uploadContent(content, 'text', `${tmpPath}/deps.ipynb`);
    await page.notebook.openByPath(`${tmpPath}/deps.ipynb`);
    await page.notebook.activate('deps.ipynb');

    await page.evaluate(() => {
      void (window as any).jupyterapp.commands.execute('jupyter-prod:move-pip-installs');
    });
    const dialog = page.locator('.jp-Dialog .jp-prod-requirements-dialog');
    await expect(dialog).toContainText('!pip install -q xgboost==2.0.3');
    await expect(dialog.locator('.jp-prod-requirements-file')).toHaveValue(`${tmpPath}/requirements.txt`);
    await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-reject').click();
    expect(await page.contents.fileExists(`${tmpPath}/requirements.txt`)).toBe(false);
    expect((await sources(page))[0]).toContain('!pip install');

    await page.evaluate(() => {
      void (window as any).jupyterapp.commands.execute('jupyter-prod:move-pip-installs');
    });
    await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept').click();
    await expect.poll(async () => (await sources(page))[0]).toBe('import json');
    expect(await page.contents.fileExists(`${tmpPath}/requirements.txt`)).toBe(true);
  });
});
