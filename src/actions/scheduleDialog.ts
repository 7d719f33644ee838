/**
 * "Schedule…" in the Run dialog: a jupyter-scheduler job definition for the job (a cron
 * schedule, the parameters of the Run form), made by the server (`jupyter-prod/scheduler/
 * definitions`). Offered only when the server says jupyter-scheduler runs there: without it,
 * the button is absent, not broken. Each run it makes is recorded under the job's `runs/`.
 */

import { Dialog, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { el, field, messageOf } from './dom';
import { requestAPI } from './request';

export interface IScheduleAvailability {
  available: boolean;
  version: string | null;
}

export interface IScheduleChoice {
  cron: string;
  timezone: string;
  name: string;
  contract: string;
  run_now: boolean;
}

export interface IScheduledDefinition {
  definition_id: string;
  job_id: string | null;
  launcher: string;
  name: string;
  schedule: string | null;
}

let availability: Promise<boolean> | null = null;

/** Whether jupyter-scheduler runs in the server (asked once; a failed request: no). */
export function schedulerAvailable(): Promise<boolean> {
  availability ??= requestAPI<IScheduleAvailability>('scheduler').then(
    reply => reply.available === true,
    () => false
  );
  return availability;
}

/** Five cron fields or a preset: what the server accepts (it checks again). */
export function cronProblem(cron: string): string | null {
  const text = cron.trim();
  if (!text || text.startsWith('@') || text.split(/\s+/).length === 5) {
    return null;
  }
  return 'A schedule is five cron fields (minute hour day month weekday), e.g. 0 6 * * *, or a preset like @daily.';
}

/**
 * The Run dialog's slot for "Schedule…": empty, and given the button once the server says
 * jupyter-scheduler is there. `parameters()` reads the Run form's values when clicked.
 */
export function scheduleButton(job: string, parameters: () => Record<string, string>): HTMLElement {
  const slot = el('div', { class: 'jp-prod-schedule-slot' });
  void schedulerAvailable().then(available => {
    if (!available) {
      return;
    }
    const button = el('button', { class: 'jp-mod-styled jp-prod-schedule-button', type: 'button' }, 'Schedule…');
    button.addEventListener('click', () => {
      const values = parameters();
      // JupyterLab queues dialogs: the Run dialog closes (as Cancel would), then this one opens.
      slot.closest('.jp-Dialog')?.querySelector<HTMLButtonElement>('.jp-Dialog-button.jp-mod-reject')?.click();
      void schedule(job, values);
    });
    slot.append(button, el('span', { class: 'jp-prod-field-hint' }, ' with jupyter-scheduler, these parameters'));
  });
  return slot;
}

class ScheduleForm extends Widget {
  constructor(job: string) {
    super({ node: el('div', { class: 'jp-prod-schedule-dialog' }) });
    this._name.value = job.split('/').filter(Boolean).pop() ?? job;
    this._cron.value = '0 6 * * *';
    this._timezone.value = 'UTC';
    for (const [value, label] of [['', "job.yaml's"], ['strict', 'strict'], ['warn', 'warn'], ['off', 'off']]) {
      this._contract.append(el('option', { value }, label));
    }
    this.node.append(
      field('Name', this._name, 'how jupyter-scheduler lists it'),
      field('Schedule (cron)', this._cron, 'empty: only when run by hand from the Notebook Jobs list'),
      field('Time zone', this._timezone),
      field('Data contract', this._contract, 'strict fails the run on a violation'),
      el('label', { class: 'jp-prod-schedule-now-label' }, this._now, ' run once now')
    );
  }

  getValue(): IScheduleChoice {
    return {
      cron: this._cron.value.trim(),
      timezone: this._timezone.value.trim() || 'UTC',
      name: this._name.value.trim(),
      contract: this._contract.value,
      run_now: this._now.checked
    };
  }

  private readonly _name = el('input', { type: 'text', class: 'jp-mod-styled jp-prod-schedule-name' });
  private readonly _cron = el('input', { type: 'text', class: 'jp-mod-styled jp-prod-schedule-cron' });
  private readonly _timezone = el('input', { type: 'text', class: 'jp-mod-styled jp-prod-schedule-timezone' });
  private readonly _contract = el('select', { class: 'jp-mod-styled jp-prod-schedule-contract' });
  private readonly _now = el('input', { type: 'checkbox', class: 'jp-prod-schedule-now' });
}

/** Ask for the schedule, create the definition, say what was made (or why not). */
async function schedule(job: string, parameters: Record<string, string>): Promise<void> {
  const answer = await showDialog({
    title: `Schedule ${job}`,
    body: new ScheduleForm(job),
    buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Schedule' })]
  });
  if (!answer.button.accept || !answer.value) {
    return;
  }
  const choice = answer.value;
  const problem = cronProblem(choice.cron);
  let text: string;
  try {
    if (problem) {
      throw new Error(problem);
    }
    const body: Record<string, unknown> = { job, parameters, timezone: choice.timezone, run_now: choice.run_now };
    for (const key of ['cron', 'name', 'contract'] as const) {
      if (choice[key]) {
        body[key] = choice[key];
      }
    }
    const made = await requestAPI<IScheduledDefinition>('scheduler/definitions', {
      method: 'POST',
      body: JSON.stringify(body)
    });
    const when = made.schedule ? `on the schedule ${made.schedule}` : 'when run from the Notebook Jobs list';
    const now = made.job_id ? ' A first run has started.' : '';
    text = `jupyter-scheduler runs "${made.name}" ${when} (through ${made.launcher}).${now} Its runs appear in the job's runs.`;
  } catch (reason) {
    text = `Not scheduled: ${messageOf(reason)}`;
  }
  await showDialog({
    title: 'Schedule',
    body: text,
    buttons: [Dialog.okButton()]
  });
}
