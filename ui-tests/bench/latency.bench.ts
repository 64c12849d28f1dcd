/**
 * Time from a kernel reply to updated verdicts and markers (User Timing measure
 * `linearize:update`: the recorder marks the reply, the run's one pass measures once it has
 * painted, so it includes the wait for the cell's count and the companion's answers), and the
 * pass's own cost (`linearize:pass`: analysis + markers, status and panel painted, the part
 * that must fit in a 16 ms frame), on a 1,000-code-cell notebook built from
 * corpus cells, against the same update on a 10-cell notebook in the same run; plus the
 * extension's activation time. Prints a table; asserts nothing about speed.
 */
import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';

test.use({ kernels: null });

/** Executions per notebook (enough for a p99 that is not just the maximum). */
const RUNS = Number(process.env.LINEARIZE_BENCH_RUNS ?? 100);

const corpus =
  process.env.LINEARIZE_CORPUS ??
  path.resolve(__dirname, '../../../shared/corpus/notebooks');

function corpusCodeCells(n: number): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= n) {
        return;
      }
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else if (e.name.endsWith('.ipynb')) {
        const nb = JSON.parse(fs.readFileSync(p, 'utf8'));
        for (const c of nb.cells ?? []) {
          if (c.cell_type === 'code' && out.length < n) {
            const src = Array.isArray(c.source)
              ? c.source.join('')
              : String(c.source ?? '');
            if (src.trim()) {
              out.push(src);
            }
          }
        }
      }
    }
  };
  walk(corpus);
  return out;
}

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
      id: `b${i}`,
      metadata: {},
      source: s,
      execution_count: null,
      outputs: []
    }))
  });
}

async function measureUpdates(
  page: any,
  tmpPath: string,
  name: string,
  sources: string[],
  runs: number
) {
  // The cell we run is first and trivial: the cost measured is ours, not the kernel's.
  const cells = ['bench_counter = 0', ...sources];
  const local = path.join(
    fs.mkdtempSync(path.join(require('os').tmpdir(), 'linearize-bench-')),
    name
  );
  fs.writeFileSync(local, notebook(cells));
  await page.contents.uploadFile(local, `${tmpPath}/${name}`);
  await page.filebrowser.open(`${tmpPath}/${name}`);
  await expect(page.locator('.jp-Notebook .jp-Cell').first()).toBeVisible({
    timeout: 120000
  });
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (window as any).jupyterapp.shell.currentWidget?.sessionContext
            ?.session?.kernel?.status
      )
    )
    .toBe('idle');
  await page.evaluate(() => {
    performance.clearMeasures('linearize:update');
    performance.clearMeasures('linearize:pass');
  });
  await page.notebook.selectCells(0);
  await page.keyboard.press('Escape');
  for (let i = 0; i < runs; i++) {
    await page.keyboard.press('Control+Enter');
    await expect
      .poll(() =>
        page.evaluate(
          () => performance.getEntriesByName('linearize:update').length
        )
      )
      .toBe(i + 1);
  }
  // Let the last run's late answers settle, then read both measures.
  await page.waitForTimeout(500);
  const [latency, passes]: number[][] = await page.evaluate(() =>
    ['linearize:update', 'linearize:pass'].map(n =>
      performance.getEntriesByName(n).map(e => e.duration)
    )
  );
  await page.notebook.close(true);
  return {
    latency: stats(latency),
    pass: stats(passes),
    passes: passes.length
  };
}

function stats(durations: number[]) {
  durations.sort((a, b) => a - b);
  const q = (p: number) =>
    durations[Math.min(durations.length - 1, Math.floor(p * durations.length))];
  return {
    median: q(0.5),
    p90: q(0.9),
    p99: q(0.99),
    max: durations[durations.length - 1]
  };
}

test('update latency after an execution, and activation time', async ({
  page,
  tmpPath
}) => {
  const activation = await page.evaluate(() =>
    ['linearize:activate:sessions', 'linearize:activate:ui'].map(
      n => performance.getEntriesByName(n)[0]?.duration ?? NaN
    )
  );
  const small = await measureUpdates(
    page,
    tmpPath,
    'small.ipynb',
    corpusCodeCells(10),
    RUNS
  );
  const big = await measureUpdates(
    page,
    tmpPath,
    'big.ipynb',
    corpusCodeCells(1000),
    RUNS
  );
  const fmt = (x: number) => x.toFixed(2).padStart(8);
  const row = (label: string, r: ReturnType<typeof stats>) =>
    `${label.padEnd(34)}${fmt(r.median)} ${fmt(r.p90)} ${fmt(r.p99)} ${fmt(r.max)}`;
  console.log(`\nlinearize: ${RUNS} runs each (ms)`);
  console.log(`${''.padEnd(34)}  median      p90      p99      max`);
  console.log(row('reply -> painted, 10 cells', small.latency));
  console.log(row('reply -> painted, 1000 cells', big.latency));
  console.log(row('pass (frame cost), 10 cells', small.pass));
  console.log(row('pass (frame cost), 1000 cells', big.pass));
  console.log(
    `passes per execution: ${(small.passes / RUNS).toFixed(2)} (10 cells), ${(big.passes / RUNS).toFixed(2)} (1000 cells)`
  );
  console.log(
    `ratio 1000/10: pass median ${(big.pass.median / small.pass.median).toFixed(1)}x, p99 ${(big.pass.p99 / small.pass.p99).toFixed(1)}x; 1000-cell pass p99 / 16 ms frame: ${(big.pass.p99 / 16).toFixed(2)}`
  );
  console.log(
    `activation (ms): sessions plugin ${activation[0].toFixed(2)}, ui plugin ${activation[1].toFixed(2)}`
  );
  expect(big.pass.median).toBeGreaterThan(0);
});
