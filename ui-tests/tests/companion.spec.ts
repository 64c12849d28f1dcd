import { expect, test } from '@jupyterlab/galata';
import {
  acceptDialog,
  command,
  markerKinds,
  notebookWith,
  runCell
} from './utils';

test.use({ kernels: null });

const panel = (page: any) => page.locator('#jp-Linearize-panel');

async function kernelEval(page: any, code: string): Promise<string> {
  // A silent user expression, as the companion itself asks: changes nothing in the kernel.
  return page.evaluate(async (code: string) => {
    const kernel = (window as any).jupyterapp.shell.currentWidget.sessionContext
      .session.kernel;
    const reply = await kernel.requestExecute({
      code: '',
      silent: true,
      store_history: false,
      user_expressions: { v: code }
    }).done;
    return reply.content.user_expressions.v.data['text/plain'];
  }, code);
}

test.describe('kernel companion', () => {
  test('a re-import does not make its readers stale', async ({ page }) => {
    await notebookWith(page, 'reimport.ipynb', [
      'import json',
      'dumped = json.dumps([1])'
    ]);
    await runCell(page, 0);
    await runCell(page, 1);
    // Same module object again: the companion sees no re-binding.
    await runCell(page, 0);
    await expect
      .poll(() => markerKinds(page), { timeout: 10000 })
      .toEqual(['', '']);
    await expect(page.locator('.jp-Linearize-status')).toHaveText('Linear');
  });

  test('a re-assignment to a new object does make its readers stale (control)', async ({
    page
  }) => {
    await notebookWith(page, 'rebind.ipynb', [
      'data = [1, 2]',
      'total = sum(data)'
    ]);
    await runCell(page, 0);
    await runCell(page, 1);
    await runCell(page, 0);
    await expect
      .poll(() => markerKinds(page))
      .toEqual(['', expect.stringContaining('stale')]);
  });

  test('a deleted cell leaves a ghost name, which can be deleted from the kernel', async ({
    page
  }) => {
    await notebookWith(page, 'ghost.ipynb', ['scale = 3', 'y = 1']);
    await runCell(page, 0);
    await runCell(page, 1);
    await page.notebook.selectCells(0);
    await page.keyboard.press('Escape');
    await page.keyboard.press('d');
    await page.keyboard.press('d');
    await runCell(page, 0);
    await command(page, 'linearize:show-findings');
    // One card per deleted cell, its names as code (no raw backticks).
    const ghost = panel(page).locator(
      '.jp-Linearize-finding.jp-mod-hidden-state',
      { has: page.locator('code', { hasText: /^scale$/ }) }
    );
    await expect(ghost).toContainText('live in the kernel');
    await expect(ghost).not.toContainText('`');
    await expect(
      ghost.getByRole('button', { name: 'Restore its cell' })
    ).toBeVisible();
    await ghost.getByRole('button', { name: 'Delete from kernel' }).click();
    await acceptDialog(page);
    await expect(ghost).toHaveCount(0);
    expect(await kernelEval(page, "'scale' in globals()")).toBe('False');
  });

  test('"Restore its cell" puts a deleted cell back where it was', async ({
    page
  }) => {
    await notebookWith(page, 'restore.ipynb', ['a = 1', 'scale = 3', 'b = 2']);
    for (const i of [0, 1, 2]) {
      await runCell(page, i);
    }
    await page.notebook.selectCells(1);
    await page.keyboard.press('Escape');
    await page.keyboard.press('d');
    await page.keyboard.press('d');
    // The active cell is now the last one: "below the active cell" would be wrong.
    await runCell(page, 1);
    await command(page, 'linearize:show-findings');
    const ghost = panel(page).locator(
      '.jp-Linearize-finding.jp-mod-hidden-state'
    );
    await ghost.getByRole('button', { name: 'Restore its cell' }).click();
    await expect
      .poll(() =>
        page.evaluate(() =>
          (
            window as any
          ).jupyterapp.shell.currentWidget.content.model.sharedModel.cells.map(
            (c: any) => c.getSource()
          )
        )
      )
      .toEqual(['a = 1', 'scale = 3', 'b = 2']);
    await expect(ghost).toHaveCount(0);
  });

  test('re-running a loop that ran zero times does not make its readers stale', async ({
    page
  }) => {
    await notebookWith(page, 'loop.ipynb', [
      'items = []\nlast = None',
      'for item in items:\n    last = item',
      'print(last)'
    ]);
    for (const i of [0, 1, 2]) {
      await runCell(page, i);
    }
    // Statically the loop may re-bind `last`; the kernel says it bound nothing.
    await runCell(page, 1);
    await expect
      .poll(() =>
        page.evaluate(() => {
          const w = (window as any).jupyterapp.shell.currentWidget;
          return (
            (window as any).jupyterapp &&
            w.model.getMetadata('linearize')?.runs?.length
          );
        })
      )
      .toBe(4);
    await page.evaluate(async () =>
      (window as any).jupyterapp.shell.currentWidget.context.save()
    );
    await expect
      .poll(() =>
        page.evaluate(() => {
          const runs = (
            window as any
          ).jupyterapp.shell.currentWidget.model.getMetadata('linearize').runs;
          return runs[3].rebound ?? null;
        })
      )
      .toEqual({ added: [], changed: [], deleted: [] });
    await expect.poll(() => markerKinds(page)).toEqual(['', '', '']);
    await expect(page.locator('.jp-Linearize-status')).toHaveText('Linear');
  });

  test('the environment lists the third-party packages really imported, not the standard library', async ({
    page
  }) => {
    await notebookWith(page, 'env.ipynb', [
      'import json, csv\nimport yaml\nimport nbformat'
    ]);
    await runCell(page, 0);
    await command(page, 'linearize:show-findings');
    await panel(page).getByRole('button', { name: 'Environment' }).click();
    const packages = panel(page).locator('.jp-Linearize-packages');
    await expect(packages).toContainText(/PyYAML==\d/);
    await expect(packages).toContainText(/nbformat==\d/);
    const names = (await packages.locator('li').allTextContents()).map(
      t => t.split('==')[0]
    );
    expect(names).not.toContain('json');
    expect(names).not.toContain('csv');
  });

  test("a name the kernel's Python removed is named, against the kernel's own version", async ({
    page
  }) => {
    await notebookWith(page, 'removed.ipynb', [
      'import time, platform\nversion = platform.python_version()',
      'started = time.clock()'
    ]);
    await runCell(page, 0);
    await runCell(page, 1);
    await command(page, 'linearize:show-findings');
    const found = panel(page).locator(
      '.jp-Linearize-finding.jp-mod-python-version'
    );
    // Code is rendered as code: no backticks in the text.
    await expect(found.first()).toContainText(
      /`?time\.clock`? \(line 1\) was removed in Python 3\.8, and the kernel is Python 3\.\d+/
    );
    await expect
      .poll(() => markerKinds(page))
      .toEqual(['', expect.stringContaining('python-version')]);
  });

  test('the execution count, `_` and the namespace are what they would be without the companion', async ({
    page
  }) => {
    await notebookWith(page, 'count.ipynb', ['40 + 2', 'x = 1', '_']);
    await runCell(page, 0);
    await runCell(page, 1);
    // Let the companion's silent requests for cell 2 finish, then ask for more.
    await command(page, 'linearize:show-findings');
    await panel(page).getByRole('button', { name: 'Environment' }).click();
    await expect(panel(page).locator('.jp-Linearize-env')).toBeVisible();
    await runCell(page, 2);
    await expect(
      page.locator('.jp-Notebook .jp-Cell').nth(2).locator('.jp-InputPrompt')
    ).toHaveText('[3]:');
    await expect(
      page
        .locator('.jp-Notebook .jp-Cell')
        .nth(2)
        .locator('.jp-OutputArea-output')
    ).toHaveText('42');
    expect(
      await kernelEval(
        page,
        "sorted(n for n in globals() if not n.startswith('_') and n not in ('In', 'Out', 'get_ipython', 'exit', 'quit', 'open'))"
      )
    ).toBe("['x']");
  });
});
