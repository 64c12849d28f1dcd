/**
 * Real-time collaboration (jupyter-collaboration, run by playwright.rtc.config.js): two
 * browser contexts, two users on one notebook and its one kernel. Each runs cells; both
 * must show the same record, markers and status, also after save and reload, and the CLI
 * must read the saved file the same way.
 */
import { expect, test } from '@jupyterlab/galata';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Browser, Page } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as path from 'path';
import {
  acceptDialog,
  command,
  markerKinds,
  runCell,
  statusItem,
  waitForKernelIdle
} from './utils';

// Real kernels API (Galata's mock breaks restarts and shared sessions).
test.use({ kernels: null });

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'linearize.cjs');

/** Wait until the page shows the notebook with a live kernel, idle. */
async function openedIdle(page: Page, name: string): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(n => {
          const w = (window as any).jupyterapp?.shell?.currentWidget;
          const ok = w?.context?.path?.endsWith(n) && w.content?.widgets.length;
          return ok ? (w.sessionContext?.session?.kernel?.status ?? '') : '';
        }, name),
      { timeout: 60000 }
    )
    .toBe('idle');
}

/** Run cell `index` in this page (its own client) and wait for the shared kernel. */
async function runIn(page: Page, index: number): Promise<void> {
  await page.evaluate(async i => {
    const app = (window as any).jupyterapp;
    app.shell.currentWidget.content.activeCellIndex = i;
    await app.commands.execute('notebook:run-cell');
  }, index);
  await expect
    .poll(() =>
      page.evaluate(() => {
        const w = (window as any).jupyterapp.shell.currentWidget;
        return w.sessionContext.session.kernel.status;
      })
    )
    .toBe('idle');
}

/** Both pages' marker kinds when they agree, else both lists (which fails the test). */
async function sameMarkers(a: Page, b: Page): Promise<unknown[]> {
  const [x, y] = [
    await markerKinds(a as IJupyterLabPageFixture),
    await markerKinds(b as IJupyterLabPageFixture)
  ];
  return JSON.stringify(x) === JSON.stringify(y) ? x : ['differ', x, y];
}

/** `linearize check --json` on the saved file: `kind@cellIndex` at warning or above. */
function cliFindings(file: string): string[] {
  let out: string;
  try {
    out = execFileSync('node', [CLI, 'check', '--json', file], {
      encoding: 'utf8'
    });
  } catch (e: any) {
    out = e.stdout ?? '';
  }
  const nb = JSON.parse(out).notebooks[0];
  expect(nb.error ?? null).toBeNull();
  return nb.findings
    .filter((f: any) => f.severity !== 'info')
    .map((f: any) => `${f.kind}@${f.cell?.index ?? '-'}`)
    .sort();
}

/** The parts of the stored record: `runs` per client part, by key. */
async function parts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = (window as any).jupyterapp.shell.currentWidget;
    const stored = w.model.getMetadata('linearize');
    const clients = stored?.clients ?? {};
    return Object.keys(clients)
      .sort()
      .map(k => `${k}:${clients[k].runs.length}`);
  });
}

/**
 * Alice (Galata's page) and Bob (a second browser context) open one saved notebook by
 * path, so both join its one kernel session (a notebook made by New Notebook + rename
 * keeps its session under the first name). Returns Bob's page.
 */
async function together(
  page: IJupyterLabPageFixture,
  browser: Browser,
  baseURL: string,
  tmpPath: string,
  name: string,
  sources: string[]
): Promise<Page> {
  const cells = sources.map((source, i) => ({
    cell_type: 'code',
    id: `cell-${i}`,
    source,
    metadata: {},
    outputs: [],
    execution_count: null
  }));
  await page.evaluate(
    ({ path, cells }) =>
      (window as any).jupyterapp.serviceManager.contents.save(path, {
        type: 'notebook',
        format: 'json',
        content: {
          nbformat: 4,
          nbformat_minor: 5,
          metadata: {
            kernelspec: { name: 'python3', display_name: 'Python 3' },
            language_info: { name: 'python' }
          },
          cells
        }
      }),
    { path: `${tmpPath}/${name}`, cells }
  );
  await page.evaluate(
    p =>
      (window as any).jupyterapp.commands.execute('docmanager:open', {
        path: p
      }),
    `${tmpPath}/${name}`
  );
  await openedIdle(page, name);
  const bob = await (await browser.newContext()).newPage();
  await bob.goto(`${baseURL}/lab/tree/${tmpPath}/${name}`);
  await openedIdle(bob, name);
  const kernelId = (p: Page) =>
    p.evaluate(
      () =>
        (window as any).jupyterapp.shell.currentWidget.sessionContext.session
          .kernel.id
    );
  expect(await kernelId(bob)).toBe(await kernelId(page));
  return bob;
}

test('two collaborators: one record, the same markers and verdicts in both, after save and reload too', async ({
  page,
  browser,
  baseURL,
  tmpPath
}) => {
  const name = 'collab.ipynb';
  const bob = await together(page, browser, baseURL!, tmpPath, name, [
    'x = 1',
    'y = x + 1',
    'x = 5'
  ]);
  const collaborative = (p: Page) =>
    p.evaluate(
      () => (window as any).jupyterapp.shell.currentWidget.model.collaborative
    );
  expect(await collaborative(page)).toBe(true);
  expect(await collaborative(bob)).toBe(true);

  // Alice runs cell 1, Bob cell 3 (re-binds x), Alice cell 2: it read x from a cell below.
  await runCell(page, 0);
  await runIn(bob, 2);
  await runCell(page, 1);

  const same = () => sameMarkers(page, bob);
  await expect
    .poll(same, { timeout: 20000 })
    .toEqual(['', expect.stringContaining('out-of-order'), '']);
  await expect(statusItem(bob as IJupyterLabPageFixture)).toHaveText(
    (await statusItem(page).textContent()) ?? 'none'
  );
  // Each client wrote its own part (after its write delay); both see both.
  await expect.poll(() => parts(page), { timeout: 10000 }).toHaveLength(2);
  expect(await parts(bob)).toEqual(await parts(page));

  // Saved (the server also saves the shared document by itself, a second after a change;
  // Galata's save helper waits for a state collaboration does not reach): the CLI merges
  // the parts and judges the file as the lab did.
  await page.evaluate(() => {
    void (window as any).jupyterapp.commands.execute('docmanager:save');
  });
  const file = path.join(
    process.env.JUPYTERLAB_GALATA_ROOT_DIR!,
    tmpPath,
    name
  );
  await expect
    .poll(() => cliFindings(file), { timeout: 20000 })
    .toContain('out-of-order@1');

  // Reload both: the same markers and status in both, from the saved shared record.
  await page.reload({ waitForIsReady: false });
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  await page.evaluate(
    p =>
      (window as any).jupyterapp.commands.execute('docmanager:open', {
        path: p
      }),
    `${tmpPath}/${name}`
  );
  await openedIdle(page, name);
  await bob.reload();
  await openedIdle(bob, name);
  await expect
    .poll(same, { timeout: 20000 })
    .toEqual(['', expect.stringContaining('out-of-order'), '']);
  await expect(statusItem(bob as IJupyterLabPageFixture)).toHaveText(
    (await statusItem(page).textContent()) ?? 'none'
  );
  await bob.context().close();
});

test('a kernel restart by one collaborator is one new session for both, in both labs', async ({
  page,
  browser,
  baseURL,
  tmpPath
}) => {
  const name = 'restart.ipynb';
  const bob = await together(page, browser, baseURL!, tmpPath, name, [
    'a = 1',
    'b = a + 1'
  ]);
  await runCell(page, 0);
  await runIn(bob, 1);
  await command(page, 'notebook:restart-kernel');
  await acceptDialog(page);
  await waitForKernelIdle(page);
  // After the restart `a` is gone: Bob's run of cell 2 raises, in the new session only,
  // and cell 1 is skipped. Bob learns of Alice's restart from the counts starting again.
  await runIn(bob, 1);
  await expect
    .poll(() => sameMarkers(page, bob), { timeout: 20000 })
    .toEqual(['skipped', 'errored']);
  // Both clients saw the restart: each part holds two sessions, merged into two.
  const sessions = () =>
    page.evaluate(() => {
      const w = (window as any).jupyterapp.shell.currentWidget;
      const clients = w.model.getMetadata('linearize')?.clients ?? {};
      return Object.values(clients).map((c: any) => c.sessions.length);
    });
  await expect.poll(sessions, { timeout: 10000 }).toEqual([2, 2]);
  await bob.context().close();
});
