/**
 * The export dialog: job name, folder, engine, and a preview of the files the export would
 * write (asked of the server as the fields change; nothing is written until Export).
 */

import { Dialog, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { el, field, messageOf, notes } from './dom';
import { exportOptions, size } from './plans';
import { IExportOptions, IExportPreview } from './request';

export type Previewer = (options: IExportOptions) => Promise<IExportPreview>;

class ExportForm extends Widget {
  constructor(
    private readonly _path: string,
    private readonly _preview: Previewer,
    defaultName: string
  ) {
    super({ node: el('div', { class: 'jp-prod-export-dialog' }) });
    this._name.value = defaultName;
    for (const engine of ['local', 'spark']) {
      this._engine.append(el('option', { value: engine }, engine === 'local' ? 'local (pandas)' : 'spark (pandas API on Spark)'));
    }
    for (const input of [this._name, this._folder, this._engine, this._replace]) {
      input.addEventListener('change', () => this._schedule());
      input.addEventListener('input', () => this._schedule());
    }
    this.node.append(
      field('Job name', this._name),
      field('Folder', this._folder, 'relative to the server root; empty: jobs/<name> beside the notebook'),
      field('Engine', this._engine),
      el('label', { class: 'jp-prod-export-replace' }, this._replace, ' Replace the job if it exists (its runs are kept)'),
      this._body
    );
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
      replace: this._replace.checked
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
        this._show(preview);
      }
    } catch (reason) {
      if (asked === this._asked) {
        this._body.replaceChildren(el('pre', { class: 'jp-prod-error jp-prod-export-refused' }, messageOf(reason)));
      }
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
  private readonly _body = el('div', { class: 'jp-prod-export-preview' });
}

/** Show the dialog; the options to export with, or null. */
export async function askExport(path: string, preview: Previewer): Promise<IExportOptions | null> {
  const stem = path.split('/').pop()!.replace(/\.ipynb$/, '');
  const answer = await showDialog({
    title: 'Export as a job',
    body: new ExportForm(path, preview, stem),
    buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Export' })]
  });
  return answer.button.accept ? answer.value : null;
}
