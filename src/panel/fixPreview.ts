/**
 * What a quick fix will change, shown before it is applied: for each cell it edits, the lines
 * that go and the lines that come (a small unified diff), and each cell it inserts. Pure DOM; the
 * panel asks in a dialog.
 */

import { newSources, planFix } from '../actions/edits';
import { IFix } from '../tokens';

/** One line of the preview: kept (context), removed or added. */
export interface IDiffLine {
  kind: ' ' | '-' | '+';
  text: string;
}

/** The changed lines of `before` → `after`, with up to `context` unchanged lines around them. */
export function lineDiff(before: string, after: string, context = 1): IDiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const lines: IDiffLine[] = [];
  for (let i = Math.max(0, start - context); i < start; i++) {
    lines.push({ kind: ' ', text: a[i] });
  }
  lines.push(...a.slice(start, endA).map(text => ({ kind: '-' as const, text })));
  lines.push(...b.slice(start, endB).map(text => ({ kind: '+' as const, text })));
  for (let i = endA; i < Math.min(a.length, endA + context); i++) {
    lines.push({ kind: ' ', text: a[i] });
  }
  return lines;
}

/** The preview of a fix against the cells as they are now (an EditError when it no longer fits). */
export function renderFixPreview(
  fix: IFix,
  cellCount: number,
  sourceOf: (cell: number) => string
): HTMLElement {
  const plan = planFix(fix, cellCount);
  const sources = newSources(plan, sourceOf);
  const node = document.createElement('div');
  node.className = 'jp-prod-fix-preview';
  const description = document.createElement('p');
  description.textContent = fix.safety === 'unsafe' ? `${fix.description}. It changes what the code does: review it.` : `${fix.description}.`;
  node.append(description);
  for (const [cell, after] of [...sources.entries()].sort((x, y) => x[0] - y[0])) {
    node.append(caption(`Cell ${cell + 1}`), diffBlock(lineDiff(sourceOf(cell), after)));
  }
  for (const insert of [...plan.insertions].reverse()) {
    const tags = insert.tags.length ? ` tagged ${insert.tags.join(', ')}` : '';
    node.append(
      caption(`New ${insert.cell_type} cell ${insert.index + 1}${tags}`),
      diffBlock(insert.source.replace(/\n$/, '').split('\n').map(text => ({ kind: '+', text })))
    );
  }
  return node;
}

function caption(text: string): HTMLElement {
  const node = document.createElement('h3');
  node.className = 'jp-prod-fix-preview-cell';
  node.textContent = text;
  return node;
}

function diffBlock(lines: readonly IDiffLine[]): HTMLElement {
  const pre = document.createElement('pre');
  pre.className = 'jp-prod-diff';
  for (const line of lines) {
    const row = document.createElement('span');
    row.className = `jp-prod-diff-line jp-prod-diff-${line.kind === '+' ? 'added' : line.kind === '-' ? 'removed' : 'kept'}`;
    row.textContent = `${line.kind} ${line.text}\n`;
    pre.append(row);
  }
  return pre;
}
