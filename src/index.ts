/**
 * The jupyter-prod JupyterLab extension: a sidebar panel that checks whether
 * the current notebook is ready to run as a production job.
 */

import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { actionsPlugin } from './actions/plugin';
import { ProdPanel } from './panel/panel';
import { DEFAULT_SETTINGS, IProdSettings, PANEL_ID, PLUGIN_ID } from './tokens';

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'A sidebar panel that checks whether the current notebook is ready for production.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ILayoutRestorer, ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    notebooks: INotebookTracker,
    restorer: ILayoutRestorer | null,
    registry: ISettingRegistry | null
  ): void => {
    const panel = new ProdPanel({
      commands: app.commands,
      reveal: () => app.shell.activateById(PANEL_ID)
    });
    app.shell.add(panel, 'left', { rank: 1000 });
    restorer?.add(panel, PANEL_ID);

    followCurrentNotebook(app.shell, notebooks, panel);
    if (registry) {
      void loadSettings(registry, panel);
    }
  }
};

/** Keep the panel on the notebook that is current in the main area, if any. */
function followCurrentNotebook(
  shell: JupyterFrontEnd.IShell,
  notebooks: INotebookTracker,
  panel: ProdPanel
): void {
  const follow = (): void => {
    // Shells without a current widget (some Notebook 7 views) follow the tracker.
    const current = shell.currentChanged
      ? shell.currentWidget
      : notebooks.currentWidget;
    panel.notebook =
      current && notebooks.has(current) ? (current as NotebookPanel) : null;
  };
  shell.currentChanged?.connect(follow);
  notebooks.currentChanged.connect(follow);
  follow();
}

async function loadSettings(
  registry: ISettingRegistry,
  panel: ProdPanel
): Promise<void> {
  try {
    const settings = await registry.load(PLUGIN_ID);
    const apply = (): void => {
      panel.settings = {
        ...DEFAULT_SETTINGS,
        ...(settings.composite as Partial<IProdSettings>)
      };
    };
    apply();
    settings.changed.connect(apply);
  } catch (reason) {
    console.error(
      `${PLUGIN_ID}: could not load settings, using the defaults.`,
      reason
    );
  }
}

export default [plugin, actionsPlugin];
