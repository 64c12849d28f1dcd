import { expect, test } from '@jupyterlab/galata';
import {
  acceptDialog,
  cellIds,
  command,
  markerKinds,
  notebookWith,
  runCell,
  savedNotebook,
  statusItem,
  waitForKernelIdle
} from './utils';

const panel = (page: any) => page.locator('#jp-Linearize-panel');

// Galata's kernel mock answers every POST under /api/kernels with 201, which breaks
// kernel restarts (JupyterLab expects 200). Talk to the real kernels API instead.
test.use({ kernels: null });

test.describe('live recording and warnings', () => {
  test('cells run in order: no marker, status "Linear", record saved', async ({
    page,
    tmpPath
  }) => {
    await notebookWith(page, 'ordered.ipynb', [
      'a = 1',
      'b = a + 1',
      'print(b)'
    ]);
    for (const i of [0, 1, 2]) {
      await runCell(page, i);
    }
    await expect(statusItem(page)).toHaveText('Linear');
    expect(await markerKinds(page)).toEqual(['', '', '']);
    const nb = await savedNotebook(page, `${tmpPath}/ordered.ipynb`);
    const record = nb.metadata.linearize;
    expect(record.version).toBe(2);
    expect(record.runs.map((r: any) => r.executionCount)).toEqual([1, 2, 3]);
    expect(record.runs.map((r: any) => r.cellId)).toEqual(
      nb.cells.map((c: any) => c.id)
    );
    expect(record.runs.map((r: any) => record.sources[r.source])).toEqual([
      'a = 1',
      'b = a + 1',
      'print(b)'
    ]);
  });

  test('a lower cell run first: out-of-order marker, status, panel, one notification, and the same after reload', async ({
    page,
    tmpPath
  }) => {
    await notebookWith(page, 'lower-first.ipynb', ['y = x * 2', 'x = 10']);
    await runCell(page, 1);
    await runCell(page, 0);
    await expect
      .poll(() => markerKinds(page))
      .toEqual([expect.stringContaining('out-of-order'), '']);
    await expect(statusItem(page)).toHaveText(/^\d+ issues?$/);
    // Said once, with a button to open the panel.
    const toast = page.locator('.Toastify__toast', {
      hasText: 'is no longer linear'
    });
    await expect(toast).toHaveCount(1);
    await toast.getByRole('button', { name: 'Show findings' }).click();
    await expect(panel(page)).toBeVisible();
    await expect(panel(page)).toContainText('Out of order');
    await expect(
      panel(page).locator('.jp-Linearize-finding.jp-mod-out-of-order')
    ).toHaveAttribute('data-cell-id', (await cellIds(page))[0]);
    // Running another cell does not notify again.
    await runCell(page, 1);
    await expect(
      page.locator('.Toastify__toast', { hasText: 'is no longer linear' })
    ).toHaveCount(1);

    const saved = await savedNotebook(page, `${tmpPath}/lower-first.ipynb`);
    expect(saved.metadata.linearize.runs.length).toBe(3);
    const before = await markerKinds(page);

    // Galata's own readiness check waits for the Launcher, which a restored notebook hides.
    await page.reload({ waitForIsReady: false });
    await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
    // The restored layout reopens the notebook; opening it again only activates it.
    await command(page, 'docmanager:open', {
      path: `${tmpPath}/lower-first.ipynb`
    });
    await expect(page.locator('.jp-Notebook .jp-Cell')).toHaveCount(2);
    await expect
      .poll(() => markerKinds(page), { timeout: 20000 })
      .toEqual(before);
  });

  test('an upstream cell edited and re-run makes its reader stale; Restart & Run All clears it', async ({
    page,
    tmpPath
  }) => {
    await notebookWith(page, 'stale.ipynb', ['a = 1', 'b = a + 1', 'print(b)']);
    for (const i of [0, 1, 2]) {
      await runCell(page, i);
    }
    await page.notebook.setCell(0, 'code', 'a = 2');
    await runCell(page, 0);
    await expect
      .poll(() => markerKinds(page))
      .toEqual([
        '',
        expect.stringContaining('stale'),
        expect.stringMatching(/stale|unsafe/)
      ]);
    await expect(statusItem(page)).not.toHaveText('Linear');
    await command(page, 'linearize:show-findings');
    // One card for the cause: cell 1's re-run put the two cells below out of date.
    await expect(
      panel(page).locator('.jp-Linearize-finding.jp-mod-cause-stale-chain')
    ).toContainText('Cell 1 re-ran → 2 cells out of date');

    await command(page, 'linearize:restart-run-all');
    await acceptDialog(page);
    await waitForKernelIdle(page);
    await expect(statusItem(page)).toHaveText('Linear');
    await expect.poll(() => markerKinds(page)).toEqual(['', '', '']);
    const saved = await savedNotebook(page, `${tmpPath}/stale.ipynb`);
    expect(saved.metadata.linearize.sessions.length).toBe(2);
  });

  test('deleting a cell whose value is still used is hidden state; undo restores it', async ({
    page
  }) => {
    await notebookWith(page, 'deleted.ipynb', ['a = 1', 'b = a + 1']);
    await runCell(page, 0);
    await runCell(page, 1);
    await page.notebook.selectCells(0);
    await page.keyboard.press('Escape');
    await page.keyboard.press('d');
    await page.keyboard.press('d');
    await expect(page.locator('.jp-Notebook .jp-Cell')).toHaveCount(1);
    await expect
      .poll(() => markerKinds(page))
      .toEqual([expect.stringContaining('hidden-state')]);
    await command(page, 'linearize:show-findings');
    await expect(panel(page)).toContainText('Hidden state');

    // Undo brings the cell back (same source, maybe another id): the record follows it.
    await page
      .locator('.jp-Notebook .jp-Cell')
      .first()
      .click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Escape');
    await page.keyboard.press('z');
    await expect(page.locator('.jp-Notebook .jp-Cell')).toHaveCount(2);
    await expect.poll(() => markerKinds(page)).toEqual(['', '']);
    await expect(statusItem(page)).toHaveText('Linear');
  });

  test('moving a cell above its producer is flagged', async ({ page }) => {
    await notebookWith(page, 'moved.ipynb', ['a = 1', 'b = a + 1']);
    await runCell(page, 0);
    await runCell(page, 1);
    await page.notebook.selectCells(1);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+ArrowUp');
    await expect(page.locator('.jp-Notebook .jp-Cell').first()).toContainText(
      'b = a + 1'
    );
    await expect
      .poll(() => markerKinds(page))
      .toEqual([
        expect.stringMatching(/out-of-order|shadowed|rra-undefined/),
        ''
      ]);
  });

  test('cut + paste and a cell-type change keep the record attached to the cell', async ({
    page,
    tmpPath
  }) => {
    await notebookWith(page, 'cutpaste.ipynb', ['a = 1', 'b = a + 1']);
    await runCell(page, 0);
    await runCell(page, 1);
    const [, oldId] = await cellIds(page);
    await page.notebook.selectCells(1);
    await page.keyboard.press('Escape');
    await page.keyboard.press('x');
    await page.notebook.selectCells(0);
    await page.keyboard.press('Escape');
    await page.keyboard.press('v');
    await expect(page.locator('.jp-Notebook .jp-Cell')).toHaveCount(2);
    // JupyterLab may or may not give the pasted cell a new id; the record must follow it.
    const [, newId] = await cellIds(page);
    expect(typeof oldId).toBe('string');
    await expect(statusItem(page)).toHaveText('Linear');
    await expect.poll(() => markerKinds(page)).toEqual(['', '']);
    let saved = await savedNotebook(page, `${tmpPath}/cutpaste.ipynb`);
    expect(saved.metadata.linearize.runs.map((r: any) => r.cellId)).toEqual([
      saved.cells[0].id,
      newId
    ]);

    // A type change (code -> markdown -> code): whether or not JupyterLab keeps the id
    // (4.6 does; earlier versions did not), the record must follow the cell.
    await page.notebook.selectCells(1);
    await page.keyboard.press('Escape');
    await page.keyboard.press('m');
    await expect.poll(() => page.notebook.getCellType(1)).toBe('markdown');
    await page.keyboard.press('y');
    await expect.poll(() => page.notebook.getCellType(1)).toBe('code');
    const [, typedId] = await cellIds(page);
    await expect(statusItem(page)).toHaveText('Linear');
    saved = await savedNotebook(page, `${tmpPath}/cutpaste.ipynb`);
    expect(saved.metadata.linearize.runs.map((r: any) => r.cellId)).toEqual([
      saved.cells[0].id,
      typedId
    ]);
  });

  test('a kernel restart starts a new session: every cell is "not run"', async ({
    page,
    tmpPath
  }) => {
    await notebookWith(page, 'restart.ipynb', ['a = 1', 'b = a + 1']);
    await runCell(page, 0);
    await runCell(page, 1);
    await command(page, 'notebook:restart-kernel');
    await acceptDialog(page);
    await waitForKernelIdle(page);
    await command(page, 'linearize:show-findings');
    // One card for the cells not run, not one per cell.
    const notRun = panel(page).locator(
      '.jp-Linearize-finding.jp-mod-unexecuted'
    );
    await expect(notRun).toHaveCount(1);
    await expect(notRun).toContainText('2 cells have not run');
    const saved = await savedNotebook(page, `${tmpPath}/restart.ipynb`);
    expect(saved.metadata.linearize.sessions.length).toBe(2);
  });
});
