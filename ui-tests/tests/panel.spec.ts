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
});
