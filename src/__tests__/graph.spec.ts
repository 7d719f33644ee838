import { describeEdge, layoutGraph } from '../graph/layout';
import { renderGraph } from '../graph/view';
import { IDependencyGraph } from '../tokens';

const graph: IDependencyGraph = {
  nodes: [
    { index: 4, id: 'e', label: 'print(net)', execution_count: 3 },
    { index: 0, id: 'a', label: 'rate = 0.2', execution_count: 2 },
    { index: 2, id: 'c', label: 'net = gross * rate', execution_count: 1 }
  ],
  edges: [
    { from: 0, to: 2, kind: 'document', names: ['rate'] },
    { from: 2, to: 4, kind: 'document', names: ['net'] },
    { from: 4, to: 0, kind: 'hidden', names: ['late', 'other'] }
  ]
};

describe('layoutGraph', () => {
  it('puts cells in rows by index, top to bottom, with every edge drawn', () => {
    const layout = layoutGraph(graph);
    expect(layout.nodes.map(node => node.index)).toEqual([0, 2, 4]);
    const ys = layout.nodes.map(node => node.y);
    expect(ys[0]).toBeLessThan(ys[1]);
    expect(ys[1]).toBeLessThan(ys[2]);
    expect(layout.edges).toHaveLength(3);
    expect(layout.height).toBeGreaterThan(ys[2]);
    for (const { d } of layout.edges) {
      expect(d).toMatch(/^M [\d.]+ [\d.]+ C /);
    }
  });

  it('fits the width it is given, nodes taking what the arcs leave', () => {
    for (const width of [250, 400]) {
      const layout = layoutGraph(graph, width);
      expect(layout.width).toBe(width);
      for (const node of layout.nodes) {
        expect(node.x + node.width).toBeLessThanOrEqual(width);
      }
    }
  });

  it('spreads the arcs that meet at a node, and labels the hidden ones with their names', () => {
    const layout = layoutGraph(graph, 250);
    const ends = layout.edges.map(({ d }) => d.match(/[\d.]+/g)!.map(Number));
    // Cell 3 (index 2) ends one arc and starts another: at two different heights.
    const intoC = ends[0][ends[0].length - 1];
    const outOfC = ends[1][1];
    expect(intoC).not.toBe(outOfC);
    expect(layout.edges.map(edge => edge.label?.text ?? null)).toEqual([null, null, 'late, other']);
  });

  it('skips edges whose cells are not nodes', () => {
    const layout = layoutGraph({ ...graph, edges: [{ from: 9, to: 0, kind: 'document', names: ['x'] }] });
    expect(layout.edges).toEqual([]);
  });
});

describe('describeEdge', () => {
  it('names what flows, in cell numbers people use, and says when it is hidden state', () => {
    expect(describeEdge(graph.edges[0])).toBe('cell 3 reads rate from cell 1');
    expect(describeEdge(graph.edges[2])).toBe(
      'cell 1 reads late, other from cell 5, but only in the order the cells were run (hidden state)'
    );
  });
});

describe('renderGraph', () => {
  it('draws nodes that select their cell, hidden edges apart with their names', () => {
    const selected: number[] = [];
    const view = renderGraph(graph, {
      onSelect: index => selected.push(index),
      stale: new Set([2])
    });
    const nodes = view.querySelectorAll('.jp-prod-graph-node');
    expect(nodes).toHaveLength(3);
    expect(nodes[1].getAttribute('data-cell-index')).toBe('2');
    expect(nodes[1].classList.contains('jp-prod-mod-stale')).toBe(true);
    expect(nodes[1].textContent).toContain('#3 [1] net = gross * rate');
    nodes[2].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(selected).toEqual([4]);

    const hidden = view.querySelectorAll('.jp-prod-graph-edge-hidden');
    expect(hidden).toHaveLength(1);
    expect(hidden[0].querySelector('title')!.textContent).toContain('late, other');
    expect(view.querySelectorAll('.jp-prod-graph-edge-document')).toHaveLength(2);
  });

  it('says so when there is nothing to draw', () => {
    const view = renderGraph({ nodes: [], edges: [] }, { onSelect: () => undefined });
    expect(view.textContent).toBe('No code cell defines or reads a name yet.');
    expect(view.querySelector('svg')).toBeNull();
  });
});
