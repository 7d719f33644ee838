/**
 * The row of actions that other plugins provide (parameters, extract, export, run): a button
 * for each command that exists, kept in step with the command registry.
 */

import { CommandRegistry } from '@lumino/commands';

import { COMMAND_IDS } from '../tokens';

const ACTIONS: readonly { id: string; label: string }[] = [
  { id: COMMAND_IDS.addParameters, label: 'Parameters' },
  { id: COMMAND_IDS.extract, label: 'Extract' },
  { id: COMMAND_IDS.export, label: 'Export' },
  { id: COMMAND_IDS.run, label: 'Run' }
];

export class ActionsBar {
  constructor(private readonly _commands: CommandRegistry | null) {
    this.node.className = 'jp-prod-actions';
    this.node.setAttribute('role', 'toolbar');
    this.node.setAttribute('aria-label', 'Take the notebook to production');
    this._commands?.commandChanged.connect(this.update, this);
    this.update();
  }

  readonly node = document.createElement('div');

  /** Show a button for each action whose command exists now. */
  update(): void {
    const commands = this._commands;
    const buttons = ACTIONS.filter(({ id }) => commands?.hasCommand(id)).map(({ id, label }) => {
      const button = document.createElement('button');
      button.className = 'jp-mod-styled jp-prod-action';
      button.dataset.command = id;
      const caption = commands!.caption(id);
      button.textContent = commands!.label(id) || label;
      button.title = caption || button.textContent;
      button.addEventListener('click', () => void commands!.execute(id));
      return button;
    });
    this.node.replaceChildren(...buttons);
    this.node.hidden = buttons.length === 0;
  }

  /** Whether quick fixes can be applied (the command that applies them exists). */
  get canFix(): boolean {
    return this._commands?.hasCommand(COMMAND_IDS.applyFix) ?? false;
  }

  dispose(): void {
    this._commands?.commandChanged.disconnect(this.update, this);
  }
}
