/**
 * The stored parameter scan: what the store gives back is `findParams` of exactly the
 * notebook it was saved for. The store keeps structured clones (as the CLI's disk cache does).
 */
import type { IExportPlan } from '../../export/types';
import {
  planExport,
  type IPreparedExport
} from '../../export/workflow/exportWorkflow';
import type { IFactsStore } from '../../verdicts/pillars/storedFacts';
import type { INotebookSnapshot } from '../../types';
import { findParams } from '../findParams';
import { storedParams } from '../storedParams';
import { notebook, type CellSpec } from './helpers';
import { memoryStore } from '../../verdicts/pillars/__tests__/memoryStore';

const cells: CellSpec[] = [
  'md:# Training',
  { source: 'lr = 0.01\nepochs = 10', tags: ['parameters'] },
  'import pandas as pd\ndf = pd.read_csv("data/x.csv")\nmodel.fit(df, batch_size=32)',
  'md:## Output',
  'df.to_csv("out/y.csv")\nlr += 1\nzeta = 3'
];

describe('stored parameter scan', () => {
  it('stores the scan once and gives back the same result', () => {
    const s = memoryStore();
    const nb = notebook(cells);
    expect(storedParams(s, nb)).toEqual(findParams(nb));
    expect(s.keys()).toBe(1);
    const back = storedParams(s, nb);
    expect(back).toEqual(findParams(nb));
    expect(s.keys()).toBe(1);
    expect(back.candidates.length).toBeGreaterThan(3);
  });

  it('is served from the store: a stored value is returned as is', () => {
    const nb = notebook(cells);
    const planted = findParams(notebook(['x = 1']));
    let asked = '';
    const fake: IFactsStore = {
      get: key => {
        asked = key;
        return { format: 'params-scan-2', result: planted };
      },
      set: () => undefined
    };
    expect(storedParams(fake, nb)).toBe(planted);
    expect(asked).toContain('data/x.csv');
  });

  // Each change findParams sees must miss: a stale scan would give other keys or groups.
  const variants: [string, (c: CellSpec[]) => INotebookSnapshot][] = [
    ['a code source', c => notebook(c.map(x => (x === c[2] ? 'lr = 2' : x)))],
    [
      'a markdown heading (the group)',
      c => notebook(c.map(x => (x === 'md:## Output' ? 'md:## Saving' : x)))
    ],
    [
      'a tag (the parameters cell)',
      c =>
        notebook(c.map(x => (typeof x === 'string' ? x : { ...x, tags: [] })))
    ],
    [
      'a cell id',
      c => {
        const nb = notebook(c);
        return {
          ...nb,
          cells: nb.cells.map((x, i) => (i === 1 ? { ...x, id: 'z' } : x))
        };
      }
    ],
    [
      'a cell type',
      c =>
        notebook(
          c.map(x => (x === c[2] ? { source: c[2] as string, type: 'raw' } : x))
        )
    ],
    ['the language', c => notebook(c, 'r')]
  ];
  for (const [what, change] of variants) {
    it(`misses when ${what} changes`, () => {
      const s = memoryStore();
      storedParams(s, notebook(cells));
      const other = change(cells);
      const want = findParams(other);
      expect(want).not.toEqual(findParams(notebook(cells)));
      expect(storedParams(s, other)).toEqual(want);
    });
  }

  it('ignores a value of another shape under the key', () => {
    const nb = notebook(cells);
    for (const bad of [
      null,
      'x',
      { format: 'x' },
      { format: 'params-scan-2' }
    ]) {
      const s: IFactsStore = { get: () => bad, set: () => undefined };
      expect(storedParams(s, nb)).toEqual(findParams(nb));
    }
  });

  it('planExport with a store: the same files cold and warm, the scan read from the store', () => {
    const nb = notebook(cells);
    const s = memoryStore();
    const prepared: IPreparedExport = {
      input: { snapshot: nb, notebook: 'n.ipynb' },
      record: null,
      git: { info: null, summary: { id: 'not-read' }, note: null },
      data: [],
      env: null,
      probe: null,
      facts: s,
      manifestName: 'n.ipynb',
      notes: []
    };
    const plan = (): IExportPlan =>
      planExport(prepared, {
        order: 'notebook',
        createdAt: 'T',
        toolVersion: '0'
      });
    const cold = plan();
    const keys = s.keys();
    const warm = plan();
    expect(s.keys()).toBe(keys);
    expect(warm.files).toEqual(cold.files);
    // The warm plan takes its candidates from the store: plant another scan under the key.
    const key = [...s.entries.keys()].find(k => k.startsWith('params-scan-2'));
    expect(key).toBeDefined();
    s.set(key as string, {
      format: 'params-scan-2',
      result: findParams(notebook(['zeta = 4']))
    });
    const planted = plan().files.find(f => f.name === 'n.params.yaml');
    expect(planted?.text).toContain('"zeta": 4');
  });
});
