/**
 * The panel's severity toggles (one per severity present, with its count; pressed = shown in
 * the list) and the "Worst first" toggle that orders the cell groups by their worst finding.
 */

import { IFinding, SEVERITIES } from '../tokens';
import { SEVERITY_ICONS } from './findingsList';

export interface ISeverityFilterOptions {
  hidden: ReadonlySet<string>;
  worstFirst: boolean;
  onToggle: (severity: string) => void;
  onWorstFirst: () => void;
}

export function renderSeverityFilters(
  findings: readonly IFinding[],
  options: ISeverityFilterOptions
): HTMLElement[] {
  const nodes: HTMLElement[] = [];
  for (const severity of [...SEVERITIES].reverse()) {
    const count = findings.filter(finding => finding.severity === severity).length;
    if (count === 0) {
      continue;
    }
    const shown = !options.hidden.has(severity);
    const toggle = document.createElement('button');
    toggle.className = `jp-prod-filter jp-prod-severity-chip jp-prod-severity-chip-${severity}`;
    toggle.dataset.severity = severity;
    toggle.setAttribute('aria-pressed', String(shown));
    const icon = document.createElement('span');
    icon.className = 'jp-prod-severity-icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = SEVERITY_ICONS[severity];
    toggle.append(icon, `${count} ${severity}`);
    toggle.title = shown ? `Hide the ${severity} findings in the list` : `Show the ${severity} findings`;
    toggle.addEventListener('click', () => options.onToggle(severity));
    nodes.push(toggle);
  }
  // The groups in notebook order (default), or the cells with the worst findings first.
  const worstFirst = document.createElement('button');
  worstFirst.className = 'jp-prod-filter jp-prod-sort';
  worstFirst.setAttribute('aria-pressed', String(options.worstFirst));
  worstFirst.textContent = 'Worst first';
  worstFirst.title = options.worstFirst ? 'List the cells in notebook order' : 'List the cells with errors first';
  worstFirst.addEventListener('click', options.onWorstFirst);
  nodes.push(worstFirst);
  return nodes;
}
