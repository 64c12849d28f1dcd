import { importedModules } from '../../../companion/imports';
import type { IFactsStore } from '../../../verdicts/pillars/storedFacts';
import { storedDataReads, storedImports } from '../storedCodeLists';

/** A store in memory that counts its writes. */
function memoryStore(): IFactsStore & {
  readonly map: Map<string, unknown>;
  sets: number;
} {
  const map = new Map<string, unknown>();
  return {
    map,
    sets: 0,
    get: key => map.get(key),
    set(key, value) {
      this.sets++;
      map.set(key, value);
    }
  };
}

const SOURCES = [
  'import numpy as np\nfrom sklearn.model_selection import train_test_split',
  'import pandas as pd\ndf = pd.read_csv("data/train.csv")',
  'base = "data"\nextra = pd.read_csv(f"{base}/extra.csv")\n%matplotlib inline'
];

describe('the code lists an export takes before planning', () => {
  it('are computed once, then read from the store', () => {
    const store = memoryStore();
    const imports = storedImports(store, SOURCES);
    expect(imports).toEqual(importedModules(SOURCES));
    expect(imports).toEqual(['numpy', 'pandas', 'sklearn']);
    const reads = storedDataReads(store, SOURCES);
    expect(reads).toEqual(['data/extra.csv', 'data/train.csv']);
    expect(store.sets).toBe(2);

    // What is stored is what is answered: an entry changed in the store is returned as is.
    for (const [key, value] of store.map) {
      const v = value as { list: string[] };
      store.map.set(key, { ...v, list: [...v.list, 'from-the-store'] });
    }
    expect(storedImports(store, SOURCES)).toContain('from-the-store');
    expect(storedDataReads(store, SOURCES)).toContain('from-the-store');
    expect(store.sets).toBe(2);
  });

  it('are keyed by every source: another cell is another entry', () => {
    const store = memoryStore();
    storedImports(store, SOURCES);
    expect(storedImports(store, [...SOURCES, 'import torch'])).toContain(
      'torch'
    );
    expect(storedImports(store, SOURCES.slice(1))).toEqual(['pandas']);
    expect(store.sets).toBe(3);
  });

  it('recompute an entry of another shape, and work without a store', () => {
    const store = memoryStore();
    storedImports(store, SOURCES);
    const [key] = store.map.keys();
    store.map.set(key, { format: 'code-lists-2', list: [1, 2] });
    expect(storedImports(store, SOURCES)).toEqual(importedModules(SOURCES));
    store.map.set(key, 'garbage');
    expect(storedImports(store, SOURCES)).toEqual(importedModules(SOURCES));
    expect(storedImports(null, SOURCES)).toEqual(importedModules(SOURCES));
    expect(storedDataReads(null, SOURCES)).toEqual([
      'data/extra.csv',
      'data/train.csv'
    ]);
  });
});
