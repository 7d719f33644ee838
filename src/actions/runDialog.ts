/**
 * The run dialog: a job folder (the last exported by default), a form of its parameters with
 * their defaults, the engine, and its past runs.
 */

import { Dialog, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { el, field, messageOf } from './dom';
import { changedParameters, checkRunValue, formValue, runFormProblems } from './forms';
import { IJob, IRunRecord } from './request';
import { scheduleButton } from './scheduleDialog';

export interface IRunChoice {
  job: string;
  parameters: Record<string, string>;
  engine?: string;
}

class RunForm extends Widget {
  constructor(
    job: string,
    private readonly _load: (path: string) => Promise<IJob>,
    private readonly _open: (path: string) => void,
    values: Record<string, string> = {},
    /** Problems found when Run was pressed, shown at their fields. */
    private readonly _fieldProblems: Record<string, string> = {}
  ) {
    super({ node: el('div', { class: 'jp-prod-run-dialog' }) });
    this._values = { ...values };
    this._folder.value = job;
    this._folder.addEventListener('change', () => void this._refresh());
    this.node.append(field('Job folder', this._folder, 'a folder with job.yaml, relative to the server root'), this._body);
    if (job) {
      void this._refresh();
    }
  }

  /** Resolves when the job named at first is loaded (the dialog waits for it). */
  ready: Promise<void> = Promise.resolve();

  getValue(): IRunChoice | null {
    if (!this._job) {
      return null;
    }
    const choice: IRunChoice = {
      job: this._job.path,
      parameters: changedParameters(this._job.parameters, this._values)
    };
    if (this._engine.value && this._engine.value !== this._job.engine) {
      choice.engine = this._engine.value;
    }
    return choice;
  }

  /** The job folder as typed (kept when the dialog opens again). */
  get folder(): string {
    return this._folder.value.trim();
  }

  get problems(): string[] {
    return this._job ? Object.values(this.fieldProblems) : ['Choose a job folder.'];
  }

  /** Each parameter whose value does not fit its type: name → what it takes, in words. */
  get fieldProblems(): Record<string, string> {
    return this._job ? runFormProblems(this._job.parameters, this._values) : {};
  }

  private async _refresh(): Promise<void> {
    this._body.replaceChildren(el('p', {}, 'Reading the job…'));
    const loading = this._load(this._folder.value.trim());
    this.ready = loading.then(() => undefined, () => undefined);
    try {
      const job = await loading;
      if (this._job && this._job.path !== job.path) {
        for (const name of Object.keys(this._values)) {
          delete this._values[name]; // another job: its own defaults
        }
      }
      this._job = job;
      this._show(job);
    } catch (reason) {
      this._job = null;
      this._body.replaceChildren(el('p', { class: 'jp-prod-error' }, messageOf(reason)));
    }
  }

  private _show(job: IJob): void {
    const form = el('div', { class: 'jp-prod-run-parameters' });
    for (const parameter of job.parameters) {
      const input = el('input', { type: 'text', class: 'jp-mod-styled', name: parameter.name, 'aria-label': parameter.name });
      input.value = this._values[parameter.name] ?? formValue(parameter);
      this._values[parameter.name] = input.value;
      // A value that does not fit its type is said at its field, as it is typed.
      const problem = el('span', { class: 'jp-prod-error jp-prod-field-error', id: `jp-prod-run-${parameter.name}-problem`, role: 'alert' });
      const check = (wrong: string | null): void => {
        problem.textContent = wrong ?? '';
        problem.hidden = !wrong;
        input.setAttribute('aria-invalid', String(Boolean(wrong)));
      };
      input.setAttribute('aria-describedby', problem.id);
      check(this._fieldProblems[parameter.name] ?? null);
      input.addEventListener('input', () => {
        this._values[parameter.name] = input.value;
        const wrong = checkRunValue(parameter.type, input.value);
        check(wrong ? `${parameter.name} takes ${wrong}` : null);
      });
      const row = field(`${parameter.name}${parameter.type ? ` (${parameter.type})` : ''}`, input);
      row.append(problem);
      form.append(row);
    }
    this._engine.replaceChildren(
      ...(job.engine === 'spark' ? ['spark', 'local'] : ['local']).map(e => el('option', { value: e }, e))
    );
    this._body.replaceChildren(
      el('p', {}, 'Job ', el('strong', {}, job.name), ` (${job.parameters.length} parameter${job.parameters.length === 1 ? '' : 's'})`),
      job.parameters.length ? form : el('p', {}, 'It takes no parameters.'),
      field('Engine', this._engine),
      scheduleButton(job.path, () => changedParameters(job.parameters, this._values)),
      this._runs(job.runs)
    );
  }

  private _runs(runs: IRunRecord[]): HTMLElement {
    if (!runs.length) {
      return el('p', { class: 'jp-prod-run-history' }, 'No runs yet.');
    }
    const list = el('ul', { class: 'jp-prod-run-history' });
    for (const run of runs.slice(-5).reverse()) {
      const open = run.output ? el('button', { class: 'jp-prod-link' }, 'output') : null;
      open?.addEventListener('click', () => this._open(run.output!));
      const report = run.report ? el('button', { class: 'jp-prod-link' }, 'report') : null;
      report?.addEventListener('click', () => this._open(run.report!));
      const took = run.status === 'running' ? `for ${run.seconds.toFixed(0)} s` : `in ${run.seconds.toFixed(1)} s`;
      const values = Object.entries(run.parameters ?? {}).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
      const given = values.length ? ` (${values.join(', ')})` : '';
      list.append(el('li', { 'data-status': run.status }, `${run.id}: ${run.status} ${took}${given} `, open, report ? ' ' : '', report));
    }
    return el('div', {}, el('p', {}, 'Recent runs:'), list);
  }

  private _job: IJob | null = null;
  private readonly _values: Record<string, string>;
  private readonly _folder = el('input', { type: 'text', class: 'jp-mod-styled jp-prod-run-job' });
  private readonly _engine = el('select', { class: 'jp-mod-styled jp-prod-run-engine' });
  private readonly _body = el('div', { class: 'jp-prod-run-body' });
}

/** Show the form until its values are valid or the user cancels. */
export async function askRun(
  job: string,
  load: (path: string) => Promise<IJob>,
  open: (path: string) => void
): Promise<IRunChoice | null> {
  let problems: string[] = [];
  let atFields: Record<string, string> = {};
  let values: Record<string, string> = {};
  for (;;) {
    const form = new RunForm(job, load, open, values, atFields);
    // Problems of a parameter are shown at its field; only the others (no job) at the top.
    const general = problems.filter(problem => !Object.values(atFields).includes(problem));
    if (general.length) {
      form.node.prepend(el('div', { class: 'jp-prod-error' }, ...general.map(p => el('div', {}, p))));
    }
    const answer = await showDialog({
      title: 'Run a job',
      body: form,
      buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Run' })]
    });
    if (!answer.button.accept) {
      return null;
    }
    problems = form.problems;
    atFields = form.fieldProblems;
    const choice = answer.value;
    if (!problems.length && choice) {
      return choice;
    }
    job = choice?.job ?? form.folder;
    values = { ...(choice?.parameters ?? {}) };
  }
}
