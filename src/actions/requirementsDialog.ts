/**
 * The requirements dialog: the notebook's `pip install` lines, which to move, and the
 * requirements file they go to (written only when the user confirms).
 */

import { Dialog, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { IReplaceEdit } from '../tokens';
import { el, field } from './dom';
import { keptPackages } from './forms';
import { chosenEdits } from './plans';
import { IPipInstalls } from './request';

export interface IRequirementsChoice {
  requirements: string;
  packages: string[];
  /** The edits that remove the chosen lines from their cells. */
  edits: IReplaceEdit[];
}

class RequirementsForm extends Widget {
  constructor(private readonly _found: IPipInstalls) {
    super({ node: el('div', { class: 'jp-prod-requirements-dialog' }) });
    this._kept = _found.lines.map(line => line.removable);
    this._file.value = _found.requirements_path;
    const list = el('ul', { class: 'jp-prod-requirements-lines' });
    _found.lines.forEach((line, index) => {
      const box = el('input', { type: 'checkbox', 'aria-label': `move ${line.text}` });
      box.checked = this._kept[index];
      box.disabled = !line.removable;
      box.addEventListener('change', () => (this._kept[index] = box.checked));
      const why = line.removable ? '' : ' — does more than install: edit it by hand';
      list.append(el('li', {}, el('label', {}, box, ' ', el('code', {}, line.text),
        ` (cell ${line.cell + 1}, line ${line.line})${why}`)));
    });
    this.node.append(
      el('p', {}, 'These lines install packages each time the notebook runs. Move them to a requirements file, ' +
        'and remove them from their cells:'),
      list,
      field('Requirements file', this._file, 'relative to the server root; packages it lists already are not repeated')
    );
  }

  getValue(): IRequirementsChoice {
    return {
      requirements: this._file.value.trim(),
      packages: keptPackages(this._found.lines, this._kept),
      edits: chosenEdits(this._found, this._kept)
    };
  }

  private readonly _kept: boolean[];
  private readonly _file = el('input', { type: 'text', class: 'jp-mod-styled jp-prod-requirements-file' });
}

/** Show the lines; the user's choice, or null. */
export async function askRequirements(found: IPipInstalls): Promise<IRequirementsChoice | null> {
  if (!found.lines.length) {
    await showDialog({
      title: 'Requirements',
      body: 'This notebook has no `pip install` line.',
      buttons: [Dialog.okButton({ label: 'Close' })]
    });
    return null;
  }
  const answer = await showDialog({
    title: 'Move pip installs to a requirements file',
    body: new RequirementsForm(found),
    buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Move' })]
  });
  return answer.button.accept ? answer.value : null;
}
