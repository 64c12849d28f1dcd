import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

/**
 * The same extension in Jupyter Notebook 7 (one install, a different shell): markers by
 * the prompts, a toolbar badge instead of the status bar, the panel in the right area,
 * the parameters view in a dialog, and no duplicate palette entry.
 */
test.use({ kernels: null, viewport: { width: 1280, height: 720 } });

const images = path.resolve(__dirname, '../../docs/images');

test('the demo in Jupyter Notebook 7: markers, badge, panel, parameters', async ({
  page: lab,
  baseURL,
  tmpPath
}) => {
  const demo = path.resolve(__dirname, '../../examples/demo.ipynb');
  await lab.contents.uploadFile(demo, `${tmpPath}/demo.ipynb`);
  // A plain page of the same browser context (Galata's page is JupyterLab's).
  const page = await lab.context().newPage();
  await page.goto(`${baseURL}/notebooks/${tmpPath}/demo.ipynb`);
  await expect(page.locator('#main-panel .jp-NotebookPanel')).toBeVisible({
    timeout: 60000
  });
  // Notebook 7, not JupyterLab: no dock panel tabs, no status bar.
  expect(await page.locator('.jp-LabShell').count()).toBe(0);
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (window as any).jupyterapp.shell.currentWidget?.sessionContext
            ?.session?.kernel?.status ?? 'none'
      )
    )
    .toBe('idle');

  // From the file alone: `scale` comes from a deleted cell, so Restart & Run All fails.
  const cells = page.locator('.jp-Notebook .jp-Cell');
  const marked = cells.nth(4).locator('.jp-Linearize-marker');
  await expect(marked).toBeVisible();
  await expect(marked).toHaveAttribute('data-kinds', /rra-undefined/);
  const badge = page.locator('.jp-Linearize-status.jp-Linearize-badge-toolbar');
  await expect(badge).toBeVisible();
  await expect(badge).toHaveText(/^\d+ issues?$/);

  // Run it: the record starts and the verdicts follow the kernel.
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('notebook:run-all-cells')
  );
  await expect(cells.nth(4).locator('.jp-Linearize-marker')).toHaveAttribute(
    'data-kinds',
    /errored|rra-undefined/
  );

  // The marker opens the panel in Notebook 7's right area.
  await marked.click();
  const panel = page.locator('#jp-Linearize-panel');
  await expect(panel).toBeVisible();
  await expect(panel.locator('.jp-Linearize-finding').first()).toBeVisible();
  await expect(panel).toContainText('Cell 5');
  await page
    .locator('.Toastify__toast')
    .evaluateAll(toasts => toasts.forEach(t => t.remove()));
  await page.screenshot({ path: path.join(images, 'notebook7.png') });

  // One "show findings" entry in the palette: Notebook 7 lists side panels itself.
  await page.keyboard.press('Control+Shift+C');
  const palette = page.locator('.lm-CommandPalette');
  await expect(palette).toBeVisible();
  await palette.locator('input').fill('findings');
  const items = palette.locator('.lm-CommandPalette-item', {
    hasText: /^Show .*findings/i
  });
  await expect(items.first()).toBeVisible();
  expect(await items.count()).toBe(1);
  await page.keyboard.press('Escape');

  // The parameters view opens (as a dialog: the main area holds the notebook alone).
  await page.evaluate(() => {
    // Not awaited: the command resolves when the dialog closes.
    void (window as any).jupyterapp.commands.execute('linearize:params');
  });
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.locator('.jp-Linearize-paramsTable')).toBeVisible();
  await expect(dialog).toContainText('threshold');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.close();
});
