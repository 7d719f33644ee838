/**
 * The actions plugin: commands that change the notebook (quick fixes, parameters, extract,
 * requirements) and that make and run jobs (export, run). The panel shows a button for each.
 *
 * Notebook changes go through the notebook's model in one transaction (one undo reverts them)
 * and are never saved behind the user's back; files (a module, requirements.txt, a job) are
 * written only after the user confirms in a dialog.
 */

import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { Dialog, ICommandPalette, showDialog } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { Widget } from '@lumino/widgets';

import { selectCell } from '../cells';
import { announceRunEnd } from '../panel/runsView';
import { COMMAND_IDS, IFix } from '../tokens';
import { errorBody } from './dom';
import { askExport } from './exportDialog';
import { askExtraction } from './extractDialog';
import { applyEdits, applyFix, replaceCells } from './notebookEdits';
import { askParameters } from './parametersDialog';
import { parameterEdits } from './plans';
import { askRequirements } from './requirementsDialog';
import * as api from './request';
import { askRun } from './runDialog';
import { followTask } from './taskDialog';

export const ACTIONS_PLUGIN_ID = 'jupyter-prod:actions';
export const MOVE_PIP_INSTALLS = 'jupyter-prod:move-pip-installs';
const LAST_JOB_KEY = 'jupyter-prod:last-job';

export const actionsPlugin: JupyterFrontEndPlugin<void> = {
  id: ACTIONS_PLUGIN_ID,
  description: 'Quick fixes, parameters, extraction, export and run for the current notebook.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette],
  activate: (app: JupyterFrontEnd, notebooks: INotebookTracker, palette: ICommandPalette | null): void => {
    const actions = new Actions(app, notebooks);
    actions.register();
    const category = 'Production (jupyter-prod)';
    for (const command of [COMMAND_IDS.addParameters, COMMAND_IDS.extract, MOVE_PIP_INSTALLS, COMMAND_IDS.export, COMMAND_IDS.run]) {
      palette?.addItem({ command, category });
    }
  }
};

class Actions {
  constructor(
    private readonly _app: JupyterFrontEnd,
    private readonly _notebooks: INotebookTracker
  ) {}

  register(): void {
    const commands = this._app.commands;
    const hasNotebook = () => this._notebooks.currentWidget !== null;
    commands.addCommand(COMMAND_IDS.applyFix, {
      label: 'Apply a jupyter-prod quick fix',
      isEnabled: hasNotebook,
      execute: args => this._guard('The fix was not applied', () => this.applyFix(args))
    });
    commands.addCommand(COMMAND_IDS.addParameters, {
      label: 'Parameters',
      caption: 'Add a cell tagged "parameters" from the values a run may change (editable first)',
      isEnabled: hasNotebook,
      execute: () => this._guard('No parameters cell was added', () => this.addParameters())
    });
    commands.addCommand(COMMAND_IDS.extract, {
      label: 'Extract',
      caption: 'Turn the selected cells into a function of a module, and call it',
      isEnabled: hasNotebook,
      execute: () => this._guard('Nothing was extracted', () => this.extract())
    });
    commands.addCommand(MOVE_PIP_INSTALLS, {
      label: 'Requirements',
      caption: 'Move the pip install lines into a requirements file',
      isEnabled: hasNotebook,
      execute: () => this._guard('Nothing was moved', () => this.moveInstalls())
    });
    commands.addCommand(COMMAND_IDS.export, {
      label: 'Export',
      caption: 'Export the notebook as a job (papermill notebook, package, tests)',
      isEnabled: hasNotebook,
      execute: () => this._guard('The notebook was not exported', () => this.export())
    });
    commands.addCommand(COMMAND_IDS.run, {
      label: 'Run',
      caption: 'Run an exported job with parameters',
      execute: args => this._guard('The job did not run', () => this.run(args.job as string | undefined))
    });
  }

  // -------------------------------------------------------------------- notebook edits
  async applyFix(args: { readonly [key: string]: unknown }): Promise<void> {
    const fix = args.fix as unknown as IFix | undefined;
    if (!fix || !Array.isArray(fix.edits)) {
      throw new Error('the command needs a `fix` with `edits`');
    }
    applyFix(this._panel().model!, fix);
  }

  async addParameters(): Promise<void> {
    const panel = this._panel();
    const suggestion = await api.suggestParameters(panel.model!.toJSON(), panel.context.path);
    const rows = await askParameters(suggestion);
    if (rows) {
      const model = panel.model!;
      applyEdits(model, parameterEdits(suggestion, rows, i => model.sharedModel.cells[i].getSource()));
    }
  }

  async extract(): Promise<void> {
    const panel = this._panel();
    const cells = selectedCells(panel);
    const path = panel.context.path;
    const document = panel.model!.toJSON();
    const extract = (name?: string, module?: string) => api.extractCells(document, path, cells, name, module);
    const choice = await askExtraction(await extract(), extract, path);
    if (!choice) {
      return;
    }
    const extraction = await extract(choice.name, choice.module);
    const written = await api.addToModule(extraction.module_path, extraction.source);
    replaceCells(panel.model!, extraction.cells, extraction.replacement);
    await showDialog({
      title: 'Extracted',
      body: `${extraction.name} is now in ${written.module}${written.created ? ' (a new module)' : ''}; ` +
        'the cells call it. Undo (Z in command mode) brings the cells back; the module stays.',
      buttons: [Dialog.okButton({ label: 'Close' })]
    });
  }

  async moveInstalls(): Promise<void> {
    const panel = this._panel();
    const found = await api.pipInstalls(panel.model!.toJSON(), panel.context.path);
    const choice = await askRequirements(found);
    if (!choice || !choice.packages.length) {
      return;
    }
    await api.addRequirements(choice.requirements, choice.packages);
    applyEdits(panel.model!, choice.edits);
  }

  // -------------------------------------------------------------------- jobs
  async export(): Promise<void> {
    const panel = this._panel();
    if (panel.model!.dirty) {
      const answer = await showDialog({
        title: 'Save first?',
        body: 'The export reads the notebook as saved. Save it now?',
        buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Save' })]
      });
      if (!answer.button.accept) {
        return;
      }
      await panel.context.save();
    }
    const options = await askExport(panel.context.path, api.previewExport, cell => selectCell(panel, cell));
    if (!options) {
      return;
    }
    const { task } = await api.startExport(options);
    const done = await followTask({
      title: 'Export',
      task,
      doing: `Exporting ${panel.context.path} (the notebook runs once to record the tests)`,
      succeeded: t => {
        const result = t.result as { job_dir: string; notebook: string; tests: number };
        return {
          text: `The job is in ${result.job_dir}, with ${result.tests} recorded test${result.tests === 1 ? '' : 's'}.`,
          open: result.notebook,
          openLabel: 'Open the job notebook'
        };
      },
      open: path => this._open(path)
    });
    if (done.status === 'succeeded') {
      window.localStorage.setItem(LAST_JOB_KEY, String((done.result as { job_dir: string }).job_dir));
    }
  }

  async run(job?: string): Promise<void> {
    const folder = job ?? window.localStorage.getItem(LAST_JOB_KEY) ?? '';
    const choice = await askRun(folder, api.getJob, path => this._open(path));
    if (!choice) {
      return;
    }
    const { task } = await api.startRun(choice.job, choice.parameters, choice.engine);
    window.localStorage.setItem(LAST_JOB_KEY, choice.job);
    await followTask({
      title: 'Run',
      task,
      doing: `Running ${choice.job}`,
      succeeded: t => {
        const result = t.result as { output: string; run: { seconds: number } };
        return {
          text: `The job ran in ${result.run.seconds.toFixed(1)} s.`,
          open: result.output,
          openLabel: 'Open the output notebook'
        };
      },
      failedOpen: t => t.error?.output ?? null,
      open: path => this._open(path),
      endedUnseen: t => {
        const run = ((t.result?.run ?? (t.error as { run?: unknown } | null)?.run) ?? null) as api.IRunRecord | null;
        if (run) {
          announceRunEnd({ ...run, job: choice.job }, path => this._open(path));
        }
      }
    });
  }

  // -------------------------------------------------------------------- helpers
  private _panel(): NotebookPanel {
    const panel = this._notebooks.currentWidget;
    if (!panel || !panel.model) {
      throw new Error('open a notebook first');
    }
    return panel;
  }

  private _open(path: string): void {
    void this._app.commands.execute('docmanager:open', { path });
  }

  /** Run an action; a failure is a dialog in words, never an unhandled rejection. */
  private async _guard(what: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (reason) {
      // A body of its own: the reasons one per line (a string body runs them together).
      await showDialog({
        title: what,
        body: new Widget({ node: errorBody(reason) }),
        buttons: [Dialog.okButton({ label: 'Close' })]
      });
    }
  }
}

/** Indices of the selected cells (the active cell when nothing else is selected). */
export function selectedCells(panel: NotebookPanel): number[] {
  const notebook = panel.content;
  const selected = notebook.widgets
    .map((cell, index) => (notebook.isSelectedOrActive(cell) ? index : -1))
    .filter(index => index >= 0);
  return selected.length ? selected : [notebook.activeCellIndex];
}
