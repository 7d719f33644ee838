/**
 * A dialog that follows a background task (export, run) until it ends, then shows the result
 * with a link that opens a notebook, or what went wrong in plain words. Closing the dialog does
 * not lose the task: it is followed to its end all the same, and `endedUnseen` says how it ended
 * (a notification) when nobody was looking.
 */

import { Dialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { el } from './dom';
import { describeProgress, describeTaskError } from './forms';
import { ITask, pollTask } from './request';

export interface ITaskDialogOptions {
  title: string;
  task: string;
  /** What is happening, e.g. "Exporting orders.ipynb". */
  doing: string;
  /** On success: the sentence to show and the notebook to offer. */
  succeeded: (task: ITask) => { text: string; open: string | null; openLabel: string };
  /** On failure: a notebook to offer too (a failed run's output). */
  failedOpen?: (task: ITask) => string | null;
  open: (path: string) => void;
  /** The task ended after the dialog was closed. */
  endedUnseen?: (task: ITask) => void;
  intervalMs?: number;
}

/** Show the dialog and poll; resolves with the finished task. */
export async function followTask(options: ITaskDialogOptions): Promise<ITask> {
  const body = new Widget({ node: el('div', { class: 'jp-prod-task' }) });
  const status = el('p', { class: 'jp-prod-task-status' }, `${options.doing}…`);
  const progress = el('progress', { class: 'jp-prod-task-progress' });
  const result = el('div', { class: 'jp-prod-task-result' });
  body.node.append(status, progress, result);
  const dialog = new Dialog({
    title: options.title,
    body,
    buttons: [Dialog.okButton({ label: 'Close' })]
  });
  void dialog.launch();
  let closed = false;
  dialog.disposed.connect(() => (closed = true));

  let task: ITask;
  try {
    task = await pollTask(
      options.task,
      state => {
        status.textContent = `${options.doing}… ${describeProgress(state)}`;
        if (state.progress && state.progress.total > 0) {
          progress.max = state.progress.total;
          progress.value = state.progress.done;
        }
      },
      options.intervalMs ?? 500
    );
  } catch (reason) {
    if (!closed) {
      throw reason;
    }
    // Followed after its dialog closed, and the server stopped answering for it (restarted):
    // no error dialog out of nowhere; the run's record still says how it ended (runs view).
    console.warn(`jupyter-prod: stopped following task ${options.task}:`, reason);
    const kind = options.title === 'Export' ? 'export' : 'run';
    return { id: options.task, kind, status: 'failed', started: '', seconds: 0, progress: null, result: null, error: { message: String(reason) } };
  }
  if (closed) {
    options.endedUnseen?.(task);
    return task;
  }
  progress.remove();
  if (task.status === 'succeeded') {
    const done = options.succeeded(task);
    status.textContent = done.text;
    status.classList.add('jp-prod-task-succeeded');
    if (done.open) {
      result.append(openButton(done.openLabel, done.open, options.open, dialog));
    }
  } else if (task.status === 'failed') {
    status.textContent = 'It did not work:';
    status.classList.add('jp-prod-task-failed');
    result.append(el('pre', { class: 'jp-prod-task-error' }, describeTaskError(task)));
    const output = options.failedOpen?.(task);
    if (output) {
      result.append(openButton('Open the output notebook', output, options.open, dialog));
    }
  }
  return task;
}

/** A button that opens the notebook and closes the dialog (the user goes there). */
function openButton(label: string, path: string, open: (path: string) => void, dialog: Dialog<unknown>): HTMLElement {
  const button = el('button', { class: 'jp-mod-styled jp-prod-open', 'data-path': path }, label);
  button.addEventListener('click', () => {
    dialog.resolve();
    open(path);
  });
  return el('p', {}, button, ' ', el('code', {}, path));
}
