/**
 * Every user-visible string of the export dialog goes through the translator: rendered with
 * a bundle that brackets each translated string, every text node, option and accessible name
 * must be one bracketed string (an English literal outside `trans.__`/`_n` fails this).
 */
import {
  nullTranslator,
  type TranslationBundle
} from '@jupyterlab/translation';
import { ExportDialogBody } from '../exportDialog';
import { labPlan, labPrepare } from '../exportSteps';
import { DEFAULT_SETTINGS } from '../settings';
import { snapshotOf } from '../snapshot';
import { runCell, sessionOn } from './utils';

const plain = nullTranslator.load('jupyterlab_linearize');

/** A bundle that marks what it translated: ⟦text⟧. */
const marking: TranslationBundle = {
  ...plain,
  __: (msgid: string, ...args: unknown[]) => `⟦${plain.__(msgid, ...args)}⟧`,
  _n: (one: string, many: string, n: number, ...args: unknown[]) =>
    `⟦${plain._n(one, many, n, ...args)}⟧`
};

/** Each visible text and accessible name of the node, trimmed, empty ones left out. */
function texts(node: HTMLElement): string[] {
  const out: string[] = [];
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t !== null; t = walker.nextNode()) {
    out.push((t.textContent ?? '').trim());
  }
  for (const el of Array.from(node.querySelectorAll('[aria-label]'))) {
    out.push(el.getAttribute('aria-label') ?? '');
  }
  return out.filter(s => s !== '');
}

async function dialogFor(
  sources: string[],
  run: (model: ReturnType<typeof sessionOn>) => void
): Promise<{ body: ExportDialogBody; differences: number }> {
  const nb = sessionOn(sources);
  run(nb);
  const prepared = await labPrepare(
    null,
    'work/analysis.ipynb',
    snapshotOf(nb.model),
    nb.session.record,
    null,
    null
  );
  const plan = labPlan(
    prepared,
    'work/analysis.ipynb',
    'notebook',
    undefined,
    DEFAULT_SETTINGS.exportNames,
    '0.0.0'
  );
  return {
    body: new ExportDialogBody(plan, prepared, false, marking),
    differences: plan.differences.length
  };
}

describe('export dialog translation', () => {
  it('translates every string of a linear export', async () => {
    const { body, differences } = await dialogFor(
      ['x = 1', 'print(x)'],
      ({ model, session }) => {
        runCell(model, session, 0, 1);
        runCell(model, session, 1, 2);
      }
    );
    expect(differences).toBe(0);
    const all = texts(body.node);
    expect(all.length).toBeGreaterThan(8);
    expect(all.filter(s => !/^⟦[^]*⟧$/.test(s))).toEqual([]);
    expect(all).toContain(
      '⟦Linear: the script reproduces what the notebook shows.⟧'
    );
  });

  it('translates the not-linear verdict, its findings and the plural', async () => {
    // Cell 2 ran twice: the outputs show x = 3, notebook order gives 2.
    const { body, differences } = await dialogFor(
      ['x = 1', 'x = x + 1', 'print(x)'],
      ({ model, session }) => {
        runCell(model, session, 0, 1);
        runCell(model, session, 1, 2);
        runCell(model, session, 1, 3);
        runCell(model, session, 2, 4);
      }
    );
    expect(differences).toBeGreaterThan(0);
    const all = texts(body.node);
    expect(all.filter(s => !/^⟦[^]*⟧$/.test(s))).toEqual([]);
    expect(
      all.some(s =>
        s.startsWith(
          `⟦Not linear: in notebook order, ${differences} finding${differences === 1 ? ' makes' : 's make'}`
        )
      )
    ).toBe(true);
    body.dispose();
  });
});
