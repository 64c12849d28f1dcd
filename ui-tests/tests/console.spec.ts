import { expect, test } from '@jupyterlab/galata';
import { command, markerKinds, notebookWith, runCell } from './utils';

test.use({ kernels: null });

test('code run from a console on the same kernel is recorded: its values are hidden state', async ({
  page
}) => {
  await notebookWith(page, 'console.ipynb', ['y = scale * 2\nprint(y)']);
  // A console on the notebook's own kernel (by id: no kernel dialog, no new kernel).
  const kernelId = await page.evaluate(
    () =>
      (window as any).jupyterapp.shell.currentWidget.sessionContext.session
        .kernel.id
  );
  await command(page, 'console:create', {
    name: 'Console for the notebook',
    kernelPreference: { id: kernelId }
  });
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (window as any).jupyterapp.shell.currentWidget?.sessionContext
            ?.session?.kernel?.id ?? null
      )
    )
    .toBe(kernelId);
  const prompt = page.locator('.jp-CodeConsole-promptCell .cm-content');
  await expect(prompt).toBeVisible();
  await prompt.click();
  await page.keyboard.type('scale = 3');
  await page.keyboard.press('Shift+Enter');
  await expect(
    page.locator('.jp-CodeConsole-content .jp-InputPrompt').first()
  ).toHaveText('[1]:');

  await page.notebook.activate('console.ipynb');
  await runCell(page, 0);
  await expect(
    page
      .locator('.jp-Notebook .jp-Cell')
      .first()
      .locator('.jp-OutputArea-output')
  ).toHaveText('6');
  await expect
    .poll(() => markerKinds(page))
    .toEqual([expect.stringContaining('hidden-state')]);
  const runs = await page.evaluate(async () => {
    const w = (window as any).jupyterapp.shell.currentWidget;
    await w.context.save();
    const record = w.model.getMetadata('linearize');
    return record.runs.map((r: any) => [record.sources[r.source], r.status]);
  });
  expect(runs).toEqual([
    ['scale = 3', 'unknown'],
    ['y = scale * 2\nprint(y)', 'ok']
  ]);
});
