import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

const PLUGIN_ID = 'jupyterlab-linearize:plugin';

test.describe('foundation', () => {
  test('the plugin is active and linearize:about is in the palette', async ({
    page
  }) => {
    const active = await page.evaluate(
      id => (window as any).jupyterapp.isPluginActivated(id),
      PLUGIN_ID
    );
    expect(active).toBe(true);

    // Find the command through the real command palette, as a user would.
    await page.keyboard.press('Control+Shift+C');
    const palette = page.locator('#command-palette');
    await expect(palette).toBeVisible();
    await palette.locator('.lm-CommandPalette-input').fill('About Linearize');
    const item = palette.locator('.lm-CommandPalette-item', {
      hasText: 'About Linearize'
    });
    await expect(item).toHaveCount(1);
    await expect(item).toHaveAttribute('data-command', 'linearize:about');

    // Running it shows the versions of both halves: the server extension answered.
    await item.click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('Front end');
    await expect(dialog).toContainText(/Server extension: \d+\.\d+\.\d+/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);
  });

  test('the settings schema is registered', async ({ page }) => {
    const schema = await page.evaluate(async id => {
      const registry = (window as any).jupyterapp.serviceManager.settings;
      const settings = await registry.fetch(id);
      return settings.schema;
    }, PLUGIN_ID);
    expect(schema.title).toBe('Linearize');
    expect(schema.properties.recording.default).toBe(true);
  });

  test('screenshot of JupyterLab with the demo notebook', async ({
    page,
    tmpPath
  }) => {
    const demo = path.resolve(__dirname, '../../examples/demo.ipynb');
    await page.contents.uploadFile(demo, `${tmpPath}/demo.ipynb`);
    await page.filebrowser.open(`${tmpPath}/demo.ipynb`);
    await page.notebook.activate('demo.ipynb');
    await expect(page.locator('.jp-Notebook .jp-Cell').first()).toBeVisible();
    await page.screenshot({
      path: path.resolve(__dirname, '../../docs/images/jupyterlab.png')
    });
  });
});
