/**
 * Where the dependency view draws things: one row per cell, top to bottom by cell index, and each
 * def→use edge as an arc on the left whose width grows with the distance it spans, so arcs nest
 * instead of crossing the nodes. The drawing fits the width it is given (the sidebar's): nodes
 * take what the arcs leave. Each node spreads its arcs' ends along its left side, so arcs do not
 * pile on one point; an arc that carries hidden state gets a label with the names it carries.
 * Pure geometry, no DOM.
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
  /** Where the arc's label goes (its leftmost point), for hidden-state arcs. */
  label: { x: number; y: number; text: string } | null;
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
  /** The width drawn when none is given, and the narrowest a node may get. */
  width: 300,
  minNodeWidth: 120,
  margin: 8,
  /** Horizontal room per row of distance an arc spans, and the most it may take. */
  arcStep: 10,
  maxArc: 90,
  /** The arcs may take at most this share of the width. */
  maxArcShare: 0.35
};

/** The layout of a dependency graph, `width` pixels wide (the view's width). */
export function layoutGraph(graph: IDependencyGraph, width: number = LAYOUT.width): IGraphLayout {
  const nodes = [...graph.nodes].sort((a, b) => a.index - b.index);
  const rowOf = new Map(nodes.map((node, row) => [node.index, row]));
  const longest = graph.edges.reduce((most, edge) => {
    const span = Math.abs((rowOf.get(edge.to) ?? 0) - (rowOf.get(edge.from) ?? 0));
    return Math.max(most, span);
  }, 0);
  const width_ = Math.max(width, LAYOUT.minNodeWidth + 2 * LAYOUT.margin + LAYOUT.arcStep);
  const arcRoom = Math.min(LAYOUT.maxArc, longest * LAYOUT.arcStep, width_ * LAYOUT.maxArcShare);
  const left = LAYOUT.margin + arcRoom;
  const nodeWidth = Math.max(LAYOUT.minNodeWidth, width_ - left - LAYOUT.margin);
  const boxes = nodes.map((node, row) => ({
    index: node.index,
    label: node.label,
    executionCount: node.execution_count,
    x: left,
    y: LAYOUT.margin + row * LAYOUT.rowHeight,
    width: nodeWidth,
    height: LAYOUT.nodeHeight
  }));
  const boxAt = new Map(boxes.map(box => [box.index, box]));
  const drawn = graph.edges.filter(edge => boxAt.has(edge.from) && boxAt.has(edge.to));
  const ports = spreadPorts(drawn);
  const edges = drawn.map((edge, i) => {
    const from = boxAt.get(edge.from)!;
    const to = boxAt.get(edge.to)!;
    const [start, end] = ports[i];
    const bulge = Math.min(arcRoom, Math.max(1, Math.abs(to.y - from.y) / LAYOUT.rowHeight) * LAYOUT.arcStep);
    const y1 = from.y + from.height * start;
    const y2 = to.y + to.height * end;
    const label = edge.kind === 'hidden' ? { x: round(from.x - bulge), y: round((y1 + y2) / 2), text: edge.names.join(', ') } : null;
    return { edge, d: arc(from.x, y1, y2, bulge), title: describeEdge(edge), label };
  });
  return {
    width: left + nodeWidth + LAYOUT.margin,
    height: LAYOUT.margin * 2 + Math.max(0, nodes.length - 1) * LAYOUT.rowHeight + LAYOUT.nodeHeight,
    nodes: boxes,
    edges
  };
}

/**
 * Where on its nodes' left sides each edge starts and ends, as a share of the node's height:
 * the edges at one node are spread evenly between 20 % and 80 % of it, outgoing above incoming,
 * each group ordered by the row at the other end, so nested arcs do not cross at the node.
 */
function spreadPorts(edges: readonly IGraphEdge[]): [number, number][] {
  const atNode = new Map<number, { edge: number; end: 0 | 1; other: number }[]>();
  edges.forEach((edge, i) => {
    atNode.set(edge.from, [...(atNode.get(edge.from) ?? []), { edge: i, end: 0, other: edge.to }]);
    atNode.set(edge.to, [...(atNode.get(edge.to) ?? []), { edge: i, end: 1, other: edge.from }]);
  });
  const ports: [number, number][] = edges.map(() => [0.5, 0.5]);
  for (const [node, ends] of atNode) {
    ends.sort((a, b) => sideOf(a.other, node) - sideOf(b.other, node) || a.other - b.other);
    ends.forEach((end, k) => {
      ports[end.edge][end.end] = ends.length === 1 ? 0.5 : 0.2 + (0.6 * k) / (ends.length - 1);
    });
  }
  return ports;
}

/** Ends towards rows above come first (top of the node), towards rows below last. */
function sideOf(other: number, node: number): number {
  return other < node ? 0 : 1;
}

/** What an edge means, in words: the tooltip of its arc. */
export function describeEdge(edge: IGraphEdge): string {
  const names = edge.names.join(', ');
  const reads = `cell ${edge.to + 1} reads ${names} from cell ${edge.from + 1}`;
  return edge.kind === 'hidden'
    ? `${reads}, but only in the order the cells were run (hidden state)`
    : reads;
}

/** A cubic arc left of the nodes, from (x, y1) to (x, y2), bulging `bulge` pixels out. */
function arc(x: number, y1: number, y2: number, bulge: number): string {
  const cx = x - bulge * 1.33;
  return `M ${x} ${round(y1)} C ${round(cx)} ${round(y1)}, ${round(cx)} ${round(y2)}, ${x} ${round(y2)}`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
