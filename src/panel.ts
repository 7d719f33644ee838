/**
 * The sidebar panel: the current notebook, a Check button and the findings.
 */

import { NotebookPanel } from '@jupyterlab/notebook';
import { ServerConnection } from '@jupyterlab/services';
import { Widget } from '@lumino/widgets';

import { prodIcon } from './icon';
import { checkNotebook, ServerRequestError } from './request';
import {
  DEFAULT_SETTINGS,
  IFinding,
  INotebookReport,
  IProdSettings,
  PANEL_ID,
  SEVERITIES
} from './tokens';

export class ProdPanel extends Widget {
  constructor() {
    super();
    this.id = PANEL_ID;
    this.addClass('jp-prod-panel');
    this.title.icon = prodIcon;
    this.title.caption = 'Production readiness';

    const heading = document.createElement('h2');
    heading.className = 'jp-prod-heading';
    heading.textContent = 'jupyter-prod';

    this._notebookRow.className = 'jp-prod-notebook';
    this._path.className = 'jp-prod-path';
    this._button.className = 'jp-mod-styled jp-mod-accept jp-prod-check-button';
    this._button.textContent = 'Check';
    this._button.addEventListener('click', () => void this._check());
    this._notebookRow.append(this._path, this._button);

    this._status.className = 'jp-prod-status';
    this._status.setAttribute('aria-live', 'polite');
    this._findings.className = 'jp-prod-findings';

    this.node.append(heading, this._notebookRow, this._status, this._findings);
    this._showNotebook();
  }

  /** The notebook that Check analyses: the current one in the main area, or null. */
  get notebook(): NotebookPanel | null {
    return this._notebook;
  }

  set notebook(notebook: NotebookPanel | null) {
    if (notebook === this._notebook) {
      return;
    }
    this._notebook?.context.pathChanged.disconnect(this._showNotebook, this);
    this._notebook = notebook;
    this._notebook?.context.pathChanged.connect(this._showNotebook, this);
    this._report = null;
    this._showNotebook();
  }

  /** What the user chose to see; changing it re-renders the last result. */
  set settings(settings: IProdSettings) {
    this._settings = settings;
    this._render();
  }

  private _showNotebook(): void {
    const notebook = this._notebook;
    this._notebookRow.hidden = notebook === null;
    this._path.textContent = notebook?.context.localPath ?? '';
    this._path.title = this._path.textContent;
    this._render();
  }

  private async _check(): Promise<void> {
    const notebook = this._notebook;
    if (!notebook) {
      return;
    }
    const path = notebook.context.localPath;
    this._button.disabled = true;
    this._report = null;
    this._render();
    this._setStatus(`Checking ${path}…`);
    try {
      const response = await checkNotebook(path);
      if (notebook !== this._notebook) {
        return; // The user moved to another notebook meanwhile.
      }
      this._report =
        response.notebooks.find(report => report.path === path) ??
        response.notebooks[0] ??
        null;
      this._unsaved = notebook.context.model.dirty;
      this._render();
    } catch (error) {
      this._setStatus(`Could not check ${path}: ${describeError(error)}`, true);
    } finally {
      this._button.disabled = false;
    }
  }

  private _render(): void {
    this._findings.replaceChildren();
    const report = this._report;
    if (!this._notebook) {
      this._setStatus('Open a notebook to check it.');
      return;
    }
    if (!report) {
      this._setStatus('');
      return;
    }
    if (report.error) {
      const { code, message } = report.error;
      this._setStatus(
        `Could not analyse ${report.path}: ${message} (${code})`,
        true
      );
      return;
    }
    const shown = report.findings.filter(finding => this._isShown(finding));
    this._findings.append(...shown.map(renderFinding));
    this._setStatus(summarise(report, shown.length, this._unsaved));
  }

  private _isShown(finding: IFinding): boolean {
    const { severityThreshold, enabledCategories } = this._settings;
    const rank = SEVERITIES.indexOf(finding.severity);
    // A severity or category this version does not know is shown rather than lost.
    const severe = rank < 0 || rank >= SEVERITIES.indexOf(severityThreshold);
    return severe && enabledCategories.includes(finding.category);
  }

  private _setStatus(text: string, isError = false): void {
    this._status.textContent = text;
    this._status.classList.toggle('jp-prod-error', isError);
  }

  private _notebook: NotebookPanel | null = null;
  private _report: INotebookReport | null = null;
  private _unsaved = false;
  private _settings: IProdSettings = DEFAULT_SETTINGS;
  private readonly _notebookRow = document.createElement('div');
  private readonly _path = document.createElement('span');
  private readonly _button = document.createElement('button');
  private readonly _status = document.createElement('p');
  private readonly _findings = document.createElement('ul');
}

function renderFinding(finding: IFinding): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'jp-prod-finding';
  item.dataset.rule = finding.rule;
  item.dataset.category = finding.category;
  item.dataset.severity = finding.severity;
  let where = 'notebook';
  if (typeof finding.cell === 'number') {
    // The JSON `cell` is the 0-based index; people count cells from 1, as the CLI prints them.
    item.dataset.cellIndex = String(finding.cell);
    where = `cell ${finding.cell + 1}`;
  }
  item.textContent = `${where}: ${finding.rule} ${finding.message}`;
  item.title = `${finding.name} (${finding.severity})`;
  return item;
}

function summarise(
  report: INotebookReport,
  shown: number,
  unsaved: boolean
): string {
  const total = report.findings.length;
  const hidden = total - shown;
  let text =
    total === 0
      ? `No findings in ${report.path}.`
      : `${total} finding${total === 1 ? '' : 's'} in ${report.path}`;
  if (hidden > 0) {
    text += `, ${hidden} hidden by your settings`;
  }
  if (total > 0) {
    text += '.';
  }
  if (unsaved) {
    text +=
      ' Unsaved changes were not checked: save the notebook and check again.';
  }
  return text;
}

/** Say what went wrong in words a user can act on. */
function describeError(error: unknown): string {
  if (error instanceof ServerRequestError) {
    if (error.status === 404 && error.serverMessage === null) {
      return (
        'the jupyter-prod server extension did not answer. ' +
        'Check that it is installed and enabled (jupyter server extension list), ' +
        'then restart Jupyter.'
      );
    }
    return error.message;
  }
  if (error instanceof ServerConnection.NetworkError) {
    return `the Jupyter server cannot be reached (${error.message}).`;
  }
  return error instanceof Error ? error.message : String(error);
}
