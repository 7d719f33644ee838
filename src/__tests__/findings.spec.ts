import {
  countByCategory,
  describeCounts,
  filterFindings,
  findingsByCell,
  groupByCell,
  isShown,
  worstSeverity
} from '../model/findings';
import { DEFAULT_SETTINGS, IFinding, IProdSettings } from '../tokens';

function finding(overrides: Partial<IFinding>): IFinding {
  return {
    rule: 'HS001',
    name: 'out-of-order-execution',
    category: 'hidden-state',
    severity: 'warning',
    cell: 0,
    line: 1,
    column: 1,
    message: 'ran before cell 1',
    ...overrides
  };
}

const settings = (overrides: Partial<IProdSettings>): IProdSettings => ({
  ...DEFAULT_SETTINGS,
  ...overrides
});

describe('isShown', () => {
  it('hides findings below the severity threshold', () => {
    const threshold = settings({ severityThreshold: 'warning' });
    expect(isShown(finding({ severity: 'info' }), threshold)).toBe(false);
    expect(isShown(finding({ severity: 'warning' }), threshold)).toBe(true);
    expect(isShown(finding({ severity: 'error' }), threshold)).toBe(true);
  });

  it('hides the categories the user turned off', () => {
    const noPandas = settings({ enabledCategories: ['hidden-state'] });
    expect(isShown(finding({ category: 'pandas' }), noPandas)).toBe(false);
    expect(isShown(finding({ category: 'hidden-state' }), noPandas)).toBe(
      true
    );
  });

  it('shows what the settings cannot name: the notebook category, a new severity', () => {
    const strict = settings({
      severityThreshold: 'error',
      enabledCategories: []
    });
    expect(isShown(finding({ category: 'notebook', severity: 'error' }), strict)).toBe(true);
    expect(
      isShown(finding({ category: 'notebook', severity: 'fatal' as never }), strict)
    ).toBe(true);
    expect(isShown(finding({ category: 'pandas', severity: 'error' }), strict)).toBe(false);
  });
});

describe('groupByCell', () => {
  it('puts notebook-wide findings first, then cells top to bottom, lines in order', () => {
    const findings = [
      finding({ rule: 'B', cell: 3, line: 4 }),
      finding({ rule: 'N', cell: null, line: null }),
      finding({ rule: 'A', cell: 1, line: 2 }),
      finding({ rule: 'C', cell: 3, line: 1, severity: 'error' })
    ];
    const groups = groupByCell(findings);
    expect(groups.map(group => group.cell)).toEqual([null, 1, 3]);
    expect(groups[2].findings.map(f => f.rule)).toEqual(['C', 'B']);
    expect(groups[2].worst).toBe('error');
    expect(groups[1].worst).toBe('warning');
  });

  it('returns nothing for no findings', () => {
    expect(groupByCell([])).toEqual([]);
  });
});

describe('countByCategory', () => {
  it('counts shown and total findings of the four categories, in the summary order', () => {
    const findings = [
      finding({ category: 'hidden-state' }),
      finding({ category: 'hidden-state', severity: 'info' }),
      finding({ category: 'pandas' }),
      finding({ category: 'notebook' })
    ];
    const counts = countByCategory(
      findings,
      settings({ severityThreshold: 'warning', enabledCategories: ['hidden-state', 'untested'] })
    );
    expect(counts.map(c => [c.label, c.shown, c.total, c.enabled])).toEqual([
      ['Hidden state', 1, 2, true],
      ['pandas', 0, 1, false],
      ['Untested', 0, 0, true],
      ['Hand-off', 0, 0, false]
    ]);
  });

  it('does not count the coverage summary as a problem: it is the Untested note', () => {
    const summary = finding({
      rule: 'UT002', name: 'test-coverage-summary', category: 'untested', severity: 'info', cell: null,
      message: '3 of 3 logic cells reached by a test (tests: 4 asserts)'
    });
    const [, , untested] = countByCategory([summary], DEFAULT_SETTINGS);
    expect([untested.shown, untested.total, untested.note]).toEqual([0, 0, summary.message]);
  });
});

describe('filterFindings and findingsByCell', () => {
  it('keeps what the settings show, keyed by cell index for the markers', () => {
    const findings = [
      finding({ rule: 'X', cell: 2, severity: 'info' }),
      finding({ rule: 'Y', cell: 2, severity: 'error' }),
      finding({ rule: 'Z', cell: null })
    ];
    const shown = filterFindings(findings, settings({ severityThreshold: 'warning' }));
    expect(shown.map(f => f.rule)).toEqual(['Y', 'Z']);
    const byCell = findingsByCell(shown);
    expect([...byCell.keys()]).toEqual([2]);
    expect(byCell.get(2)!.map(f => f.rule)).toEqual(['Y']);
  });
});

describe('worstSeverity and describeCounts', () => {
  it('names the most serious severity', () => {
    expect(worstSeverity([finding({ severity: 'info' }), finding({ severity: 'error' })])).toBe('error');
  });

  it('says how many findings there are and how many the settings hide', () => {
    expect(describeCounts('a.ipynb', 0, 0)).toBe('No findings in a.ipynb.');
    expect(describeCounts('a.ipynb', 1, 1)).toBe('1 finding in a.ipynb.');
    expect(describeCounts('a.ipynb', 5, 3)).toBe(
      '5 findings in a.ipynb, 2 hidden by your settings.'
    );
  });
});
