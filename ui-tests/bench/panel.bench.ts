/**
 * The findings panel with many findings, against a 10-finding notebook in the same run:
 * - ~750: a 400-cell chain re-run at its top (399 stale or unsafe cells; lists, so the
 *   kernel companion sees new objects) followed by 350 cells never run;
 * - ~5,000: a first cell run, then 2,500 cells never run that each read a name nothing
 *   binds (2,500 `rra-undefined` cards and one card of the 2,500 cells never run).
 * Measures (in the page):
 * - opening the panel: from the command to the first card painted;
 * - the panel's DOM size (elements under `#jp-Linearize-panel`) once open;
 * - (~5,000 only) reaching the last cell's card: scroll to the end of the panel (and,
 *   on a build that caps its lists, click "Show N more" first) until the card's
 *   "Go to cell" button is in the DOM; ms and the longest task meanwhile;
 * - typing in a cell with the panel open and closed: the longest main-thread task
 *   (Long Tasks API) in the 1.5 s after a burst of 20 keystrokes, as the edit settles
 *   and the verdicts and panel update.
 * Prints a table; asserts only that it measured something. Build-agnostic (it only reads
 * `.jp-Linearize-finding` and the summary), so one build can be compared with another.
 */
import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

test.use({ kernels: null });

function notebook(sources: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3',
        language: 'python'
      }
    },
    cells: sources.map((s, i) => ({
      cell_type: 'code',
      id: `p${i}`,
      metadata: {},
      source: s,
      execution_count: null,
      outputs: []
    }))
  });
}

async function open(page: any, tmpPath: string, name: string, cells: string[]) {
  const local = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'linearize-bench-')),
    name
  );
  fs.writeFileSync(local, notebook(cells));
  await page.contents.uploadFile(local, `${tmpPath}/${name}`);
  await page.filebrowser.open(`${tmpPath}/${name}`);
  await expect(page.locator('.jp-Notebook .jp-Cell').first()).toBeVisible({
    timeout: 120000
  });
  await expect
    .poll(
      () =>
        page.evaluate(
          () =>
            (window as any).jupyterapp.shell.currentWidget?.sessionContext
              ?.session?.kernel?.status
        ),
      { timeout: 60000 }
    )
    .toBe('idle');
}

/** Run the first `n` cells through the notebook (as Run All would, in order), then cell 1. */
async function runChain(page: any, n: number) {
  await page.evaluate(async (n: number) => {
    const app = (window as any).jupyterapp;
    const panel = app.shell.currentWidget;
    const nb = panel.content;
    nb.deselectAll();
    nb.activeCellIndex = 0;
    for (let i = 0; i < n; i++) {
      nb.select(nb.widgets[i]);
    }
    await app.commands.execute('notebook:run-cell');
    nb.deselectAll();
    nb.activeCellIndex = 0;
    await app.commands.execute('notebook:run-cell');
  }, n);
  await expect
    .poll(
      () =>
        page.evaluate(
          () =>
            (window as any).jupyterapp.shell.currentWidget.sessionContext
              .session.kernel.status
        ),
      { timeout: 120000 }
    )
    .toBe('idle');
}

/** The panel's summary line ("Not linear: 399 issues. 350 hints."). */
async function summary(page: any): Promise<string> {
  return page.locator('#jp-Linearize-panel .jp-Linearize-summary').innerText();
}

/** ms from the command to the first card painted. */
async function openPanel(page: any): Promise<number> {
  return page.evaluate(async () => {
    const app = (window as any).jupyterapp;
    const t0 = performance.now();
    await app.commands.execute('linearize:show-findings');
    await new Promise<void>(resolve => {
      const tick = () =>
        document.querySelector('#jp-Linearize-panel .jp-Linearize-finding')
          ? resolve()
          : requestAnimationFrame(tick);
      tick();
    });
    return performance.now() - t0;
  });
}

async function closePanel(page: any) {
  await page.evaluate(() => {
    const app = (window as any).jupyterapp;
    app.shell.collapseRight();
    app.shell.activateById(app.shell.currentWidget.id);
  });
}

/** The longest task (ms) in the 1.5 s after 20 keystrokes in the last cell. */
async function typingStall(page: any): Promise<number> {
  await page.evaluate(() => {
    const w = window as any;
    w.__longest = 0;
    w.__observer?.disconnect();
    w.__observer = new PerformanceObserver(list => {
      for (const e of list.getEntries()) {
        w.__longest = Math.max(w.__longest, e.duration);
      }
    });
    w.__observer.observe({ type: 'longtask', buffered: false });
  });
  const first = page.locator('.jp-Notebook .jp-Cell').first();
  await first.locator('.cm-content').click();
  await page.keyboard.press('End');
  await page.keyboard.type(' + 0'.repeat(5), { delay: 15 });
  await page.waitForTimeout(1500);
  return page.evaluate(() => (window as any).__longest as number);
}

/** ms (and the longest task) until the card of cell `last` (1-based) is in the DOM. */
async function reachLast(
  page: any,
  last: number
): Promise<{ ms: number; task: number }> {
  return page.evaluate(async (last: number) => {
    let task = 0;
    const observer = new PerformanceObserver(list => {
      for (const e of list.getEntries()) {
        task = Math.max(task, e.duration);
      }
    });
    observer.observe({ type: 'longtask', buffered: false });
    const panel = document.querySelector('#jp-Linearize-panel')!;
    const scroller = panel.querySelector('.jp-SidePanel-content')!;
    const found = () =>
      [...panel.querySelectorAll('.jp-Linearize-goto')].some(
        b => b.textContent === `Go to cell ${last}`
      );
    const t0 = performance.now();
    while (!found() && performance.now() - t0 < 30000) {
      panel.querySelector<HTMLElement>('section > .jp-Linearize-more')?.click();
      scroller.scrollTop = scroller.scrollHeight;
      await new Promise(resolve => requestAnimationFrame(resolve));
    }
    const ms = performance.now() - t0;
    // Let the long-task entries of that work arrive.
    await new Promise(resolve => setTimeout(resolve, 200));
    observer.disconnect();
    return { ms: found() ? ms : NaN, task };
  }, last);
}

async function measure(
  page: any,
  tmpPath: string,
  name: string,
  cells: string[],
  chain: number,
  last = 0
) {
  await open(page, tmpPath, name, cells);
  if (chain > 0) {
    await runChain(page, chain);
  }
  const opens: number[] = [];
  for (let i = 0; i < 3; i++) {
    await closePanel(page);
    opens.push(await openPanel(page));
  }
  const status = await summary(page);
  const nodes: number = await page.evaluate(
    () => document.querySelectorAll('#jp-Linearize-panel *').length
  );
  const openStall = await typingStall(page);
  await closePanel(page);
  const closedStall = await typingStall(page);
  let reach = null;
  if (last > 0) {
    await openPanel(page);
    reach = await reachLast(page, last);
  }
  await page.notebook.close(true);
  opens.sort((a, b) => a - b);
  return { status, open: opens[1], nodes, reach, openStall, closedStall };
}

test('findings panel: open and typing with ~750 and ~5,000 findings vs 10', async ({
  page,
  tmpPath
}) => {
  const chain = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      i === 0 ? 'v0 = [0]' : `v${i} = v${i - 1} + [${i}]`
    );
  const small = await measure(
    page,
    tmpPath,
    'small.ipynb',
    [...chain(6), ...Array.from({ length: 4 }, (_, i) => `w${i} = ${i}`)],
    6
  );
  const big = await measure(
    page,
    tmpPath,
    'big.ipynb',
    [...chain(400), ...Array.from({ length: 350 }, (_, i) => `w${i} = ${i}`)],
    400
  );
  const huge = await measure(
    page,
    tmpPath,
    'huge.ipynb',
    ['a = 0', ...Array.from({ length: 2500 }, (_, i) => `z${i} = u${i}`)],
    1,
    2501
  );
  const f = (x: number) => x.toFixed(1).padStart(8);
  console.log(
    '\nlinearize findings panel (ms; median of 3 opens; longest task after typing; elements)'
  );
  console.log(
    'notebook       open  typing(open)  typing(closed)  elements  summary'
  );
  for (const [label, r] of [
    ['10 cells', small],
    ['750 cells', big],
    ['2500 cells', huge]
  ] as const) {
    console.log(
      `${label.padEnd(10)} ${f(r.open)} ${f(r.openStall)}      ${f(r.closedStall)}  ${String(r.nodes).padStart(8)}  ${r.status}`
    );
  }
  console.log(`open ratio 750/10: ${(big.open / small.open).toFixed(1)}x`);
  console.log(`open ratio 5000/10: ${(huge.open / small.open).toFixed(1)}x`);
  console.log(
    `~5000: last card reached in ${huge.reach?.ms.toFixed(1)} ms, longest task meanwhile ${huge.reach?.task.toFixed(1)} ms`
  );
  expect(big.open).toBeGreaterThan(0);
});
