import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { INotebookCellExecutor, runCell } from '@jupyterlab/notebook';
import { outOfOrderInputs } from '../core';
import { PACKAGE } from './commandIds';
import { cellLabel } from './findingText';
import { snapshotOf } from './snapshot';
import type { ILinearizeSessions } from './tokens';

/**
 * Where the executor finds the sessions. The executor cannot *require* them: JupyterLab's
 * notebook tracker requires the executor, and our sessions require the tracker, so a
 * plugin dependency would be a cycle. The sessions plugin fills this in when it starts.
 */
export const strictGate: { sessions: ILinearizeSessions | null } = {
  sessions: null
};

/**
 * `jupyterlab-linearize:strict-executor`: JupyterLab's own cell executor, with one step
 * before it in strict mode: a cell whose inputs come from a cell below it asks for
 * confirmation first. With strict mode off (the default) it is exactly `runCell`.
 *
 * `INotebookCellExecutor` is JupyterLab's extension point for this (an extension's
 * provider overrides the default one); no command is patched.
 */
export const strictExecutorPlugin: JupyterFrontEndPlugin<INotebookCellExecutor> =
  {
    id: `${PACKAGE}:strict-executor`,
    description:
      'Asks before running a cell out of order when strict mode is on.',
    autoStart: true,
    provides: INotebookCellExecutor,
    activate: (): INotebookCellExecutor => ({
      async runCell(
        options: INotebookCellExecutor.IRunCellOptions
      ): Promise<boolean> {
        const session =
          strictGate.sessions?.sessionForModel(options.notebook) ?? null;
        if (
          session?.settings.strictMode &&
          options.cell.model.type === 'code'
        ) {
          const source = options.cell.model.sharedModel.getSource();
          const inputs = outOfOrderInputs(
            snapshotOf(options.notebook),
            session.record,
            options.cell.model.id,
            source
          );
          if (inputs.length > 0) {
            const detail = inputs
              .map(i => `${i.name} (from ${cellLabel(i.writer)})`)
              .join(', ');
            const result = await showDialog({
              title: 'Run this cell out of order?',
              body:
                `This cell reads ${detail}, written by a cell below it. ` +
                'Restart & Run All would not reproduce the result.',
              buttons: [
                Dialog.cancelButton({ label: 'Cancel' }),
                Dialog.warnButton({ label: 'Run anyway' })
              ]
            });
            if (!result.button.accept) {
              return false;
            }
          }
        }
        return runCell(options);
      }
    })
  };
