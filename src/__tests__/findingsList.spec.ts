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
      'Whole notebook',
      'Cell 3',
      'Cell 4 stale'
    ]);
    const early = view.querySelector('.jp-prod-finding[data-rule="HS003"]') as HTMLElement;
    expect(early.dataset.category).toBe('hidden-state');
    expect(early.dataset.cellIndex).toBe('3');
    expect(early.textContent).toBe('cell 4, line 1 HS003 `vat_rate` is first defined in cell 5, below');
    expect((view.querySelector('[data-rule="HO005"]') as HTMLElement).dataset.cellIndex).toBeUndefined();
  });

  it('lands on the cell of a clicked finding, and not for a notebook-wide one', () => {
    const selected: number[] = [];
    const view = renderFindings(groupByCell(findings), { onSelect: i => selected.push(i), onFix: null, stale: new Set() });
    (view.querySelector('[data-rule="HO002"]') as HTMLElement).click();
    (view.querySelector('[data-rule="HO005"]') as HTMLElement).click();
    (view.querySelector('[data-rule="HS003"]') as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
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
