/**
 * The export dialog: job name, folder, engine, and a preview of the files the export would
 * write (asked of the server as the fields change; nothing is written until Export).
 *
 * A refused export says why in full: the message, then one line per reason with a link to its
 * cell; Export is disabled until the reasons are gone, or the user ticks "Export anyway" when the
 * server allows it (errors, not secrets).
 */

import { Dialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { el, field, messageOf, notes } from './dom';
import { exportOptions, size } from './plans';
import { ActionError, IExportOptions, IExportPreview } from './request';

export type Previewer = (options: IExportOptions) => Promise<IExportPreview>;

class ExportForm extends Widget {
  constructor(
    private readonly _path: string,
    private readonly _preview: Previewer,
    defaultName: string,
    private readonly _onCell: ((cell: number) => void) | null = null
  ) {
    super({ node: el('div', { class: 'jp-prod-export-dialog' }) });
    this._name.value = defaultName;
    for (const engine of ['local', 'spark']) {
      this._engine.append(el('option', { value: engine }, engine === 'local' ? 'local (pandas)' : 'spark (pandas API on Spark)'));
    }
    for (const input of [this._name, this._folder, this._engine, this._replace, this._anyway]) {
      input.addEventListener('change', () => this._schedule());
      input.addEventListener('input', () => this._schedule());
    }
    this.node.append(
      field('Job name', this._name),
      field('Folder', this._folder, 'relative to the server root; empty: jobs/<name> beside the notebook'),
      field('Engine', this._engine),
      el('label', { class: 'jp-prod-export-replace' }, this._replace, ' Replace the job if it exists (its runs are kept)'),
      this._anywayRow,
      this._body
    );
    this._anywayRow.hidden = true;
    this._schedule(0);
  }

  getValue(): IExportOptions {
    return this.options;
  }

  get options(): IExportOptions {
    return exportOptions(this._path, {
      name: this._name.value,
      folder: this._folder.value,
      engine: this._engine.value,
      replace: this._replace.checked,
      anyway: !this._anywayRow.hidden && this._anyway.checked
    });
  }

  private _schedule(delay = 400): void {
    const asked = JSON.stringify(this.options);
    if (asked === this._lastAsked) {
      return; // focus left a field without changing it: keep the preview (and the file shown)
    }
    this._lastAsked = asked;
    window.clearTimeout(this._timer);
    this._timer = window.setTimeout(() => void this._refresh(), delay);
  }

  private async _refresh(): Promise<void> {
    const asked = ++this._asked;
    this._body.replaceChildren(el('p', { class: 'jp-prod-export-loading' }, 'Preparing the preview…'));
    try {
      const preview = await this._preview(this.options);
      if (asked === this._asked) {
        this._setExportable(true);
        this._show(preview);
      }
    } catch (reason) {
      if (asked === this._asked) {
        this._showRefusal(reason);
      }
    }
  }

  /** Why the export is refused, each reason on its own line, linked to its cell. */
  private _showRefusal(reason: unknown): void {
    const refused = reason instanceof ActionError ? reason : null;
    const list = el('ul', { class: 'jp-prod-export-reasons' });
    for (const text of refused?.reasons ?? []) {
      list.append(el('li', {}, ...this._linked(text)));
    }
    this._anywayRow.hidden = !refused?.overridable;
    this._setExportable(false);
    this._body.replaceChildren(
      el(
        'div',
        { class: 'jp-prod-error jp-prod-export-refused', role: 'alert' },
        el('p', {}, refused ? refused.message : messageOf(reason)),
        list.childElementCount ? list : ''
      )
    );
  }

  /** `HS003 cell 4: …` with `cell 4` as a link that shows the cell. */
  private _linked(text: string): (Node | string)[] {
    const match = /\bcell (\d+)/.exec(text);
    if (!match || !this._onCell) {
      return [text];
    }
    const cell = Number(match[1]) - 1;
    const link = el('button', { class: 'jp-prod-link jp-prod-export-cell', 'data-cell-index': String(cell) }, match[0]);
    const onCell = this._onCell;
    link.addEventListener('click', () => onCell(cell));
    return [text.slice(0, match.index), link, text.slice(match.index + match[0].length)];
  }

  /** Export stays disabled while the server refuses, unless the user ticked "Export anyway". */
  private _setExportable(exportable: boolean): void {
    const accept = this.node.closest('.jp-Dialog-content')?.querySelector<HTMLButtonElement>('.jp-Dialog-button.jp-mod-accept');
    if (accept) {
      accept.disabled = !exportable;
      accept.title = exportable ? '' : 'The export is refused: see why above';
    }
  }

  private _show(preview: IExportPreview): void {
    const text = el('pre', { class: 'jp-prod-export-file-text' });
    const files = el('ul', { class: 'jp-prod-export-files' });
    for (const file of preview.files) {
      const item = el('li', { 'data-path': file.path }, el('button', { class: 'jp-prod-link' }, file.path), ` ${size(file.size)}`);
      item.querySelector('button')!.addEventListener('click', () => {
        text.textContent = file.text ?? '(not shown: large or binary)';
      });
      files.append(item);
    }
    const exists = preview.exists && !this._replace.checked
      ? el('p', { class: 'jp-prod-error' }, `${preview.job_dir} exists: tick “Replace” to export again.`)
      : '';
    this._body.replaceChildren(
      el('p', { class: 'jp-prod-export-target' }, 'The job goes to ', el('code', {}, preview.job_dir), ':'),
      exists,
      files,
      text,
      notes(preview.report.notes ?? []) ?? ''
    );
  }

  private _timer = 0;
  private _lastAsked = '';
  private _asked = 0;
  private readonly _name = el('input', { type: 'text', class: 'jp-mod-styled jp-prod-export-name' });
  private readonly _folder = el('input', { type: 'text', class: 'jp-mod-styled jp-prod-export-folder' });
  private readonly _engine = el('select', { class: 'jp-mod-styled jp-prod-export-engine' });
  private readonly _replace = el('input', { type: 'checkbox', class: 'jp-prod-export-force' });
  private readonly _anyway = el('input', { type: 'checkbox', class: 'jp-prod-export-anyway' });
  private readonly _anywayRow = el('label', { class: 'jp-prod-export-replace' }, this._anyway, ' Export anyway, with these errors');
  private readonly _body = el('div', { class: 'jp-prod-export-preview' });
}

/** Show the dialog; the options to export with, or null. A reason's cell link closes the dialog
 * and calls `onCell` with the cell's 0-based index. */
export async function askExport(
  path: string,
  preview: Previewer,
  onCell: ((cell: number) => void) | null = null
): Promise<IExportOptions | null> {
  const stem = path.split('/').pop()!.replace(/\.ipynb$/, '');
  let dialog: Dialog<IExportOptions> | null = null;
  const goTo = onCell
    ? (cell: number): void => {
        dialog?.reject();
        onCell(cell);
      }
    : null;
  dialog = new Dialog({
    title: 'Export as a job',
    body: new ExportForm(path, preview, stem, goTo),
    buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Export' })]
  });
  const answer = await dialog.launch();
  // Enter in a field accepts even while Export is disabled: a refused export is not started.
  const refused = dialog.node.querySelector('.jp-prod-export-refused') !== null;
  const anyway = dialog.node.querySelector<HTMLInputElement>('.jp-prod-export-anyway')?.checked ?? false;
  return answer.button.accept && (!refused || anyway) ? answer.value : null;
}
