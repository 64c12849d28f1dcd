import { expect, test } from '@jupyterlab/galata';
import { command, notebookWith, runCell } from './utils';

test.use({ kernels: null });

test("verify runs the exported script in the kernel's Python and says which cells reproduce", async ({
  page
}) => {
  await notebookWith(page, 'verify.ipynb', [
    'x = 2',
    'print(x * 21)',
    'import random\nprint(random.random())'
  ]);
  for (const i of [0, 1, 2]) {
    await runCell(page, i);
  }
  const before = await page
    .locator('.jp-Notebook .jp-Cell')
    .nth(2)
    .locator('.jp-InputPrompt')
    .textContent();
  await command(page, 'linearize:verify');
  const dialog = page.locator('.jp-Dialog');
  // A random number cannot reproduce; the other two cells do.
  await expect(dialog).toContainText('Verify: 2 of 3 cells reproduce', {
    timeout: 60000
  });
  const rows = dialog.locator('.jp-Linearize-verifyRow');
  await expect(rows.nth(0)).toHaveClass(/jp-mod-reproduces/);
  await expect(rows.nth(1)).toHaveClass(/jp-mod-reproduces/);
  await expect(rows.nth(2)).toHaveClass(/jp-mod-differs/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  // The kernel's own state is untouched: same prompt, no new names.
  await expect(
    page.locator('.jp-Notebook .jp-Cell').nth(2).locator('.jp-InputPrompt')
  ).toHaveText(before!);
  const names = await page.evaluate(async () => {
    const kernel = (window as any).jupyterapp.shell.currentWidget.sessionContext
      .session.kernel;
    const reply = await kernel.requestExecute({
      code: '',
      silent: true,
      store_history: false,
      user_expressions: {
        v: "sorted(n for n in globals() if n in ('files', 'd', 'result', 'p', 'out', 'env'))"
      }
    }).done;
    return reply.content.user_expressions.v.data['text/plain'];
  });
  expect(names).toBe('[]');
});

test('verify fails a script that exits non-zero after its last cell, though every cell matched', async ({
  page
}) => {
  // In the kernel the hook never fires (the kernel keeps running); the exported script runs
  // every cell, prints the same, then exits with status 4 as the interpreter shuts down.
  await notebookWith(page, 'verify-exit.ipynb', [
    'import atexit, os\natexit.register(os._exit, 4)',
    'print(6 * 7)'
  ]);
  for (const i of [0, 1]) {
    await runCell(page, i);
  }
  await command(page, 'linearize:verify');
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText(
    'Verify: the script failed (exit status 4)',
    { timeout: 60000 }
  );
  await expect(dialog).not.toContainText('cells reproduce');
  await dialog.getByRole('button', { name: 'Close' }).click();
});
