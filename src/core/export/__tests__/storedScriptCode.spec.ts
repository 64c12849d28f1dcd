/**
 * The stored script code: the writes, the imports and the facts of the script's sources come
 * back from the store only for exactly those sources, and a plan made from them is the plan
 * made without a store. The store keeps structured clones (as the CLI's disk cache does).
 */
import { importedModules } from '../../companion/imports';
import { factsCache, getFacts } from '../../facts/factsCache';
import { resolveDataPaths } from '../../verdicts/pillars/resolveDataPaths';
import type { IFactsStore } from '../../verdicts/pillars/storedFacts';
import { exportNotebook } from '../exportNotebook';
import { scriptSource } from '../emitCell';
import { scriptCodeStore } from '../workflow/storedScriptCode';
import { snapshot } from './golden';
import { memoryStore } from '../../verdicts/pillars/__tests__/memoryStore';

const sources = [
  'import pandas as pd\nimport os.path\nOUT = P["outputs"]["out"]\nlr = 0.1',
  'df = pd.read_csv("data/x.csv")\ndf.to_csv("out/y.csv")\n%time df.describe()',
  'def f():\n    import numpy as np\n    return np.zeros(3)'
];

describe('stored script code', () => {
  beforeEach(() => factsCache.clear());

  it('computes once, then answers from the store with the facts the emitter took', () => {
    const s = memoryStore();
    const a = scriptCodeStore(s, []);
    expect(a.stored(sources)).toBe(false);
    const writes = a.writes(sources);
    const imports = a.imports(sources);
    expect(writes).toEqual(resolveDataPaths(sources).writes);
    expect(writes).toEqual(['out/y.csv']);
    expect(imports).toEqual(importedModules(sources));
    expect(imports).toEqual(['numpy', 'os', 'pandas']);
    const facts = sources.map(x => getFacts(scriptSource(x)));
    a.save();
    expect(s.entries.size).toBe(1);

    factsCache.clear();
    const b = scriptCodeStore(s, []);
    expect(b.stored(sources)).toBe(true);
    expect(b.stored(sources.slice(1))).toBe(false);
    expect(b.imports(sources)).toEqual(imports);
    expect(b.writes(sources)).toEqual(writes);
    // Served from the store: the emitter's facts are seeded, nothing is parsed.
    sources.forEach((x, i) =>
      expect(factsCache.peek(scriptSource(x))).toEqual(facts[i])
    );
    expect(factsCache.parses).toBe(0);
    b.save();
    expect(s.entries.size).toBe(1);
  });

  it("leaves out the facts of the notebook's own sources (its own entry holds them)", () => {
    const s = memoryStore();
    const a = scriptCodeStore(s, [sources[0]]);
    a.imports(sources);
    sources.forEach(x => getFacts(scriptSource(x)));
    a.save();
    factsCache.clear();
    scriptCodeStore(s, []).imports(sources);
    expect(factsCache.peek(sources[0])).toBeUndefined();
    expect(factsCache.peek(sources[2])).toBeDefined();
  });

  it('does not answer for other sources', () => {
    const s = memoryStore();
    const a = scriptCodeStore(s, []);
    a.writes(sources);
    a.imports(sources);
    a.save();
    const other = [sources[0], 'df.to_csv("elsewhere.csv")', sources[2]];
    const b = scriptCodeStore(s, []);
    expect(b.writes(other)).toEqual(['elsewhere.csv']);
    expect(b.imports(other.slice(1))).toEqual(['numpy']);
    expect(b.imports(sources.slice(0, 2))).toEqual(['os', 'pandas']);
  });

  it('stores what it computed later in the same export (imports first, then writes)', () => {
    const s = memoryStore();
    const a = scriptCodeStore(s, []);
    a.imports(sources);
    a.save();
    const b = scriptCodeStore(s, []);
    b.imports(sources);
    expect(b.writes(sources)).toEqual(['out/y.csv']);
    b.save();
    const planted: IFactsStore = {
      get: key => {
        const v = s.get(key) as { writes: string[] };
        return { ...v, writes: ['planted'] };
      },
      set: () => undefined
    };
    expect(scriptCodeStore(planted, []).writes(sources)).toEqual(['planted']);
    expect(scriptCodeStore(s, []).writes(sources)).toEqual(['out/y.csv']);
  });

  it('ignores a value of another shape under the key', () => {
    for (const bad of [
      null,
      { format: 'x' },
      { format: 'script-code-2', writes: [1], imports: null, facts: [] },
      { format: 'script-code-2', writes: null, imports: null, facts: [[1]] }
    ]) {
      const s: IFactsStore = { get: () => bad, set: () => undefined };
      expect(scriptCodeStore(s, []).writes(sources)).toEqual(['out/y.csv']);
    }
  });

  it('gives the plan made without a store, cold and warm, with parameters rewriting the code', () => {
    const nb = snapshot(
      [
        'import pandas as pd\nNAME = "y"\nlr = 0.1',
        'df = pd.read_csv("data/x.csv")\ndf.to_csv(f"out/{NAME}.csv")\n!ls',
        'import numpy as np\nnp.random.seed(3)'
      ].map(source => ({ source }))
    );
    const options = { notebook: 'n.ipynb', createdAt: 'T' };
    const plain = exportNotebook(nb, null, options);
    const s = memoryStore();
    for (let round = 0; round < 2; round++) {
      factsCache.clear();
      const code = scriptCodeStore(s, []);
      const plan = exportNotebook(nb, null, { ...options, scriptCode: code });
      code.save();
      expect(plan.files).toEqual(plain.files);
      expect(plan.manifest).toEqual(plain.manifest);
    }
    // The rewritten code reads NAME from the config: the file it writes is not known, the
    // notebook's own code writes out/y.csv.
    const outputs = (p: typeof plain): string[] =>
      p.manifest.outputs.map(o => o.path);
    expect(outputs(plain)).toEqual([]);
    expect(
      outputs(exportNotebook(nb, null, { ...options, noParams: true }))
    ).toEqual(['out/y.csv']);
  });
});
