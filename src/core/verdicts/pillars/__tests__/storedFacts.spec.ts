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
import { readStored } from '../storedFacts';
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

describe('readStored', () => {
  interface IEntry {
    readonly format: 'entry-1';
    readonly items: readonly number[];
  }
  const read = (
    held: unknown,
    check: (v: Partial<IEntry>) => boolean
  ): IEntry | undefined => {
    const store: IFactsStore = {
      get: key => (key === 'k' ? held : undefined),
      set: () => undefined
    };
    return readStored<IEntry>(store, 'k', 'entry-1', check);
  };
  const hasItems = (v: Partial<IEntry>): boolean => Array.isArray(v.items);

  it('gives back the stored object itself when its tag and shape are right', () => {
    const entry: IEntry = { format: 'entry-1', items: [1] };
    const check = jest.fn(hasItems);
    expect(read(entry, check)).toBe(entry);
    expect(check).toHaveBeenCalledWith(entry);
  });

  it('misses on a non-object, without asking the check', () => {
    for (const held of [undefined, null, 'entry-1', 1, true]) {
      const check = jest.fn((_v: Partial<IEntry>) => true);
      expect(read(held, check)).toBeUndefined();
      expect(check).not.toHaveBeenCalled();
    }
  });

  it('misses on a wrong or missing format tag, without asking the check', () => {
    for (const held of [
      { format: 'entry-0', items: [] },
      { format: 'ENTRY-1', items: [] },
      { items: [] },
      [],
      ['entry-1']
    ]) {
      const check = jest.fn((_v: Partial<IEntry>) => true);
      expect(read(held, check)).toBeUndefined();
      expect(check).not.toHaveBeenCalled();
    }
  });

  it('misses when the check rejects the fields (missing or malformed)', () => {
    for (const held of [
      { format: 'entry-1' },
      { format: 'entry-1', items: null },
      { format: 'entry-1', items: 'x' }
    ]) {
      expect(read(held, jest.fn(hasItems))).toBeUndefined();
    }
  });

  it('reads only the key it is given', () => {
    const store: IFactsStore = {
      get: key => (key === 'k' ? { format: 'entry-1', items: [] } : undefined),
      set: () => undefined
    };
    expect(readStored<IEntry>(store, 'other', 'entry-1', hasItems)).toBe(
      undefined
    );
  });
});
