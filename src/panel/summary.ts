/**
 * The summary row: one count per category (hidden state, pandas, untested, hand-off). With
 * `onToggle`, each count is a toggle button that shows or hides its category in the list.
 */

import { ICategoryCount } from '../model/findings';

export interface ISummaryOptions {
  /** Categories the user hid in the panel (not in the settings). */
  hidden?: ReadonlySet<string>;
  onToggle?: (category: string) => void;
}

export function renderSummary(counts: readonly ICategoryCount[], options: ISummaryOptions = {}): HTMLElement {
  const list = document.createElement('ul');
  list.className = 'jp-prod-summary';
  list.setAttribute('aria-label', 'Findings by category');
  for (const count of counts) {
    const item = document.createElement('li');
    item.className = 'jp-prod-summary-item';
    item.dataset.category = count.id;
    item.classList.toggle('jp-prod-mod-none', count.total === 0);
    item.classList.toggle('jp-prod-mod-off', !count.enabled);
    const number = document.createElement('span');
    number.className = 'jp-prod-summary-count';
    number.textContent = String(count.shown);
    const label = document.createElement('span');
    label.className = 'jp-prod-summary-label';
    label.textContent = count.label;
    const hidden = options.hidden?.has(count.id) ?? false;
    item.classList.toggle('jp-prod-mod-hidden', hidden);
    if (options.onToggle && count.enabled) {
      const toggle = document.createElement('button');
      toggle.className = 'jp-prod-summary-toggle';
      toggle.setAttribute('aria-pressed', String(!hidden));
      toggle.append(number, label);
      const onToggle = options.onToggle;
      toggle.addEventListener('click', () => onToggle(count.id));
      item.append(toggle);
    } else {
      item.append(number, label);
    }
    item.title = !count.enabled
      ? `${count.label}: ${count.total} found, hidden (category turned off in the settings)`
      : count.shown === count.total
        ? `${count.label}: ${count.total} found`
        : `${count.label}: ${count.total} found, ${count.total - count.shown} below the severity threshold`;
    if (count.note) {
      item.title += ` (${count.note})`;
    }
    if (options.onToggle && count.enabled) {
      item.title += hidden ? ' (hidden in the list: click to show)' : ' (click to hide them in the list)';
    }
    list.append(item);
  }
  return list;
}
