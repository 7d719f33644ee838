/**
 * The panel's body for an analysed notebook: the dependency view, or the findings grouped by
 * cell (in notebook order, or worst first), with a note when the toggles hide every finding.
 */

import { Cell } from '@jupyterlab/cells';

import { renderGraph } from '../graph/view';
import { groupByCell, severityRank } from '../model/findings';
import { IFinding, IFix, INotebookReport } from '../tokens';
import { renderFindings } from './findingsList';
import { ISessionState } from './session';

type OnSelect = (index: number, finding?: IFinding) => void;

/** The dependency view at `width` (0: its own), cells with listed findings flagged. */
export function renderGraphBody(
  state: ISessionState,
  listed: readonly IFinding[],
  width: number,
  onSelect: OnSelect
): HTMLElement[] {
  if (!state.graph) {
    return [];
  }
  const stale = new Set(state.stale.keys());
  return [renderGraph(state.graph, { onSelect, stale, flagged: flaggedCells(listed), width: width || undefined })];
}

export interface IFindingsBodyOptions {
  onSelect: OnSelect;
  onFix: ((finding: IFinding, fix: IFix) => void) | null;
  cells: readonly Cell[];
  worstFirst: boolean;
  /** The cell groups the user collapsed; kept up to date as they toggle. */
  collapsed: Set<number | null>;
  label: string;
}

export function renderFindingsBody(
  report: INotebookReport,
  state: ISessionState,
  listed: readonly IFinding[],
  options: IFindingsBodyOptions
): HTMLElement {
  const groups = groupByCell(listed);
  if (options.worstFirst) {
    // Stable: cells of the same worst severity stay in notebook order.
    groups.sort((a, b) => severityRank(b.worst) - severityRank(a.worst));
  }
  if (groups.length === 0 && report.findings.length > 0) {
    const note = document.createElement('p');
    note.className = 'jp-prod-filtered-out';
    note.textContent = 'Every finding is hidden by the toggles above.';
    return note;
  }
  const { collapsed, cells } = options;
  return renderFindings(groups, {
    onSelect: options.onSelect,
    onFix: options.onFix,
    stale: new Set(state.stale.keys()),
    executionCount: index => {
      const model = cells[index]?.model as { executionCount?: number | null } | undefined;
      return typeof model?.executionCount === 'number' ? model.executionCount : null;
    },
    collapsed,
    onToggle: (cell, isCollapsed) => (isCollapsed ? collapsed.add(cell) : collapsed.delete(cell)),
    label: options.label
  });
}

function flaggedCells(findings: readonly IFinding[]): Set<number> {
  const cells = new Set<number>();
  for (const finding of findings) {
    if (typeof finding.cell === 'number') {
      cells.add(finding.cell);
    }
  }
  return cells;
}
