/**
 * The persistent facts port: what a store gives back seeds the facts cache and replaces the
 * walk, only for exactly the cells it was saved for. The store here keeps structured clones
 * (as the CLI's disk cache does), so nothing is shared with the objects that were saved.
 */
import { factsCache, getFacts } from '../../../facts/factsCache';
import {
  loadStoredFacts,
  saveStoredFacts,
  scanNotebook,
  type IFactsStore,
  type IScanCell
} from '..';
import { memoryStore } from './memoryStore';

const cells: IScanCell[] = [
  {
    id: 'a',
    index: 0,
    source: 'import pandas as pd\ndf = pd.read_csv("data/x.csv")'
  },
  {
    id: 'b',
    index: 2,
    source: 'import numpy as np\nnp.random.rand(3)\n!wget http://e.org/f'
  }
];

describe('stored facts', () => {
  beforeEach(() => factsCache.clear());

  it('misses, then gives back the walk and seeds the facts it saved', () => {
    const s = memoryStore();
    expect(loadStoredFacts(s, cells)).toBeNull();
    const facts = cells.map(c => getFacts(c.source));
    const scan = scanNotebook(cells);
    saveStoredFacts(s, cells, scan);
    expect(s.keys()).toBe(1);
    factsCache.clear();
    const back = loadStoredFacts(s, cells);
    expect(back).toEqual(scan);
    expect(back?.reads.map(r => r.path)).toEqual(['data/x.csv']);
    cells.forEach((c, i) =>
      expect(factsCache.peek(c.source)).toEqual(facts[i])
    );
    // Served from the store: nothing was parsed.
    expect(factsCache.parses).toBe(0);
  });

  it('does not answer for other cells: another id, index or source', () => {
    const s = memoryStore();
    saveStoredFacts(s, cells, scanNotebook(cells));
    const other = (k: keyof IScanCell, v: string | number): IScanCell[] => [
      { ...cells[0], [k]: v },
      cells[1]
    ];
    expect(loadStoredFacts(s, other('id', 'z'))).toBeNull();
    expect(loadStoredFacts(s, other('index', 1))).toBeNull();
    expect(loadStoredFacts(s, other('source', 'x = 1'))).toBeNull();
    expect(loadStoredFacts(s, cells.slice(0, 1))).toBeNull();
    expect(loadStoredFacts(s, cells)).not.toBeNull();
  });

  it('ignores a value of another shape under the key', () => {
    const bad: IFactsStore = {
      get: () => ({ format: 'x' }),
      set: () => undefined
    };
    expect(loadStoredFacts(bad, cells)).toBeNull();
    const wrongLength: IFactsStore = {
      get: () => ({
        format: 'notebook-facts-1',
        facts: [null],
        scan: { reads: [], imports: [] }
      }),
      set: () => undefined
    };
    expect(loadStoredFacts(wrongLength, cells)).toBeNull();
  });
});
