/**
 * One open notebook under watch: analysed live as it changes (when live analysis is on), on save
 * and on Check; its stale cells tracked; its cells marked. The panel only renders its state.
 */

import { NotebookPanel } from '@jupyterlab/notebook';
import { ISignal, Signal } from '@lumino/signaling';

import { snapshotCells } from '../cells';
import { LiveAnalysis, LiveOutcome } from '../live';
import { clearMarks, markCells, RevealCell } from '../markers';
import { filterFindings, findingsByCell } from '../model/findings';
import { IStaleMark, StaleTracker } from '../model/stale';
import { analyseDocument } from '../request';
import {
  DEFAULT_SETTINGS,
  IDependencyGraph,
  INotebookReport,
  IProdSettings
} from '../tokens';
import { timed } from '../timing';
import { describeError } from './errors';

/** What the panel shows of a notebook. */
export interface ISessionState {
  report: INotebookReport | null;
  graph: IDependencyGraph | null;
  stale: ReadonlyMap<number, IStaleMark>;
  /** Why the last analysis failed, in words; null when it did not. */
  error: string | null;
  busy: boolean;
}

interface IAnalysis {
  report: INotebookReport | null;
  graph: IDependencyGraph;
}

/** How long to wait after a change before the stale marks are computed again. */
const STALE_DELAY_MS = 120;

export class NotebookSession {
  constructor(
    readonly panel: NotebookPanel,
    settings: IProdSettings = DEFAULT_SETTINGS
  ) {
    this._settings = settings;
    this._live = new LiveAnalysis<IAnalysis>({ analyse: () => this._analyse() });
    this._live.done.connect(this._onAnalysed, this);
    this._live.busy.connect((_, busy) => this._set({ busy }));
    void panel.context.ready.then(() => {
      if (this._disposed) {
        return;
      }
      panel.context.model.contentChanged.connect(this._onContentChanged, this);
      panel.context.saveState.connect(this._onSaveState, this);
      this._ready = true;
      this._refreshStale();
      if (this._active && this._settings.liveAnalysis) {
        void this._live.runNow();
      }
    });
  }

  /**
   * Whether this is the notebook the panel shows. Only the active session analyses; the others
   * keep tracking stale cells and keep their marks, so that coming back loses nothing.
   */
  get active(): boolean {
    return this._active;
  }

  set active(active: boolean) {
    if (active === this._active) {
      return;
    }
    this._active = active;
    if (!active) {
      this._live.cancel();
      this._set({ busy: false });
    } else if (this._ready && this._settings.liveAnalysis) {
      void this._live.runNow();
    }
  }

  /** Emitted whenever the state changes. */
  get changed(): ISignal<this, ISessionState> {
    return this._changed;
  }

  get state(): ISessionState {
    return this._state;
  }

  /** The user's settings: live analysis on or off, what the markers show. */
  set settings(settings: IProdSettings) {
    const wasLive = this._settings.liveAnalysis;
    this._settings = settings;
    if (!settings.liveAnalysis) {
      this._live.cancel();
      this._set({ busy: false });
    } else if (!wasLive && this._active) {
      this._live.schedule();
    }
    this._mark();
  }

  /** Called with a cell's index when its badge in the notebook is activated. */
  onReveal: RevealCell | null = null;

  /** Analyse the notebook as it is now. */
  check(): Promise<void> {
    return this._live.runNow();
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._live.dispose();
    if (this._staleTimer !== null) {
      clearTimeout(this._staleTimer);
    }
    this.panel.context.model?.contentChanged.disconnect(this._onContentChanged, this);
    this.panel.context.saveState.disconnect(this._onSaveState, this);
    if (!this.panel.isDisposed) {
      clearMarks(this.panel.content.widgets);
    }
    Signal.clearData(this);
  }

  private async _analyse(): Promise<IAnalysis> {
    const notebook = timed('serialise', () => this.panel.context.model.toJSON());
    const answer = await analyseDocument(notebook, this.panel.context.localPath);
    return {
      report: answer.notebooks[0] ?? null,
      graph: answer.graph ?? { nodes: [], edges: [] }
    };
  }

  private _onAnalysed(_: unknown, outcome: LiveOutcome<IAnalysis>): void {
    if (outcome.ok) {
      this._set({ report: outcome.value.report, graph: outcome.value.graph, error: null });
      this._refreshStale();
    } else {
      this._set({ error: describeError(outcome.error) });
    }
  }

  private _onContentChanged(): void {
    if (this._active && this._settings.liveAnalysis) {
      this._live.schedule();
    }
    if (this._staleTimer === null) {
      this._staleTimer = setTimeout(() => {
        this._staleTimer = null;
        this._refreshStale();
      }, STALE_DELAY_MS);
    }
  }

  private _onSaveState(_: unknown, state: string): void {
    if (state === 'completed' && this._active && this._settings.liveAnalysis) {
      void this._live.runNow();
    }
  }

  private _refreshStale(): void {
    if (this._disposed) {
      return;
    }
    const stale = timed('stale', () =>
      this._tracker.update(snapshotCells(this.panel), this._state.graph)
    );
    // While typing, the marks rarely change: leave the cells alone then.
    if (!sameMarks(stale, this._state.stale)) {
      this._set({ stale });
    }
  }

  private _set(change: Partial<ISessionState>): void {
    this._state = { ...this._state, ...change };
    if ('report' in change || 'stale' in change) {
      timed('mark', () => this._mark());
    }
    this._changed.emit(this._state);
  }

  /** Mark the cells with the findings the settings let through, and the stale cells. */
  private _mark(): void {
    if (this._disposed || this.panel.isDisposed) {
      return;
    }
    const report = this._state.report;
    const shown = report && !report.error ? filterFindings(report.findings, this._settings) : [];
    markCells(this.panel.content.widgets, findingsByCell(shown), this._state.stale, this.onReveal);
  }

  private _settings: IProdSettings;
  private _state: ISessionState = {
    report: null,
    graph: null,
    stale: new Map(),
    error: null,
    busy: false
  };
  private _disposed = false;
  private _ready = false;
  private _active = false;
  private _staleTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly _tracker = new StaleTracker();
  private readonly _live: LiveAnalysis<IAnalysis>;
  private readonly _changed = new Signal<this, ISessionState>(this);
}

function sameMarks(
  a: ReadonlyMap<number, IStaleMark>,
  b: ReadonlyMap<number, IStaleMark>
): boolean {
  if (a.size !== b.size) {
    return false;
  }
  for (const [index, mark] of a) {
    const other = b.get(index);
    if (!other || JSON.stringify(other) !== JSON.stringify(mark)) {
      return false;
    }
  }
  return true;
}
