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
import { restoreGhostCell } from './restoreGhost';
import { snapshotOf } from './snapshot';
import {
  INotebookTracker,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import type { ISignal } from '@lumino/signaling';
import { CommandIDs, PACKAGE } from './commandIds';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { strictGate } from './executor';
import { exportIcon, linearizeIcon } from './icons';
import { MarkerPainter } from './markers';
import { measure } from './recorder';
import { NonLinearNotifier } from './notifier';
import { IPanelActions, LinearizePanel, unionRerun } from './panel';
import type { NotebookSession } from './session';
import { LinearizeSessions } from './sessions';
import { ServerPart } from './serverPart';
import { readSettings } from './settings';
import { LinearizeStatus } from './statusItem';
import { ILinearizeSessions } from './tokens';
import { TRANSLATION_DOMAIN, visibleFindings } from './findingText';

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
  optional: [ISettingRegistry, ITranslator],
  provides: ILinearizeSessions,
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null
  ): ILinearizeSessions => {
    performance.mark('linearize:activate');
    const sessions = new LinearizeSessions(tracker);
    strictGate.sessions = sessions;
    strictGate.trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
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
 * `jupyterlab-linearize:ui`: markers by the prompts, the status item (status bar, or a
 * toolbar badge where there is none, as in Notebook 7), the findings panel, the
 * notification and the commands. It only paints what the sessions report and forwards
 * clicks to notebook actions. Every token but the sessions and the tracker is optional,
 * so the same plugin runs in JupyterLab, Notebook 7 and JupyterLite.
 */
export const uiPlugin: JupyterFrontEndPlugin<void> = {
  id: `${PACKAGE}:ui`,
  description:
    'Shows the verdicts: cell markers, status bar, findings panel, notifications, commands.',
  autoStart: true,
  requires: [ILinearizeSessions, INotebookTracker],
  optional: [ICommandPalette, IStatusBar, ILabShell, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    sessions: ILinearizeSessions,
    tracker: INotebookTracker,
    palette: ICommandPalette | null,
    statusBar: IStatusBar | null,
    labShell: ILabShell | null,
    translator: ITranslator | null
  ): void => {
    performance.mark('linearize:activate-ui');
    const { commands, shell } = app;
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);

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

    const unavailable = {
      ok: false as const,
      reason: 'no-kernel' as const,
      message: trans.__('no running kernel for this notebook.')
    };

    const currentCompanion = () => {
      const panel = tracker.currentWidget;
      const session = sessions.current;
      const companion = session ? sessions.companionFor(session) : null;
      return panel && session && companion
        ? { panel, session, companion }
        : null;
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
      deleteGhosts: names => void deleteGhosts(names),
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
          return trans.__('No kernel companion for this notebook.');
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
          text,
          trans
        );
      }
    };

    const deleteGhosts = async (names: readonly string[]) => {
      const found = currentCompanion();
      if (!found || names.length === 0) {
        return;
      }
      const list = names.join(', ');
      const answer = await showDialog({
        title: trans._n(
          'Delete %2 from the kernel?',
          'Delete %1 names from the kernel?',
          names.length,
          names[0]
        ),
        body: trans._n(
          'No cell of the notebook defines %2 any more. Deleting it makes the kernel match the notebook (del %2).',
          'No cell of the notebook defines %2 any more. Deleting them makes the kernel match the notebook (del %2).',
          names.length,
          list
        ),
        buttons: [
          Dialog.cancelButton({ label: trans.__('Cancel') }),
          Dialog.warnButton({ label: trans.__('Delete') })
        ]
      });
      if (!answer.button.accept) {
        return;
      }
      const result = await found.companion.deleteNames([...names]);
      if (!result.ok) {
        Notification.warning(
          trans.__('Could not delete %1: %2', list, result.message),
          { autoClose: 5000 }
        );
        return;
      }
      const live = await found.companion.names();
      if (live.ok) {
        found.session.setKernelNames(live.value);
      }
    };

    const restoreGhost = (name: string) => {
      const panel = tracker.currentWidget;
      const session = sessions.current;
      if (!panel || !session || !panel.content.model) {
        return;
      }
      // Back where it was; below the active cell if that place is unknown.
      const at = restoreGhostCell(
        panel.content.model,
        session,
        name,
        panel.content.activeCellIndex + 1
      );
      if (at !== null) {
        panel.content.activeCellIndex = at;
        shell.activateById(panel.id);
      }
    };

    const panel = new LinearizePanel(actions, trans);
    panel.title.icon = linearizeIcon;
    shell.add(panel, 'right', { rank: 700 });
    const followCurrent = () => {
      panel.session = sessions.current;
      // The re-run commands are enabled by the findings (toolbars and menus ask again).
      for (const id of [CommandIDs.rerunNeeded, CommandIDs.selectRerun]) {
        if (commands.hasCommand(id)) {
          commands.notifyCommandChanged(id);
        }
      }
    };
    let followed: NotebookSession | null = null;
    sessions.currentChanged.connect(() => {
      followed?.reportChanged.disconnect(followCurrent);
      followed = sessions.current;
      followed?.reportChanged.connect(followCurrent);
      followCurrent();
    });
    followCurrent();

    const openPanel = (cellId?: string) => {
      shell.activateById(panel.id);
      if (cellId) {
        void panel.focusCell(cellId);
      }
    };

    // Markers for every view, one notifier per document, a badge where no status bar.
    const notifiers = new WeakSet<object>();
    const attach = (nb: NotebookPanel) => {
      const session = sessions.sessionFor(nb);
      if (!session) {
        return false;
      }
      const painter = new MarkerPainter(
        nb,
        session,
        id => openPanel(id),
        trans
      );
      nb.disposed.connect(() => painter.dispose());
      if (!statusBar) {
        const badge = new LinearizeStatus(() => openPanel(), trans, session);
        badge.addClass('jp-Linearize-badge-toolbar');
        nb.toolbar.insertItem(10, 'linearize-status', badge);
        nb.disposed.connect(() => badge.dispose());
      }
      if (!notifiers.has(session)) {
        notifiers.add(session);
        const notifier = new NonLinearNotifier(
          session,
          () => nb.context.localPath,
          () => openPanel(),
          trans
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
      const status = new LinearizeStatus(() => openPanel(), trans);
      sessions.currentChanged.connect(() => {
        status.session = sessions.current;
      });
      status.session = sessions.current;
      statusBar.registerStatusItem(`${PACKAGE}:status`, {
        item: status,
        align: 'left',
        rank: 4,
        isActive: () =>
          !labShell ||
          (!!labShell.currentWidget &&
            labShell.currentWidget === tracker.currentWidget),
        // The status bar only needs to know *that* the current widget changed.
        activeStateChanged: labShell?.currentChanged as
          ISignal<unknown, void> | undefined
      });
    }

    const hasNotebook = () => tracker.currentWidget !== null;
    const serverPart = new ServerPart(trans);
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
      label: trans.__('Show Reproducibility Findings'),
      caption: trans.__(
        'Open the Linearize panel with every finding of the current notebook'
      ),
      icon: linearizeIcon,
      execute: args => openPanel(argCell(args))
    });
    commands.addCommand(CommandIDs.selectRerun, {
      label: trans.__('Select Cells to Re-run'),
      caption: trans.__(
        'Select the cells that must be re-run to make the notebook linear again'
      ),
      isEnabled: () => hasNotebook() && unionRerun(findingsOf()).length > 0,
      execute: args =>
        actions.selectCells(unionRerun(findingsOf(argCell(args))))
    });
    commands.addCommand(CommandIDs.rerunNeeded, {
      label: trans.__('Re-run Cells a Finding Needs'),
      caption: trans.__(
        'Run, in notebook order, the smallest set of cells that fixes the findings'
      ),
      isEnabled: () => hasNotebook() && unionRerun(findingsOf()).length > 0,
      execute: args => actions.rerunCells(unionRerun(findingsOf(argCell(args))))
    });
    commands.addCommand(CommandIDs.restartRunAll, {
      label: trans.__('Restart Kernel and Run All Cells (Linearize)'),
      caption: trans.__(
        'Restart the kernel and run the notebook top to bottom: the reproducible way'
      ),
      isEnabled: hasNotebook,
      execute: () => actions.restartRunAll()
    });
    commands.addCommand(CommandIDs.exportScript, {
      label: trans.__('Export Linear Script…'),
      caption: trans.__(
        'Export a linear, versionable script with its config and provenance manifest'
      ),
      icon: exportIcon,
      isEnabled: hasNotebook,
      execute: async () => {
        const nb = tracker.currentWidget;
        if (nb) {
          // Without the server part the export still writes its files, without git
          // (and without asking the server for a bridge it does not have).
          const hasServer = await serverPart.require();
          // The export code, YAML and git load only now, not at start-up.
          const { exportCurrent } = await import('./exportCommand');
          await exportCurrent(app, sessions, nb, trans, hasServer);
        }
      }
    });

    commands.addCommand(CommandIDs.verify, {
      label: trans.__('Verify the Exported Script Reproduces the Outputs'),
      caption: trans.__(
        "Run the exported script in the kernel's Python and compare each cell's output"
      ),
      isEnabled: hasNotebook,
      execute: async () => {
        const nb = tracker.currentWidget;
        if (nb && (await serverPart.require())) {
          const { verifyCurrent } = await import('./verifyCommand');
          await verifyCurrent(app, sessions, nb, trans);
        }
      }
    });

    commands.addCommand(CommandIDs.params, {
      label: trans.__('Extract Parameters to YAML…'),
      caption: trans.__(
        'List the values the code hard-codes and write them to a YAML config'
      ),
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
                yaml,
                trans
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
          },
          trans
        );
        if (!labShell) {
          // Notebook 7's main area holds the notebook alone: a dialog instead of a tab.
          view.addClass('jp-Linearize-paramsDialog');
          await showDialog({
            title: view.title.label,
            body: view,
            buttons: [Dialog.okButton({ label: trans.__('Close') })]
          });
          return;
        }
        const widget = new MainAreaWidget({ content: view });
        widget.id = `jp-Linearize-params-${++paramsViews}`;
        widget.title.icon = linearizeIcon;
        nb.disposed.connect(() => widget.dispose());
        // A tab of its own beside the notebook: the table needs the full width.
        shell.add(widget, 'main', { mode: 'tab-after', ref: nb.id });
        shell.activateById(widget.id);
      }
    });
    let paramsViews = 0;

    commands.addCommand(CommandIDs.clearRecord, {
      label: trans.__('Clear Execution Record'),
      caption: trans.__(
        'Forget every recorded execution of the current notebook'
      ),
      isEnabled: hasNotebook,
      execute: () => sessions.current?.clearRecord()
    });

    // Notebook 7 lists every side panel in its palette ("Show …"): ours is not repeated.
    const paletteCommands = [
      ...(labShell ? [CommandIDs.showFindings] : []),
      CommandIDs.selectRerun,
      CommandIDs.rerunNeeded,
      CommandIDs.restartRunAll,
      CommandIDs.params,
      CommandIDs.exportScript,
      CommandIDs.verify,
      CommandIDs.clearRecord
    ];
    const category = trans.__('Linearize');
    for (const command of paletteCommands) {
      palette?.addItem({ command, category });
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
