import {
  ILabShell,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  MainAreaWidget,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import {
  dataReads,
  importedModules,
  pipInstalls,
  requirementsTxt
} from '../core/companion';
import { codeSources, fileNameFor, writeGenerated } from './files';
import { snapshotOf } from './snapshot';
import {
  INotebookTracker,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import type { ISignal } from '@lumino/signaling';
import { CommandIDs, PACKAGE, PALETTE_CATEGORY } from './commandIds';
import { downloadIcon } from '@jupyterlab/ui-components';
import { strictGate } from './executor';
import { linearizeIcon } from './icons';
import { MarkerPainter } from './markers';
import { measure } from './recorder';
import { NonLinearNotifier } from './notifier';
import { IPanelActions, LinearizePanel, unionRerun } from './panel';
import { LinearizeSessions } from './sessions';
import { readSettings } from './settings';
import { LinearizeStatus } from './statusItem';
import { ILinearizeSessions } from './tokens';
import { visibleFindings } from './findingText';

/**
 * `jupyterlab-linearize:plugin`: one session (record + verdicts) and one kernel recorder
 * per open notebook, configured by `schema/plugin.json`. Provides {@link ILinearizeSessions}.
 */
export const sessionsPlugin: JupyterFrontEndPlugin<ILinearizeSessions> = {
  id: `${PACKAGE}:plugin`,
  description:
    'Records every cell execution and keeps the verdicts of each open notebook.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ISettingRegistry],
  provides: ILinearizeSessions,
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    settingRegistry: ISettingRegistry | null
  ): ILinearizeSessions => {
    performance.mark('linearize:activate');
    const sessions = new LinearizeSessions(tracker);
    strictGate.sessions = sessions;
    if (settingRegistry) {
      void Promise.all([
        settingRegistry.load(`${PACKAGE}:plugin`),
        app.restored
      ])
        .then(([settings]) => {
          const apply = () => {
            sessions.settings = readSettings(
              settings.composite as Record<string, unknown>
            );
          };
          apply();
          settings.changed.connect(apply);
        })
        .catch(reason => {
          console.error(
            `${PACKAGE}: failed to load settings; using the defaults.`,
            reason
          );
        });
    }
    measure('linearize:activate:sessions', 'linearize:activate');
    return sessions;
  }
};

/**
 * `jupyterlab-linearize:ui`: markers by the prompts, the status-bar item, the findings
 * panel, the once-per-session notification and the commands. It only paints what the
 * sessions report and forwards clicks to notebook actions.
 */
export const uiPlugin: JupyterFrontEndPlugin<void> = {
  id: `${PACKAGE}:ui`,
  description:
    'Shows the verdicts: cell markers, status bar, findings panel, notifications, commands.',
  autoStart: true,
  requires: [ILinearizeSessions, INotebookTracker],
  optional: [ICommandPalette, IStatusBar, ILabShell],
  activate: (
    app: JupyterFrontEnd,
    sessions: ILinearizeSessions,
    tracker: INotebookTracker,
    palette: ICommandPalette | null,
    statusBar: IStatusBar | null,
    labShell: ILabShell | null
  ): void => {
    performance.mark('linearize:activate-ui');
    const { commands, shell } = app;

    const cellIndex = (panel: NotebookPanel, id: string) =>
      panel.content.widgets.findIndex(c => c.model.id === id);

    const selectCells = (
      panel: NotebookPanel,
      ids: readonly string[]
    ): boolean => {
      const indices = ids
        .map(id => cellIndex(panel, id))
        .filter(i => i >= 0)
        .sort((a, b) => a - b);
      if (indices.length === 0) {
        return false;
      }
      const notebook = panel.content;
      notebook.deselectAll();
      notebook.activeCellIndex = indices[0];
      for (const i of indices) {
        notebook.select(notebook.widgets[i]);
      }
      return true;
    };

    const actions: IPanelActions = {
      goToCell: id => {
        const panel = tracker.currentWidget;
        if (!panel) {
          return;
        }
        const i = cellIndex(panel, id);
        if (i >= 0) {
          panel.content.deselectAll();
          panel.content.activeCellIndex = i;
          void panel.content.scrollToItem(i, 'center');
          shell.activateById(panel.id);
        }
      },
      selectCells: ids => {
        const panel = tracker.currentWidget;
        if (panel && selectCells(panel, ids)) {
          shell.activateById(panel.id);
        }
      },
      rerunCells: ids => {
        const panel = tracker.currentWidget;
        if (panel && selectCells(panel, ids)) {
          void NotebookActions.run(panel.content, panel.sessionContext);
        }
      },
      restartRunAll: () => void commands.execute('notebook:restart-run-all'),
      deleteGhost: name => void deleteGhost(name),
      restoreGhost: name => restoreGhost(name),
      environment: async () => {
        const found = currentCompanion();
        if (!found) {
          return unavailable;
        }
        return found.companion.environment(
          importedModules(codeSources(found.panel))
        );
      },
      dataFiles: async () => {
        const found = currentCompanion();
        if (!found) {
          return unavailable;
        }
        return found.companion.fingerprints(
          dataReads(codeSources(found.panel))
        );
      },
      saveRequirements: async () => {
        const found = currentCompanion();
        if (!found) {
          return 'No kernel companion for this notebook.';
        }
        const env = await found.companion.environment(
          importedModules(codeSources(found.panel))
        );
        const recorded = Object.values(found.session.record.sources);
        const text = requirementsTxt(
          env.ok ? env.value : null,
          pipInstalls(recorded)
        );
        return writeGenerated(
          app,
          found.panel,
          fileNameFor('{name}.requirements.txt', found.panel.context.path),
          text
        );
      }
    };

    const unavailable = {
      ok: false as const,
      reason: 'no-kernel' as const,
      message: 'no running kernel for this notebook.'
    };

    const currentCompanion = () => {
      const panel = tracker.currentWidget;
      const session = sessions.current;
      const companion = session ? sessions.companionFor(session) : null;
      return panel && session && companion
        ? { panel, session, companion }
        : null;
    };

    const deleteGhost = async (name: string) => {
      const found = currentCompanion();
      if (!found) {
        return;
      }
      const answer = await showDialog({
        title: `Delete \`${name}\` from the kernel?`,
        body: `No cell of the notebook defines \`${name}\` any more. Deleting it makes the kernel match the notebook (\`del ${name}\`).`,
        buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Delete' })]
      });
      if (!answer.button.accept) {
        return;
      }
      const result = await found.companion.deleteNames([name]);
      if (!result.ok) {
        Notification.warning(
          `Could not delete \`${name}\`: ${result.message}`,
          { autoClose: 5000 }
        );
        return;
      }
      const names = await found.companion.names();
      if (names.ok) {
        found.session.setKernelNames(names.value);
      }
    };

    const restoreGhost = (name: string) => {
      const panel = tracker.currentWidget;
      const session = sessions.current;
      const ghost = session?.ghosts.find(g => g.name === name);
      if (!panel || !ghost || ghost.source === null || !panel.content.model) {
        return;
      }
      // Insert below the active cell, as "paste below" would; never change an existing cell.
      const at = Math.max(0, panel.content.activeCellIndex + 1);
      panel.content.model.sharedModel.insertCell(at, {
        cell_type: 'code',
        source: ghost.source,
        metadata: {}
      });
      panel.content.activeCellIndex = at;
      shell.activateById(panel.id);
    };

    const panel = new LinearizePanel(sessions, actions);
    panel.title.icon = linearizeIcon;
    shell.add(panel, 'right', { rank: 700 });

    const openPanel = (cellId?: string) => {
      shell.activateById(panel.id);
      if (cellId) {
        panel.focusCell(cellId);
      }
    };

    // Markers for every view, and one notifier per document.
    const notifiers = new WeakSet<object>();
    const attach = (nb: NotebookPanel) => {
      const session = sessions.sessionFor(nb);
      if (!session) {
        return false;
      }
      const painter = new MarkerPainter(nb, session, id => openPanel(id));
      nb.disposed.connect(() => painter.dispose());
      if (!notifiers.has(session)) {
        notifiers.add(session);
        const notifier = new NonLinearNotifier(
          session,
          () => nb.context.localPath,
          () => openPanel()
        );
        nb.context.disposed.connect(() => notifier.dispose());
      }
      return true;
    };
    const pending = new Set<NotebookPanel>();
    sessions.sessionAdded.connect(() => {
      for (const nb of [...pending]) {
        if (attach(nb)) {
          pending.delete(nb);
        }
      }
    });
    const track = (nb: NotebookPanel) => {
      if (!attach(nb)) {
        pending.add(nb);
        nb.disposed.connect(() => pending.delete(nb));
      }
    };
    tracker.forEach(track);
    tracker.widgetAdded.connect((_, nb) => track(nb));

    if (statusBar) {
      const status = new LinearizeStatus(sessions, () => openPanel());
      statusBar.registerStatusItem(`${PACKAGE}:status`, {
        item: status,
        align: 'left',
        rank: 4,
        isActive: () =>
          !!labShell?.currentWidget &&
          labShell.currentWidget === tracker.currentWidget,
        // The status bar only needs to know *that* the current widget changed.
        activeStateChanged: labShell?.currentChanged as
          ISignal<unknown, void> | undefined
      });
    }

    const hasNotebook = () => tracker.currentWidget !== null;
    const findingsOf = (cellId?: string) => {
      const session = sessions.current;
      if (!session) {
        return [];
      }
      const shown = visibleFindings(session.report.findings, session.settings);
      return cellId ? shown.filter(f => f.cell?.id === cellId) : shown;
    };
    const argCell = (args: Record<string, unknown>): string | undefined =>
      typeof args.cellId === 'string' ? args.cellId : undefined;

    commands.addCommand(CommandIDs.showFindings, {
      label: 'Show Reproducibility Findings',
      caption:
        'Open the Linearize panel with every finding of the current notebook',
      icon: linearizeIcon,
      execute: args => openPanel(argCell(args))
    });
    commands.addCommand(CommandIDs.selectRerun, {
      label: 'Select Cells to Re-run',
      caption:
        'Select the cells that must be re-run to make the notebook linear again',
      isEnabled: () => hasNotebook() && unionRerun(findingsOf()).length > 0,
      execute: args =>
        actions.selectCells(unionRerun(findingsOf(argCell(args))))
    });
    commands.addCommand(CommandIDs.rerunNeeded, {
      label: 'Re-run Cells a Finding Needs',
      caption:
        'Run, in notebook order, the smallest set of cells that fixes the findings',
      isEnabled: () => hasNotebook() && unionRerun(findingsOf()).length > 0,
      execute: args => actions.rerunCells(unionRerun(findingsOf(argCell(args))))
    });
    commands.addCommand(CommandIDs.restartRunAll, {
      label: 'Restart Kernel and Run All Cells (Linearize)',
      caption:
        'Restart the kernel and run the notebook top to bottom: the reproducible way',
      isEnabled: hasNotebook,
      execute: () => actions.restartRunAll()
    });
    commands.addCommand(CommandIDs.exportScript, {
      label: 'Export Linear Script…',
      caption:
        'Export a linear, versionable script with its config and provenance manifest',
      icon: downloadIcon,
      isEnabled: hasNotebook,
      execute: async () => {
        const nb = tracker.currentWidget;
        if (nb) {
          // The export code, YAML and git load only now, not at start-up.
          const { exportCurrent } = await import('./exportCommand');
          await exportCurrent(app, sessions, nb);
        }
      }
    });

    commands.addCommand(CommandIDs.verify, {
      label: 'Verify the Exported Script Reproduces the Outputs',
      caption:
        "Run the exported script in the kernel's Python and compare each cell's output",
      isEnabled: hasNotebook,
      execute: async () => {
        const nb = tracker.currentWidget;
        if (nb) {
          const { verifyCurrent } = await import('./verifyCommand');
          await verifyCurrent(app, sessions, nb);
        }
      }
    });

    commands.addCommand(CommandIDs.params, {
      label: 'Extract Parameters to YAML…',
      caption:
        'List the values the code hard-codes and write them to a YAML config',
      isEnabled: hasNotebook,
      execute: async () => {
        const nb = tracker.currentWidget;
        if (!nb) {
          return;
        }
        const { ParamsView } = await import('./paramsPanel');
        const view = new ParamsView(
          () =>
            nb.isDisposed || !nb.content.model
              ? null
              : snapshotOf(nb.content.model),
          PathExt.basename(nb.context.path),
          {
            writeYaml: yaml =>
              writeGenerated(
                app,
                nb,
                fileNameFor(
                  sessions.settings.exportNames.params,
                  nb.context.path
                ),
                yaml
              ),
            insertCell: source => {
              const model = nb.content.model;
              if (!model) {
                return;
              }
              model.sharedModel.insertCell(0, {
                cell_type: 'code',
                source,
                metadata: { tags: ['parameters'] }
              });
              nb.content.activeCellIndex = 0;
              shell.activateById(nb.id);
            }
          }
        );
        const widget = new MainAreaWidget({ content: view });
        widget.id = `jp-Linearize-params-${++paramsViews}`;
        widget.title.icon = linearizeIcon;
        nb.disposed.connect(() => widget.dispose());
        shell.add(widget, 'main', { mode: 'split-right' });
      }
    });
    let paramsViews = 0;

    commands.addCommand(CommandIDs.clearRecord, {
      label: 'Clear Execution Record',
      caption: 'Forget every recorded execution of the current notebook',
      isEnabled: hasNotebook,
      execute: () => sessions.current?.clearRecord()
    });

    for (const command of [
      CommandIDs.showFindings,
      CommandIDs.selectRerun,
      CommandIDs.rerunNeeded,
      CommandIDs.restartRunAll,
      CommandIDs.params,
      CommandIDs.exportScript,
      CommandIDs.verify,
      CommandIDs.clearRecord
    ]) {
      palette?.addItem({ command, category: PALETTE_CATEGORY });
    }
    app.contextMenu.addItem({
      command: CommandIDs.showFindings,
      selector: '.jp-Notebook .jp-Cell',
      rank: 60
    });
    app.contextMenu.addItem({
      command: CommandIDs.rerunNeeded,
      selector: '.jp-Notebook .jp-Cell',
      rank: 61
    });
    measure('linearize:activate:ui', 'linearize:activate-ui');
  }
};
