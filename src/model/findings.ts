/**
 * What the panel shows of a report: filtering by the user's settings, grouping by cell,
 * counts by category. Pure functions, no DOM.
 */

import {
  CATEGORIES,
  IFinding,
  IProdSettings,
  Severity,
  SEVERITIES
} from '../tokens';

/** The findings of one cell (or of the whole notebook, `cell` null), in report order. */
export interface ICellGroup {
  cell: number | null;
  findings: IFinding[];
  worst: Severity;
}

/** How many findings a category has, shown and in all. */
export interface ICategoryCount {
  id: string;
  label: string;
  shown: number;
  total: number;
  enabled: boolean;
  /** What the category measures, when a finding says it (test coverage). */
  note?: string | null;
}

/** The rank of a severity; an unknown one ranks above all, so it is shown rather than lost. */
export function severityRank(severity: string): number {
  const rank = SEVERITIES.indexOf(severity as Severity);
  return rank < 0 ? SEVERITIES.length : rank;
}

/** Whether the user's settings let a finding through. */
export function isShown(finding: IFinding, settings: IProdSettings): boolean {
  const severe =
    severityRank(finding.severity) >= severityRank(settings.severityThreshold);
  const known = CATEGORIES.some(category => category.id === finding.category);
  // A category the settings cannot name (`notebook`, or a new one) is always shown.
  const enabled =
    !known || settings.enabledCategories.includes(finding.category);
  return severe && enabled;
}

/** The findings the settings let through, in report order. */
export function filterFindings(
  findings: readonly IFinding[],
  settings: IProdSettings
): IFinding[] {
  return findings.filter(finding => isShown(finding, settings));
}

/** The most serious severity among findings (they must be non-empty). */
export function worstSeverity(findings: readonly IFinding[]): Severity {
  let worst = findings[0].severity;
  for (const finding of findings) {
    if (severityRank(finding.severity) > severityRank(worst)) {
      worst = finding.severity;
    }
  }
  return worst;
}

/**
 * Group findings by cell: notebook-wide findings first, then cells top to bottom;
 * inside a group, by line then report order.
 */
export function groupByCell(findings: readonly IFinding[]): ICellGroup[] {
  const byCell = new Map<number | null, IFinding[]>();
  for (const finding of findings) {
    const key = typeof finding.cell === 'number' ? finding.cell : null;
    const group = byCell.get(key) ?? [];
    group.push(finding);
    byCell.set(key, group);
  }
  const keys = [...byCell.keys()].sort((a, b) =>
    a === null ? -1 : b === null ? 1 : a - b
  );
  return keys.map(cell => {
    const group = byCell.get(cell)!;
    const sorted = group
      .map((finding, order) => ({ finding, order }))
      .sort(
        (a, b) =>
          (a.finding.line ?? 0) - (b.finding.line ?? 0) || a.order - b.order
      )
      .map(entry => entry.finding);
    return { cell, findings: sorted, worst: worstSeverity(sorted) };
  });
}

/** Findings that measure rather than find a problem (UT002's "3 of 3 logic cells reached"). */
const MEASURES = new Set(['test-coverage-summary']);

/**
 * Per category of the summary: the findings shown and all found. A measure is not counted (a
 * notebook whose logic is all tested must not show "1 Untested"): it is the category's note.
 */
export function countByCategory(
  findings: readonly IFinding[],
  settings: IProdSettings
): ICategoryCount[] {
  return CATEGORIES.map(({ id, label }) => {
    const inCategory = findings.filter(finding => finding.category === id && !MEASURES.has(finding.name));
    const measure = findings.find(finding => finding.category === id && MEASURES.has(finding.name));
    return {
      id,
      label,
      total: inCategory.length,
      shown: inCategory.filter(finding => isShown(finding, settings)).length,
      enabled: settings.enabledCategories.includes(id),
      note: measure?.message ?? null
    };
  });
}

/** Per cell index: its shown findings, for the markers in the notebook. */
export function findingsByCell(
  findings: readonly IFinding[]
): Map<number, IFinding[]> {
  const cells = new Map<number, IFinding[]>();
  for (const group of groupByCell(findings)) {
    if (group.cell !== null) {
      cells.set(group.cell, group.findings);
    }
  }
  return cells;
}

/** A one-line account of a report for the status line. */
export function describeCounts(
  path: string,
  total: number,
  shown: number
): string {
  if (total === 0) {
    return `No findings in ${path}.`;
  }
  const hidden = total - shown;
  let text = `${total} finding${total === 1 ? '' : 's'} in ${path}`;
  if (hidden > 0) {
    text += `, ${hidden} hidden by your settings`;
  }
  return `${text}.`;
}
