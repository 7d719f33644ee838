/**
 * The runs view: the latest runs of the jobs beside the current notebook (`jobs/<name>`), each
 * with its status (an icon and a word), parameters, start, duration, data contract and drift
 * counts when the run recorded them, links to its output notebook and report, and Stop for a
 * running one. While a run is going the view polls; when a run it saw running ends, a
 * notification says how (once per run, whoever noticed it first).
 */

import { Notification } from '@jupyterlab/apputils';

import { IRunRecord, listRuns, stopRun } from '../actions/request';
import { messageOf } from '../actions/dom';

/** How often to look again while a run is going, and while none is. */
const POLL_RUNNING_MS = 1500;
const POLL_IDLE_MS = 10000;

export const RUN_STATUS_ICONS: Record<string, string> = {
  running: '●',
  succeeded: '✓',
  failed: '✕',
  interrupted: '■',
  cancelled: '■'
};

/** Runs already announced, by job and id: one notification per run, from the view or a dialog. */
const announced = new Set<string>();

/** Say once that a run ended, with a button to open its output notebook. */
export function announceRunEnd(run: IRunRecord, open: (path: string) => void): void {
  const key = `${run.job ?? ''}/${run.id}`;
  if (announced.has(key) || run.status === 'running') {
    return;
  }
  announced.add(key);
  // A run followed by a closed dialog knows its folder only: its last part is the job's name.
  const name = run.job_name ?? run.job?.split('/').pop() ?? 'the job';
  const actions = run.output ? [{ label: 'Open the output', callback: () => open(run.output!) }] : [];
  const text = `Run ${run.id} of ${name} ${describeStatus(run)} after ${run.seconds.toFixed(1)} s.`;
  const options = { autoClose: 8000, actions };
  if (run.status === 'succeeded') {
    Notification.success(text, options);
  } else if (run.status === 'cancelled') {
    Notification.info(text, options);
  } else {
    Notification.error(text, options);
  }
}

function describeStatus(run: IRunRecord): string {
  switch (run.status) {
    case 'succeeded':
      return 'succeeded';
    case 'cancelled':
      return 'was stopped';
    case 'interrupted':
      return 'was interrupted';
    default:
      return 'failed';
  }
}

export interface IRunsViewOptions {
  open: (path: string) => void;
}

export class RunsView {
  constructor(private readonly _options: IRunsViewOptions) {
    this.node.className = 'jp-prod-runs';
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', 'Runs');
  }

  readonly node = document.createElement('div');

  /** The folder whose jobs are listed (the current notebook's). */
  set folder(folder: string) {
    if (folder !== this._folder) {
      this._folder = folder;
      this._runs = null;
      if (this._active) {
        void this.refresh();
      }
    }
  }

  /** Poll only while the view is shown. */
  set active(active: boolean) {
    this._active = active;
    this._clearTimer();
    if (active) {
      void this.refresh();
    }
  }

  async refresh(): Promise<void> {
    this._clearTimer();
    const folder = this._folder;
    try {
      const { runs } = await listRuns(folder);
      if (folder !== this._folder) {
        return; // the notebook changed meanwhile
      }
      this._announceEnded(runs);
      this._runs = runs;
      this._error = null;
    } catch (reason) {
      this._error = messageOf(reason);
    }
    this._render();
    if (this._active) {
      const running = this._runs?.some(run => run.status === 'running') ?? false;
      this._timer = setTimeout(() => void this.refresh(), running ? POLL_RUNNING_MS : POLL_IDLE_MS);
    }
  }

  dispose(): void {
    this._active = false;
    this._clearTimer();
  }

  private _announceEnded(runs: readonly IRunRecord[]): void {
    const before = new Map((this._runs ?? []).map(run => [`${run.job}/${run.id}`, run.status]));
    for (const run of runs) {
      if (before.get(`${run.job}/${run.id}`) === 'running' && run.status !== 'running') {
        announceRunEnd(run, this._options.open);
      }
    }
  }

  private _render(): void {
    const children: HTMLElement[] = [];
    const where = this._folder && this._folder !== '.' ? `${this._folder}/` : 'the server root';
    if (this._error) {
      children.push(paragraph(`Could not list the runs: ${this._error}`, 'jp-prod-error'));
    } else if (this._runs === null) {
      children.push(paragraph('Reading the runs…'));
    } else if (this._runs.length === 0) {
      children.push(paragraph(`No runs of the jobs in ${where} yet. Export the notebook, then Run.`));
    } else {
      const list = document.createElement('ul');
      list.className = 'jp-prod-run-list';
      list.setAttribute('aria-label', `Runs of the jobs in ${where}`);
      list.append(...this._runs.map(run => this._row(run)));
      children.push(list);
    }
    this.node.replaceChildren(...children);
  }

  private _row(run: IRunRecord): HTMLElement {
    const item = document.createElement('li');
    item.className = 'jp-prod-run';
    item.dataset.status = run.status;
    item.dataset.runId = run.id;
    const status = document.createElement('span');
    status.className = `jp-prod-run-status jp-prod-run-status-${run.status}`;
    const icon = document.createElement('span');
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = RUN_STATUS_ICONS[run.status] ?? '?';
    status.append(icon, ` ${run.status}`);
    const title = document.createElement('span');
    title.className = 'jp-prod-run-title';
    title.textContent = `${run.job_name ?? run.job ?? ''} ${run.id}`;
    const head = document.createElement('div');
    head.className = 'jp-prod-run-head';
    head.append(status, ' ', title);

    const facts = document.createElement('div');
    facts.className = 'jp-prod-run-facts';
    const duration = run.status === 'running' ? `running for ${run.seconds.toFixed(0)} s` : `${run.seconds.toFixed(1)} s`;
    facts.textContent = `${formatStart(run.started)} · ${duration} · ${run.engine}`;

    const parameters = document.createElement('div');
    parameters.className = 'jp-prod-run-parameters';
    const values = Object.entries(run.parameters ?? {});
    parameters.textContent = values.length
      ? values.map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(', ')
      : 'default parameters';
    item.append(head, facts, parameters);

    const checks = describeChecks(run);
    if (checks) {
      item.append(paragraph(checks, 'jp-prod-run-checks'));
    }
    if (run.message && run.status !== 'succeeded') {
      item.append(paragraph(run.message, 'jp-prod-run-message'));
    }
    item.append(this._buttons(run));
    return item;
  }

  private _buttons(run: IRunRecord): HTMLElement {
    const row = document.createElement('div');
    row.className = 'jp-prod-run-buttons';
    const what = `run ${run.id} of ${run.job_name ?? run.job}`;
    if (run.status === 'running' && run.job) {
      const stop = button('Stop', `Stop ${what}`, 'jp-prod-run-stop');
      const job = run.job;
      stop.addEventListener('click', () => {
        stop.disabled = true;
        stop.textContent = 'Stopping…';
        stopRun(job, run.id).then(
          () => this.refresh(),
          reason => {
            this._error = messageOf(reason);
            void this.refresh();
          }
        );
      });
      row.append(stop);
    }
    for (const [label, path] of [
      ['Output', run.output],
      ['Report', run.report]
    ] as const) {
      if (path) {
        const open = button(label, `Open the ${label.toLowerCase()} of ${what}`, 'jp-prod-run-open');
        open.addEventListener('click', () => this._options.open(path));
        row.append(open);
      }
    }
    return row;
  }

  private _clearTimer(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  private _folder = '';
  private _active = false;
  private _runs: IRunRecord[] | null = null;
  private _error: string | null = null;
  private _timer: ReturnType<typeof setTimeout> | null = null;
}

/** The data contract's and drift's counts, when the run recorded them. */
export function describeChecks(run: IRunRecord): string {
  const parts: string[] = [];
  if (run.contract && Array.isArray(run.contract.violations)) {
    const count = run.contract.violations.length;
    parts.push(`${count} contract violation${count === 1 ? '' : 's'}${run.contract.mode ? ` (${run.contract.mode})` : ''}`);
  }
  if (Array.isArray(run.drift)) {
    const count = run.drift.length;
    parts.push(`${count} drifted column${count === 1 ? '' : 's'}`);
  }
  return parts.join(' · ');
}

function formatStart(started: string): string {
  const date = new Date(started);
  return Number.isNaN(date.getTime()) ? started : date.toLocaleString();
}

function paragraph(text: string, className = ''): HTMLElement {
  const node = document.createElement('p');
  node.className = className;
  node.textContent = text;
  return node;
}

function button(label: string, title: string, className: string): HTMLButtonElement {
  const node = document.createElement('button');
  node.className = `jp-mod-styled jp-prod-action ${className}`;
  node.textContent = label;
  node.title = title;
  node.setAttribute('aria-label', title);
  return node;
}
