import { describeStale, IMarkableCell, markCells } from '../markers';
import { IFinding } from '../tokens';

function cell(): IMarkableCell {
  const node = document.createElement('div');
  return {
    node,
    toggleClass: (name: string, force?: boolean) => node.classList.toggle(name, force)
  };
}

const finding = (rule: string, severity: IFinding['severity']): IFinding => ({
  rule,
  name: rule,
  category: 'hidden-state',
  severity,
  cell: 1,
  line: 1,
  column: 1,
  message: `${rule} message`
});

describe('markCells', () => {
  it('flags cells with findings with a badge of their count and worst severity', () => {
    const cells = [cell(), cell()];
    markCells(cells, new Map([[1, [finding('HS001', 'warning'), finding('HS004', 'error')]]]), new Map());
    expect(cells[0].node.className).toBe('');
    expect(cells[1].node.classList.contains('jp-prod-cell-flagged')).toBe(true);
    const badge = cells[1].node.querySelector('.jp-prod-badge')!;
    expect(badge.textContent).toBe('2');
    expect(badge.getAttribute('data-severity')).toBe('error');
    expect(badge.getAttribute('title')).toBe('HS001 (warning): HS001 message\nHS004 (error): HS004 message');
  });

  it('marks stale cells, and takes every mark off when they are gone', () => {
    const cells = [cell()];
    markCells(cells, new Map(), new Map([[0, { reason: 'edited', upstream: [], names: [] }]]));
    expect(cells[0].node.classList.contains('jp-prod-cell-stale')).toBe(true);
    expect(cells[0].node.querySelector('.jp-prod-badge-stale')!.textContent).toBe('stale');
    markCells(cells, new Map(), new Map());
    expect(cells[0].node.classList.contains('jp-prod-cell-stale')).toBe(false);
    expect(cells[0].node.querySelector('.jp-prod-cell-badges')).toBeNull();
  });
});

describe('badges as buttons', () => {
  it('reveal their cell on click and on Enter, and say what they hold', () => {
    const cells = [cell(), cell()];
    const revealed: number[] = [];
    markCells(cells, new Map([[1, [finding('HS004', 'error')]]]), new Map(), index => revealed.push(index));
    const badge = cells[1].node.querySelector<HTMLElement>('.jp-prod-badge')!;
    expect(badge.getAttribute('role')).toBe('button');
    expect(badge.tabIndex).toBe(0);
    expect(badge.getAttribute('aria-label')).toBe('1 finding, worst error: show them in the jupyter-prod panel');
    badge.click();
    badge.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(revealed).toEqual([1, 1]);
  });
});

describe('describeStale', () => {
  it('says why, with the cells numbered as people count them', () => {
    expect(describeStale({ reason: 'upstream', upstream: [0, 2], names: ['rate'] })).toBe(
      'Reads rate from or through cell 1, cell 3, which changed since this cell ran. Run it again.'
    );
    expect(describeStale({ reason: 'edited', upstream: [], names: [] })).toMatch(/^Edited since it ran/);
  });
});
