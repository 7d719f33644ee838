/**
 * The sidebar panel: the current notebook, a Check button, the actions row, a summary by
 * category (toggles that filter the list), severity toggles, and either the findings grouped by
 * cell, the dependency view or the runs of the notebook's jobs.
 */

import { PathExt } from '@jupyterlab/coreutils';
import { NotebookPanel } from '@jupyterlab/notebook';
import { CommandRegistry } from '@lumino/commands';
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

import { selectCell } from '../cells';
import { timed } from '../timing';
import { prodIcon } from '../icon';
import {
  countByCategory,
  describeCounts,
  filterFindings,
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
import { setCurrent } from './findingsList';
import { applyFix } from './fixApply';
import { renderSeverityFilters } from './severityFilters';
import { renderFindingsBody, renderGraphBody } from './body';
import { RunsView } from './runsView';
import { ISessionState, NotebookSession } from './session';
import { renderSummary } from './summary';
import { PanelView, ViewTabs } from './viewTabs';

export type { PanelView } from './viewTabs';

export interface IProdPanelOptions {
  commands?: CommandRegistry | null;
  /** Bring the panel into view in the shell (a badge in the notebook was activated). */
  reveal?: () => void;
}

export class ProdPanel extends Widget {
  constructor(options: IProdPanelOptions = {}) {
    super();
    this.id = PANEL_ID;
    this.addClass('jp-prod-panel');
    this.title.icon = prodIcon;
    this.title.caption = 'Production readiness';
    this._commands = options.commands ?? null;
    this._revealPanel = options.reveal ?? null;
    this._runs = new RunsView({ open: path => this._open(path) });
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

    this._filters.className = 'jp-prod-filters';
    this._filters.setAttribute('role', 'group');
    this._filters.setAttribute('aria-label', 'Show findings by severity');

    this._status.className = 'jp-prod-status';
    this._status.setAttribute('aria-live', 'polite');
    this._body.className = 'jp-prod-body';
    this._notice.className = 'jp-prod-notice';
    this._notice.setAttribute('role', 'status');

    this.node.append(
      heading,
      this._notebookRow,
      this._actions.node,
      this._status,
      this._notice,
      this._summary,
      this._viewTabs.node,
      this._filters,
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
    this._collapsed.clear();
    this._notice.textContent = '';
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
      session.onReveal = index => this.revealCell(notebook, index);
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
    this._runs.active = view === 'runs' && this.isVisible;
    this._render();
  }

  /** Show a cell's findings (its badge in the notebook was activated) and focus the first. */
  revealCell(notebook: NotebookPanel, index: number): void {
    if (notebook !== this.notebook) {
      return;
    }
    this._revealPanel?.();
    this._view = 'findings';
    this._collapsed.delete(index);
    this._renderNow();
    const first = this._body.querySelector<HTMLElement>(
      `.jp-prod-cell-group[data-cell-index="${index}"] .jp-prod-finding`
    );
    if (first) {
      setCurrent(first.closest('.jp-prod-findings') as HTMLElement, first);
      first.focus();
    }
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
    this._runs.dispose();
    this._commands?.commandChanged.disconnect(this._render, this);
    super.dispose();
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._runs.active = this._view === 'runs';
    if (this._renderedKey !== this._contentKey()) {
      this._render();
    }
  }

  protected onResize(msg: Widget.ResizeMessage): void {
    super.onResize(msg);
    if (this._view === 'graph' && this.isVisible && this._body.clientWidth !== this._graphWidth) {
      this._renderNow();
    }
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this._runs.active = false;
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
      this._view,
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
    // A re-render must not lose the user's place in the list: remember the focused finding or
    // group heading.
    const focused = this.node.contains(document.activeElement) ? placeOf(document.activeElement as HTMLElement) : null;
    this._renderFrame();
    this._summary.replaceChildren();
    this._filters.replaceChildren();
    if (this._view !== 'runs' || !this._body.contains(this._runs.node)) {
      this._body.replaceChildren();
    }
    const session = this._session;
    if (!session) {
      this._setStatus('Open a notebook to check it.');
      return;
    }
    this._renderStatus(session.panel.context.localPath, session.state);
    if (this._view === 'runs') {
      this._runs.folder = PathExt.dirname(session.panel.context.path) || '.';
      this._body.replaceChildren(this._runs.node);
      return;
    }
    const { report } = session.state;
    if (report && !report.error) {
      this._summary.append(
        renderSummary(countByCategory(report.findings, this._settings), {
          hidden: this._hiddenCategories,
          onToggle: category => this._toggleFilter(this._hiddenCategories, category)
        })
      );
      if (this._view === 'findings') {
        this._renderSeverityFilters(filterFindings(report.findings, this._settings));
      }
      this._renderBody(report, session.state);
    }
    if (focused) {
      const again = [...this._body.querySelectorAll<HTMLElement>('.jp-prod-finding, .jp-prod-group-toggle')].find(
        node => placeOf(node) === focused
      );
      if (again) {
        setCurrent(again.closest('.jp-prod-findings') as HTMLElement, again);
        again.focus();
      }
    }
  }

  /** One toggle per severity present, with its count, and the "Worst first" order toggle. */
  private _renderSeverityFilters(findings: readonly IFinding[]): void {
    this._filters.append(
      ...renderSeverityFilters(findings, {
        hidden: this._hiddenSeverities,
        worstFirst: this._worstFirst,
        onToggle: severity => this._toggleFilter(this._hiddenSeverities, severity),
        onWorstFirst: () => {
          this._worstFirst = !this._worstFirst;
          this._renderNow();
          this._filters.querySelector<HTMLElement>('.jp-prod-sort')?.focus();
        }
      })
    );
  }

  private _toggleFilter(hidden: Set<string>, value: string): void {
    if (!hidden.delete(value)) {
      hidden.add(value);
    }
    const selector = `[data-severity="${value}"].jp-prod-filter, .jp-prod-summary-item[data-category="${value}"] button`;
    this._renderNow();
    this.node.querySelector<HTMLElement>(selector)?.focus(); // keep the keyboard where it was
  }

  /** The findings the settings and the panel's own toggles let through. */
  private _listed(findings: readonly IFinding[]): IFinding[] {
    return filterFindings(findings, this._settings).filter(
      finding => !this._hiddenSeverities.has(finding.severity) && !this._hiddenCategories.has(finding.category)
    );
  }

  /** The parts that do not depend on the analysis: path, tabs, which rows show. */
  private _renderFrame(): void {
    const session = this._session;
    this._viewTabs.select(this._view);
    this.node.dataset.view = this._view;
    this._notebookRow.hidden = session === null;
    this._viewTabs.node.hidden = session === null;
    this._actions.node.hidden = session === null || this._actions.node.childElementCount === 0;
    this._summary.hidden = this._view === 'runs';
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
    const onSelect = (index: number, finding?: IFinding): void => this._select(index, finding);
    if (this._view === 'graph') {
      // As wide as the sidebar is now; a resize draws it again (onResize).
      this._graphWidth = this._body.clientWidth;
      this._body.append(...renderGraphBody(state, this._listed(report.findings), this._graphWidth, onSelect));
      return;
    }
    const canFix = this._commands?.hasCommand(COMMAND_IDS.applyFix) ?? false;
    this._body.append(
      renderFindingsBody(report, state, this._listed(report.findings), {
        onSelect,
        onFix: canFix ? (finding, fix) => void this._applyFix(finding, fix) : null,
        cells: this.notebook?.content.widgets ?? [],
        worstFirst: this._worstFirst,
        collapsed: this._collapsed,
        label: `Findings in ${this.notebook?.context.localPath ?? 'the notebook'}`
      })
    );
  }

  private _select(index: number, finding?: IFinding): void {
    const notebook = this.notebook;
    if (notebook) {
      selectCell(notebook, index, finding ? { line: finding.line, column: finding.column } : undefined);
    }
  }

  /** Show what the fix changes, apply it when the user agrees, then land on the cell and say so. */
  private async _applyFix(finding: IFinding, fix: IFix): Promise<void> {
    const notebook = this.notebook;
    if (!notebook || !this._commands) {
      return;
    }
    this._notice.textContent = '';
    const outcome = await applyFix(notebook, this._commands, finding, fix);
    if (outcome.error) {
      this._setStatus(outcome.error, true);
    } else if (outcome.notice) {
      // Not the status line: the analysis that follows the edit rewrites that one at once.
      this._notice.textContent = outcome.notice;
    }
  }

  private _open(path: string): void {
    void this._commands?.execute('docmanager:open', { path });
  }

  private _setStatus(text: string, isError = false): void {
    this._status.textContent = text;
    this._status.classList.toggle('jp-prod-error', isError);
  }

  private _settings: IProdSettings = DEFAULT_SETTINGS;
  private readonly _revealPanel: (() => void) | null;
  private readonly _runs: RunsView;
  private readonly _collapsed = new Set<number | null>();
  private _graphWidth = 0;
  private _worstFirst = false;
  private readonly _hiddenSeverities = new Set<string>();
  private readonly _hiddenCategories = new Set<string>();
  private readonly _filters = document.createElement('div');
  private readonly _notice = document.createElement('p');
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
  private readonly _viewTabs = new ViewTabs(view => (this.view = view));
  private readonly _body = document.createElement('div');
}

/** What identifies a finding or a group heading of the list across re-renders, or null. */
function placeOf(node: HTMLElement): string | null {
  const finding = node.closest<HTMLElement>('.jp-prod-finding');
  if (finding) {
    return `finding:${finding.dataset.key}`;
  }
  if (node.classList.contains('jp-prod-group-toggle')) {
    return `group:${node.closest<HTMLElement>('.jp-prod-cell-group')?.dataset.cellIndex ?? 'notebook'}`;
  }
  return null;
}
