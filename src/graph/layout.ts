/**
 * Where the dependency view draws things: one row per cell, top to bottom by cell index, and each
 * def→use edge as an arc on the left whose width grows with the distance it spans, so arcs nest
 * instead of crossing the nodes. Pure geometry, no DOM.
 */

import { IDependencyGraph, IGraphEdge } from '../tokens';

export interface INodeBox {
  index: number;
  label: string;
  executionCount: number | null;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface IEdgePath {
  edge: IGraphEdge;
  /** An SVG path from the defining cell's left side to the reading cell's left side. */
  d: string;
  /** A one-line description for the tooltip. */
  title: string;
}

export interface IGraphLayout {
  width: number;
  height: number;
  nodes: INodeBox[];
  edges: IEdgePath[];
}

export const LAYOUT = {
  rowHeight: 34,
  nodeHeight: 24,
  nodeWidth: 196,
  margin: 8,
  /** Horizontal room per row of distance an arc spans, and the most it may take. */
  arcStep: 10,
  maxArc: 90
};

/** The layout of a dependency graph. */
export function layoutGraph(graph: IDependencyGraph): IGraphLayout {
  const nodes = [...graph.nodes].sort((a, b) => a.index - b.index);
  const rowOf = new Map(nodes.map((node, row) => [node.index, row]));
  const longest = graph.edges.reduce((most, edge) => {
    const span = Math.abs((rowOf.get(edge.to) ?? 0) - (rowOf.get(edge.from) ?? 0));
    return Math.max(most, span);
  }, 0);
  const left = LAYOUT.margin + Math.min(LAYOUT.maxArc, longest * LAYOUT.arcStep);
  const boxes = nodes.map((node, row) => ({
    index: node.index,
    label: node.label,
    executionCount: node.execution_count,
    x: left,
    y: LAYOUT.margin + row * LAYOUT.rowHeight,
    width: LAYOUT.nodeWidth,
    height: LAYOUT.nodeHeight
  }));
  const boxAt = new Map(boxes.map(box => [box.index, box]));
  const edges: IEdgePath[] = [];
  for (const edge of graph.edges) {
    const from = boxAt.get(edge.from);
    const to = boxAt.get(edge.to);
    if (from && to) {
      edges.push({ edge, d: arc(from, to, edge.kind), title: describeEdge(edge) });
    }
  }
  return {
    width: left + LAYOUT.nodeWidth + LAYOUT.margin,
    height: LAYOUT.margin * 2 + Math.max(0, nodes.length - 1) * LAYOUT.rowHeight + LAYOUT.nodeHeight,
    nodes: boxes,
    edges
  };
}

/** What an edge means, in words: the tooltip of its arc. */
export function describeEdge(edge: IGraphEdge): string {
  const names = edge.names.join(', ');
  const reads = `cell ${edge.to + 1} reads ${names} from cell ${edge.from + 1}`;
  return edge.kind === 'hidden'
    ? `${reads}, but only in the order the cells were run (hidden state)`
    : reads;
}

/**
 * A cubic arc left of the nodes. Document edges leave from the upper half of a node and arrive at
 * the lower half, hidden ones the other way round, so both can join the same two cells visibly.
 */
function arc(from: INodeBox, to: INodeBox, kind: IGraphEdge['kind']): string {
  const rows = Math.abs(to.y - from.y) / LAYOUT.rowHeight;
  const bulge = Math.min(LAYOUT.maxArc, Math.max(1, rows) * LAYOUT.arcStep);
  const shift = kind === 'hidden' ? 0.7 : 0.3;
  const y1 = from.y + from.height * shift;
  const y2 = to.y + to.height * (1 - shift);
  const x = from.x;
  const cx = x - bulge * 1.33;
  return `M ${x} ${round(y1)} C ${round(cx)} ${round(y1)}, ${round(cx)} ${round(y2)}, ${x} ${round(y2)}`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
