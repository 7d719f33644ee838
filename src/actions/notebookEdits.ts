/**
 * Changes to the open notebook, through its shared model: one transaction each, so one undo
 * reverts the whole change. Nothing is written to disk.
 *
 * JupyterLab 4 keeps an undo history per cell (Ctrl+Z in the cell) and one for cell operations
 * (Z in command mode, "Undo Cell Operation"). A change of one cell's text is made in that cell's
 * transaction, so Ctrl+Z in the cell reverts it; a change that adds, removes or spans cells is
 * one notebook transaction, reverted by one Z in command mode.
 */

import { INotebookModel } from '@jupyterlab/notebook';

import { IEdit, IFix } from '../tokens';
import { EditError, IRange, planEdits, planFix, rangesOf } from './edits';

/** Apply a finding's fix to the notebook; all of it, or (EditError) nothing. */
export function applyFix(model: INotebookModel, fix: IFix): void {
  planFix(fix, model.sharedModel.cells.length);
  applyEdits(model, fix.edits);
}

/** Apply edits (replace ranges, insert cells) in one undoable transaction. */
export function applyEdits(model: INotebookModel, edits: readonly IEdit[]): void {
  const notebook = model.sharedModel;
  const plan = planEdits(edits, notebook.cells.length);
  // Every range is computed before the notebook changes: a stale edit changes nothing.
  const ranges = new Map<number, IRange[]>();
  for (const [cell, cellEdits] of plan.replacements) {
    ranges.set(cell, rangesOf(notebook.cells[cell].getSource(), cellEdits));
  }
  const change = () => {
    for (const [cell, cellRanges] of ranges) {
      const shared = notebook.cells[cell];
      for (const range of cellRanges) {
        shared.updateSource(range.start, range.end, range.text);
      }
    }
    for (const insert of plan.insertions) {
      notebook.insertCell(insert.index, {
        cell_type: insert.cell_type,
        source: insert.source,
        metadata: insert.tags.length ? { tags: [...insert.tags] } : {}
      });
    }
  };
  if (!plan.insertions.length && ranges.size === 1) {
    notebook.cells[[...ranges.keys()][0]].transact(change);
  } else {
    notebook.transact(change);
  }
}

/** Replace the cells at `indices` by one code cell holding `source` (one transaction). */
export function replaceCells(
  model: INotebookModel,
  indices: readonly number[],
  source: string
): number {
  const notebook = model.sharedModel;
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  if (!sorted.length || sorted[0] < 0 || sorted[sorted.length - 1] >= notebook.cells.length) {
    throw new EditError('the selected cells are no longer in the notebook');
  }
  notebook.transact(() => {
    for (const index of [...sorted].reverse()) {
      notebook.deleteCell(index);
    }
    notebook.insertCell(sorted[0], { cell_type: 'code', source, metadata: {} });
  });
  return sorted[0];
}
