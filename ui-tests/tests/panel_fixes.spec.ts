/**
 * Fixes on the demo notebook, in a real JupyterLab against the real server (issue 14, point 6):
 * the Parameters action and the "no parameters cell" fix leave no finding of their own making
 * (the new cell never ran, but it declares defaults), and no blank line behind.
 */

import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

const PANEL_ID = 'jupyter-prod-panel';
const DEMO = fs.readFileSync(path.resolve(__dirname, '..', '..', 'binder', 'demo', 'sales_report.ipynb'), 'utf-8');

test.use({ viewport: { width: 1280, height: 900 } });

async function openDemo(page: IJupyterLabPageFixture, tmpPath: string): Promise<Locator> {
  await page.contents.uploadContent(DEMO, 'text', `${tmpPath}/sales_report.ipynb`);
  await page.notebook.openByPath(`${tmpPath}/sales_report.ipynb`);
  await page.notebook.activate('sales_report.ipynb');
  await page.sidebar.openTab(PANEL_ID);
  const panel = page.locator(`#${PANEL_ID}`);
  await expect(panel.locator('.jp-prod-status')).toContainText('16 findings');
  return panel;
}

/** Every finding the panel lists, as `RULE cell`. */
async function listed(panel: Locator): Promise<string[]> {
  return panel.locator('.jp-prod-finding').evaluateAll(items =>
    items.map(item => `${(item as HTMLElement).dataset.rule} ${(item as HTMLElement).dataset.cellIndex ?? '-'}`)
  );
}

function sources(page: IJupyterLabPageFixture): Promise<string[]> {
  return page.evaluate(() =>
    (window as any).jupyterapp.shell.currentWidget.content.model.sharedModel.cells.map((c: any) => c.getSource())
  );
}

test('the Parameters action leaves no new finding on the demo', async ({ page, tmpPath }) => {
  const panel = await openDemo(page, tmpPath);
  const before = (await listed(panel)).map(entry => entry.split(' ')[0]);

  await panel.locator('.jp-prod-actions button[data-command="jupyter-prod:add-parameters"]').click();
  await expect(page.locator('.jp-Dialog .jp-prod-param-row[data-name="sales_path"]')).toBeVisible();
  await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept').click();

  await expect(panel.locator('.jp-prod-status')).toContainText('15 findings');
  const after = (await listed(panel)).map(entry => entry.split(' ')[0]);
  expect(after.sort()).toEqual(before.filter(rule => rule !== 'HO005').sort());
  // The new cell is no hidden state, and the path in it is reported as a default, not to be moved.
  await expect(panel.locator('.jp-prod-finding[data-rule="HS008"], .jp-prod-finding[data-rule="HS005"]')).toHaveCount(0);
  await expect(panel.locator('.jp-prod-finding[data-rule="HO002"]')).toContainText('is the default of the parameter `sales_path`');
  const cells = await sources(page);
  const parameters = cells.find(source => source.startsWith('# Parameters'))!;
  expect(parameters).toBe("# Parameters: values a job run may override\nsales_path: str = '/Users/maria/projects/q3/data/sales.csv'");
  expect(cells.some(source => source.startsWith('sales = pd.read_csv(sales_path)\n'))).toBe(true);
});

test('the "no parameters cell" fix leaves no new finding and no blank line', async ({ page, tmpPath }) => {
  const panel = await openDemo(page, tmpPath);
  await panel.locator('.jp-prod-finding[data-rule="HO005"] .jp-prod-fix').click();
  await page.locator('.jp-Dialog').getByRole('button', { name: 'Apply' }).click();

  await expect(panel.locator('.jp-prod-status')).toContainText('15 findings');
  await expect(panel.locator('.jp-prod-finding[data-rule="HS008"]')).toHaveCount(0);
  expect(await sources(page)).toContain('# Parameters (papermill): values a job may override');
});
