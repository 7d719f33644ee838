/**
 * The server routes behind the actions, typed; long work is a task polled until it ends.
 */

import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { API_NAMESPACE, IReplaceEdit } from '../tokens';

/** The server refused an action: its message, and the reasons when it lists them. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reasons: string[] = [],
    /** Whether the user may go on all the same (an export refused for errors: "Export anyway"). */
    readonly overridable = false
  ) {
    super(message);
    this.name = 'ActionError';
  }
}

/** Call `<baseUrl>/jupyter-prod/<route>`; an error status is an ActionError in words. */
export async function requestAPI<T>(route: string, init: RequestInit = {}): Promise<T> {
  const settings = ServerConnection.makeSettings();
  const url = URLExt.join(settings.baseUrl, API_NAMESPACE, route);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
  } catch {
    throw new ActionError('The Jupyter server cannot be reached.', 0);
  }
  let body: { message?: unknown; reasons?: unknown; overridable?: unknown } | null = null;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message =
      typeof body?.message === 'string' && body.message
        ? body.message
        : `The server answered ${response.status} ${response.statusText}.`;
    const reasons = Array.isArray(body?.reasons) ? body!.reasons.map(String) : [];
    throw new ActionError(message, response.status, reasons, body?.overridable === true);
  }
  return body as T;
}

export interface ISuggestedParameter {
  name: string;
  type: string | null;
  /** Python source of the default value. */
  default: string;
  /** Where it came from, in words. */
  origin: string;
  cell: number | null;
  kind: 'parameters-cell' | 'literal' | 'path';
  /** Edits that make it take effect (remove its assignment, lift its path); null: by hand. */
  edits: IReplaceEdit[] | null;
}

export interface IParameterSuggestion {
  parameters: ISuggestedParameter[];
  tagged_cell: number | null;
  insert_index: number | null;
  cell_source: string;
  notes: string[];
}

export interface IExtraction {
  name: string;
  cells: number[];
  module: string;
  module_path: string;
  inputs: string[];
  outputs: string[];
  function: string;
  source: string;
  import_line: string;
  call: string;
  replacement: string;
  notes: string[];
}

export interface IInstallLine {
  cell: number;
  line: number;
  text: string;
  packages: string[];
  removable: boolean;
}

export interface IPipInstalls {
  lines: IInstallLine[];
  packages: string[];
  edits: IReplaceEdit[];
  requirements_path: string;
}

export interface IPreviewFile {
  path: string;
  size: number;
  text: string | null;
}

export interface IExportPreview {
  job_dir: string;
  exists: boolean;
  files: IPreviewFile[];
  report: { notes?: string[]; parameters?: { name: string }[]; steps?: { name: string }[] };
}

export interface IExportOptions {
  path: string;
  name?: string;
  engine?: 'local' | 'spark';
  output?: string;
  force?: boolean;
}

export interface IFailedCell {
  number: number;
  source: string;
  error: string;
  location: string | null;
}

export interface IRunRecord {
  id: string;
  // 'interrupted': stopped by a signal, or its process is gone (the server reads it so);
  // 'cancelled': stopped on request (Stop in the runs view)
  status: 'running' | 'succeeded' | 'failed' | 'interrupted' | 'cancelled';
  started: string;
  seconds: number;
  parameters: Record<string, unknown>;
  engine: string;
  output: string | null;
  report?: string | null; // report.html, relative to the server root (older records: none)
  failed_cell: IFailedCell | null;
  message: string | null;
  /** The job folder and name (in `runs?under=` listings). */
  job?: string;
  job_name?: string;
  /** The data contract's check of the run, when the job has one. */
  contract?: { mode?: string; violations?: unknown[] } | null;
  /** The columns whose values drifted from the recorded profile. */
  drift?: unknown[] | null;
}

export interface IJobParameter {
  name: string;
  type: string | null;
  default: unknown;
}

export interface IJob {
  name: string;
  path: string;
  notebook_path: string;
  engine: string;
  kernel: string;
  parameters: IJobParameter[];
  runs: IRunRecord[];
}

export interface ITaskError {
  message: string;
  reasons?: string[];
  failed_cell?: IFailedCell | null;
  output?: string | null;
}

export interface ITask {
  id: string;
  kind: 'export' | 'run';
  status: 'running' | 'succeeded' | 'failed';
  started: string;
  seconds: number;
  progress: { done: number; total: number; unit: string } | null;
  result: Record<string, unknown> | null;
  error: ITaskError | null;
}

function post<T>(route: string, body: unknown): Promise<T> {
  return requestAPI<T>(route, { method: 'POST', body: JSON.stringify(body) });
}

export function suggestParameters(notebook: unknown, path: string): Promise<IParameterSuggestion> {
  return post('parameters', { notebook, path });
}

export function extractCells(
  notebook: unknown,
  path: string,
  cells: number[],
  name?: string,
  module?: string
): Promise<IExtraction> {
  return post('extract', { notebook, path, cells, name, module });
}

export function addToModule(module: string, source: string): Promise<{ module: string; created: boolean }> {
  return post('extract/apply', { module, source });
}

export function pipInstalls(notebook: unknown, path: string): Promise<IPipInstalls> {
  return post('requirements', { notebook, path });
}

export function addRequirements(
  requirements: string,
  packages: string[]
): Promise<{ added: string[]; created: boolean }> {
  return post('requirements/apply', { requirements, packages });
}

export function previewExport(options: IExportOptions): Promise<IExportPreview> {
  return post('export/preview', options);
}

export function startExport(options: IExportOptions): Promise<{ task: string }> {
  return post('export', options);
}

export function getJob(path: string): Promise<IJob> {
  return requestAPI<IJob>(`job?path=${encodeURIComponent(path)}`);
}

export function startRun(
  job: string,
  parameters: Record<string, string>,
  engine?: string
): Promise<{ task: string }> {
  return post('runs', { job, parameters, engine });
}

/** The latest runs of every job up to three levels below `folder`, newest first. */
export function listRuns(folder: string): Promise<{ runs: IRunRecord[] }> {
  return requestAPI(`runs?under=${encodeURIComponent(folder || '.')}`);
}

/** Ask a running run to stop; it ends `cancelled`. */
export function stopRun(job: string, id: string): Promise<{ id: string; status: string }> {
  return requestAPI('runs', { method: 'PATCH', body: JSON.stringify({ job, id, status: 'cancelled' }) });
}

export function getTask(id: string): Promise<ITask> {
  return requestAPI<ITask>(`tasks/${encodeURIComponent(id)}`);
}

/** Poll a task until it ends, telling `onUpdate` each state; resolves with the last one. */
export async function pollTask(
  id: string,
  onUpdate: (task: ITask) => void,
  intervalMs = 500,
  isCancelled: () => boolean = () => false
): Promise<ITask> {
  for (;;) {
    const task = await getTask(id);
    onUpdate(task);
    if (task.status !== 'running' || isCancelled()) {
      return task;
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}
