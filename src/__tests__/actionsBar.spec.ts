import { CommandRegistry } from '@lumino/commands';

import { ActionsBar } from '../panel/actionsBar';

describe('ActionsBar', () => {
  it('shows a button only for the action commands that exist, as they come and go', async () => {
    const commands = new CommandRegistry();
    const bar = new ActionsBar(commands);
    expect(bar.node.hidden).toBe(true);
    expect(bar.canFix).toBe(false);

    const ran: string[] = [];
    const exportCommand = commands.addCommand('jupyter-prod:export', {
      label: 'Export…',
      caption: 'Export the notebook as a job',
      execute: () => void ran.push('export')
    });
    commands.addCommand('jupyter-prod:apply-fix', { execute: () => undefined });
    commands.addCommand('jupyter-prod:unrelated', { execute: () => undefined });

    const buttons = (): HTMLButtonElement[] => [...bar.node.querySelectorAll('button')];
    expect(bar.node.hidden).toBe(false);
    expect(buttons().map(b => [b.dataset.command, b.textContent, b.title])).toEqual([
      ['jupyter-prod:export', 'Export…', 'Export the notebook as a job']
    ]);
    expect(bar.canFix).toBe(true);
    buttons()[0].click();
    await Promise.resolve();
    expect(ran).toEqual(['export']);

    exportCommand.dispose();
    expect(buttons()).toHaveLength(0);
    expect(bar.node.hidden).toBe(true);
    bar.dispose();
  });
});
