import { Dialog } from '@jupyterlab/apputils';
import type { INotebookCellExecutor } from '@jupyterlab/notebook';
import { strictExecutorPlugin, strictGate } from '../executor';
import type { ILinearizeSessions } from '../tokens';
import { runCell, sessionOn } from './utils';

describe('strict mode', () => {
  afterEach(() => {
    strictGate.sessions = null;
    Dialog.flush();
  });

  it('asks before an out-of-order run with Cancel focused, so Enter does not run the cell', async () => {
    // Cell 1 reads y, which only cell 2, below it, writes (and has run).
    const { model, session } = sessionOn(['print(y)', 'y = 1'], {
      strictMode: true
    });
    runCell(model, session, 1, 1);
    strictGate.sessions = {
      sessionForModel: () => session
    } as unknown as ILinearizeSessions;
    const executor = (
      strictExecutorPlugin.activate as () => INotebookCellExecutor
    )();
    const cell = model.cells.get(0);
    const ran = executor.runCell({
      cell: { model: cell },
      notebook: model
    } as unknown as INotebookCellExecutor.IRunCellOptions);
    // The dialog opens on the next frames.
    let dialog: HTMLElement | null = null;
    for (let i = 0; i < 50 && dialog === null; i++) {
      await new Promise(r => setTimeout(r, 10));
      dialog = document.body.querySelector('.jp-Dialog');
    }
    expect(dialog).not.toBeNull();
    const buttons = Array.from(
      (dialog as HTMLElement).querySelectorAll('.jp-Dialog-button')
    ) as HTMLElement[];
    expect(buttons.map(b => b.textContent?.trim())).toEqual([
      'Cancel',
      'Run anyway'
    ]);
    expect(document.activeElement).toBe(buttons[0]);
    (dialog as HTMLElement).dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })
    );
    expect(await ran).toBe(false);
    session.dispose();
  });
});
