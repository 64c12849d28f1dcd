/**
 * Every user-visible string of the export dialog goes through the translator: rendered with
 * a bundle that brackets each translated string, every text node, option and accessible name
 * must be one bracketed string (an English literal outside `trans.__`/`_n` fails this).
 */
import {
  nullTranslator,
  type TranslationBundle
} from '@jupyterlab/translation';
import { exportedToast } from '../exportCommand';
import { ExportDialogBody } from '../exportDialog';
import { contentsWriter, labPlan, labPrepare } from '../exportSteps';
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
): Promise<{
  body: ExportDialogBody;
  differences: number;
  plan: ReturnType<typeof labPlan>;
}> {
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
    differences: plan.differences.length,
    plan
  };
}

/** Two cells run top to bottom: the export reproduces the notebook. */
const linearExport = () =>
  dialogFor(['x = 1', 'print(x)'], ({ model, session }) => {
    runCell(model, session, 0, 1);
    runCell(model, session, 1, 2);
  });

/** Cell 2 ran twice: the outputs show x = 3, notebook order gives 2. */
const rerunExport = () =>
  dialogFor(['x = 1', 'x = x + 1', 'print(x)'], ({ model, session }) => {
    runCell(model, session, 0, 1);
    runCell(model, session, 1, 2);
    runCell(model, session, 1, 3);
    runCell(model, session, 2, 4);
  });

describe('export dialog translation', () => {
  it('translates every string of a linear export', async () => {
    const { body, differences } = await linearExport();
    expect(differences).toBe(0);
    const all = texts(body.node);
    expect(all.length).toBeGreaterThan(8);
    expect(all.filter(s => !/^⟦[^]*⟧$/.test(s))).toEqual([]);
    expect(all).toContain(
      '⟦Linear: the script reproduces what the notebook shows.⟧'
    );
  });

  it('translates the not-linear verdict, its findings and the plural', async () => {
    const { body, differences } = await rerunExport();
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

describe('export dialog choices', () => {
  /** The checkbox whose label reads `text`. */
  const box = (node: HTMLElement, text: string): HTMLInputElement => {
    const label = Array.from(node.querySelectorAll('label')).find(l =>
      (l.textContent ?? '').includes(text)
    );
    const input = label?.querySelector('input[type="checkbox"]');
    if (!(input instanceof HTMLInputElement)) {
      throw new Error(`no checkbox "${text}"`);
    }
    return input;
  };
  const click = (input: HTMLInputElement) => {
    input.checked = !input.checked;
    input.dispatchEvent(new Event('change'));
  };

  it('lets "Include the notebook" be ticked only while "Commit" is', async () => {
    const nb = sessionOn(['x = 1']);
    runCell(nb.model, nb.session, 0, 1);
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
    // A repository was found (what the git step fills in).
    const inRepo = {
      ...prepared,
      git: { ...prepared.git, info: {} as never }
    };
    const body = new ExportDialogBody(plan, inRepo, true, plain);
    const commit = box(body.node, 'Commit the exported files');
    const notebook = box(body.node, 'Include the notebook in the commit');
    expect([commit.disabled, commit.checked]).toEqual([false, false]);
    expect(notebook.disabled).toBe(true);
    click(commit);
    expect(notebook.disabled).toBe(false);
    click(notebook);
    expect(body.choice()).toMatchObject({
      commit: true,
      includeNotebook: true
    });
    click(commit);
    expect([notebook.disabled, notebook.checked]).toEqual([true, false]);
    expect(body.choice()).toMatchObject({
      commit: false,
      includeNotebook: false
    });
    // Outside a repository there is nothing to commit.
    const none = new ExportDialogBody(plan, prepared, true, plain);
    expect(box(none.node, 'Commit the exported files').disabled).toBe(true);
  });
});

describe('export probing of the output files', () => {
  it('lists the folder once per probe instead of requesting absent files (no 404)', async () => {
    const asked: string[] = [];
    const contents = {
      get: async (path: string) => {
        asked.push(path);
        if (path !== 'work') {
          throw new Error(`404: ${path}`);
        }
        return {
          content: [{ name: 'analysis.ipynb' }, { name: 'analysis.py' }]
        };
      }
    } as unknown as Parameters<typeof contentsWriter>[0];
    const writer = contentsWriter(contents, 'work');
    expect(await writer.exists('analysis.py')).toBe(true);
    expect(await writer.exists('analysis.params.yaml')).toBe(false);
    expect(asked).toEqual(['work', 'work']);
  });
});

describe('the toast after an export is written', () => {
  it('is green and says linear only when the script reproduces the notebook', async () => {
    const { body, plan } = await linearExport();
    body.dispose();
    const toast = exportedToast(plan, marking);
    expect(toast.type).toBe('success');
    expect(toast.message).toBe(
      `⟦Exported analysis.py and ${plan.files.length - 1} more files (⟦linear⟧).⟧`
    );
    expect(toast.message.length).toBeLessThanOrEqual(140);
  });

  it('is a warning naming how many findings make the script differ', async () => {
    const { body, plan, differences } = await rerunExport();
    body.dispose();
    expect(differences).toBeGreaterThan(0);
    const toast = exportedToast(plan, marking);
    expect(toast.type).toBe('warning');
    expect(toast.message).toContain(
      `(⟦${differences} finding${differences === 1 ? ' makes' : 's make'} it differ⟧)`
    );
    expect(toast.message).not.toContain('linear');
    expect(
      exportedToast({ ...plan, files: plan.files.slice(0, 1) }, plain)
    ).toEqual({
      message: `Exported ${plan.files[0].name} (${differences} finding${differences === 1 ? ' makes' : 's make'} it differ).`,
      type: 'warning'
    });
  });
});
