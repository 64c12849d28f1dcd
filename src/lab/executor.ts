import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { INotebookCellExecutor, runCell } from '@jupyterlab/notebook';
import { outOfOrderInputs } from '../core';
import { PACKAGE } from './commandIds';
import type { TranslationBundle } from '@jupyterlab/translation';
import { cellLabel, defaultTrans } from './findingText';
import { snapshotOf } from './snapshot';
import type { ILinearizeSessions } from './tokens';

/**
 * Where the executor finds the sessions. The executor cannot *require* them: JupyterLab's
 * notebook tracker requires the executor, and our sessions require the tracker, so a
 * plugin dependency would be a cycle. The sessions plugin fills this in when it starts.
 */
export const strictGate: {
  sessions: ILinearizeSessions | null;
  trans: TranslationBundle;
} = {
  sessions: null,
  trans: defaultTrans
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
            const trans = strictGate.trans;
            const detail = inputs
              .map(i =>
                trans.__('%1 (from %2)', i.name, cellLabel(i.writer, trans))
              )
              .join(', ');
            const result = await showDialog({
              title: trans.__('Run this cell out of order?'),
              body: trans.__(
                'This cell reads %1, written by a cell below it. Restart & Run All would not reproduce the result.',
                detail
              ),
              buttons: [
                Dialog.cancelButton({ label: trans.__('Cancel') }),
                Dialog.warnButton({ label: trans.__('Run anyway') })
              ],
              // Enter must not run the cell out of order: Cancel has the focus.
              defaultButton: 0
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
