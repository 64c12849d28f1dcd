import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Start a JupyterLab command, as the palette or a shortcut would. It does not wait for
 * the command to finish: some (restarts) wait for a dialog the test answers next.
 */
export async function command(
  page: IJupyterLabPageFixture,
  id: string,
  args: Record<string, unknown> = {}
): Promise<void> {
  await page.evaluate(
    ({ id, args }) => {
      void (window as any).jupyterapp.commands.execute(id, args);
    },
    { id, args }
  );
}

/** A fresh notebook with these code cells (not run). */
export async function notebookWith(
  page: IJupyterLabPageFixture,
  name: string,
  sources: string[]
): Promise<void> {
  await page.notebook.createNew(name, { kernel: 'python3' });
  await page.notebook.setCell(0, 'code', sources[0]);
  for (const s of sources.slice(1)) {
    await page.notebook.addCell('code', s);
  }
  await waitForKernelIdle(page);
}

/** Wait until the current notebook's kernel is idle (also after a restart). */
export async function waitForKernelIdle(
  page: IJupyterLabPageFixture
): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const widget = (window as any).jupyterapp.shell.currentWidget;
          return widget?.sessionContext?.session?.kernel?.status ?? 'none';
        }),
      { timeout: 30000 }
    )
    .toBe('idle');
}

/** Run one cell in place, like Ctrl+Enter, and wait for its reply. */
export async function runCell(
  page: IJupyterLabPageFixture,
  index: number
): Promise<void> {
  await page.notebook.selectCells(index);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Enter');
  await waitForKernelIdle(page);
  await expect(
    page.locator('.jp-Notebook .jp-Cell').nth(index).locator('.jp-InputPrompt')
  ).not.toHaveText(/\[\*\]/);
}

/** The verdict kinds of the marker on each cell ('' when the cell has none). */
export async function markerKinds(
  page: IJupyterLabPageFixture
): Promise<string[]> {
  return page
    .locator('.jp-Notebook .jp-Cell')
    .evaluateAll(cells =>
      cells.map(
        c =>
          (
            c.querySelector(
              ':scope > .jp-Linearize-marker'
            ) as HTMLElement | null
          )?.dataset.kinds ?? ''
      )
    );
}

export function statusItem(page: IJupyterLabPageFixture) {
  return page.locator('.jp-Linearize-status');
}

/** The notebook as saved on disk (through the contents API), validated by Python's nbformat. */
export async function savedNotebook(
  page: IJupyterLabPageFixture,
  filePath: string
): Promise<any> {
  await page.notebook.save();
  const response = await page.request.get(
    `/api/contents/${filePath}?content=1&type=notebook`
  );
  expect(response.ok()).toBe(true);
  const nb = (await response.json()).content;
  const tmp = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'linearize-')),
    'saved.ipynb'
  );
  fs.writeFileSync(tmp, JSON.stringify(nb));
  // Throws (and fails the test) if the saved file is not valid nbformat.
  execFileSync('python', [
    '-c',
    'import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT))',
    tmp
  ]);
  return nb;
}

/** Accept the dialog JupyterLab opens (restart confirmations). */
export async function acceptDialog(
  page: IJupyterLabPageFixture
): Promise<void> {
  const accept = page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept');
  await accept.click();
  await expect(page.locator('.jp-Dialog')).toHaveCount(0);
}

/** The ids of the current notebook's cells, from the live model. */
export async function cellIds(page: IJupyterLabPageFixture): Promise<string[]> {
  return page.evaluate(() => {
    const cells = (window as any).jupyterapp.shell.currentWidget.content.model
      .cells;
    const ids: string[] = [];
    for (let i = 0; i < cells.length; i++) {
      ids.push(cells.get(i).id);
    }
    return ids;
  });
}
