import { ICellSnapshot, StaleTracker } from '../model/stale';
import { IDependencyGraph } from '../tokens';

const code = (
  id: string,
  source: string,
  executionCount: number | null
): ICellSnapshot => ({ id, isCode: true, source, executionCount });

/** a defines x; b reads x and defines y; c reads y; d reads nothing of them. */
const cells = (): ICellSnapshot[] => [
  code('a', 'x = 1', 1),
  code('b', 'y = x + 1', 2),
  code('c', 'print(y)', 3),
  code('d', 'z = 5', 4)
];

const graph: IDependencyGraph = {
  nodes: ['a', 'b', 'c', 'd'].map((id, index) => ({
    index,
    id,
    label: id,
    execution_count: index + 1
  })),
  edges: [
    { from: 0, to: 1, kind: 'document', names: ['x'] },
    { from: 1, to: 2, kind: 'document', names: ['y'] }
  ]
};

function staleIds(marks: Map<number, unknown>, snapshot: ICellSnapshot[]): string[] {
  return [...marks.keys()].sort().map(index => snapshot[index].id);
}

describe('StaleTracker', () => {
  it('marks nothing in a notebook as it was opened', () => {
    const tracker = new StaleTracker();
    expect(tracker.update(cells(), graph).size).toBe(0);
  });

  it('marks an edited cell and, transitively, the cells that read what it defines', () => {
    const tracker = new StaleTracker();
    tracker.update(cells(), graph);
    const edited = cells();
    edited[0].source = 'x = 2';
    const marks = tracker.update(edited, graph);
    expect(staleIds(marks, edited)).toEqual(['a', 'b', 'c']);
    expect(marks.get(0)).toEqual({ reason: 'edited', upstream: [], names: [] });
    expect(marks.get(1)).toEqual({ reason: 'upstream', upstream: [0], names: ['x'] });
    // c reads y (from b), which reads x from a: the names are the ones c itself reads.
    expect(marks.get(2)).toEqual({ reason: 'upstream', upstream: [0], names: ['y'] });
  });

  it('clears the mark when the edit is undone before running', () => {
    const tracker = new StaleTracker();
    tracker.update(cells(), graph);
    const edited = cells();
    edited[0].source = 'x = 2';
    tracker.update(edited, graph);
    expect(tracker.update(cells(), graph).size).toBe(0);
  });

  it('keeps the readers stale after the edited cell re-runs, until each of them re-runs', () => {
    const tracker = new StaleTracker();
    tracker.update(cells(), graph);
    const now = cells();
    now[0].source = 'x = 2';
    tracker.update(now, graph);
    now[0].executionCount = 5; // a re-ran with its new source
    expect(staleIds(tracker.update(now, graph), now)).toEqual(['b', 'c']);
    now[1].executionCount = 6; // b re-ran
    const marks = tracker.update(now, graph);
    expect(staleIds(marks, now)).toEqual(['c']);
    expect(marks.get(2)!.upstream).toEqual([0]);
    now[2].executionCount = 7; // c re-ran
    expect(tracker.update(now, graph).size).toBe(0);
  });

  it('sees the run through the moment the count is cleared while the cell runs', () => {
    const tracker = new StaleTracker();
    tracker.update(cells(), graph);
    const now = cells();
    now[0].source = 'x = 2';
    tracker.update(now, graph);
    now[0].executionCount = null; // JupyterLab clears the count while the cell runs
    expect(staleIds(tracker.update(now, graph), now)).toEqual(['b', 'c']);
    now[0].executionCount = 5;
    expect(staleIds(tracker.update(now, graph), now)).toEqual(['b', 'c']);
    now[1].executionCount = null;
    now[2].executionCount = null; // outputs cleared: not run, so not stale either
    expect(tracker.update(now, graph).size).toBe(0);
  });

  it('does not mark readers when a cell re-runs unchanged', () => {
    const tracker = new StaleTracker();
    tracker.update(cells(), graph);
    const now = cells();
    now[0].executionCount = 9;
    expect(tracker.update(now, graph).size).toBe(0);
  });

  it('never marks cells that have not run, and follows cells when others are inserted', () => {
    const tracker = new StaleTracker();
    const start = cells();
    start[2].executionCount = null;
    tracker.update(start, graph);
    const moved = [code('new', 'pass', null), ...start];
    moved[1].source = 'x = 3';
    const shifted: IDependencyGraph = {
      nodes: graph.nodes.map(node => ({ ...node, index: node.index + 1 })),
      edges: graph.edges.map(edge => ({ ...edge, from: edge.from + 1, to: edge.to + 1 }))
    };
    const marks = tracker.update(moved, shifted);
    expect(staleIds(marks, moved)).toEqual(['a', 'b']);
    expect(marks.get(2)!.upstream).toEqual([1]);
  });

  it('forgets a deleted cell', () => {
    const tracker = new StaleTracker();
    tracker.update(cells(), graph);
    const edited = cells();
    edited[0].source = 'x = 2';
    edited[0].executionCount = 5;
    tracker.update(edited, graph);
    const withoutA = edited.slice(1);
    const noEdges: IDependencyGraph = { nodes: [], edges: [] };
    // The marks point at cells; with a gone, there is nothing left to point at.
    expect(staleIds(tracker.update(withoutA, noEdges), withoutA)).toEqual([]);
  });
});
