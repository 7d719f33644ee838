import { expect, test } from '@jupyterlab/galata';

const PANEL_ID = 'jupyter-prod-panel';

test.describe('the jupyter-prod sidebar panel', () => {
  test('opens from the left sidebar and shows its heading', async ({
    page
  }) => {
    const tab = page.locator(
      `.jp-SideBar .lm-TabBar-tab[data-id="${PANEL_ID}"]`
    );
    await expect(tab).toHaveAttribute('title', 'Production readiness');

    await page.sidebar.openTab(PANEL_ID);

    expect(await page.sidebar.isTabOpen(PANEL_ID)).toBe(true);
    const panel = page.locator(`#${PANEL_ID}`);
    await expect(panel).toBeVisible();
    await expect(
      panel.getByRole('heading', { name: 'jupyter-prod' })
    ).toBeVisible();
    await expect(panel).toContainText('Open a notebook to check it.');
  });

  test('shows the current notebook with a Check button', async ({
    page,
    tmpPath
  }) => {
    await page.notebook.createNew('ready.ipynb');
    await page.sidebar.openTab(PANEL_ID);

    const panel = page.locator(`#${PANEL_ID}`);
    await expect(panel.locator('.jp-prod-path')).toHaveText(
      `${tmpPath}/ready.ipynb`
    );
    await expect(panel.getByRole('button', { name: 'Check' })).toBeVisible();
  });

  test('checks the notebook and lists its findings by cell', async ({
    page,
    tmpPath
  }) => {
    const notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }
      },
      cells: [
        { cell_type: 'code', id: 'a', metadata: {}, execution_count: 2, outputs: [], source: 'threshold = 0.5' },
        { cell_type: 'code', id: 'b', metadata: {}, execution_count: 1, outputs: [], source: 'flagged = scores > threshold' }
      ]
    };
    const path = `${tmpPath}/messy.ipynb`;
    await page.contents.uploadContent(JSON.stringify(notebook), 'text', path);
    await page.notebook.openByPath(path);
    await page.sidebar.openTab(PANEL_ID);

    const panel = page.locator(`#${PANEL_ID}`);
    await panel.getByRole('button', { name: 'Check' }).click();

    const outOfOrder = panel.locator('.jp-prod-finding[data-rule="HS001"]');
    await expect(outOfOrder).toHaveAttribute('data-cell-index', '1');
    await expect(outOfOrder).toHaveAttribute('data-category', 'hidden-state');
    await expect(outOfOrder).toContainText('cell 2');
    const undefinedName = panel.locator('.jp-prod-finding[data-rule="HS004"]');
    await expect(undefinedName).toContainText('scores');
  });
});
