/**
 * Time from a kernel reply to updated verdicts and markers (User Timing measure
 * `linearize:update`, taken by the recorder), on a 1,000-code-cell notebook built from
 * corpus cells, against the same update on a 10-cell notebook in the same run; plus the
 * extension's activation time. Prints a table; asserts nothing about speed.
 */
import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';

test.use({ kernels: null });

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
  await page.evaluate(() => performance.clearMeasures('linearize:update'));
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
  const durations: number[] = await page.evaluate(() =>
    performance.getEntriesByName('linearize:update').map(e => e.duration)
  );
  await page.notebook.close(true);
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
    30
  );
  const big = await measureUpdates(
    page,
    tmpPath,
    'big.ipynb',
    corpusCodeCells(1000),
    30
  );
  const fmt = (x: number) => x.toFixed(2).padStart(8);
  console.log(
    '\nlinearize: kernel reply -> verdicts + markers updated (ms, 30 runs each)'
  );
  console.log('notebook          median      p90      p99      max');
  console.log(
    `10 code cells   ${fmt(small.median)} ${fmt(small.p90)} ${fmt(small.p99)} ${fmt(small.max)}`
  );
  console.log(
    `1000 code cells ${fmt(big.median)} ${fmt(big.p90)} ${fmt(big.p99)} ${fmt(big.max)}`
  );
  console.log(
    `ratio 1000/10 (median): ${(big.median / small.median).toFixed(1)}x; 1000-cell median / 16.7 ms frame: ${(big.median / 16.7).toFixed(2)}`
  );
  console.log(
    `activation (ms): sessions plugin ${activation[0].toFixed(2)}, ui plugin ${activation[1].toFixed(2)}`
  );
  expect(big.median).toBeGreaterThan(0);
});
