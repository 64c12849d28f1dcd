/**
 * The findings panel with hundreds of cards, in a real JupyterLab: only the cards in view
 * are in the DOM, scrolling to the end renders the last card, whose "Go to cell" works, and
 * the keyboard (End, then Tab and Enter) reaches it too.
 */
import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { command } from './utils';

test.use({ kernels: null });

const N = 300;

/** A notebook of N cells that each read a name nothing binds: N cards, nothing to run. */
async function openMany(page: any, tmpPath: string): Promise<void> {
  const local = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'linearize-windowed-')),
    'many.ipynb'
  );
  fs.writeFileSync(
    local,
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: {
          name: 'python3',
          display_name: 'Python 3',
          language: 'python'
        }
      },
      cells: Array.from({ length: N }, (_, i) => ({
        cell_type: 'code',
        id: `p${i}`,
        metadata: {},
        source: `z${i} = u${i}`,
        execution_count: null,
        outputs: []
      }))
    })
  );
  await page.contents.uploadFile(local, `${tmpPath}/many.ipynb`);
  await page.filebrowser.open(`${tmpPath}/many.ipynb`);
  await expect(page.locator('.jp-Notebook .jp-Cell').first()).toBeVisible({
    timeout: 60000
  });
}

function activeCellIndex(page: any): Promise<number> {
  return page.evaluate(
    () => (window as any).jupyterapp.shell.currentWidget.content.activeCellIndex
  );
}

test('hundreds of findings: windowed, the last card reached by scrolling and by keyboard', async ({
  page,
  tmpPath
}) => {
  await openMany(page, tmpPath);
  await command(page, 'linearize:show-findings');
  const panel = page.locator('#jp-Linearize-panel');
  const cards = panel.locator('.jp-Linearize-finding');
  await expect(cards.first()).toBeVisible();
  await expect(panel.locator('.jp-Linearize-summary')).toContainText(
    `${N} issues`
  );
  // Only a screenful (plus overscan) of the N cards is in the DOM.
  expect(await cards.count()).toBeLessThan(40);
  const first = cards.first();
  await expect(first).toHaveAttribute('aria-posinset', '1');
  await expect(first).toHaveAttribute('aria-setsize', String(N));
  await expect(panel.locator('ul.jp-Linearize-findings')).toHaveAttribute(
    'role',
    'list'
  );

  // Scroll to the end: the last card renders and its "Go to cell" works.
  const scroller = panel.locator('.jp-SidePanel-content');
  const last = panel.locator(`.jp-Linearize-finding[data-cell-id="p${N - 1}"]`);
  await expect(async () => {
    await scroller.evaluate(el => {
      el.scrollTop = el.scrollHeight;
    });
    await expect(last).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15000 });
  await expect(last).toHaveAttribute('aria-posinset', String(N));
  expect(await cards.count()).toBeLessThan(40);
  await expect(
    panel.locator(`.jp-Linearize-finding[data-cell-id="p0"]`)
  ).toHaveCount(0);
  await last.locator('.jp-Linearize-goto').click();
  await expect.poll(() => activeCellIndex(page)).toBe(N - 1);

  // Back to the top, then the keyboard alone: End focuses the last card, Tab its button.
  await page.notebook.selectCells(0);
  await expect.poll(() => activeCellIndex(page)).toBe(0);
  await scroller.evaluate(el => {
    el.scrollTop = 0;
  });
  const top = panel.locator(`.jp-Linearize-finding[data-cell-id="p0"]`);
  await expect(top).toBeVisible();
  await top.locator('.jp-Linearize-message').click();
  await expect(top).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(
    panel.locator(`.jp-Linearize-finding[data-cell-id="p1"]`)
  ).toBeFocused();
  await page.keyboard.press('End');
  await expect(last).toBeFocused();
  await expect(last).toBeInViewport();
  await page.keyboard.press('Tab');
  await expect(last.locator('.jp-Linearize-goto')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(() => activeCellIndex(page)).toBe(N - 1);
});
