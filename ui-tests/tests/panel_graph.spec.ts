/**
 * The dependency view in a 250 px sidebar (JupyterLab's narrowest), in a real JupyterLab against
 * the real server (issue 14, point 8): it fits without scrolling sideways, grows with the sidebar,
 * names what a hidden-state arc carries on the arc itself, and stays readable in dark.
 */

import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';
import { screenshotPath } from './screenshots';

const PANEL_ID = 'jupyter-prod-panel';
const NOTEBOOK = 'q3_revenue.ipynb';
const FIXTURE = fs.readFileSync(path.join(__dirname, 'notebooks', NOTEBOOK), 'utf-8');

test.use({ viewport: { width: 1280, height: 800 } });

for (const theme of ['light', 'dark'] as const) {
  test(`the graph fits a 250 px sidebar and labels its hidden-state arc (${theme})`, async ({ page, tmpPath }) => {
    if (theme === 'dark') {
      await page.theme.setDarkTheme();
    }
    await page.contents.uploadContent(FIXTURE, 'text', `${tmpPath}/${NOTEBOOK}`);
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
    await page.sidebar.openTab(PANEL_ID);
    await page.sidebar.setWidth(250, 'left');
    const panel = page.locator(`#${PANEL_ID}`);
    await panel.getByRole('tab', { name: 'Dependencies' }).click();
    const svg = panel.locator('.jp-prod-graph svg');
    await expect(panel.locator('.jp-prod-graph-node')).toHaveCount(6);

    const fits = await panel.locator('.jp-prod-body').evaluate(body => ({
      scroll: body.scrollWidth,
      client: body.clientWidth,
      svg: body.querySelector('svg')!.getBoundingClientRect().width
    }));
    expect(fits.scroll).toBeLessThanOrEqual(fits.client);
    expect(fits.svg).toBeLessThanOrEqual(fits.client);
    expect(fits.svg).toBeGreaterThan(fits.client - 20);

    // Readable text, at its real size (the drawing is not scaled down).
    const size = await panel.locator('.jp-prod-graph-node text').first().evaluate(text => {
      return { font: parseFloat(getComputedStyle(text).fontSize), drawn: text.getBoundingClientRect().height };
    });
    expect(size.font).toBeGreaterThanOrEqual(12);
    expect(size.drawn).toBeGreaterThanOrEqual(12);
    await expect(panel.locator('.jp-prod-graph-node[data-cell-index="3"] text')).toContainText('#4 [5] sales');

    // The hidden-state arc says what it carries, in colours that pass AA on the panel.
    const label = panel.locator('.jp-prod-graph-edge-label');
    await expect(label).toHaveText('vat_rate');
    const colours = await label.evaluate(text => ({
      fill: getComputedStyle(text).fill,
      back: getComputedStyle(document.getElementById('jupyter-prod-panel')!).backgroundColor
    }));
    expect(contrast(colours.fill, colours.back)).toBeGreaterThanOrEqual(4.5);

    // Wider sidebar, wider drawing.
    const narrow = fits.svg;
    await page.sidebar.setWidth(400, 'left');
    await expect.poll(async () => (await svg.boundingBox())!.width).toBeGreaterThan(narrow + 100);
    if (theme === 'dark') {
      await page.sidebar.setWidth(360, 'left');
      await page.screenshot({ path: screenshotPath('graph-dark.png') });
    }
  });
}

function contrast(a: string, b: string): number {
  const luminance = (color: string): number => {
    const [r, g, bl] = color.match(/[\d.]+/g)!.slice(0, 3).map(v => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high + 0.05) / (low + 0.05);
}
