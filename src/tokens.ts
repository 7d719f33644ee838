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

/** One problem that a rule found in a notebook. */
export interface IFinding {
  rule: string;
  name: string;
  category: string;
  severity: Severity;
  /** The 0-based index of the cell in the notebook, or null for the whole notebook. */
  cell: number | null;
  line: number | null;
  column: number | null;
  message: string;
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
