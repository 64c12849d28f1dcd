import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';
import { command, notebookWith, runCell } from './utils';

test.use({ kernels: null, viewport: { width: 1280, height: 720 } });

const images = path.resolve(__dirname, '../../docs/images');

for (const theme of ['JupyterLab Light', 'JupyterLab Dark']) {
  const slug = theme.endsWith('Dark') ? 'dark' : 'light';

  test(`marker and panel, ${slug} theme`, async ({ page }) => {
    await command(page, 'apputils:change-theme', { theme });
    await expect(page.locator('body')).toHaveAttribute(
      'data-jp-theme-light',
      slug === 'light' ? 'true' : 'false'
    );
    // The theme's CSS variables arrive with its stylesheet, after the attribute flips.
    await expect
      .poll(() =>
        page.evaluate(() =>
          getComputedStyle(document.body)
            .getPropertyValue('--jp-layout-color1')
            .trim()
        )
      )
      .toBe(slug === 'light' ? 'white' : '#212121');
    await notebookWith(page, `shots-${slug}.ipynb`, [
      'data = [3, 1, 2]\nthreshold = 2',
      'selected = [v for v in data if v > threshold]\nselected',
      'threshold = 1'
    ]);
    await runCell(page, 0);
    await runCell(page, 2);
    await runCell(page, 1);
    const marker = page
      .locator('.jp-Notebook .jp-Cell')
      .nth(1)
      .locator('.jp-Linearize-marker');
    await expect(marker).toBeVisible();
    await command(page, 'linearize:show-findings');
    const panel = page.locator('#jp-Linearize-panel');
    await expect(panel).toContainText('Out of order');
    // Let the notification fade so it does not cover the notebook.
    await page
      .locator('.Toastify__toast')
      .evaluateAll(toasts => toasts.forEach(t => t.remove()));

    // Regression checks of our own widgets (tolerant to anti-aliasing).
    await expect(marker).toHaveScreenshot(`marker-${slug}.png`, {
      maxDiffPixelRatio: 0.05
    });
    await expect(
      // One finding by kind: the order of groups is not what this test is about.
      panel.locator('.jp-Linearize-finding.jp-mod-out-of-order')
    ).toHaveScreenshot(`finding-${slug}.png`, {
      maxDiffPixelRatio: 0.05
    });
    // The picture the README shows.
    await page.screenshot({ path: path.join(images, `findings-${slug}.png`) });
  });
}
