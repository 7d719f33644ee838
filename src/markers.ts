/**
 * Marks in the notebook itself: a flagged cell gets a class and a badge with its number of findings
 * and their worst severity (an icon says which, not colour alone), and its findings marked in its
 * editor; a stale cell gets a class and a badge saying why. Badges are buttons: activating one
 * (click, Enter) shows the cell's findings in the panel.
 */

import { IMarkableEditor, markEditor } from './editorMarks';
import { IStaleMark } from './model/stale';
import { IFinding } from './tokens';
import { worstSeverity } from './model/findings';

export const FLAGGED_CLASS = 'jp-prod-cell-flagged';
export const STALE_CLASS = 'jp-prod-cell-stale';
const BADGES_CLASS = 'jp-prod-cell-badges';

/** What marking needs of a cell widget (a JupyterLab `Cell` is one). */
export interface IMarkableCell {
  readonly node: HTMLElement;
  toggleClass(name: string, force?: boolean): boolean;
  /** The cell's editor once it is rendered (JupyterLab's is a CodeMirror 6 editor). */
  readonly editor?: unknown;
}

/** Called with a cell's 0-based index when its badge is activated. */
export type RevealCell = (index: number) => void;

/** Put the marks on the cells, and take them off the cells that no longer need them. */
export function markCells(
  cells: readonly IMarkableCell[],
  findings: ReadonlyMap<number, IFinding[]>,
  stale: ReadonlyMap<number, IStaleMark>,
  reveal: RevealCell | null = null
): void {
  cells.forEach((cell, index) => {
    const flagged = findings.get(index) ?? [];
    const mark = stale.get(index);
    cell.toggleClass(FLAGGED_CLASS, flagged.length > 0);
    cell.toggleClass(STALE_CLASS, mark !== undefined);
    setBadges(cell.node, flagged, mark, reveal ? () => reveal(index) : null);
    const editor = cell.editor as IMarkableEditor | null | undefined;
    if (editor && typeof editor.injectExtension === 'function' && editor.editor) {
      markEditor(editor, flagged);
    }
  });
}

/** Remove every mark (the panel moved to another notebook, or was closed). */
export function clearMarks(cells: readonly IMarkableCell[]): void {
  markCells(cells, new Map(), new Map());
}

function setBadges(
  node: HTMLElement,
  findings: IFinding[],
  stale: IStaleMark | undefined,
  reveal: (() => void) | null
): void {
  let badges = node.querySelector<HTMLElement>(`:scope > .${BADGES_CLASS}`);
  if (findings.length === 0 && stale === undefined) {
    badges?.remove();
    return;
  }
  // Marking runs after every analysis: leave the DOM alone when nothing changed.
  const key = JSON.stringify([
    findings.map(finding => [finding.rule, finding.severity, finding.message]),
    stale ?? null
  ]);
  if (badges?.dataset.key === key) {
    setReveal(badges, reveal); // the cell may have moved: its index is another
    return;
  }
  if (!badges) {
    badges = document.createElement('div');
    badges.className = BADGES_CLASS;
    node.append(badges);
  }
  setReveal(badges, reveal);
  const children: HTMLElement[] = [];
  if (findings.length > 0) {
    children.push(findingBadge(findings));
  }
  if (stale) {
    children.push(staleBadge(stale));
  }
  badges.dataset.key = key;
  badges.replaceChildren(...children);
}

function setReveal(badges: HTMLElement, reveal: (() => void) | null): void {
  badges.onclick = reveal ? event => onBadge(event, reveal) : null;
  badges.onkeydown = reveal
    ? event => {
        if (event.key === 'Enter' || event.key === ' ') {
          onBadge(event, reveal);
        }
      }
    : null;
}

function onBadge(event: Event, reveal: () => void): void {
  event.preventDefault();
  event.stopPropagation(); // the notebook must not take the click or the key (edit mode)
  reveal();
}

function findingBadge(findings: IFinding[]): HTMLElement {
  const worst = worstSeverity(findings);
  const badge = focusableBadge(`jp-prod-badge jp-prod-badge-${worst}`);
  badge.dataset.severity = worst;
  badge.textContent = String(findings.length);
  badge.title = findings
    .map(finding => `${finding.rule} (${finding.severity}): ${finding.message}`)
    .join('\n');
  const count = `${findings.length} finding${findings.length === 1 ? '' : 's'}`;
  badge.setAttribute('aria-label', `${count}, worst ${worst}: show them in the jupyter-prod panel`);
  return badge;
}

function staleBadge(mark: IStaleMark): HTMLElement {
  const badge = focusableBadge('jp-prod-badge jp-prod-badge-stale');
  badge.textContent = 'stale';
  badge.title = describeStale(mark);
  badge.setAttribute('aria-label', `Stale: ${badge.title}`);
  return badge;
}

function focusableBadge(className: string): HTMLElement {
  const badge = document.createElement('span');
  badge.className = className;
  badge.tabIndex = 0;
  badge.setAttribute('role', 'button');
  return badge;
}

/** Why a cell is stale, in words. */
export function describeStale(mark: IStaleMark): string {
  if (mark.reason === 'edited') {
    return 'Edited since it ran: its outputs and what it defined come from the old code. Run it again.';
  }
  const cells = mark.upstream.map(index => `cell ${index + 1}`).join(', ');
  const names = mark.names.length > 0 ? mark.names.join(', ') : 'what it needs';
  return `Reads ${names} from or through ${cells}, which changed since this cell ran. Run it again.`;
}
