/**
 * Live stale cells: what no saved-file tool sees. A code cell edited after it ran is stale, and so
 * are the cells that read what it defines (transitively, along the dependency graph's edges), until
 * they are re-run. Pure logic: it is fed snapshots of the cells and the last graph.
 */

import { IDependencyGraph } from '../tokens';

/** What the tracker needs to know of one cell. */
export interface ICellSnapshot {
  /** The nbformat cell id: it survives moves, inserts and deletes. */
  id: string;
  isCode: boolean;
  source: string;
  executionCount: number | null;
}

/** Why a cell is stale. */
export interface IStaleMark {
  /** `edited`: its own source changed since it ran; `upstream`: it read from a cell that did. */
  reason: 'edited' | 'upstream';
  /** For `upstream`: the 0-based indices of the changed cells it depends on, top to bottom. */
  upstream: number[];
  /** For `upstream`: the names it reads from the cells on the way, sorted. */
  names: string[];
}

interface IRun {
  source: string;
  executionCount: number | null;
  /** Whether the cell was ever seen with a count: `source` is then what it last ran. */
  everRan: boolean;
}

/** An edge between cell ids: `to` reads `names` defined by `from`. */
interface IIdEdge {
  to: string;
  names: string[];
}

/**
 * Remembers, per cell id, the source each cell last ran with, and which cells still have to be
 * re-run because a cell they read from ran again with a new source.
 */
export class StaleTracker {
  /**
   * Take a snapshot of the notebook and the latest graph; return the stale cells by index.
   *
   * - A cell seen for the first time with an execution count is taken to have run its source.
   * - A new execution count means the cell ran: if its source differed from its previous run,
   *   every cell downstream of it must be re-run too (until each of them runs again). No count
   *   (running, or outputs cleared) keeps the source it last ran with.
   * - An executed cell whose source differs from what it ran is stale (`edited`), and so is
   *   every executed cell downstream of it (`upstream`).
   */
  update(
    cells: readonly ICellSnapshot[],
    graph: IDependencyGraph | null
  ): Map<number, IStaleMark> {
    const edges = idEdges(cells, graph);
    const indexOf = new Map(cells.map((cell, index) => [cell.id, index]));
    this._forgetDeleted(indexOf);
    for (const cell of cells) {
      if (cell.isCode) {
        this._record(cell, edges);
      }
    }
    return this._marks(cells, edges, indexOf);
  }

  /** Forget everything, as after a kernel restart that cleared the counts. */
  clear(): void {
    this._runs.clear();
    this._waiting.clear();
  }

  private _record(cell: ICellSnapshot, edges: Map<string, IIdEdge[]>): void {
    const previous = this._runs.get(cell.id);
    if (previous === undefined) {
      this._runs.set(cell.id, {
        source: cell.source,
        executionCount: cell.executionCount,
        everRan: cell.executionCount !== null
      });
      return;
    }
    if (cell.executionCount === previous.executionCount) {
      return;
    }
    if (cell.executionCount === null) {
      // Running now, or its outputs were cleared: what it last ran with still holds.
      this._runs.set(cell.id, { ...previous, executionCount: null });
      return;
    }
    this._waiting.delete(cell.id); // It ran again: nothing upstream is waiting for it anymore.
    if (cell.source !== previous.source) {
      for (const downstream of reachable([cell.id], edges).keys()) {
        const waiting = this._waiting.get(downstream) ?? new Set<string>();
        waiting.add(cell.id);
        this._waiting.set(downstream, waiting);
      }
    }
    this._runs.set(cell.id, {
      source: cell.source,
      executionCount: cell.executionCount,
      everRan: true
    });
  }

  private _marks(
    cells: readonly ICellSnapshot[],
    edges: Map<string, IIdEdge[]>,
    indexOf: Map<string, number>
  ): Map<number, IStaleMark> {
    const executed = (cell: ICellSnapshot): boolean =>
      cell.isCode && cell.executionCount !== null;
    // Changed since their last run: executed cells, and cells running (or cleared) right now.
    const changed = cells.filter(cell => {
      const run = this._runs.get(cell.id);
      return cell.isCode && run !== undefined && run.everRan && cell.source !== run.source;
    });
    const edited = changed.filter(executed);
    const upstreamOf = new Map<string, { from: Set<string>; names: Set<string> }>();
    const note = (id: string, from: string, names: Iterable<string>): void => {
      const entry = upstreamOf.get(id) ?? { from: new Set(), names: new Set() };
      entry.from.add(from);
      for (const name of names) {
        entry.names.add(name);
      }
      upstreamOf.set(id, entry);
    };
    for (const cell of changed) {
      for (const [id, names] of reachable([cell.id], edges)) {
        note(id, cell.id, names);
      }
    }
    for (const [id, waitingFor] of this._waiting) {
      for (const from of waitingFor) {
        note(id, from, reachable([from], edges).get(id) ?? []);
      }
    }

    const marks = new Map<number, IStaleMark>();
    const editedIds = new Set(edited.map(cell => cell.id));
    cells.forEach((cell, index) => {
      if (!executed(cell)) {
        return;
      }
      if (editedIds.has(cell.id)) {
        marks.set(index, { reason: 'edited', upstream: [], names: [] });
        return;
      }
      const entry = upstreamOf.get(cell.id);
      if (entry) {
        const upstream = [...entry.from]
          .map(id => indexOf.get(id))
          .filter((i): i is number => i !== undefined)
          .sort((a, b) => a - b);
        marks.set(index, {
          reason: 'upstream',
          upstream,
          names: [...entry.names].sort()
        });
      }
    });
    return marks;
  }

  private _forgetDeleted(indexOf: Map<string, number>): void {
    for (const id of [...this._runs.keys()]) {
      if (!indexOf.has(id)) {
        this._runs.delete(id);
        this._waiting.delete(id);
      }
    }
    for (const waitingFor of this._waiting.values()) {
      for (const id of [...waitingFor]) {
        if (!indexOf.has(id)) {
          waitingFor.delete(id);
        }
      }
    }
  }

  private readonly _runs = new Map<string, IRun>();
  /** Cell id → the ids of changed cells upstream that ran again since this one last ran. */
  private readonly _waiting = new Map<string, Set<string>>();
}

/** The graph's edges keyed by cell id (the graph may lag behind the cells by a keystroke or two). */
function idEdges(
  cells: readonly ICellSnapshot[],
  graph: IDependencyGraph | null
): Map<string, IIdEdge[]> {
  const edges = new Map<string, IIdEdge[]>();
  if (!graph) {
    return edges;
  }
  const idAt = new Map<number, string>();
  for (const node of graph.nodes) {
    const id = node.id ?? cells[node.index]?.id;
    if (id !== undefined) {
      idAt.set(node.index, id);
    }
  }
  for (const edge of graph.edges) {
    const from = idAt.get(edge.from);
    const to = idAt.get(edge.to);
    if (from === undefined || to === undefined || from === to) {
      continue;
    }
    const list = edges.get(from) ?? [];
    list.push({ to, names: edge.names });
    edges.set(from, list);
  }
  return edges;
}

/**
 * Every cell reachable from `starts` along the edges (the starts themselves excluded unless a cycle
 * leads back), with the names read along the edges that reach it.
 */
function reachable(
  starts: readonly string[],
  edges: Map<string, IIdEdge[]>
): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const queue = [...starts];
  const seen = new Set<string>(starts);
  while (queue.length > 0) {
    const from = queue.shift()!;
    for (const edge of edges.get(from) ?? []) {
      const names = found.get(edge.to) ?? new Set<string>();
      edge.names.forEach(name => names.add(name));
      found.set(edge.to, names);
      if (!seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  for (const start of starts) {
    found.delete(start);
  }
  return found;
}
