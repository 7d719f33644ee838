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

/** Where in a cell to land: 1-based line and column, as findings give them. */
export interface ICellPosition {
  line: number | null;
  column: number | null;
}

/**
 * Make a cell the active one, alone in the selection, in command mode, and scroll it into the
 * middle of the view; with a position, the cell's cursor goes there (where Enter starts editing).
 * The source is never changed, and the notebook gets the focus, as landing on a heading of the
 * table of contents does.
 */
export function selectCell(panel: NotebookPanel, index: number, position?: ICellPosition): void {
  const notebook = panel.content;
  const cell = notebook.widgets[index];
  if (!cell) {
    return; // The cell is gone since the analysis: nothing to land on.
  }
  notebook.mode = 'command';
  notebook.deselectAll();
  notebook.activeCellIndex = index;
  void notebook.scrollToCell(cell, 'center').then(() => {
    const line = position?.line;
    const editor = cell.editor;
    if (editor && line && line <= editor.lineCount) {
      const column = Math.max(0, (position?.column ?? 1) - 1);
      editor.setCursorPosition({ line: line - 1, column });
      // Chromium focuses an editable element whose selection is set, and the notebook takes
      // that focus for edit mode: back to command mode, the cursor stays where it was put.
      notebook.mode = 'command';
      notebook.activate();
    }
  });
  notebook.activate();
}
