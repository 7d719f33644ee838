/**
 * The sidebar panel: the current notebook, a Check button, the actions row, a summary by
 * category and either the findings grouped by cell or the dependency view.
 */

import { NotebookPanel } from '@jupyterlab/notebook';
import { CommandRegistry } from '@lumino/commands';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

import { selectCell } from '../cells';
import { timed } from '../timing';
import { renderGraph } from '../graph/view';
import { prodIcon } from '../icon';
import {
  countByCategory,
  describeCounts,
  filterFindings,
  groupByCell
} from '../model/findings';
import {
  COMMAND_IDS,
  DEFAULT_SETTINGS,
  IFinding,
  IFix,
  INotebookReport,
  IProdSettings,
  PANEL_ID
} from '../tokens';
import { ActionsBar } from './actionsBar';
import { renderFindings } from './findingsList';
import { ISessionState, NotebookSession } from './session';
import { renderSummary } from './summary';

/** What the body of the panel shows. */
export type PanelView = 'findings' | 'graph';

export class ProdPanel extends Widget {
  constructor(options: { commands?: CommandRegistry | null } = {}) {
    super();
    this.id = PANEL_ID;
    this.addClass('jp-prod-panel');
    this.title.icon = prodIcon;
    this.title.caption = 'Production readiness';
    this._commands = options.commands ?? null;
    this._actions = new ActionsBar(this._commands);
    this._commands?.commandChanged.connect(this._render, this);

    const heading = document.createElement('h2');
    heading.className = 'jp-prod-heading';
    heading.textContent = 'jupyter-prod';

    this._notebookRow.className = 'jp-prod-notebook';
    this._path.className = 'jp-prod-path';
    this._button.className = 'jp-mod-styled jp-mod-accept jp-prod-check-button';
    this._button.textContent = 'Check';
    this._button.title = 'Analyse the notebook as it is now, saved or not';
    this._button.addEventListener('click', () => void this._session?.check());
    this._notebookRow.append(this._path, this._button);

    this._viewSwitch.className = 'jp-prod-view-switch';
    this._viewSwitch.setAttribute('role', 'tablist');
    for (const [view, label] of [
      ['findings', 'Findings'],
      ['graph', 'Dependencies']
    ] as const) {
      const tab = document.createElement('button');
      tab.className = 'jp-prod-view-tab';
      tab.dataset.view = view;
      tab.setAttribute('role', 'tab');
      tab.textContent = label;
      tab.addEventListener('click', () => (this.view = view));
      this._viewSwitch.append(tab);
    }

    this._status.className = 'jp-prod-status';
    this._status.setAttribute('aria-live', 'polite');
    this._body.className = 'jp-prod-body';

    this.node.append(
      heading,
      this._notebookRow,
      this._actions.node,
      this._status,
      this._summary,
      this._viewSwitch,
      this._body
    );
    this._render();
  }

  /** The notebook the panel follows: the current one in the main area, or null. */
  get notebook(): NotebookPanel | null {
    return this._session?.panel ?? null;
  }

  set notebook(notebook: NotebookPanel | null) {
    if (notebook === this.notebook) {
      return;
    }
    const previous = this._session;
    if (previous) {
      previous.active = false;
      previous.changed.disconnect(this._onSessionChanged, this);
      previous.panel.context.pathChanged.disconnect(this._render, this);
    }
    this._session = notebook ? this._sessionOf(notebook) : null;
    if (this._session) {
      this._session.changed.connect(this._onSessionChanged, this);
      this._session.panel.context.pathChanged.connect(this._render, this);
      this._session.active = true;
    }
    this._render();
  }

  /** The session of an open notebook, made on first sight and kept until the notebook closes. */
  private _sessionOf(notebook: NotebookPanel): NotebookSession {
    let session = this._sessions.get(notebook);
    if (!session) {
      session = new NotebookSession(notebook, this._settings);
      this._sessions.set(notebook, session);
      notebook.disposed.connect(this._onNotebookDisposed, this);
    }
    return session;
  }

  /** What the user chose to see; the panel and the markers follow at once. */
  get settings(): IProdSettings {
    return this._settings;
  }

  set settings(settings: IProdSettings) {
    this._settings = settings;
    for (const session of this._sessions.values()) {
      session.settings = settings;
    }
    this._render();
  }

  /** The findings list or the dependency view. */
  get view(): PanelView {
    return this._view;
  }

  set view(view: PanelView) {
    this._view = view;
    this._render();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    for (const session of this._sessions.values()) {
      session.dispose();
    }
    this._sessions.clear();
    this._actions.dispose();
    this._commands?.commandChanged.disconnect(this._render, this);
    super.dispose();
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    if (this._renderedKey !== this._contentKey()) {
      this._render();
    }
  }

  /** Re-render only when what is shown changed: while typing, most analyses find the same. */
  private _onSessionChanged(): void {
    const busy = this._session?.state.busy ?? false;
    this._button.disabled = busy;
    this.node.classList.toggle('jp-prod-mod-busy', busy);
    if (this._contentKey() !== this._renderedKey) {
      this._render();
    }
  }

  /** What the rendered content depends on, as a string to compare. */
  private _contentKey(): string {
    const session = this._session;
    if (!session) {
      return '';
    }
    const { report, graph, stale, error } = session.state;
    return JSON.stringify([
      session.panel.context.localPath,
      report,
      this._view === 'graph' ? graph : null,
      [...stale.entries()],
      error,
      report ? null : session.state.busy
    ]);
  }

  private _onNotebookDisposed(sender: NotebookPanel): void {
    if (sender === this.notebook) {
      this.notebook = null;
    }
    this._sessions.get(sender)?.dispose();
    this._sessions.delete(sender);
  }

  private _render(): void {
    if (!this.isVisible && this._session) {
      this._renderedKey = null; // Rendered when shown again (onAfterShow).
      return;
    }
    timed('render', () => this._renderNow());
  }

  private _renderNow(): void {
    this._renderedKey = this._contentKey();
    this._renderFrame();
    this._summary.replaceChildren();
    this._body.replaceChildren();
    const session = this._session;
    if (!session) {
      this._setStatus('Open a notebook to check it.');
      return;
    }
    this._renderStatus(session.panel.context.localPath, session.state);
    const { report } = session.state;
    if (report && !report.error) {
      this._summary.append(renderSummary(countByCategory(report.findings, this._settings)));
      this._renderBody(report, session.state);
    }
  }

  /** The parts that do not depend on the analysis: path, tabs, which rows show. */
  private _renderFrame(): void {
    const session = this._session;
    for (const tab of this._viewSwitch.querySelectorAll<HTMLElement>('.jp-prod-view-tab')) {
      const selected = tab.dataset.view === this._view;
      tab.classList.toggle('jp-mod-selected', selected);
      tab.setAttribute('aria-selected', String(selected));
    }
    this.node.dataset.view = this._view;
    this._notebookRow.hidden = session === null;
    this._viewSwitch.hidden = session === null;
    this._actions.node.hidden = session === null || this._actions.node.childElementCount === 0;
    const path = session?.panel.context.localPath ?? '';
    this._path.textContent = path;
    this._path.title = path;
    const busy = session?.state.busy ?? false;
    this._button.disabled = busy;
    this.node.classList.toggle('jp-prod-mod-busy', busy);
  }

  private _renderStatus(path: string, state: ISessionState): void {
    const { report, error, busy } = state;
    if (error) {
      this._setStatus(`Could not check ${path}: ${error}`, true);
    } else if (report?.error) {
      this._setStatus(`Could not analyse ${path}: ${report.error.message} (${report.error.code})`, true);
    } else if (report) {
      const shown = filterFindings(report.findings, this._settings);
      this._setStatus(describeCounts(path, report.findings.length, shown.length));
    } else {
      this._setStatus(busy ? `Checking ${path}…` : '');
    }
  }

  /** The findings grouped by cell, or the dependency view. */
  private _renderBody(report: INotebookReport, state: ISessionState): void {
    const staleCells = new Set(state.stale.keys());
    const shown = filterFindings(report.findings, this._settings);
    const onSelect = (index: number): void => this._select(index);
    if (this._view === 'graph') {
      if (state.graph) {
        this._body.append(
          renderGraph(state.graph, { onSelect, stale: staleCells, flagged: flaggedCells(shown) })
        );
      }
      return;
    }
    const canFix = this._commands?.hasCommand(COMMAND_IDS.applyFix) ?? false;
    this._body.append(
      renderFindings(groupByCell(shown), {
        onSelect,
        onFix: canFix ? (finding, fix) => this._applyFix(finding, fix) : null,
        stale: staleCells
      })
    );
  }

  private _select(index: number): void {
    const notebook = this.notebook;
    if (notebook) {
      selectCell(notebook, index);
    }
  }

  private _applyFix(finding: IFinding, fix: IFix): void {
    const args = { fix, rule: finding.rule } as unknown as ReadonlyPartialJSONObject;
    this._commands?.execute(COMMAND_IDS.applyFix, args).catch(reason => {
      this._setStatus(`Could not apply the fix for ${finding.rule}: ${String(reason)}`, true);
    });
  }

  private _setStatus(text: string, isError = false): void {
    this._status.textContent = text;
    this._status.classList.toggle('jp-prod-error', isError);
  }

  private _settings: IProdSettings = DEFAULT_SETTINGS;
  private _renderedKey: string | null = null;
  private _view: PanelView = 'findings';
  private _session: NotebookSession | null = null;
  private readonly _sessions = new Map<NotebookPanel, NotebookSession>();
  private readonly _commands: CommandRegistry | null;
  private readonly _actions: ActionsBar;
  private readonly _notebookRow = document.createElement('div');
  private readonly _path = document.createElement('span');
  private readonly _button = document.createElement('button');
  private readonly _status = document.createElement('p');
  private readonly _summary = document.createElement('div');
  private readonly _viewSwitch = document.createElement('div');
  private readonly _body = document.createElement('div');
}

function flaggedCells(findings: readonly IFinding[]): Set<number> {
  const cells = new Set<number>();
  for (const finding of findings) {
    if (typeof finding.cell === 'number') {
      cells.add(finding.cell);
    }
  }
  return cells;
}
