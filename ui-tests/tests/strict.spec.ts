import { expect, galata, test } from '@jupyterlab/galata';
import { markerKinds, notebookWith, runCell, waitForKernelIdle } from './utils';

test.use({
  kernels: null,
  mockSettings: {
    ...galata.DEFAULT_SETTINGS,
    'jupyterlab-linearize:plugin': { strictMode: true }
  }
});

test('strict mode asks before running a cell out of order', async ({
  page
}) => {
  await notebookWith(page, 'strict.ipynb', ['y = x * 2', 'x = 10', 'z = 1']);
  await runCell(page, 1);
  // In order: no question.
  await runCell(page, 2);
  await expect(page.locator('.jp-Dialog')).toHaveCount(0);

  const prompt = page
    .locator('.jp-Notebook .jp-Cell')
    .nth(0)
    .locator('.jp-InputPrompt');
  await page.notebook.selectCells(0);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Enter');
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText('Run this cell out of order?');
  await expect(dialog).toContainText('x (from cell 2)');
  // Enter must not run the cell out of order: Cancel has the focus, and Enter cancels.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await waitForKernelIdle(page);
  await expect(prompt).toHaveText('[ ]:');

  await page.keyboard.press('Control+Enter');
  await page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'Run anyway' })
    .click();
  await waitForKernelIdle(page);
  await expect(prompt).toHaveText('[3]:');
  await expect
    .poll(() => markerKinds(page))
    .toEqual([expect.stringContaining('out-of-order'), '', '']);
});
