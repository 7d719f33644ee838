/**
 * The dependency view: the layout drawn as SVG, as wide as the view. Cells are boxes that select
 * their cell when clicked (or Enter); hidden-state edges are dashed, coloured and labelled with
 * the names they carry; each arc's tooltip names what flows.
 */

import { IDependencyGraph } from '../tokens';
import { layoutGraph, LAYOUT } from './layout';

const SVG = 'http://www.w3.org/2000/svg';

export interface IGraphViewOptions {
  /** Called with the 0-based cell index of a clicked node. */
  onSelect: (index: number) => void;
  /** Cell indices to mark stale, and cell indices with findings. */
  stale?: ReadonlySet<number>;
  flagged?: ReadonlySet<number>;
  /** The width to draw in (the view's); the default suits a 300 px sidebar. */
  width?: number;
}

/** The width of a character of the labels (12 px monospace), to cut labels to their box. */
const CHAR_WIDTH = 7.3;

/** Draw a dependency graph; an empty one gets a sentence instead of an empty picture. */
export function renderGraph(
  graph: IDependencyGraph,
  options: IGraphViewOptions
): HTMLElement {
  const container = document.createElement('div');
  container.className = 'jp-prod-graph';
  if (graph.nodes.length === 0) {
    const empty = document.createElement('p');
    empty.className = 'jp-prod-graph-empty';
    empty.textContent = 'No code cell defines or reads a name yet.';
    container.append(empty);
    return container;
  }
  const layout = layoutGraph(graph, options.width ?? LAYOUT.width);
  const svg = element('svg', {
    width: layout.width,
    height: layout.height,
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    role: 'group', // not `img`: its cells are buttons a screen reader must reach
    'aria-label': `Dependencies between ${layout.nodes.length} cells`
  });
  svg.append(arrowHead('jp-prod-arrow-document'), arrowHead('jp-prod-arrow-hidden'));
  const labels: SVGElement[] = [];
  for (const { edge, d, title, label } of layout.edges) {
    const path = element('path', {
      d,
      class: `jp-prod-graph-edge jp-prod-graph-edge-${edge.kind}`,
      'marker-end': `url(#jp-prod-arrow-${edge.kind})`,
      'data-from': edge.from,
      'data-to': edge.to,
      'data-kind': edge.kind
    });
    path.append(tooltip(title));
    svg.append(path);
    if (label) {
      const text = element('text', { x: label.x + 2, y: label.y, class: 'jp-prod-graph-edge-label', 'dominant-baseline': 'central' });
      text.textContent = shorten(label.text, 18);
      labels.push(text);
    }
  }
  for (const node of layout.nodes) {
    const group = element('g', {
      class: 'jp-prod-graph-node',
      'data-cell-index': node.index,
      transform: `translate(${node.x} ${node.y})`,
      tabindex: 0,
      role: 'button',
      'aria-label': `cell ${node.index + 1}, run [${node.executionCount ?? 'never'}]: ${node.label}`
    });
    group.classList.toggle('jp-prod-mod-stale', options.stale?.has(node.index) ?? false);
    group.classList.toggle('jp-prod-mod-flagged', options.flagged?.has(node.index) ?? false);
    const count = node.executionCount === null ? ' ' : String(node.executionCount);
    const text = element('text', { x: 6, y: node.height / 2, 'dominant-baseline': 'central' });
    const fits = Math.max(8, Math.floor((node.width - 10) / CHAR_WIDTH));
    text.textContent = shorten(`#${node.index + 1} [${count}] ${node.label}`, fits);
    group.append(
      tooltip(`cell ${node.index + 1}, run [${count.trim() || 'never'}]: ${node.label}`),
      element('rect', { width: node.width, height: node.height, rx: 4 }),
      text
    );
    const select = (): void => options.onSelect(node.index);
    group.addEventListener('click', select);
    group.addEventListener('keydown', event => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        select();
      }
    });
    svg.append(group);
  }
  svg.append(...labels); // above the nodes they may cross
  container.append(svg, legend());
  return container;
}

function legend(): HTMLElement {
  const legend = document.createElement('p');
  legend.className = 'jp-prod-graph-legend';
  legend.innerHTML =
    '<span class="jp-prod-legend-document">── reads, top to bottom</span> ' +
    '<span class="jp-prod-legend-hidden">- - reads only in run order (hidden state)</span>';
  return legend;
}

function arrowHead(id: string): SVGElement {
  const marker = element('marker', {
    id,
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 6,
    markerHeight: 6,
    orient: 'auto-start-reverse'
  });
  marker.append(element('path', { d: 'M 0 0 L 10 5 L 0 10 z' }));
  return marker;
}

function tooltip(text: string): SVGElement {
  const title = element('title', {});
  title.textContent = text;
  return title;
}

function element(
  name: string,
  attributes: Record<string, string | number>
): SVGElement {
  const node = document.createElementNS(SVG, name) as SVGElement;
  for (const [key, value] of Object.entries(attributes)) {
    node.setAttribute(key, String(value));
  }
  return node;
}

/** Cut a label to fit its box; the tooltip keeps the whole of it. */
function shorten(text: string, most: number): string {
  return text.length <= most ? text : `${text.slice(0, most - 1)}…`;
}
