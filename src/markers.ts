/**
 * Marks in the notebook itself: a flagged cell gets a class and a badge with its number of findings
 * and their worst severity; a stale cell gets a class and a badge saying why.
 */

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
}

/** Put the marks on the cells, and take them off the cells that no longer need them. */
export function markCells(
  cells: readonly IMarkableCell[],
  findings: ReadonlyMap<number, IFinding[]>,
  stale: ReadonlyMap<number, IStaleMark>
): void {
  cells.forEach((cell, index) => {
    const flagged = findings.get(index) ?? [];
    const mark = stale.get(index);
    cell.toggleClass(FLAGGED_CLASS, flagged.length > 0);
    cell.toggleClass(STALE_CLASS, mark !== undefined);
    setBadges(cell.node, flagged, mark);
  });
}

/** Remove every mark (the panel moved to another notebook, or was closed). */
export function clearMarks(cells: readonly IMarkableCell[]): void {
  markCells(cells, new Map(), new Map());
}

function setBadges(
  node: HTMLElement,
  findings: IFinding[],
  stale: IStaleMark | undefined
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
    return;
  }
  if (!badges) {
    badges = document.createElement('div');
    badges.className = BADGES_CLASS;
    node.append(badges);
  }
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

function findingBadge(findings: IFinding[]): HTMLElement {
  const worst = worstSeverity(findings);
  const badge = document.createElement('span');
  badge.className = `jp-prod-badge jp-prod-badge-${worst}`;
  badge.dataset.severity = worst;
  badge.textContent = String(findings.length);
  badge.title = findings
    .map(finding => `${finding.rule} (${finding.severity}): ${finding.message}`)
    .join('\n');
  return badge;
}

function staleBadge(mark: IStaleMark): HTMLElement {
  const badge = document.createElement('span');
  badge.className = 'jp-prod-badge jp-prod-badge-stale';
  badge.textContent = 'stale';
  badge.title = describeStale(mark);
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
