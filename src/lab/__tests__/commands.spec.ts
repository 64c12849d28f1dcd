import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { ICommandPalette } from '@jupyterlab/apputils';
import { NotebookTracker } from '@jupyterlab/notebook';
import { CommandRegistry } from '@lumino/commands';
import { Widget } from '@lumino/widgets';
import { CommandIDs } from '../commandIds';
import { uiPlugin } from '../plugins';
import { LinearizeSessions } from '../sessions';

const timing = performance as unknown as Record<string, unknown>;
for (const name of ['mark', 'measure', 'clearMarks', 'clearMeasures']) {
  timing[name] ??= () => undefined;
}
timing.getEntriesByName ??= () => [];

/**
 * Activate the UI plugin as a front end would: a real command registry and notebook
 * tracker; the shell, context menu and palette record what they are given.
 */
function activate(shell: 'lab' | 'notebook7') {
  const commands = new CommandRegistry();
  const added: { widget: Widget; area: string }[] = [];
  const app = {
    commands,
    shell: {
      add: (widget: Widget, area: string) => added.push({ widget, area }),
      activateById: () => undefined,
      currentWidget: null,
      currentChanged: undefined
    },
    contextMenu: { addItem: () => undefined }
  } as unknown as JupyterFrontEnd;
  const palette: string[] = [];
  const paletteToken = {
    addItem: (item: { command: string }) => {
      palette.push(item.command);
      return { dispose: () => undefined };
    }
  } as unknown as ICommandPalette;
  const tracker = new NotebookTracker({ namespace: `test-${shell}` });
  const sessions = new LinearizeSessions(tracker);
  const labShell =
    shell === 'lab' ? (app.shell as unknown as never) : (null as never);
  uiPlugin.activate(
    app,
    sessions,
    tracker,
    paletteToken,
    null, // no status bar (Notebook 7, or turned off)
    labShell,
    null // no translator: English
  );
  return { commands, palette, added };
}

describe('uiPlugin commands', () => {
  it('registers every command with a label, disabled without a notebook', () => {
    const { commands, added } = activate('lab');
    for (const id of [
      CommandIDs.showFindings,
      CommandIDs.selectRerun,
      CommandIDs.rerunNeeded,
      CommandIDs.restartRunAll,
      CommandIDs.params,
      CommandIDs.exportScript,
      CommandIDs.verify,
      CommandIDs.clearRecord
    ]) {
      expect(commands.hasCommand(id)).toBe(true);
      expect(commands.label(id)).not.toBe('');
    }
    expect(commands.label(CommandIDs.showFindings)).toBe(
      'Show Reproducibility Findings'
    );
    expect(commands.isEnabled(CommandIDs.rerunNeeded)).toBe(false);
    expect(commands.isEnabled(CommandIDs.exportScript)).toBe(false);
    // The panel goes to the right area of whatever shell there is.
    expect(added.map(a => [a.widget.id, a.area])).toEqual([
      ['jp-Linearize-panel', 'right']
    ]);
  });

  it('lists "show findings" in the palette in JupyterLab only (Notebook 7 lists side panels itself)', () => {
    const lab = activate('lab');
    const nb7 = activate('notebook7');
    expect(lab.palette).toContain(CommandIDs.showFindings);
    expect(nb7.palette).not.toContain(CommandIDs.showFindings);
    expect(nb7.palette).toContain(CommandIDs.params);
    expect(new Set(lab.palette).size).toBe(lab.palette.length);
  });
});
