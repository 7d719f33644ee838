/**
 * The findings, grouped by cell. Each finding is an `li.jp-prod-finding` carrying `data-rule`,
 * `data-category` and `data-cell-index`; activating one (click, Enter, Space) lands on its cell
 * and line. Each group's heading is a button that collapses it and says how many it holds.
 *
 * The list is one labelled region with one tab stop: arrow keys move between headings and
 * findings (roving focus), Home/End go to the ends, Left collapses (or goes up to the heading),
 * Right expands. A finding's Fix button is in the tab order only while its finding is current.
 */

import { ICellGroup } from '../model/findings';
import { IFinding, IFix } from '../tokens';

export interface IFindingsListOptions {
  /** Land on a finding: its cell (0-based index), line and column. */
  onSelect: (cell: number, finding?: IFinding) => void;
  /** Apply a finding's fix; null when no plugin offers fixes. */
  onFix: ((finding: IFinding, fix: IFix) => void) | null;
  /** Cell indices that are stale, to say so in their group headings. */
  stale: ReadonlySet<number>;
  /** The execution count the notebook shows for a cell (`[4]`), null when it never ran. */
  executionCount?: (cell: number) => number | null;
  /** Groups the user collapsed (by cell index, null for the whole notebook). */
  collapsed?: ReadonlySet<number | null>;
  /** Called when the user collapses or expands a group. */
  onToggle?: (cell: number | null, collapsed: boolean) => void;
  /** What the region is called for screen readers. */
  label?: string;
}

/** The icon shown before each severity's label (the colour is never the only sign). */
export const SEVERITY_ICONS: Record<string, string> = { error: '✕', warning: '▲', info: 'i' };

export function renderFindings(
  groups: readonly ICellGroup[],
  options: IFindingsListOptions
): HTMLElement {
  const container = document.createElement('div');
  container.className = 'jp-prod-findings';
  container.setAttribute('role', 'region');
  container.setAttribute('aria-label', options.label ?? 'Findings');
  for (const group of groups) {
    container.append(renderGroup(group, options));
  }
  container.addEventListener('keydown', event => onKey(container, event));
  container.addEventListener('focusin', event => {
    const target = (event.target as HTMLElement).closest<HTMLElement>(ROVING);
    if (target) {
      setCurrent(container, target);
    }
  });
  const first = stops(container)[0];
  if (first) {
    setCurrent(container, first);
  }
  return container;
}

/** The elements the arrow keys move between. */
const ROVING = '.jp-prod-group-toggle, .jp-prod-finding';

function stops(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(ROVING)].filter(
    node => !node.closest('.jp-prod-mod-collapsed .jp-prod-finding-list')
  );
}

/** Make `target` the one tab stop of the list (and its Fix button reachable by Tab). */
export function setCurrent(container: HTMLElement, target: HTMLElement): void {
  for (const node of container.querySelectorAll<HTMLElement>(`${ROVING}, .jp-prod-fix`)) {
    node.tabIndex = -1;
  }
  target.tabIndex = 0;
  const fix = target.querySelector<HTMLElement>('.jp-prod-fix');
  if (fix) {
    fix.tabIndex = 0;
  }
}

function onKey(container: HTMLElement, event: KeyboardEvent): void {
  const current = (event.target as HTMLElement).closest<HTMLElement>(ROVING);
  if (!current || (event.target as HTMLElement).closest('.jp-prod-fix')) {
    return; // keys on a Fix button are the button's own
  }
  const all = stops(container);
  const at = all.indexOf(current);
  const isHeading = current.classList.contains('jp-prod-group-toggle');
  const group = current.closest<HTMLElement>('.jp-prod-cell-group');
  let next: HTMLElement | undefined;
  switch (event.key) {
    case 'ArrowDown':
      next = all[Math.min(all.length - 1, at + 1)];
      break;
    case 'ArrowUp':
      next = all[Math.max(0, at - 1)];
      break;
    case 'Home':
      next = all[0];
      break;
    case 'End':
      next = all[all.length - 1];
      break;
    case 'ArrowLeft':
      if (isHeading) {
        toggleGroup(group, true);
      } else {
        next = group?.querySelector<HTMLElement>('.jp-prod-group-toggle') ?? undefined;
      }
      break;
    case 'ArrowRight':
      if (isHeading) {
        toggleGroup(group, false);
      }
      break;
    case 'Enter':
    case ' ':
      if (isHeading) {
        event.stopPropagation(); // a button clicks itself on Enter and Space
        return;
      }
      current.click();
      break;
    default:
      return;
  }
  // Every key handled here is the list's: it must never reach the notebook (Enter edits a cell).
  event.preventDefault();
  event.stopPropagation();
  if (next) {
    setCurrent(container, next);
    next.focus();
  }
}

function toggleGroup(group: HTMLElement | null, collapse: boolean): void {
  const toggle = group?.querySelector<HTMLElement>('.jp-prod-group-toggle');
  if (toggle && (toggle.getAttribute('aria-expanded') === 'true') === collapse) {
    toggle.click();
  }
}

function renderGroup(group: ICellGroup, options: IFindingsListOptions): HTMLElement {
  const section = document.createElement('section');
  section.className = `jp-prod-cell-group jp-prod-severity-${group.worst}`;
  const heading = document.createElement('h3');
  heading.className = 'jp-prod-cell-heading';
  const toggle = document.createElement('button');
  toggle.className = 'jp-prod-group-toggle';
  toggle.tabIndex = -1;
  const title = document.createElement('span');
  title.className = 'jp-prod-group-title';
  if (group.cell === null) {
    title.textContent = 'Whole notebook';
  } else {
    section.dataset.cellIndex = String(group.cell);
    const count = options.executionCount?.(group.cell);
    // The notebook shows `[4]` beside a cell; people count cells from 1: say both.
    title.textContent = `Cell ${group.cell + 1}`;
    if (options.executionCount) {
      const prompt = document.createElement('span');
      prompt.className = 'jp-prod-execution-count';
      prompt.textContent = `[${count ?? ' '}]`;
      prompt.title = count === null || count === undefined ? 'never ran' : `ran as In [${count}]`;
      title.append(' ', prompt);
    }
  }
  const number = document.createElement('span');
  number.className = 'jp-prod-group-count';
  number.textContent = String(group.findings.length);
  number.setAttribute('aria-label', `${group.findings.length} finding${group.findings.length === 1 ? '' : 's'}`);
  toggle.append(title);
  if (group.cell !== null && options.stale.has(group.cell)) {
    const stale = document.createElement('span');
    stale.className = 'jp-prod-stale-tag';
    stale.textContent = 'stale';
    toggle.append(' ', stale);
  }
  toggle.append(' ', number);
  heading.append(toggle);

  const list = document.createElement('ul');
  list.className = 'jp-prod-finding-list';
  list.append(...group.findings.map(finding => renderFinding(finding, options)));
  const listId = `jp-prod-group-${group.cell === null ? 'notebook' : group.cell}`;
  list.id = listId;
  toggle.setAttribute('aria-controls', listId);
  const setCollapsed = (collapsed: boolean): void => {
    section.classList.toggle('jp-prod-mod-collapsed', collapsed);
    toggle.setAttribute('aria-expanded', String(!collapsed));
    list.hidden = collapsed;
  };
  setCollapsed(options.collapsed?.has(group.cell) ?? false);
  toggle.addEventListener('click', () => {
    const collapsed = !section.classList.contains('jp-prod-mod-collapsed');
    setCollapsed(collapsed);
    options.onToggle?.(group.cell, collapsed);
  });
  section.append(heading, list);
  return section;
}

function renderFinding(finding: IFinding, options: IFindingsListOptions): HTMLLIElement {
  const item = document.createElement('li');
  item.className = `jp-prod-finding jp-prod-severity-${finding.severity}`;
  item.dataset.rule = finding.rule;
  item.dataset.category = finding.category;
  item.dataset.severity = finding.severity;
  item.dataset.key = findingKey(finding);
  item.title = `${finding.rule} ${finding.name} (${finding.severity})`;
  item.tabIndex = -1;

  const chip = document.createElement('span');
  chip.className = `jp-prod-severity-chip jp-prod-severity-chip-${finding.severity}`;
  chip.dataset.severity = finding.severity;
  const icon = document.createElement('span');
  icon.className = 'jp-prod-severity-icon';
  icon.setAttribute('aria-hidden', 'true');
  icon.textContent = SEVERITY_ICONS[finding.severity] ?? '?';
  chip.append(icon, finding.severity);
  const code = document.createElement('span');
  code.className = 'jp-prod-rule';
  code.textContent = finding.rule;
  const message = document.createElement('span');
  message.className = 'jp-prod-message';
  message.textContent = finding.message;
  const where = document.createElement('span');
  where.className = 'jp-prod-where';
  item.append(chip, ' ', code, ' ', message);

  if (typeof finding.cell === 'number') {
    const cell = finding.cell;
    // The JSON `cell` is the 0-based index; people count cells from 1, as the CLI prints them.
    item.dataset.cellIndex = String(cell);
    where.textContent = finding.line ? `cell ${cell + 1}, line ${finding.line}` : `cell ${cell + 1}`;
    item.insertBefore(where, code);
    item.insertBefore(document.createTextNode(' '), code);
    item.classList.add('jp-prod-mod-clickable');
    item.addEventListener('click', event => {
      if (!(event.target as HTMLElement).closest('button')) {
        options.onSelect(cell, finding);
      }
    });
  }

  const fix = finding.fix;
  if (fix && fix.safety !== 'display-only' && options.onFix) {
    const onFix = options.onFix;
    const button = document.createElement('button');
    button.className = 'jp-mod-styled jp-prod-fix';
    button.tabIndex = -1;
    button.textContent = fix.safety === 'unsafe' ? 'Fix (review)' : 'Fix';
    button.title = fix.safety === 'unsafe' ? `${fix.description} (changes behaviour: review it)` : fix.description;
    button.setAttribute('aria-label', `${button.textContent}: ${fix.description}`);
    button.addEventListener('click', () => onFix(finding, fix));
    item.append(' ', button);
  } else if (fix) {
    const hint = document.createElement('div');
    hint.className = 'jp-prod-fix-hint';
    hint.textContent = `How to fix: ${fix.description}`;
    item.append(hint);
  }
  return item;
}

/** What identifies a finding across analyses (to keep the focus on it after a re-render). */
export function findingKey(finding: IFinding): string {
  return [finding.rule, finding.cell, finding.line, finding.column, finding.message].join('|');
}
