/**
 * Marks in the cell editors: each finding's range is underlined (a line is highlighted when the
 * finding has no range), coloured by severity, with its rule and message on hover. A CodeMirror 6
 * state field holds a cell's marks, so they move with the text as the user types until the next
 * analysis replaces them.
 */

import { Extension, StateEffect, StateField, Text } from '@codemirror/state';
import { Decoration, DecorationSet, EditorView } from '@codemirror/view';

import { IFinding } from './tokens';

/** One mark: a character range of the cell's text, or a whole line (`from === to`). */
export interface IEditorMark {
  from: number;
  to: number;
  severity: string;
  title: string;
}

const setMarks = StateEffect.define<IEditorMark[]>();

const marksField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    let next = marks.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (effect.is(setMarks)) {
        next = decorations(effect.value);
      }
    }
    return next;
  },
  provide: field => EditorView.decorations.from(field)
});

/** The extension a cell editor needs before it can show marks. */
export const editorMarksExtension: Extension = marksField;

function decorations(marks: readonly IEditorMark[]): DecorationSet {
  const ranges = marks.map(mark => {
    const attributes = { title: mark.title, 'data-severity': mark.severity };
    if (mark.to > mark.from) {
      return Decoration.mark({ class: `jp-prod-mark jp-prod-mark-${mark.severity}`, attributes }).range(
        mark.from,
        mark.to
      );
    }
    return Decoration.line({ class: `jp-prod-mark-line jp-prod-mark-${mark.severity}`, attributes }).range(
      mark.from
    );
  });
  return Decoration.set(ranges, true);
}

/** The marks of a cell's findings in its text (findings without a line are not marked). */
export function marksOf(findings: readonly IFinding[], doc: Text): IEditorMark[] {
  const marks: IEditorMark[] = [];
  for (const finding of findings) {
    if (!finding.line || finding.line > doc.lines) {
      continue; // the whole cell, or a line that is gone since the analysis
    }
    const line = doc.line(finding.line);
    const title = `${finding.rule} (${finding.severity}): ${finding.message}`;
    const from = Math.min(line.to, line.from + Math.max(0, (finding.column ?? 1) - 1));
    let to = from;
    if (finding.end_line && finding.end_line <= doc.lines && finding.end_column) {
      const end = doc.line(finding.end_line);
      to = Math.min(end.to, end.from + Math.max(0, finding.end_column - 1));
    }
    marks.push(to > from ? { from, to, severity: finding.severity, title } : { from: line.from, to: line.from, severity: finding.severity, title });
  }
  return marks;
}

/** What marking needs of a cell's editor: a CodeMirror view, and a way to add an extension. */
export interface IMarkableEditor {
  readonly editor: EditorView;
  injectExtension(extension: Extension): void;
}

const shown = new WeakMap<EditorView, string>();

/** Show `findings` in the editor, replacing what it showed; nothing happens when they are the same. */
export function markEditor(editor: IMarkableEditor, findings: readonly IFinding[]): void {
  const view = editor.editor;
  const key = JSON.stringify(findings.map(f => [f.rule, f.line, f.column, f.end_line, f.end_column, f.message]));
  if (shown.get(view) === key) {
    return; // marking runs after every analysis: most find the same while the user types
  }
  if (view.state.field(marksField, false) === undefined) {
    if (findings.length === 0) {
      return;
    }
    editor.injectExtension(marksField);
  }
  shown.set(view, key);
  view.dispatch({ effects: setMarks.of(marksOf(findings, view.state.doc)) });
}
