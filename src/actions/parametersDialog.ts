/**
 * The parameters dialog: the inferred parameters, editable, then one change to the notebook
 * (insert the `parameters` cell, remove the assignments it replaces, lift hard-coded paths).
 */

import { Dialog, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { el, notes } from './dom';
import { IParameterRow, rowProblems } from './forms';
import { hasAssignment, initialRows } from './plans';
import { IParameterSuggestion, ISuggestedParameter } from './request';

const KIND_WORDS: Record<ISuggestedParameter['kind'], string> = {
  'parameters-cell': 'already a parameter',
  literal: 'a value set in the code',
  path: 'a hard-coded path'
};

/** The form's rows, as the user edits them. */
class ParametersForm extends Widget {
  constructor(
    private readonly _suggestion: IParameterSuggestion,
    rows: IParameterRow[]
  ) {
    super({ node: el('div', { class: 'jp-prod-params-dialog' }) });
    this.rows = rows.map(row => ({ ...row }));
    const table = el('table', { class: 'jp-prod-params' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Keep'), el('th', {}, 'Name'), el('th', {}, 'Type'),
        el('th', {}, 'Default'), el('th', {}, 'From'))));
    const tbody = el('tbody', {});
    this._suggestion.parameters.forEach((parameter, index) => tbody.append(this._row(parameter, index)));
    table.append(tbody);
    const where =
      _suggestion.tagged_cell === null
        ? `A cell tagged "parameters" will be inserted at position ${(_suggestion.insert_index ?? 0) + 1}; ` +
          'the assignments it replaces are removed from their cells. Z in command mode undoes it all.'
        : `New parameters are added to the parameters cell (cell ${_suggestion.tagged_cell + 1}).`;
    this.node.append(el('p', {}, where), table, notes(_suggestion.notes) ?? '');
  }

  readonly rows: IParameterRow[];

  getValue(): IParameterRow[] {
    return this.rows;
  }

  private _row(parameter: ISuggestedParameter, index: number): HTMLTableRowElement {
    const row = this.rows[index];
    const existing = parameter.kind === 'parameters-cell';
    const keep = el('input', { type: 'checkbox', class: 'jp-prod-param-keep', 'aria-label': `keep ${parameter.name}` });
    keep.checked = row.keep;
    keep.disabled = existing;
    keep.addEventListener('change', () => (row.keep = keep.checked));
    const name = el('input', { type: 'text', class: 'jp-mod-styled jp-prod-param-name', 'aria-label': 'name' });
    name.value = row.name;
    // Only a lifted path gets a new name: a value the code already uses keeps its name.
    name.readOnly = parameter.kind !== 'path' || parameter.cell === null || existing || hasAssignment(parameter);
    name.addEventListener('input', () => (row.name = name.value.trim()));
    const value = el('input', { type: 'text', class: 'jp-mod-styled jp-prod-param-default', 'aria-label': `default of ${parameter.name}` });
    value.value = row.default;
    value.readOnly = existing;
    value.addEventListener('input', () => (row.default = value.value));
    return el('tr', { class: 'jp-prod-param-row', 'data-name': parameter.name },
      el('td', {}, keep), el('td', {}, name), el('td', {}, parameter.type ?? '?'), el('td', {}, value),
      el('td', { class: 'jp-prod-param-origin', title: parameter.origin }, `${KIND_WORDS[parameter.kind]}: ${parameter.origin}`));
  }
}

/** Show the dialog until the rows are valid or the user cancels; the rows, or null. */
export async function askParameters(suggestion: IParameterSuggestion): Promise<IParameterRow[] | null> {
  let rows = initialRows(suggestion);
  let problems: string[] = [];
  if (!suggestion.parameters.some(p => p.kind !== 'parameters-cell')) {
    await showDialog({
      title: 'Parameters',
      body: suggestion.parameters.length
        ? `The parameters cell (cell ${(suggestion.tagged_cell ?? 0) + 1}) already holds every value a run may change.`
        : 'No value in this notebook looks like a parameter (a literal set once in an early cell, or a path given to a read or write).',
      buttons: [Dialog.okButton({ label: 'Close' })]
    });
    return null;
  }
  for (;;) {
    const form = new ParametersForm(suggestion, rows);
    if (problems.length) {
      form.node.prepend(el('div', { class: 'jp-prod-error' }, ...problems.map(p => el('div', {}, p))));
    }
    const answer = await showDialog({
      title: 'Add a parameters cell',
      body: form,
      buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Insert' })]
    });
    if (!answer.button.accept || !answer.value) {
      return null;
    }
    rows = answer.value;
    problems = rowProblems(rows);
    if (!problems.length) {
      return rows;
    }
  }
}
