/**
 * JupyterLite (no Jupyter server, no server extension, contents in the browser's storage):
 * the extension activates without errors, the notebook's saved record gives verdicts in the
 * findings panel, the parameters view opens, the export writes its files to the browser's
 * contents, and git provenance / verify say once, and only once, why they are unavailable.
 * The site's Python kernel is Pyodide, assembled by scripts/lite-build.sh from npm and PyPI
 * (no CDN): cells run in the browser are recorded and give live verdicts. Both tests record
 * every request of the browser and fail on any that leaves the site (127.0.0.1).
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
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
      // No kernelspec: JupyterLite starts its default (the Pyodide) kernel.
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

/**
 * Every URL the browser requests in this context: the page, its workers (the kernel runs in
 * one) and the service worker.
 */
function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', r => urls.push(r.url()));
  return urls;
}

/** No request left the site: every URL is on its origin (or a data:/blob: URL). */
function expectOnlyLocal(urls: string[], baseURL: string | undefined): void {
  const origin = new URL(baseURL as string).origin;
  expect(urls.length).toBeGreaterThan(0);
  expect(
    urls.filter(u => !/^(data|blob):/.test(u) && new URL(u).origin !== origin)
  ).toEqual([]);
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
  page,
  context,
  baseURL
}) => {
  const urls = recordRequests(context);
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
  expectOnlyLocal(urls, baseURL);
});

/** The kernel status of the notebook at this path ('none' before it has one). */
const kernelStatus = (page: Page, path: string) =>
  page.evaluate(p => {
    const app = (window as any).jupyterapp;
    for (const w of app.shell.widgets('main')) {
      if (w.context?.path === p) {
        return w.sessionContext?.session?.kernel?.status ?? 'none';
      }
    }
    return 'none';
  }, path);

/** Run the cell at index in the notebook at path and wait for its execution count. */
async function runLiteCell(
  page: Page,
  path: string,
  index: number
): Promise<number> {
  await page.evaluate(
    ({ p, i }) => {
      const app = (window as any).jupyterapp;
      for (const w of app.shell.widgets('main')) {
        if (w.context?.path === p) {
          app.shell.activateById(w.id);
          w.content.activeCellIndex = i;
          void app.commands.execute('notebook:run-cell');
        }
      }
    },
    { p: path, i: index }
  );
  const count = () =>
    page.evaluate(
      ({ p, i }) => {
        const app = (window as any).jupyterapp;
        for (const w of app.shell.widgets('main')) {
          if (w.context?.path === p) {
            return w.content.model.cells.get(i).executionCount ?? null;
          }
        }
        return null;
      },
      { p: path, i: index }
    );
  await expect.poll(count, { timeout: 30000 }).not.toBeNull();
  await expect.poll(() => kernelStatus(page, path)).toBe('idle');
  return (await count()) as number;
}

test('JupyterLite with the offline Pyodide kernel: runs are recorded, out of order is found, nothing leaves 127.0.0.1', async ({
  page,
  context,
  baseURL
}) => {
  // Starting Pyodide on a shared 2-core machine takes a while.
  test.setTimeout(240000);
  const urls = recordRequests(context);
  const errors: string[] = [];
  await openLite(page, errors);

  const path = 'lite-kernel.ipynb';
  const sources = ['y = x * 2\nprint(y)', 'x = 10'];
  await page.evaluate(
    ({ path, sources }) =>
      (window as any).jupyterapp.serviceManager.contents.save(path, {
        type: 'notebook',
        format: 'json',
        content: {
          nbformat: 4,
          nbformat_minor: 5,
          metadata: {
            kernelspec: {
              name: 'python',
              display_name: 'Python (Pyodide)',
              language: 'python'
            },
            language_info: { name: 'python' }
          },
          cells: sources.map((source, i) => ({
            id: `k${i}`,
            cell_type: 'code',
            metadata: {},
            source,
            execution_count: null,
            outputs: []
          }))
        }
      }),
    { path, sources }
  );
  const opened = Date.now();
  await run(page, 'docmanager:open', { path });
  await expect(page.locator('.jp-NotebookPanel .jp-Cell')).toHaveCount(2);
  await expect
    .poll(() => kernelStatus(page, path), { timeout: 180000 })
    .toBe('idle');
  // Reported, not asserted: how long the offline kernel took to start here.
  test.info().annotations.push({
    type: 'pyodide kernel start',
    description: `${Date.now() - opened} ms`
  });

  // The lower cell first, then the one that reads its value: out of order.
  const first = await runLiteCell(page, path, 1);
  const second = await runLiteCell(page, path, 0);
  expect(second).toBeGreaterThan(first);
  const cell0 = page.locator('.jp-NotebookPanel .jp-Cell').first();
  await expect(cell0.locator('.jp-OutputArea-output')).toContainText('20');
  await expect(cell0.locator(':scope > .jp-Linearize-marker')).toHaveAttribute(
    'data-kinds',
    /out-of-order/
  );
  await expect(page.locator('.jp-Linearize-status')).toHaveText(
    /^\d+ issues?$/
  );
  await run(page, 'linearize:show-findings');
  const panel = page.locator('#jp-Linearize-panel');
  await expect(
    panel.locator('.jp-Linearize-finding.jp-mod-out-of-order')
  ).toHaveAttribute('data-cell-id', 'k0');

  // Saved into the browser's contents with the record of both runs, in run order.
  await run(page, 'docmanager:save');
  const record = async () =>
    (
      await page.evaluate(
        async p =>
          (
            await (window as any).jupyterapp.serviceManager.contents.get(p, {
              content: true
            })
          ).content,
        path
      )
    ).metadata.linearize ?? null;
  await expect.poll(async () => (await record())?.runs?.length).toBe(2);
  const saved = await record();
  expect(saved.runs.map((r: { cellId: string }) => r.cellId)).toEqual([
    'k1',
    'k0'
  ]);
  expect(
    saved.runs.map((r: { executionCount: number }) => r.executionCount)
  ).toEqual([first, second]);

  // The kernel's runtime and packages came from this site (the recording sees the kernel
  // worker's requests), and no request went anywhere else.
  expect(urls).toContainEqual(
    expect.stringMatching(/\/static\/pyodide\/pyodide\.asm\.wasm$/)
  );
  expect(urls).toContainEqual(
    expect.stringMatching(/\/static\/pyodide\/ipython-[^/]+\.whl/)
  );
  // Starting the kernel and recording logged no error (but the static server's missing favicon).
  expect(errors.filter(e => !/\/favicon\.ico\)$/.test(e))).toEqual([]);
  expectOnlyLocal(urls, baseURL);
});
