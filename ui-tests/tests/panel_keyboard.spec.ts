/**
 * The panel from the keyboard and in the editor, in a real JupyterLab against the real server:
 * activating a finding lands on its line without touching the source (issue 14, point 1), the
 * finding's range is marked in the cell editor with its message (point 2), the list is one
 * labelled region with one tab stop and arrow keys (point 10), severity is an icon and a word
 * whose colours pass WCAG AA in the light and dark themes (point 4), and the filters, collapsible
 * groups and badges work without a mouse (point 9).
 */

import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { screenshotPath } from './screenshots';

const PANEL_ID = 'jupyter-prod-panel';
const NOTEBOOK = 'q3_revenue.ipynb';
const FIXTURE = fs.readFileSync(path.join(__dirname, 'notebooks', NOTEBOOK), 'utf-8');

test.use({ viewport: { width: 1280, height: 800 } });

async function openMessyNotebook(page: IJupyterLabPageFixture, tmpPath: string): Promise<Locator> {
  await page.contents.uploadContent(FIXTURE, 'text', `${tmpPath}/${NOTEBOOK}`);
  await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
  await page.notebook.activate(NOTEBOOK);
  await page.sidebar.openTab(PANEL_ID);
  const panel = page.locator(`#${PANEL_ID}`);
  await expect(panel.locator('.jp-prod-finding').first()).toBeVisible();
  return panel;
}

const cell = (page: IJupyterLabPageFixture, index: number): Locator =>
  page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').nth(index);

/** The sources of the current notebook's cells, as its model holds them. */
function sources(page: IJupyterLabPageFixture): Promise<string[]> {
  return page.evaluate(() =>
    (window as any).jupyterapp.shell.currentWidget.content.model.sharedModel.cells.map((c: any) => c.getSource())
  );
}

/** Focus the list's one tab stop the way a keyboard user does: Tab from the Findings tab. */
async function tabIntoList(page: IJupyterLabPageFixture, panel: Locator): Promise<void> {
  await panel.getByRole('tab', { name: 'Findings' }).focus();
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (await panel.locator('.jp-prod-findings :focus').count()) {
      return;
    }
  }
  throw new Error('Tab never reached the findings list');
}

/** Move the roving focus down until the focused finding has `rule`. */
async function arrowTo(page: IJupyterLabPageFixture, panel: Locator, rule: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    if ((await panel.locator(`.jp-prod-finding[data-rule="${rule}"]:focus`).count()) > 0) {
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`ArrowDown never reached ${rule}`);
}

test.describe('the panel from the keyboard', () => {
  test('Enter on a finding lands on its line in command mode and never changes the source', async ({
    page,
    tmpPath
  }) => {
    const panel = await openMessyNotebook(page, tmpPath);
    const before = await sources(page);

    await tabIntoList(page, panel);
    // One labelled region, one tab stop: the rest are reached with the arrow keys.
    const region = panel.getByRole('region', { name: `Findings in ${tmpPath}/${NOTEBOOK}` });
    await expect(region).toBeVisible();
    await expect(region.locator('.jp-prod-group-toggle[tabindex="0"], .jp-prod-finding[tabindex="0"]')).toHaveCount(1);
    // The whole-notebook finding is reachable too.
    await arrowTo(page, panel, 'HO005');
    await arrowTo(page, panel, 'HS003');
    await page.keyboard.press('Enter');

    await expect(cell(page, 3)).toHaveClass(/jp-mod-active/);
    await expect(page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook')).toHaveClass(/jp-mod-commandMode/);
    expect(await sources(page)).toEqual(before);
    // The cursor waits on the finding's line and column (vat_rate, line 1, column 38).
    const cursor = await page.evaluate(() =>
      (window as any).jupyterapp.shell.currentWidget.content.activeCell.editor.getCursorPosition()
    );
    expect(cursor).toEqual({ line: 0, column: 37 });
    // Enter now edits there, as JupyterLab shows in its status bar.
    await page.keyboard.press('Enter');
    await expect(page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook')).toHaveClass(/jp-mod-editMode/);
    await expect(page.locator('#jp-main-statusbar')).toContainText('Ln 1, Col 38');
    expect(await sources(page)).toEqual(before);
  });

  test('keeps the keyboard on its finding while the list is drawn again', async ({ page, tmpPath }) => {
    const panel = await openMessyNotebook(page, tmpPath);
    await tabIntoList(page, panel);
    await arrowTo(page, panel, 'HS003');
    // Another analysis that changes the list (a new finding), while the focus stays in the panel.
    await page.evaluate(() => {
      const cells = (window as any).jupyterapp.shell.currentWidget.content.model.sharedModel.cells;
      cells[6].setSource('by_region = sales.groupby("region")["net"].sum()\nprint(undefined_name)');
    });
    await expect(panel.locator('.jp-prod-finding[data-rule="HS004"]')).toHaveCount(1);
    await expect(panel.locator('.jp-prod-finding[data-rule="HS003"]')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(panel.locator('.jp-prod-cell-group[data-cell-index="4"] .jp-prod-group-toggle')).toBeFocused();
  });

  test('marks each finding in its cell editor, with the message on hover', async ({ page, tmpPath }) => {
    await openMessyNotebook(page, tmpPath);
    const mark = cell(page, 3).locator('.cm-content .jp-prod-mark');
    await expect(mark).toHaveText('vat_rate');
    await expect(mark).toHaveAttribute('data-severity', 'error');
    await expect(mark).toHaveAttribute('title', /^HS003 \(error\): `vat_rate`/);
    await expect(cell(page, 2).locator('.cm-content .jp-prod-mark')).toHaveText('"/Users/maria/q3/sales.csv"');

    // A click on the finding puts the cursor on the marked line too.
    const panel = page.locator(`#${PANEL_ID}`);
    await panel.locator('.jp-prod-finding[data-rule="HS003"]').click();
    await expect(cell(page, 3)).toHaveClass(/jp-mod-active/);
    const cursor = await page.evaluate(() =>
      (window as any).jupyterapp.shell.currentWidget.content.activeCell.editor.getCursorPosition()
    );
    expect(cursor).toEqual({ line: 0, column: 37 });

    // Typing the name away takes the mark off with the finding.
    await page.notebook.setCell(3, 'code', 'sales["net"] = sales["gross"] / 1.2');
    await expect(cell(page, 3).locator('.jp-prod-mark')).toHaveCount(0);
  });

  test('filters by severity and category, collapses groups, and reaches them all by keyboard', async ({
    page,
    tmpPath
  }) => {
    const panel = await openMessyNotebook(page, tmpPath);
    const findings = panel.locator('.jp-prod-finding');
    await expect(findings).toHaveCount(6);

    const warnings = panel.locator('.jp-prod-filter[data-severity="warning"]');
    await expect(warnings).toHaveAttribute('aria-pressed', 'true');
    await warnings.focus();
    await page.keyboard.press('Enter');
    await expect(warnings).toHaveAttribute('aria-pressed', 'false');
    await expect(panel.locator('.jp-prod-finding[data-severity="warning"]')).toHaveCount(0);
    await page.keyboard.press('Enter');
    await expect(findings).toHaveCount(6);

    // Worst first: the cell with the error leads, the others keep notebook order.
    const titles = panel.locator('.jp-prod-group-title');
    await expect(titles).toHaveText(['Whole notebook', 'Cell 3 [2]', 'Cell 4 [5]', 'Cell 5 [4]', 'Cell 6 [6]']);
    await panel.getByRole('button', { name: 'Worst first' }).click();
    await expect(titles).toHaveText(['Cell 4 [5]', 'Cell 3 [2]', 'Cell 5 [4]', 'Cell 6 [6]', 'Whole notebook']);
    await panel.getByRole('button', { name: 'Worst first' }).click();
    await expect(titles.first()).toHaveText('Whole notebook');

    const handoff = panel.locator('.jp-prod-summary-item[data-category="handoff"] button');
    await handoff.click();
    await expect(handoff).toHaveAttribute('aria-pressed', 'false');
    await expect(panel.locator('.jp-prod-finding[data-category="handoff"]')).toHaveCount(0);
    await handoff.click();

    // Left on a heading collapses its group; the arrow keys skip what it hides.
    await tabIntoList(page, panel);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const heading = panel.locator('.jp-prod-cell-group[data-cell-index="2"] .jp-prod-group-toggle');
    await expect(heading).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(heading).toHaveAttribute('aria-expanded', 'false');
    await expect(panel.locator('.jp-prod-cell-group[data-cell-index="2"] .jp-prod-finding')).toBeHidden();
    await page.keyboard.press('ArrowDown');
    await expect(panel.locator('.jp-prod-cell-group[data-cell-index="3"] .jp-prod-group-toggle')).toBeFocused();
    // It stays collapsed while the notebook is analysed again.
    await page.notebook.setCell(6, 'code', 'by_region = sales.groupby("region")["net"].sum()');
    await expect(heading).toHaveAttribute('aria-expanded', 'false');

    // A badge in the notebook is a button: it brings its cell's findings into the panel.
    const badge = cell(page, 4).locator('.jp-prod-badge').first();
    await expect(badge).toHaveAttribute('role', 'button');
    await expect(badge).toHaveAttribute('aria-label', '2 findings, worst warning: show them in the jupyter-prod panel');
    await badge.focus();
    await page.keyboard.press('Enter');
    await expect(panel.locator('.jp-prod-cell-group[data-cell-index="4"] .jp-prod-finding').first()).toBeFocused();
  });
});

/** WCAG contrast of the text of `node` against what is behind it, from the computed styles. */
async function contrasts(page: IJupyterLabPageFixture, selector: string): Promise<{ text: string; ratio: number }[]> {
  return page.evaluate(selector => {
    const parse = (color: string): number[] => {
      const parts = color.match(/[\d.]+/g)!.map(Number);
      return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
    };
    const over = (top: number[], bottom: number[]): number[] => {
      const a = top[3];
      return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat(1);
    };
    const background = (node: Element | null): number[] => {
      const layers: number[][] = [];
      for (let at = node; at; at = at.parentElement) {
        const color = parse(getComputedStyle(at).backgroundColor);
        if (color[3] > 0) {
          layers.push(color);
          if (color[3] === 1) {
            break;
          }
        }
      }
      return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
    };
    const luminance = (rgb: number[]): number => {
      const [r, g, b] = rgb.slice(0, 3).map(v => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    return [...document.querySelectorAll(selector)].map(node => {
      const back = background(node);
      const fore = over(parse(getComputedStyle(node).color), back);
      const [l1, l2] = [luminance(fore), luminance(back)].sort((a, b) => b - a);
      return { text: (node.textContent ?? '').trim(), ratio: Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100 };
    });
  }, selector);
}

/** WCAG contrast of two opaque CSS colours (`rgb(r, g, b)`). */
function ratio(a: string, b: string): number {
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

test.describe('severity in light and dark', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`every severity has an icon and a word, and its colours pass AA (4.5:1) in the ${theme} theme`, async ({
      page,
      tmpPath
    }) => {
      if (theme === 'dark') {
        await page.theme.setDarkTheme();
      }
      const panel = await openMessyNotebook(page, tmpPath);
      const chip = (severity: string): Locator => panel.locator(`.jp-prod-finding .jp-prod-severity-chip[data-severity="${severity}"]`).first();
      await expect(chip('error')).toHaveText('✕error');
      await expect(chip('warning')).toHaveText('▲warning');
      await expect(chip('info')).toHaveText('iinfo');
      await expect(panel.locator('.jp-prod-filter[data-severity]')).toHaveText(['✕1 error', '▲3 warning', 'i2 info']);

      const checked = [
        '#jupyter-prod-panel .jp-prod-severity-chip',
        '#jupyter-prod-panel .jp-prod-filter',
        '#jupyter-prod-panel .jp-prod-message',
        '#jupyter-prod-panel .jp-prod-rule',
        '#jupyter-prod-panel .jp-prod-where',
        '#jupyter-prod-panel .jp-prod-summary-count',
        '#jupyter-prod-panel .jp-prod-summary-label',
        '#jupyter-prod-panel .jp-prod-status',
        '#jupyter-prod-panel .jp-prod-group-title',
        '#jupyter-prod-panel .jp-prod-execution-count',
        '.jp-Cell .jp-prod-badge'
      ];
      for (const selector of checked) {
        const found = await contrasts(page, selector);
        expect(found.length, selector).toBeGreaterThan(0);
        for (const { text, ratio } of found) {
          expect(ratio, `${selector} "${text}" in ${theme}`).toBeGreaterThanOrEqual(4.5);
        }
      }

      await page.sidebar.setWidth(360, 'left');
      await page.screenshot({ path: screenshotPath(`panel-${theme}.png`) });

      // A stale cell keeps its execution count readable, and is teal, not the findings' orange.
      await page.notebook.setCell(4, 'code', 'vat_rate = 0.25');
      await expect(cell(page, 4)).toHaveClass(/jp-prod-cell-stale/);
      // (JupyterLab fades the prompts of inactive cells itself: compare with one that is not stale.)
      await expect(cell(page, 3)).toHaveClass(/jp-prod-cell-stale/);
      await expect(cell(page, 3)).not.toHaveClass(/jp-mod-active/);
      const prompt = (index: number) => `.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell:nth-child(${index + 1}) .jp-InputPrompt`;
      const [stale] = await contrasts(page, prompt(3));
      const [fresh] = await contrasts(page, prompt(1));
      expect(stale.text).toBe('[5]:');
      expect(stale.ratio).toBeGreaterThanOrEqual(fresh.ratio);
      const bar = await cell(page, 3).locator('.jp-InputPrompt').evaluate(node => getComputedStyle(node).boxShadow);
      expect(bar).toContain('inset');
      for (const { ratio } of await contrasts(page, '#jupyter-prod-panel .jp-prod-stale-tag, .jp-prod-badge-stale')) {
        expect(ratio).toBeGreaterThanOrEqual(4.5);
      }

      // The focus ring is visible: 2 px, and 3:1 against the panel (WCAG 1.4.11).
      await tabIntoList(page, panel);
      const ring = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement!);
        const panel = getComputedStyle(document.getElementById('jupyter-prod-panel')!);
        return { style: style.outlineStyle, width: style.outlineWidth, color: style.outlineColor, panel: panel.backgroundColor };
      });
      expect(ring.style).toBe('solid');
      expect(ring.width).toBe('2px');
      expect(ratio(ring.color, ring.panel)).toBeGreaterThanOrEqual(3);
    });
  }
});
