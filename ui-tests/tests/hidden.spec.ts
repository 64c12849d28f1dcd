/**
 * Issue 17's scenarios performed live: a real kernel (with the kernel companion), cells run
 * the way a person runs them, and what the status bar and markers then say. Both
 * directions: a run that Restart & Run All would not reproduce is flagged, one it would
 * reproduce leaves the status at "Linear".
 */
import { expect, test } from '@jupyterlab/galata';
import {
  acceptDialog,
  command,
  markerKinds,
  notebookWith,
  runCell,
  statusItem,
  waitForKernelIdle
} from './utils';

// Real kernels API (kernel restarts), as in live.spec.ts.
test.use({ kernels: null });

const panel = (page: any) => page.locator('#jp-Linearize-panel');
const NOT_LINEAR = /^(\d+ issues?|Not linear)$/;

/**
 * A fresh notebook with these code cells, sources set on the model: typing would let the
 * editor's auto-indent change multi-line sources.
 */
async function notebookOf(
  page: any,
  name: string,
  sources: string[]
): Promise<void> {
  await notebookWith(
    page,
    name,
    sources.map(() => 'pass')
  );
  await page.evaluate((texts: string[]) => {
    const cells = (window as any).jupyterapp.shell.currentWidget.content.model
      .cells;
    texts.forEach((t, i) => cells.get(i).sharedModel.setSource(t));
  }, sources);
}

/** Edit a cell's source on the model, as a paste would. */
async function setSource(
  page: any,
  index: number,
  text: string
): Promise<void> {
  await page.evaluate(
    ({ index, text }: { index: number; text: string }) => {
      (window as any).jupyterapp.shell.currentWidget.content.model.cells
        .get(index)
        .sharedModel.setSource(text);
    },
    { index, text }
  );
}

async function runAll(page: any, indices: number[]): Promise<void> {
  for (const i of indices) {
    await runCell(page, i);
  }
}

async function restart(page: any): Promise<void> {
  await command(page, 'notebook:restart-kernel');
  await acceptDialog(page);
  await waitForKernelIdle(page);
}

const MEAN = [
  'vals = [1, 2, 3, 4]',
  'm = sum(vals) / len(vals)',
  'print(f"mean of {len(vals)} values: {m}")'
];

test.describe('hidden state, live (issue 17)', () => {
  test('saved output below a writer edited and re-run after a restart: not "Linear", the output is stale', async ({
    page
  }) => {
    await notebookOf(page, 'demo-edited.ipynb', MEAN);
    await runAll(page, [0, 1, 2]);
    await setSource(page, 0, 'vals = [1, 2]');
    await restart(page);
    await runAll(page, [0, 1]);
    await expect(statusItem(page)).toHaveText(NOT_LINEAR);
    await expect
      .poll(async () => (await markerKinds(page))[2])
      .toContain('stale');
  });

  test('the same code re-run after a restart: the saved output reproduces, "Linear"', async ({
    page
  }) => {
    await notebookOf(page, 'demo-same.ipynb', MEAN);
    await runAll(page, [0, 1, 2]);
    await restart(page);
    await runAll(page, [0, 1]);
    await expect(statusItem(page)).toHaveText('Linear');
  });

  test('a read under `if False:` is no undefined name', async ({ page }) => {
    await notebookOf(page, 'dead.ipynb', [
      'x = 1',
      'if False:\n    print(undefined_name)\nprint(x)'
    ]);
    await runAll(page, [0, 1]);
    await expect(statusItem(page)).toHaveText('Linear');
  });

  test("cfg['lr'] written after a cell read cfg['epochs']: still linear; after a read of cfg['lr']: stale", async ({
    page
  }) => {
    await notebookOf(page, 'elements.ipynb', [
      'cfg = {"lr": 0.01, "epochs": 3}',
      'cfg["lr"] = 0.1',
      'print(cfg["epochs"])'
    ]);
    await runAll(page, [0, 2, 1]);
    await expect(statusItem(page)).toHaveText('Linear');
    await setSource(page, 2, 'print(cfg["lr"])');
    await runAll(page, [2, 1]);
    await expect
      .poll(async () => (await markerKinds(page))[2])
      .toContain('stale');
    await expect(statusItem(page)).toHaveText(NOT_LINEAR);
  });

  test('a skipped cell nothing below reads stays a hint; one whose binding is read is a warning', async ({
    page
  }) => {
    await notebookOf(page, 'skipped.ipynb', [
      'x = 1',
      'extra = 2',
      'x = x * 10',
      'print(x)'
    ]);
    await runAll(page, [0, 3]);
    // Cell 3 (`x = x * 10`) is skipped and cell 4 read `x`: a warning.
    await expect(statusItem(page)).toHaveText(NOT_LINEAR);
    await runCell(page, 2);
    await runCell(page, 3);
    // Only cell 2 (`extra = 2`, read by nothing below) is still skipped: a hint.
    await expect(statusItem(page)).toHaveText('Linear');
  });

  test('a closure counter called again by a re-run is hidden state, although its binding kept its identity', async ({
    page
  }) => {
    await notebookOf(page, 'counter.ipynb', [
      'def make_counter():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n        return n\n    return inc',
      'counter = make_counter()',
      'print(counter())'
    ]);
    await runAll(page, [0, 1, 2]);
    await expect(statusItem(page)).toHaveText('Linear');
    await runCell(page, 2);
    await expect
      .poll(async () => (await markerKinds(page))[2])
      .toContain('hidden-state');
  });

  test('a random generator drawn from again by a re-run is hidden state', async ({
    page
  }) => {
    await notebookOf(page, 'rng.ipynb', [
      'import random\nrng = random.Random(0)',
      'print(rng.random())'
    ]);
    await runAll(page, [0, 1, 1]);
    await expect
      .poll(async () => (await markerKinds(page))[1])
      .toContain('hidden-state');
  });

  test('Run All stopped at an error: the cells it never reached are one finding', async ({
    page
  }) => {
    await notebookOf(page, 'stopped.ipynb', [
      'x = 1',
      'y = 1 / 0',
      'a = 1',
      'b = a + 1'
    ]);
    await command(page, 'notebook:run-all-cells');
    await waitForKernelIdle(page);
    await command(page, 'linearize:show-findings');
    await expect(
      panel(page).locator('.jp-Linearize-finding.jp-mod-errored')
    ).toHaveCount(1);
    await expect(
      panel(page).locator('.jp-Linearize-finding.jp-mod-unexecuted')
    ).toHaveCount(1);
  });
});
