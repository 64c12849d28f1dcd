import { expect, galata, test } from '@jupyterlab/galata';
import { command, markerKinds, notebookWith, runCell } from './utils';

// Controls for companion.spec.ts: with the companion off, static analysis alone cannot
// tell a zero-iteration loop or a re-import from a new value, and the panel says why.
test.use({
  kernels: null,
  mockSettings: {
    ...galata.DEFAULT_SETTINGS,
    'jupyterlab-linearize:plugin': { kernelCompanion: false }
  }
});

test('without the companion, a zero-iteration loop re-run looks like a new value', async ({
  page
}) => {
  await notebookWith(page, 'loop-off.ipynb', [
    'items = []\nlast = None',
    'for item in items:\n    last = item',
    'print(last)'
  ]);
  for (const i of [0, 1, 2, 1]) {
    await runCell(page, i);
  }
  await expect
    .poll(() => markerKinds(page))
    .toEqual(['', '', expect.stringContaining('stale')]);
  await command(page, 'linearize:show-findings');
  await expect(page.locator('#jp-Linearize-panel')).toContainText(
    'Kernel companion turned off'
  );
});
