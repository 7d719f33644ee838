/**
 * Identifiers, settings and the shapes of the server's answers.
 */

/** The id of the frontend plugin, also the id of its settings schema. */
export const PLUGIN_ID = 'jupyter-prod:plugin';

/** The DOM id of the sidebar panel, used by the layout restorer and the UI tests. */
export const PANEL_ID = 'jupyter-prod-panel';

/** The URL namespace of the server extension, below the server's base URL. */
export const API_NAMESPACE = 'jupyter-prod';

/** How serious a finding is, from least to most. */
export type Severity = 'info' | 'warning' | 'error';

export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

/** The user's settings, as declared in `schema/plugin.json`. */
export interface IProdSettings {
  liveAnalysis: boolean;
  severityThreshold: Severity;
  enabledCategories: string[];
}

export const DEFAULT_SETTINGS: IProdSettings = {
  liveAnalysis: true,
  severityThreshold: 'info',
  enabledCategories: ['hidden-state', 'pandas', 'untested', 'handoff']
};

/** The categories the panel summarises, in the order it shows them, with their labels. */
export const CATEGORIES: readonly { id: string; label: string }[] = [
  { id: 'hidden-state', label: 'Hidden state' },
  { id: 'pandas', label: 'pandas' },
  { id: 'untested', label: 'Untested' },
  { id: 'handoff', label: 'Hand-off' }
];

/** One text replacement inside a cell (0-based cell, 1-based lines and columns). */
export interface IReplaceEdit {
  kind: 'replace';
  cell: number;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  text: string;
}

/** A new cell inserted at `index`. */
export interface IInsertCellEdit {
  kind: 'insert-cell';
  index: number;
  cell_type: 'code' | 'markdown' | 'raw';
  source: string;
  tags: string[];
}

export type IEdit = IReplaceEdit | IInsertCellEdit;

/** How a finding can be fixed; `display-only` fixes are described, never applied. */
export interface IFix {
  description: string;
  safety: 'safe' | 'unsafe' | 'display-only';
  edits: IEdit[];
}

/** One problem that a rule found in a notebook. */
export interface IFinding {
  rule: string;
  name: string;
  category: string;
  severity: Severity;
  /** The 0-based index of the cell in the notebook, or null for the whole notebook. */
  cell: number | null;
  cell_id?: string | null;
  line: number | null;
  column: number | null;
  end_line?: number | null;
  end_column?: number | null;
  message: string;
  fix?: IFix | null;
  [extra: string]: unknown;
}

/** Why a notebook could not be analysed at all. */
export interface INotebookError {
  code: string;
  message: string;
}

/** The result for one notebook. */
export interface INotebookReport {
  path: string;
  error: INotebookError | null;
  findings: IFinding[];
}

/** The answer of `POST jupyter-prod/check`. */
export interface ICheckResponse {
  notebooks: INotebookReport[];
  summary: Record<string, unknown>;
}

/** The answer of `POST jupyter-prod/check` with `"graph": true`: the report and the graph
 * (null when the document could not be read). */
export interface IAnalysisResponse extends ICheckResponse {
  graph: IDependencyGraph | null;
}

/** A cell in the dependency graph (only code cells that define or read something). */
export interface IGraphNode {
  /** The 0-based index of the cell in the notebook. */
  index: number;
  /** The nbformat cell id, when the notebook has ids. */
  id: string | null;
  /** The first line of the cell, shortened. */
  label: string;
  execution_count: number | null;
}

/** Cell `to` reads `names` that cell `from` defines. */
export interface IGraphEdge {
  from: number;
  to: number;
  /** `document`: top to bottom; `hidden`: only in the recorded execution order. */
  kind: 'document' | 'hidden';
  names: string[];
}

/** The answer of `POST jupyter-prod/graph`. */
export interface IDependencyGraph {
  nodes: IGraphNode[];
  edges: IGraphEdge[];
}

/** The commands the panel offers as buttons when another plugin defines them. */
export const COMMAND_IDS = {
  applyFix: 'jupyter-prod:apply-fix',
  addParameters: 'jupyter-prod:add-parameters',
  extract: 'jupyter-prod:extract',
  export: 'jupyter-prod:export',
  run: 'jupyter-prod:run'
} as const;
