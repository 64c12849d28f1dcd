import { expect, test } from '@jupyterlab/galata';
import { command, markerKinds, notebookWith, runCell, savedNotebook, statusItem, waitForKernelIdle } from './utils';

test.describe('live recording and warnings', () => {
  test('cells run in order: no marker, status "Linear", record saved', async ({ page, tmpPath }) => {
    await notebookWith(page, 'ordered.ipynb', ['a = 1', 'b = a + 1', 'print(b)']);
    for (const i of [0, 1, 2]) {
      await runCell(page, i);
    }
    await expect(statusItem(page)).toHaveText('Linear');
    expect(await markerKinds(page)).toEqual(['', '', '']);
    const nb = await savedNotebook(page, `${tmpPath}/ordered.ipynb`);
    const record = nb.metadata.linearize;
    expect(record.version).toBe(1);
    expect(record.runs.map((r: any) => r.executionCount)).toEqual([1, 2, 3]);
    expect(record.runs.map((r: any) => r.cellId)).toEqual(nb.cells.map((c: any) => c.id));
  });

  test('a lower cell run first: the upper cell is out of order', async ({ page }) => {
    await notebookWith(page, 'lower-first.ipynb', ['y = x * 2', 'x = 10']);
    await runCell(page, 1);
    await runCell(page, 0);
    await expect.poll(() => markerKinds(page)).toEqual([expect.stringContaining('out-of-order'), '']);
    await expect(statusItem(page)).toHaveText(/\d+ issues?/);
    await command(page, 'linearize:show-findings');
    const panel = page.locator('#jp-Linearize-panel');
    await expect(panel).toContainText('Out of order');
  });
});
