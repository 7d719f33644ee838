/**
 * Reading and moving around the open notebook: the snapshot the stale tracker needs, and
 * selecting a cell the user clicked in the panel.
 */

import { NotebookPanel } from '@jupyterlab/notebook';

import { ICellSnapshot } from './model/stale';

/** Every cell's id, type, source and execution count, as they are now. */
export function snapshotCells(panel: NotebookPanel): ICellSnapshot[] {
  const cells = panel.content.model?.cells;
  if (!cells) {
    return [];
  }
  const snapshot: ICellSnapshot[] = [];
  for (let index = 0; index < cells.length; index++) {
    const cell = cells.get(index);
    const count = cell.type === 'code' ? (cell.sharedModel as { execution_count?: number | null }).execution_count : null;
    snapshot.push({
      id: cell.id,
      isCode: cell.type === 'code',
      source: cell.sharedModel.getSource(),
      executionCount: typeof count === 'number' ? count : null
    });
  }
  return snapshot;
}

/** Make a cell the active one, alone in the selection, and scroll it into the middle of the view. */
export function selectCell(panel: NotebookPanel, index: number): void {
  const notebook = panel.content;
  const cell = notebook.widgets[index];
  if (!cell) {
    return; // The cell is gone since the analysis: nothing to land on.
  }
  notebook.deselectAll();
  notebook.activeCellIndex = index;
  void notebook.scrollToCell(cell, 'center');
}
