import { expect, test } from '@jupyterlab/galata';
import { command, notebookWith, runCell } from './utils';

test.use({ kernels: null });

test('two views of one notebook share one record and show the same markers', async ({
  page
}) => {
  await notebookWith(page, 'views.ipynb', ['y = x * 2', 'x = 10']);
  await runCell(page, 1);
  await command(page, 'docmanager:clone');
  const views = page.locator('.jp-NotebookPanel');
  await expect(views).toHaveCount(2);
  // Run the upper cell in the second (active) view: both views mark it.
  await runCell(page, 0);
  for (const i of [0, 1]) {
    await expect(
      views.nth(i).locator('.jp-Cell').first().locator('.jp-Linearize-marker')
    ).toHaveAttribute('data-kinds', /out-of-order/);
  }
  // One record: each execution is in it once, not once per view.
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (window as any).jupyterapp.shell.currentWidget.model.getMetadata(
            'linearize'
          )?.runs?.length
      )
    )
    .toBe(2);
});
