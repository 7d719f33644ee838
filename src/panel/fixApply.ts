/**
 * Applying a finding's fix from the panel: its preview as a diff, Apply or Cancel, the edit
 * through the notebook's fix command, then the notebook lands on the cell.
 */

import { Dialog, showDialog } from '@jupyterlab/apputils';
import { NotebookPanel } from '@jupyterlab/notebook';
import { CommandRegistry } from '@lumino/commands';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { Widget } from '@lumino/widgets';

import { messageOf } from '../actions/dom';
import { selectCell } from '../cells';
import { COMMAND_IDS, IFinding, IFix } from '../tokens';
import { renderFixPreview } from './fixPreview';

/** What happened: an error to show, or a notice of the fix applied (neither when cancelled). */
export interface IFixOutcome {
  error?: string;
  notice?: string;
}

export async function applyFix(
  notebook: NotebookPanel,
  commands: CommandRegistry,
  finding: IFinding,
  fix: IFix
): Promise<IFixOutcome> {
  const model = notebook.model;
  if (!model) {
    return {};
  }
  const cells = model.sharedModel.cells;
  let preview: HTMLElement;
  try {
    preview = renderFixPreview(fix, cells.length, index => cells[index].getSource());
  } catch (reason) {
    return { error: `Could not apply the fix for ${finding.rule}: ${messageOf(reason)}` };
  }
  if (!(await confirmFix(finding.rule, preview))) {
    return {};
  }
  const args = { fix, rule: finding.rule } as unknown as ReadonlyPartialJSONObject;
  try {
    await commands.execute(COMMAND_IDS.applyFix, args);
  } catch (reason) {
    return { error: `Could not apply the fix for ${finding.rule}: ${messageOf(reason)}` };
  }
  const target = fixTarget(fix, finding);
  if (target !== null) {
    selectCell(notebook, target);
  }
  const where = target === null ? '' : ` in cell ${target + 1}`;
  return {
    notice: `Applied the fix for ${finding.rule}${where}. Undo: Ctrl+Z in the cell, or Z for an added cell.`
  };
}

/** The cell a fix lands on: the first it inserts or edits, else the finding's. */
function fixTarget(fix: IFix, finding: IFinding): number | null {
  const edit = fix.edits[0];
  if (edit) {
    return edit.kind === 'insert-cell' ? edit.index : edit.cell;
  }
  return typeof finding.cell === 'number' ? finding.cell : null;
}

/** Ask before applying a fix: its preview, Apply or Cancel. */
async function confirmFix(rule: string, preview: HTMLElement): Promise<boolean> {
  const answer = await showDialog({
    title: `Apply the fix for ${rule}?`,
    body: new Widget({ node: preview }),
    buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Apply' })]
  });
  return answer.button.accept;
}
