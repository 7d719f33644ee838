/**
 * Fix edits as pure text operations: no notebook, no DOM, unit-tested.
 *
 * Positions are those of the server's fixes: 1-based lines and 1-based columns counted in
 * characters (code points, as Python counts them) within one cell's source.
 */

import { IEdit, IFix, IInsertCellEdit, IReplaceEdit } from '../tokens';

/** An edit that does not fit the cell as it is now (it changed since it was analysed). */
export class EditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditError';
  }
}

/** The UTF-16 offset in `source` of (line, column), or an EditError when out of range. */
export function offsetOf(source: string, line: number, column: number): number {
  const lines = source.split('\n');
  if (!Number.isInteger(line) || line < 1 || line > lines.length) {
    throw new EditError(`line ${line} is not in the cell (it has ${lines.length})`);
  }
  const text = Array.from(lines[line - 1]);
  if (!Number.isInteger(column) || column < 1 || column > text.length + 1) {
    throw new EditError(`column ${column} is not on line ${line}`);
  }
  let offset = 0;
  for (let i = 0; i < line - 1; i++) {
    offset += lines[i].length + 1;
  }
  return offset + text.slice(0, column - 1).join('').length;
}

/** A replace edit as a UTF-16 range of the cell's source. */
export interface IRange {
  start: number;
  end: number;
  text: string;
}

/** The ranges of `edits` in `source`, last first (so applying them in order keeps offsets). */
export function rangesOf(source: string, edits: readonly IReplaceEdit[]): IRange[] {
  const ranges = edits.map(edit => {
    const start = offsetOf(source, edit.line, edit.column);
    const end = offsetOf(source, edit.end_line, edit.end_column);
    if (end < start) {
      throw new EditError(`an edit ends before it starts (line ${edit.line})`);
    }
    return { start, end, text: edit.text };
  });
  ranges.sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i].end > ranges[i - 1].start) {
      throw new EditError('two edits overlap');
    }
  }
  return ranges;
}

/** `source` with the replace edits applied. */
export function applyReplaceEdits(source: string, edits: readonly IReplaceEdit[]): string {
  let result = source;
  for (const range of rangesOf(source, edits)) {
    result = result.slice(0, range.start) + range.text + result.slice(range.end);
  }
  return result;
}

/** What a fix does, checked against the notebook before anything changes. */
export interface IFixPlan {
  /** Cell index → its replace edits (indices as they are before any insertion). */
  replacements: Map<number, IReplaceEdit[]>;
  /** Inserted cells, highest index first (so earlier indices stay valid). */
  insertions: IInsertCellEdit[];
}

/** Group a fix's edits; an error when it is display-only or names a cell that is not there. */
export function planFix(fix: IFix, cellCount: number): IFixPlan {
  if (fix.safety === 'display-only') {
    throw new EditError('this fix is a suggestion to apply by hand');
  }
  return planEdits(fix.edits, cellCount);
}

export function planEdits(edits: readonly IEdit[], cellCount: number): IFixPlan {
  const replacements = new Map<number, IReplaceEdit[]>();
  const insertions: IInsertCellEdit[] = [];
  for (const edit of edits) {
    if (edit.kind === 'replace') {
      if (edit.cell < 0 || edit.cell >= cellCount) {
        throw new EditError(`cell ${edit.cell + 1} is not in the notebook`);
      }
      replacements.set(edit.cell, [...(replacements.get(edit.cell) ?? []), edit]);
    } else if (edit.kind === 'insert-cell') {
      if (edit.index < 0 || edit.index > cellCount) {
        throw new EditError(`cannot insert a cell at position ${edit.index + 1}`);
      }
      insertions.push(edit);
    } else {
      throw new EditError(`unknown edit kind ${(edit as { kind: string }).kind}`);
    }
  }
  insertions.sort((a, b) => b.index - a.index);
  return { replacements, insertions };
}

/** The new source of every edited cell, computed before the notebook changes (all or nothing). */
export function newSources(
  plan: IFixPlan,
  sourceOf: (cell: number) => string
): Map<number, string> {
  const sources = new Map<number, string>();
  for (const [cell, edits] of plan.replacements) {
    sources.set(cell, applyReplaceEdits(sourceOf(cell), edits));
  }
  return sources;
}

/** An edit that removes whole lines `first`..`last` of a cell of `lineCount` lines. */
export function lineRemoval(
  cell: number,
  source: string,
  first: number,
  last: number
): IReplaceEdit {
  const lines = source.split('\n');
  if (last < lines.length) {
    return { kind: 'replace', cell, line: first, column: 1, end_line: last + 1, end_column: 1, text: '' };
  }
  const end = Array.from(lines[last - 1] ?? '').length + 1;
  return { kind: 'replace', cell, line: first, column: 1, end_line: last, end_column: end, text: '' };
}

/** An edit that appends `text` as new lines at the end of a cell. */
export function appendLines(cell: number, source: string, text: string): IReplaceEdit {
  const lines = source.split('\n');
  const last = lines.length;
  const column = Array.from(lines[last - 1]).length + 1;
  const joiner = source === '' || source.endsWith('\n') ? '' : '\n';
  return { kind: 'replace', cell, line: last, column, end_line: last, end_column: column, text: joiner + text };
}
