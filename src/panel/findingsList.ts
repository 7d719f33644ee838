/**
 * The findings, grouped by cell. Each finding is an `li.jp-prod-finding` carrying `data-rule`,
 * `data-category` and `data-cell-index`; clicking one lands on its cell.
 */

import { ICellGroup } from '../model/findings';
import { IFinding, IFix } from '../tokens';

export interface IFindingsListOptions {
  /** Select and scroll to a cell (0-based index). */
  onSelect: (cell: number) => void;
  /** Apply a finding's fix; null when no plugin offers fixes. */
  onFix: ((finding: IFinding, fix: IFix) => void) | null;
  /** Cell indices that are stale, to say so in their group headings. */
  stale: ReadonlySet<number>;
}

export function renderFindings(
  groups: readonly ICellGroup[],
  options: IFindingsListOptions
): HTMLElement {
  const container = document.createElement('div');
  container.className = 'jp-prod-findings';
  for (const group of groups) {
    container.append(renderGroup(group, options));
  }
  return container;
}

function renderGroup(group: ICellGroup, options: IFindingsListOptions): HTMLElement {
  const section = document.createElement('section');
  section.className = `jp-prod-cell-group jp-prod-severity-${group.worst}`;
  const heading = document.createElement('h3');
  heading.className = 'jp-prod-cell-heading';
  if (group.cell === null) {
    heading.textContent = 'Whole notebook';
  } else {
    section.dataset.cellIndex = String(group.cell);
    heading.textContent = `Cell ${group.cell + 1}`;
    if (options.stale.has(group.cell)) {
      const stale = document.createElement('span');
      stale.className = 'jp-prod-stale-tag';
      stale.textContent = 'stale';
      heading.append(' ', stale);
    }
  }
  const list = document.createElement('ul');
  list.className = 'jp-prod-finding-list';
  list.append(...group.findings.map(finding => renderFinding(finding, options)));
  section.append(heading, list);
  return section;
}

function renderFinding(finding: IFinding, options: IFindingsListOptions): HTMLLIElement {
  const item = document.createElement('li');
  item.className = `jp-prod-finding jp-prod-severity-${finding.severity}`;
  item.dataset.rule = finding.rule;
  item.dataset.category = finding.category;
  item.dataset.severity = finding.severity;
  item.title = `${finding.rule} ${finding.name} (${finding.severity})`;

  const code = document.createElement('span');
  code.className = 'jp-prod-rule';
  code.textContent = finding.rule;
  const message = document.createElement('span');
  message.className = 'jp-prod-message';
  message.textContent = finding.message;
  const where = document.createElement('span');
  where.className = 'jp-prod-where';
  item.append(code, ' ', message);

  if (typeof finding.cell === 'number') {
    const cell = finding.cell;
    // The JSON `cell` is the 0-based index; people count cells from 1, as the CLI prints them.
    item.dataset.cellIndex = String(cell);
    where.textContent = finding.line ? `cell ${cell + 1}, line ${finding.line}` : `cell ${cell + 1}`;
    item.prepend(where, ' ');
    item.tabIndex = 0;
    item.classList.add('jp-prod-mod-clickable');
    item.addEventListener('click', event => {
      if (!(event.target as HTMLElement).closest('button')) {
        options.onSelect(cell);
      }
    });
    item.addEventListener('keydown', event => {
      if (event.key === 'Enter' && event.target === item) {
        options.onSelect(cell);
      }
    });
  }

  const fix = finding.fix;
  if (fix && fix.safety !== 'display-only' && options.onFix) {
    const onFix = options.onFix;
    const button = document.createElement('button');
    button.className = 'jp-mod-styled jp-prod-fix';
    button.textContent = fix.safety === 'unsafe' ? 'Fix (review)' : 'Fix';
    button.title = fix.safety === 'unsafe' ? `${fix.description} (changes behaviour: review it)` : fix.description;
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
