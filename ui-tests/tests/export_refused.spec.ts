/**
 * A refused export in the dialog, in a real JupyterLab against the real server (issue 14, point
 * 7): the reasons in full, one per line, each linked to its cell; Export disabled; the dialog's
 * own "Export anyway" instead of a CLI flag.
 */

import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';

const PANEL_ID = 'jupyter-prod-panel';
const NOTEBOOK = 'q3_revenue.ipynb';
const FIXTURE = fs.readFileSync(path.join(__dirname, 'notebooks', NOTEBOOK), 'utf-8');

test.use({ viewport: { width: 1280, height: 900 } });

test('a refused export says why, links each reason to its cell, and offers Export anyway', async ({
  page,
  tmpPath
}) => {
  await page.contents.uploadContent(FIXTURE, 'text', `${tmpPath}/${NOTEBOOK}`);
  await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
  await page.notebook.activate(NOTEBOOK);
  await page.sidebar.openTab(PANEL_ID);
  const panel = page.locator(`#${PANEL_ID}`);
  const exportButton = panel.locator('.jp-prod-actions button[data-command="jupyter-prod:export"]');

  // The kernel's start may update the notebook's metadata: then the export asks to save first.
  const clickExport = async (): Promise<void> => {
    await exportButton.click();
    const save = page.locator('.jp-Dialog').filter({ hasText: 'Save first?' });
    if (await save.waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false)) {
      await save.locator('.jp-mod-accept').click();
    }
  };

  await clickExport();
  const dialog = page.locator('.jp-Dialog');
  const refused = dialog.locator('.jp-prod-export-refused');
  await expect(refused).toContainText('the notebook has errors that would make the job wrong');
  await expect(refused).toContainText('tick “Export anyway” to export all the same');
  await expect(refused).not.toContainText('--force');
  const reasons = refused.locator('.jp-prod-export-reasons li');
  await expect(reasons).toHaveCount(1);
  await expect(reasons.first()).toContainText('HS003 cell 4: `vat_rate` is first defined in cell 5, below');
  const accept = dialog.locator('.jp-Dialog-button.jp-mod-accept');
  await expect(accept).toBeDisabled();
  // The whole reason is on screen, not cut off at the dialog's edge.
  const [reasonBox, dialogBox] = [await reasons.first().boundingBox(), await dialog.locator('.jp-Dialog-content').boundingBox()];
  expect(reasonBox!.x + reasonBox!.width).toBeLessThanOrEqual(dialogBox!.x + dialogBox!.width);

  // The reason's cell link closes the dialog and lands on the cell.
  await reasons.first().getByRole('button', { name: 'cell 4' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell').nth(3)).toHaveClass(/jp-mod-active/);

  // Export anyway: the preview comes, and Export is enabled again.
  await clickExport();
  await dialog.locator('.jp-prod-export-anyway').check();
  await expect(dialog.locator('.jp-prod-export-files li').first()).toBeVisible();
  await expect(accept).toBeEnabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});
