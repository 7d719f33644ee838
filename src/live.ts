/**
 * Live analysis: run a request a short while after the last change, and keep only the answer to
 * the latest request (an older one that arrives late is dropped, never shown over a newer one).
 */

import { ISignal, Signal } from '@lumino/signaling';

/** The pause after the last keystroke before the notebook is analysed again. */
export const LIVE_DELAY_MS = 500;

export interface ILiveOptions<T> {
  /** Take the snapshot to analyse and send it; called once per analysis. */
  analyse: () => Promise<T>;
  delay?: number;
}

/** The outcome of one analysis: its result, or the error it failed with. */
export type LiveOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: unknown };

export class LiveAnalysis<T> {
  constructor(options: ILiveOptions<T>) {
    this._analyse = options.analyse;
    this._delay = options.delay ?? LIVE_DELAY_MS;
  }

  /** Emitted with the outcome of the latest analysis only. */
  get done(): ISignal<this, LiveOutcome<T>> {
    return this._done;
  }

  /** Emitted when an analysis starts (true) and when its outcome is known or dropped (false). */
  get busy(): ISignal<this, boolean> {
    return this._busy;
  }

  /** Analyse after the pause; every call restarts the pause. */
  schedule(): void {
    this._cancelTimer();
    this._timer = setTimeout(() => {
      this._timer = null;
      void this.runNow();
    }, this._delay);
  }

  /** Analyse now (Check, a save); an analysis already under way is superseded. */
  async runNow(): Promise<void> {
    this._cancelTimer();
    const generation = ++this._generation;
    this._busy.emit(true);
    let outcome: LiveOutcome<T>;
    try {
      outcome = { ok: true, value: await this._analyse() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    if (generation !== this._generation || this._disposed) {
      return; // A newer request was made meanwhile: its answer is the one to show.
    }
    this._busy.emit(false);
    this._done.emit(outcome);
  }

  /** Drop any scheduled analysis and any answer still on its way. */
  cancel(): void {
    this._cancelTimer();
    this._generation++;
  }

  dispose(): void {
    this.cancel();
    this._disposed = true;
    Signal.clearData(this);
  }

  private _cancelTimer(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  private readonly _analyse: () => Promise<T>;
  private readonly _delay: number;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _generation = 0;
  private _disposed = false;
  private readonly _done = new Signal<this, LiveOutcome<T>>(this);
  private readonly _busy = new Signal<this, boolean>(this);
}
