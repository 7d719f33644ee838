/**
 * The panel's runs view in a real JupyterLab against the real server, with a real kernel (issue
 * 14, point 3): a run started from the Run dialog goes on after its progress dialog is closed, the
 * Runs tab lists it with its parameters and how long it has been running, Stop ends it, its record
 * says `cancelled`, and a notification says so.
 */

import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import { notebook } from './actions-notebooks';
import { screenshotPath } from './screenshots';

const PANEL_ID = 'jupyter-prod-panel';
const SLEEPY = notebook('import time\nPAUSE = 1', "time.sleep(PAUSE)\nprint('woke up')");

test.use({ viewport: { width: 1280, height: 900 } });

/** Export the notebook through the server's route (the export dialog has its own tests). */
async function exportJob(page: IJupyterLabPageFixture, path: string): Promise<void> {
  const started = await page.request.post('/jupyter-prod/export', { data: { path } });
  expect(started.status()).toBe(202);
  const { task } = await started.json();
  await expect
    .poll(async () => (await (await page.request.get(`/jupyter-prod/tasks/${task}`)).json()).status, { timeout: 120_000 })
    .toBe('succeeded');
}

test('a run is followed after its dialog closes, stopped from the runs view and recorded as cancelled', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(300_000);
  await page.contents.uploadContent(SLEEPY, 'text', `${tmpPath}/sleepy.ipynb`);
  await exportJob(page, `${tmpPath}/sleepy.ipynb`);
  await page.notebook.openByPath(`${tmpPath}/sleepy.ipynb`);
  await page.notebook.activate('sleepy.ipynb');
  await page.sidebar.openTab(PANEL_ID);
  const panel = page.locator(`#${PANEL_ID}`);

  await panel.locator('.jp-prod-actions button[data-command="jupyter-prod:run"]').click();
  const form = page.locator('.jp-Dialog .jp-prod-run-dialog');
  await form.locator('.jp-prod-run-job').fill(`${tmpPath}/jobs/sleepy`);
  await form.locator('.jp-prod-run-job').press('Tab');
  await form.locator('input[name="PAUSE"]').fill('120');
  await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept').click();
  await expect(page.locator('.jp-Dialog .jp-prod-task-status')).toContainText(`Running ${tmpPath}/jobs/sleepy`);
  await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept').click(); // Close, while it runs
  await expect(page.locator('.jp-Dialog')).toHaveCount(0);

  await panel.getByRole('tab', { name: 'Runs' }).click();
  const run = panel.locator('.jp-prod-run').first();
  await expect(run).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await expect(run.locator('.jp-prod-run-status')).toHaveText('● running');
  await expect(run.locator('.jp-prod-run-parameters')).toHaveText('PAUSE=120');
  await expect(run.locator('.jp-prod-run-facts')).toContainText(/running for [1-9]\d* s/, { timeout: 30_000 });
  await page.sidebar.setWidth(360, 'left');
  await page.screenshot({ path: screenshotPath('runs.png') });

  await run.getByRole('button', { name: /^Stop run / }).click();
  await expect(run).toHaveAttribute('data-status', 'cancelled', { timeout: 60_000 });
  await expect(run.locator('.jp-prod-run-status')).toHaveText('■ cancelled');
  await expect(run.locator('.jp-prod-run-message')).toHaveText('stopped on request (Stop in the runs view)');
  await expect(run.getByRole('button', { name: /^Stop/ })).toHaveCount(0);
  // One notification, whoever noticed the end first (the view, or the closed dialog's task).
  const toast = page.locator('.Toastify__toast').filter({ hasText: 'was stopped' });
  await expect(toast).toHaveCount(1);
  await expect(toast).toContainText(`of sleepy was stopped after`);

  // The record on disk says so too.
  const id = await run.getAttribute('data-run-id');
  const record = await page.request.get(`/files/${tmpPath}/jobs/sleepy/runs/${id}/run.json`);
  expect((await record.json()).status).toBe('cancelled');
  await page.waitForTimeout(2000);
  await expect(toast).toHaveCount(1);
});
