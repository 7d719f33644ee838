/**
 * What the dialogs' answers become: edits, options, paths. Pure functions, unit-tested.
 */

import { IEdit, IReplaceEdit } from '../tokens';
import { appendLines, applyReplaceEdits } from './edits';
import { IParameterRow, parameterLines, parametersCellSource } from './forms';
import { IExportOptions, IParameterSuggestion, IPipInstalls, ISuggestedParameter } from './request';

/** Whether the notebook assigns the parameter (its edits remove that line). */
export function hasAssignment(parameter: ISuggestedParameter): boolean {
  return (parameter.edits ?? []).some(edit => edit.text === '');
}

/** The rows as first shown: everything kept, defaults as the notebook has them. */
export function initialRows(suggestion: IParameterSuggestion): IParameterRow[] {
  return suggestion.parameters.map(p => ({ name: p.name, type: p.type, default: p.default, keep: true }));
}

/**
 * The edits that the user's rows ask for: the new cell (or lines added to the parameters cell),
 * the removed assignments, the lifted paths (under the name the user gave).
 */
export function parameterEdits(
  suggestion: IParameterSuggestion,
  rows: readonly IParameterRow[],
  sourceOf: (cell: number) => string
): IEdit[] {
  const edits: IEdit[] = [];
  const added: IParameterRow[] = [];
  suggestion.parameters.forEach((parameter, index) => {
    const row = rows[index];
    if (!row.keep || parameter.kind === 'parameters-cell') {
      return;
    }
    added.push(row);
    for (const edit of parameter.edits ?? []) {
      const renamed: IReplaceEdit = edit.text === parameter.name ? { ...edit, text: row.name } : edit;
      edits.push(renamed);
    }
  });
  edits.splice(0, edits.length, ...withoutTrailingBlankLines(edits as IReplaceEdit[], sourceOf));
  if (suggestion.tagged_cell === null) {
    if (added.length) {
      edits.push({
        kind: 'insert-cell',
        index: suggestion.insert_index ?? 0,
        cell_type: 'code',
        source: parametersCellSource(added).replace(/\n$/, ''),
        tags: ['parameters']
      });
    }
  } else if (added.length) {
    const cell = suggestion.tagged_cell;
    edits.push(appendLines(cell, sourceOf(cell), parameterLines(added).replace(/\n$/, '')));
  }
  return edits;
}

/**
 * The replace edits as one edit per cell whose result has no blank lines left at its end: an
 * assignment moved out of a cell's last line must not leave an empty line behind.
 */
export function withoutTrailingBlankLines(
  edits: readonly IReplaceEdit[],
  sourceOf: (cell: number) => string
): IReplaceEdit[] {
  const byCell = new Map<number, IReplaceEdit[]>();
  for (const edit of edits) {
    byCell.set(edit.cell, [...(byCell.get(edit.cell) ?? []), edit]);
  }
  const result: IReplaceEdit[] = [];
  for (const [cell, cellEdits] of byCell) {
    const before = sourceOf(cell);
    let after = applyReplaceEdits(before, cellEdits);
    if (!/\n[ \t]*$/.test(before)) {
      after = after.replace(/(?:\n[ \t]*)+$/, '');
    }
    const lines = before.split('\n');
    const last = lines.length;
    result.push({ kind: 'replace', cell, line: 1, column: 1, end_line: last, end_column: Array.from(lines[last - 1]).length + 1, text: after });
  }
  return result;
}

/** The chosen lines' removals, matched to the server's edits by cell and line. */
export function chosenEdits(found: IPipInstalls, kept: readonly boolean[]): IReplaceEdit[] {
  return found.lines
    .filter((line, index) => kept[index] && line.removable)
    .map(line => found.edits.find(e => e.cell === line.cell && e.line === line.line))
    .filter((edit): edit is IReplaceEdit => edit !== undefined);
}

/** The options the form's fields give (empty fields: the server's defaults). */
export function exportOptions(
  path: string,
  fields: { name: string; folder: string; engine: string; replace: boolean; anyway?: boolean }
): IExportOptions {
  const options: IExportOptions = { path, engine: fields.engine === 'spark' ? 'spark' : 'local' };
  if (fields.name.trim()) {
    options.name = fields.name.trim();
  }
  if (fields.folder.trim()) {
    options.output = fields.folder.trim().replace(/\/+$/, '');
  }
  // The server has one `force`: replace an existing job, and export despite errors.
  if (fields.replace || fields.anyway) {
    options.force = true;
  }
  return options;
}

/** `1.2 kB` */
export function size(bytes: number): string {
  return bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} kB`;
}

/** `work/lib/clean.py` seen from the notebook folder `work` → `lib/clean.py`. */
export function moduleInFolder(modulePath: string, notebookPath: string): string {
  const folder = notebookPath.includes('/') ? notebookPath.slice(0, notebookPath.lastIndexOf('/') + 1) : '';
  return folder && modulePath.startsWith(folder) ? modulePath.slice(folder.length) : modulePath;
}

