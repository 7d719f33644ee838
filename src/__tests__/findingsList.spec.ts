import { groupByCell, countByCategory } from '../model/findings';
import { renderFindings } from '../panel/findingsList';
import { renderSummary } from '../panel/summary';
import { DEFAULT_SETTINGS, IFinding, IFix } from '../tokens';

const parametersFix: IFix = {
  description: 'insert a cell tagged `parameters`',
  safety: 'safe',
  edits: [{ kind: 'insert-cell', index: 1, cell_type: 'code', source: '# Parameters\n', tags: ['parameters'] }]
};

const findings: IFinding[] = [
  {
    rule: 'HO005', name: 'no-parameters-cell', category: 'handoff', severity: 'info',
    cell: null, line: null, column: null, message: 'no cell is tagged `parameters`', fix: parametersFix
  },
  {
    rule: 'HO002', name: 'absolute-path', category: 'handoff', severity: 'warning',
    cell: 2, line: 1, column: 21, message: 'user-specific path',
    fix: { description: 'lift the path into a parameter', safety: 'display-only', edits: [] }
  },
  {
    rule: 'HS003', name: 'use-before-definition', category: 'hidden-state', severity: 'error',
    cell: 3, line: 1, column: 38, message: '`vat_rate` is first defined in cell 5, below', fix: null
  }
];

describe('renderFindings', () => {
  it('lists findings by cell with the attributes the tests and users rely on', () => {
    const view = renderFindings(groupByCell(findings), { onSelect: () => undefined, onFix: null, stale: new Set([3]) });
    expect([...view.querySelectorAll('.jp-prod-cell-heading')].map(h => h.textContent)).toEqual([
      'Whole notebook 1',
      'Cell 3 1',
      'Cell 4 stale 1'
    ]);
    const early = view.querySelector('.jp-prod-finding[data-rule="HS003"]') as HTMLElement;
    expect(early.dataset.category).toBe('hidden-state');
    expect(early.dataset.cellIndex).toBe('3');
    expect(early.textContent).toBe('✕error cell 4, line 1 HS003 `vat_rate` is first defined in cell 5, below');
    expect(early.querySelector('.jp-prod-severity-chip')!.textContent).toBe('✕error');
    expect((view.querySelector('[data-rule="HO005"]') as HTMLElement).dataset.cellIndex).toBeUndefined();
  });

  it('lands on the cell of a clicked finding, and not for a notebook-wide one', () => {
    const selected: number[] = [];
    const view = renderFindings(groupByCell(findings), { onSelect: i => selected.push(i), onFix: null, stale: new Set() });
    (view.querySelector('[data-rule="HO002"]') as HTMLElement).click();
    (view.querySelector('[data-rule="HO005"]') as HTMLElement).click();
    (view.querySelector('[data-rule="HS003"]') as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(selected).toEqual([2, 3]);
  });

  it('offers Fix only for fixes that can be applied, when something applies them', () => {
    const fixed: [string, IFix][] = [];
    const selected: number[] = [];
    const view = renderFindings(groupByCell(findings), {
      onSelect: i => selected.push(i),
      onFix: (finding, fix) => fixed.push([finding.rule, fix]),
      stale: new Set()
    });
    const buttons = view.querySelectorAll<HTMLButtonElement>('.jp-prod-fix');
    expect(buttons).toHaveLength(1);
    buttons[0].click();
    expect(fixed).toEqual([['HO005', parametersFix]]);
    expect(view.querySelector('[data-rule="HO002"] .jp-prod-fix-hint')!.textContent).toBe(
      'How to fix: lift the path into a parameter'
    );

    const noFixer = renderFindings(groupByCell(findings), { onSelect: () => undefined, onFix: null, stale: new Set() });
    expect(noFixer.querySelectorAll('.jp-prod-fix')).toHaveLength(0);
    expect(noFixer.querySelector('[data-rule="HO005"] .jp-prod-fix-hint')!.textContent).toContain('insert a cell');
  });
});

describe('the list from the keyboard', () => {
  const key = (target: Element, name: string): KeyboardEvent => {
    const event = new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true });
    target.dispatchEvent(event);
    return event;
  };

  it('is one labelled region with one tab stop that the arrow keys move', () => {
    const view = renderFindings(groupByCell(findings), { onSelect: () => undefined, onFix: () => undefined, stale: new Set(), label: 'Findings in q.ipynb' });
    document.body.append(view);
    expect(view.getAttribute('role')).toBe('region');
    expect(view.getAttribute('aria-label')).toBe('Findings in q.ipynb');
    const tabStops = () => [...view.querySelectorAll<HTMLElement>('[tabindex="0"]')];
    expect(tabStops().map(node => node.className)).toEqual(['jp-prod-group-toggle']);

    const first = tabStops()[0];
    first.focus();
    expect(key(first, 'ArrowDown').defaultPrevented).toBe(true);
    const notebookWide = view.querySelector('[data-rule="HO005"]') as HTMLElement;
    expect(document.activeElement).toBe(notebookWide);
    // The current finding's Fix button is reachable by Tab; the others' are not.
    expect(tabStops()).toEqual([notebookWide, notebookWide.querySelector('.jp-prod-fix')]);
    key(notebookWide, 'End');
    expect((document.activeElement as HTMLElement).dataset.rule).toBe('HS003');
    key(document.activeElement!, 'ArrowLeft');
    expect(document.activeElement!.className).toBe('jp-prod-group-toggle');
    view.remove();
  });

  it('collapses a group from its heading and skips its findings', () => {
    const toggled: [number | null, boolean][] = [];
    const view = renderFindings(groupByCell(findings), { onSelect: () => undefined, onFix: null, stale: new Set(), onToggle: (cell, collapsed) => toggled.push([cell, collapsed]) });
    document.body.append(view);
    const heading = view.querySelectorAll<HTMLElement>('.jp-prod-group-toggle')[1];
    heading.focus();
    key(heading, 'ArrowLeft');
    expect(heading.getAttribute('aria-expanded')).toBe('false');
    expect(toggled).toEqual([[2, true]]);
    key(heading, 'ArrowDown');
    expect(document.activeElement!.textContent).toContain('Cell 4');
    view.remove();
  });

  it('says both the cell number and the count the notebook shows', () => {
    const view = renderFindings(groupByCell(findings), { onSelect: () => undefined, onFix: null, stale: new Set(), executionCount: cell => (cell === 2 ? 4 : null) });
    expect([...view.querySelectorAll('.jp-prod-group-title')].map(h => h.textContent)).toEqual([
      'Whole notebook',
      'Cell 3 [4]',
      'Cell 4 [ ]'
    ]);
  });
});

describe('renderSummary', () => {
  it('shows one count per category, greyed when the settings turn it off', () => {
    const view = renderSummary(
      countByCategory(findings, { ...DEFAULT_SETTINGS, enabledCategories: ['hidden-state', 'handoff'] })
    );
    const items = [...view.querySelectorAll<HTMLElement>('.jp-prod-summary-item')];
    expect(items.map(item => item.textContent)).toEqual(['1Hidden state', '0pandas', '0Untested', '2Hand-off']);
    expect(items[1].classList.contains('jp-prod-mod-off')).toBe(true);
    expect(items[1].title).toBe('pandas: 0 found, hidden (category turned off in the settings)');
  });
});
