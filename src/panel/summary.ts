/**
 * The summary row: one count per category (hidden state, pandas, untested, hand-off).
 */

import { ICategoryCount } from '../model/findings';

export function renderSummary(counts: readonly ICategoryCount[]): HTMLElement {
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
    item.append(number, label);
    item.title = !count.enabled
      ? `${count.label}: ${count.total} found, hidden (category turned off in the settings)`
      : count.shown === count.total
        ? `${count.label}: ${count.total} found`
        : `${count.label}: ${count.total} found, ${count.total - count.shown} below the severity threshold`;
    list.append(item);
  }
  return list;
}
