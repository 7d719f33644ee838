import { expect, test } from '@jupyterlab/galata';

/**
 * The Run dialog's "Schedule…": there exactly when the server says jupyter-scheduler runs in
 * it (GET jupyter-prod/scheduler), absent otherwise. The browser tests' JupyterLab has no
 * jupyter-scheduler (it is kept out of the main venv), so here the button must be absent; the
 * server tests with jupyter-scheduler (tests/schedule) cover the definitions it makes.
 */

const NOTEBOOK = JSON.stringify({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
  cells: [
    { cell_type: 'code', id: 'p', metadata: { tags: ['parameters'] }, execution_count: null, outputs: [], source: 'rows: int = 3' },
    { cell_type: 'code', id: 'c', metadata: {}, execution_count: null, outputs: [], source: 'print(rows)' }
  ]
});

const JOB_YAML = [
  'name: nightly',
  'notebook: nightly.ipynb',
  'package: nightly',
  'parameters:',
  '  rows: {type: int, default: 3, origin: the parameters cell}',
  ''
].join('\n');

test('the Run dialog offers Schedule… only when the server has jupyter-scheduler', async ({ page, tmpPath }) => {
  await page.contents.uploadContent(JOB_YAML, 'text', `${tmpPath}/jobs/nightly/job.yaml`);
  await page.contents.uploadContent(NOTEBOOK, 'text', `${tmpPath}/jobs/nightly/nightly.ipynb`);
  const reply = await page.request.get('jupyter-prod/scheduler');
  expect(reply.ok()).toBe(true);
  const { available } = (await reply.json()) as { available: boolean };

  // Not awaited in the page: the command resolves when its dialog closes.
  await page.evaluate(job => {
    void (window as any).jupyterapp.commands.execute('jupyter-prod:run', { job });
  }, `${tmpPath}/jobs/nightly`);
  const form = page.locator('.jp-Dialog .jp-prod-run-dialog');
  await expect(form.locator('input[name="rows"]')).toHaveValue('3');
  await expect(form.locator('.jp-prod-schedule-slot')).toHaveCount(1);
  await page.waitForTimeout(1000); // the availability request has answered by now
  await expect(form.locator('.jp-prod-schedule-button')).toHaveCount(available ? 1 : 0);
  expect(available).toBe(false); // this suite's server runs without jupyter-scheduler
  await page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-reject').click();
});
