/**
 * The values of the actions' forms, as pure functions: checked, turned into source or into
 * what the server takes, and errors put in plain words. Unit-tested.
 */

import { IFailedCell, IJobParameter, ITask } from './request';

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BOOLS = ['true', 'false', 'yes', 'no', '1', '0', 'on', 'off'];
const STRING_LITERAL = /^(?:[rRbBuU]{0,2})('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set(
  ('False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try ' +
    'while with yield').split(' ')
);

/** Whether `name` can be a Python variable. */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !KEYWORDS.has(name);
}

/**
 * Why `text` is not a value of `type` as a run form takes it (the server converts the text by
 * the parameter's declared type), or null when it is fine.
 */
export function checkRunValue(type: string | null, text: string): string | null {
  const value = text.trim();
  switch (type) {
    case 'int':
      return INT.test(value) ? null : 'a whole number, like 3';
    case 'float':
      return FLOAT.test(value) ? null : 'a number, like 0.5';
    case 'bool':
      return BOOLS.includes(value.toLowerCase()) ? null : 'true or false';
    case 'list':
    case 'tuple':
    case 'dict': {
      const expected = type === 'dict' ? 'an object, like {"a": 1}' : 'a list, like [1, 2]';
      try {
        const parsed = JSON.parse(value);
        const ok = type === 'dict' ? isPlainObject(parsed) : Array.isArray(parsed);
        return ok ? null : expected;
      } catch {
        return `${expected} (written as JSON)`;
      }
    }
    default:
      return null;
  }
}

/**
 * Why `source` is not a Python literal of `type` for a parameters cell, or null. Unknown types
 * take any non-empty expression.
 */
export function checkDefaultSource(type: string | null, source: string): string | null {
  const value = source.trim();
  if (!value) {
    return 'a value is needed';
  }
  switch (type) {
    case 'int':
      return INT.test(value.replace(/_/g, '')) ? null : 'a whole number, like 3';
    case 'float':
      return FLOAT.test(value.replace(/_/g, '')) || INT.test(value) ? null : 'a number, like 0.5';
    case 'bool':
      return value === 'True' || value === 'False' ? null : 'True or False';
    case 'str':
      return STRING_LITERAL.test(value) ? null : "a quoted text, like 'data/orders.csv'";
    default:
      return null;
  }
}

/** One row of the parameters dialog, as the user left it. */
export interface IParameterRow {
  name: string;
  type: string | null;
  default: string;
  keep: boolean;
}

/** Problems of the rows, in words (empty: the cell can be inserted). */
export function rowProblems(rows: readonly IParameterRow[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const row of rows.filter(r => r.keep)) {
    if (!isIdentifier(row.name)) {
      problems.push(`"${row.name}" is not a valid Python name`);
    } else if (seen.has(row.name)) {
      problems.push(`"${row.name}" is listed twice`);
    }
    seen.add(row.name);
    const wrong = checkDefaultSource(row.type, row.default);
    if (wrong) {
      problems.push(`${row.name || 'a parameter'}: the default must be ${wrong}`);
    }
  }
  return problems;
}

/** The lines `name: type = default` of the kept rows. */
export function parameterLines(rows: readonly IParameterRow[]): string {
  return rows
    .filter(r => r.keep)
    .map(r => {
      const annotation = r.type && r.type !== 'NoneType' ? `: ${r.type}` : '';
      return `${r.name}${annotation} = ${r.default.trim()}\n`;
    })
    .join('');
}

/** The source of a new `parameters` cell holding the kept rows. */
export function parametersCellSource(rows: readonly IParameterRow[]): string {
  return '# Parameters: values a job run may override\n' + parameterLines(rows);
}

/** How a job parameter's default is shown in a text field. */
export function formValue(parameter: IJobParameter): string {
  const value = parameter.default;
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The values the user changed from the defaults: what a run sends (text, typed by the server). */
export function changedParameters(
  parameters: readonly IJobParameter[],
  values: Record<string, string>
): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const parameter of parameters) {
    const value = values[parameter.name];
    if (value !== undefined && value.trim() !== formValue(parameter).trim()) {
      changed[parameter.name] = value.trim();
    }
  }
  return changed;
}

/** The form's problems, one per field (empty: the run can start). */
export function runFormProblems(
  parameters: readonly IJobParameter[],
  values: Record<string, string>
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const parameter of parameters) {
    const wrong = checkRunValue(parameter.type, values[parameter.name] ?? formValue(parameter));
    if (wrong) {
      problems[parameter.name] = `${parameter.name} takes ${wrong}`;
    }
  }
  return problems;
}

/** A failed cell, in words. */
export function describeFailedCell(cell: IFailedCell): string {
  const where = cell.location ? ` It was raised in ${cell.location}.` : '';
  const source = cell.source ? ` (\`${cell.source}\`)` : '';
  return `Cell ${cell.number}${source} failed with ${cell.error}.${where}`;
}

/** What went wrong in a finished task, in words (the reasons listed when the export refused). */
export function describeTaskError(task: ITask): string {
  const error = task.error;
  if (!error) {
    return task.status === 'failed' ? 'It failed without saying why.' : '';
  }
  if (error.failed_cell) {
    return describeFailedCell(error.failed_cell);
  }
  const reasons = error.reasons?.length ? '\n' + error.reasons.map(r => `• ${r}`).join('\n') : '';
  return error.message + reasons;
}

/** Progress in words: "3 of 7 cells". */
export function describeProgress(task: ITask): string {
  const seconds = `${Math.round(task.seconds)} s`;
  if (task.progress && task.progress.total > 0) {
    return `${task.progress.done} of ${task.progress.total} ${task.progress.unit} · ${seconds}`;
  }
  return seconds;
}

/** The packages to write, from the lines the user kept. */
export function keptPackages(lines: readonly { packages: string[] }[], kept: readonly boolean[]): string[] {
  const packages: string[] = [];
  lines.forEach((line, index) => {
    if (kept[index]) {
      packages.push(...line.packages.filter(p => !packages.includes(p)));
    }
  });
  return packages;
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
