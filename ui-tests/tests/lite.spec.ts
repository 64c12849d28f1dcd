/**
 * JupyterLite (no Jupyter server, no server extension, contents in the browser's storage):
 * the extension activates without errors, the notebook's saved record gives verdicts in the
 * findings panel, the parameters view opens, the export writes its files to the browser's
 * contents, and git provenance / verify say once, and only once, why they are unavailable.
 * No kernel: the pyodide kernel loads its runtime from a CDN (not reachable from CI), so
 * recording a new run is covered by the Galata tests against a real ipykernel instead.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  appendRun,
  emptyRecord,
  startSession
} from '../../src/core/record/executionLog';
import { toMetadata } from '../../src/core/record/metadata';

const NOTICE = /Git provenance and Verify need the linearize server part/;

/**
 * A notebook with a saved record: cell 1 was edited after it ran (`x = 2` ran, `x = 1` shows)
 * and cell 2 ran twice, so the output of cell 3 is not what notebook order gives.
 */
function recordedNotebook(): Record<string, unknown> {
  const sources = ['x = 1', 'x = x + 1', 'print(x)'];
  const ran = ['x = 2', 'x = x + 1', 'print(x)'];
  let record = startSession(emptyRecord(), 'k1', '2026-01-01T00:00:00Z');
  const runs: [number, number][] = [
    [0, 1],
    [1, 2],
    [1, 3],
    [2, 4]
  ];
  for (const [cell, count] of runs) {
    record = appendRun(record, {
      cellId: `c${cell}`,
      source: ran[cell],
      executionCount: count,
      status: 'ok',
      time: '2026-01-01T00:00:0' + count + 'Z'
    });
  }
  const counts = [1, 3, 4];
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      // No kernelspec: this site has no kernel (see the top of the file).
      language_info: { name: 'python' },
      linearize: toMetadata(record)
    },
    cells: sources.map((source, i) => ({
      id: `c${i}`,
      cell_type: 'code',
      metadata: {},
      source,
      execution_count: counts[i],
      outputs:
        i === 2 ? [{ output_type: 'stream', name: 'stdout', text: '4\n' }] : []
    }))
  };
}

async function openLite(page: Page, errors: string[]): Promise<void> {
  page.on('pageerror', e => errors.push(`pageerror: ${e.message}`));
  page.on('console', m => {
    if (m.type() === 'error') {
      errors.push(`${m.text()} (${m.location().url})`);
    }
  });
  await page.goto('lab/index.html');
  await page.waitForFunction(
    () => (window as any).jupyterapp !== undefined,
    null,
    {
      timeout: 60000
    }
  );
  await page.evaluate(() => (window as any).jupyterapp.restored);
}

/** Bring the notebook's tab to the front (the parameters view opens in the main area). */
const activateNotebook = (page: Page) =>
  page.evaluate(() => {
    const app = (window as any).jupyterapp;
    for (const w of app.shell.widgets('main')) {
      if (w.context?.path === 'lite-demo.ipynb') {
        app.shell.activateById(w.id);
      }
    }
  });

const run = (page: Page, id: string, args: Record<string, unknown> = {}) =>
  page.evaluate(
    ({ id, args }) => {
      void (window as any).jupyterapp.commands.execute(id, args);
    },
    { id, args }
  );

test('JupyterLite: activates, shows verdicts of a saved record, exports, says once what needs a server', async ({
  page
}) => {
  const errors: string[] = [];
  await openLite(page, errors);

  // Every plugin of the extension activated.
  const plugins = await page.evaluate(async () => {
    const app = (window as any).jupyterapp;
    const ids: string[] = app
      .listPlugins()
      .filter((id: string) => id.startsWith('jupyterlab-linearize'));
    return ids.map(id => [id, app.isPluginActivated(id)]);
  });
  expect(plugins.length).toBeGreaterThan(2);
  expect(plugins.filter(([, on]) => !on)).toEqual([]);

  await page.evaluate(
    nb =>
      (window as any).jupyterapp.serviceManager.contents.save(
        'lite-demo.ipynb',
        {
          type: 'notebook',
          format: 'json',
          content: nb
        }
      ),
    recordedNotebook()
  );
  await run(page, 'docmanager:open', { path: 'lite-demo.ipynb' });
  await expect(page.locator('.jp-NotebookPanel .jp-Cell')).toHaveCount(3);
  // With no kernel in the site JupyterLite asks for one: keep "No Kernel".
  const picker = page.locator('.jp-Dialog', { hasText: 'Select Kernel' });
  await expect(picker).toContainText('No Kernel');
  await picker.locator('.jp-mod-accept').click();
  await expect(page.locator('.jp-Dialog')).toHaveCount(0);

  // The saved record gives verdicts: a marker and a finding card.
  await expect(page.locator('.jp-Linearize-marker').first()).toBeVisible();
  await run(page, 'linearize:show-findings');
  const panel = page.locator('#jp-Linearize-panel');
  await expect(panel).toBeVisible();
  await expect(panel.locator('.jp-Linearize-finding').first()).toBeVisible();

  // The parameters view.
  await activateNotebook(page);
  await run(page, 'linearize:params');
  await expect(page.locator('.jp-Linearize-params')).toBeVisible();
  await expect(page.locator('.jp-Linearize-params')).toContainText('x');

  // Export: the notice once, then the dialog; the files land in the browser's contents.
  await activateNotebook(page);
  await run(page, 'linearize:export');
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText('Git');
  await expect(
    dialog.getByRole('checkbox', { name: 'Commit the exported files' })
  ).toBeDisabled();
  await dialog.locator('.jp-mod-accept').click();
  await expect(dialog).toHaveCount(0);
  const listing = () =>
    page.evaluate(async () => {
      const dir = await (window as any).jupyterapp.serviceManager.contents.get(
        '',
        {
          content: true
        }
      );
      return (dir.content as { name: string }[]).map(f => f.name).sort();
    });
  await expect.poll(listing).toContain('lite-demo.py');
  const files = await listing();
  expect(files).toContain('lite-demo.py');
  const script = await page.evaluate(
    async () =>
      (
        await (window as any).jupyterapp.serviceManager.contents.get(
          'lite-demo.py',
          {
            content: true
          }
        )
      ).content as string
  );
  expect(script).toContain('x = x + 1');

  // Verify needs the server part: no second notice, and no dialog or error either.
  await activateNotebook(page);
  await run(page, 'linearize:verify');
  await run(page, 'linearize:export');
  await expect(page.locator('.jp-Dialog')).toBeVisible();
  await page.locator('.jp-Dialog .jp-mod-reject').click();
  await expect(
    page.locator('.Toastify__toast', { hasText: NOTICE })
  ).toHaveCount(1);
  // Shown whole: JupyterLab cuts longer toasts with an ellipsis.
  await expect(
    page.locator('.Toastify__toast', { hasText: NOTICE })
  ).toContainText('parameters and export work.');

  // The one probe for the server part is the only request of ours that fails (a 404 the
  // browser logs); no bridge or git request follows it, and nothing else logs an error
  // (but the static server's missing favicon).
  const ours = errors.filter(e => !/\/favicon\.ico\)$/.test(e));
  expect(ours).toHaveLength(1);
  expect(ours[0]).toMatch(/\/linearize\/info\b/);
});
