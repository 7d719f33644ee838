/**
 * The extract dialog: the function the selected cells would become (inputs, outputs, body,
 * black-formatted), its name and module editable; re-asked of the server on each change.
 */

import { Dialog, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { el, field, messageOf, notes } from './dom';
import { isIdentifier } from './forms';
import { moduleInFolder } from './plans';
import { IExtraction } from './request';

export type Extractor = (name?: string, module?: string) => Promise<IExtraction>;

export interface IExtractChoice {
  name?: string;
  module?: string;
}

class ExtractForm extends Widget {
  constructor(
    private _extraction: IExtraction | null,
    private readonly _extract: Extractor,
    notebookPath: string
  ) {
    super({ node: el('div', { class: 'jp-prod-extract-dialog' }) });
    this._name.value = _extraction?.name ?? '';
    this._module.value = _extraction ? moduleInFolder(_extraction.module_path, notebookPath) : '';
    for (const input of [this._name, this._module]) {
      input.addEventListener('change', () => void this._refresh());
    }
    this.node.append(
      field('Function', this._name),
      field('Module', this._module, 'a .py file, relative to the notebook’s folder; created if missing'),
      this._body
    );
    this._render();
  }

  /** The name and module asked for (the command extracts again with them: no stale answer). */
  getValue(): IExtractChoice {
    return { name: this._name.value.trim() || undefined, module: this._module.value.trim() || undefined };
  }

  private async _refresh(): Promise<void> {
    const name = this._name.value.trim();
    if (name && !isIdentifier(name)) {
      this._error = `"${name}" is not a valid Python function name`;
      this._render();
      return;
    }
    try {
      this._extraction = await this._extract(name || undefined, this._module.value.trim() || undefined);
      this._error = null;
    } catch (reason) {
      this._error = messageOf(reason);
    }
    this._render();
  }

  private _render(): void {
    const x = this._extraction;
    const words = (names: string[]) => (names.length ? names.join(', ') : 'none');
    this._body.replaceChildren(
      this._error ? el('pre', { class: 'jp-prod-error' }, this._error) : '',
      x
        ? el('div', {},
            el('p', { class: 'jp-prod-extract-io' }, 'Takes: ', el('code', {}, words(x.inputs)),
              ' · gives back: ', el('code', {}, words(x.outputs))),
            el('pre', { class: 'jp-prod-extract-function' }, x.function),
            el('p', {}, `The ${x.cells.length === 1 ? 'cell is' : `${x.cells.length} cells are`} replaced by:`),
            el('pre', { class: 'jp-prod-extract-replacement' }, x.replacement),
            notes(x.notes) ?? '')
        : ''
    );
  }

  private _error: string | null = null;
  private readonly _name = el('input', { type: 'text', class: 'jp-mod-styled jp-prod-extract-name' });
  private readonly _module = el('input', { type: 'text', class: 'jp-mod-styled jp-prod-extract-module' });
  private readonly _body = el('div', { class: 'jp-prod-extract-body' });
}

/** Show the function; the name and module the user confirmed, or null. */
export async function askExtraction(
  first: IExtraction,
  extract: Extractor,
  notebookPath: string
): Promise<IExtractChoice | null> {
  const answer = await showDialog({
    title: 'Extract into a function',
    body: new ExtractForm(first, extract, notebookPath),
    buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Extract' })]
  });
  return answer.button.accept ? answer.value : null;
}
