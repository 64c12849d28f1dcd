/**
 * Stored export plans: a plan comes back from the store only for the same notebook content
 * (the caller's identity) and the same other inputs, is then the plan a fresh export makes
 * at the new time, and a stored plan parses no cell. The store keeps structured clones, as
 * the CLI's disk cache does.
 */
import { factsCache } from '../../facts/factsCache';
import { RUNTIME_PY } from '../../params/python/runtime_py';
import {
  memoryStore,
  type IMemoryStore
} from '../../verdicts/pillars/__tests__/memoryStore';
import type { IFactsStore } from '../../verdicts/pillars/storedFacts';
import { manifestYaml } from '../manifest';
import {
  planExport,
  prepareExport,
  type IExportChoices,
  type IExportPorts
} from '../workflow/exportWorkflow';
import { planKey, withCreatedAt } from '../workflow/storedPlan';
import { snapshot } from './golden';

const nb = snapshot([
  { source: 'import pandas as pd\nlr = 0.1\nseed = 7', count: 1 },
  { source: 'df = pd.read_csv("data/x.csv")\n%time df.describe()', count: 2 },
  { source: 'print(lr * 2)\n_', count: 3 }
]);
const identity = JSON.stringify(nb);

const choices = (over: Partial<IExportChoices> = {}): IExportChoices => ({
  order: 'notebook',
  createdAt: '2026-01-01T00:00:00.000Z',
  toolVersion: '1.2.3',
  ...over
});

const ports = (facts: IFactsStore | null): IExportPorts => ({
  git: null,
  data: null,
  facts
});

/** No identity for the notebook. */
const NONE = null;

async function plan(
  store: IFactsStore | null,
  over: Partial<IExportChoices> = {},
  id: string | null = identity
) {
  const prepared = await prepareExport(
    { notebook: 'demo.ipynb', snapshot: nb, identity: id ?? undefined },
    ports(store)
  );
  return planExport(prepared, choices(over));
}

/** How many plans `s` holds. */
const plans = (s: IMemoryStore): number =>
  [...s.entries.keys()].filter(k => k.startsWith('export-plan-3\u0000')).length;

describe('stored export plans', () => {
  beforeEach(() => factsCache.clear());

  it('serves an unchanged notebook from the store: the fresh plan at the new time, no cell parsed', async () => {
    const s = memoryStore();
    await plan(s);
    const later = { createdAt: '2026-02-02T00:00:00.000Z' };
    factsCache.clear();
    const kept = await plan(s, later);
    expect(factsCache.parses).toBe(0);
    factsCache.clear();
    const fresh = await plan(null, later);
    expect(factsCache.parses).toBeGreaterThan(0);
    expect(kept.files).toEqual(fresh.files);
    expect(kept.manifest).toEqual(fresh.manifest);
    expect(kept.manifest.created_at).toBe('2026-02-02T00:00:00.000Z');
    expect(JSON.parse(JSON.stringify(kept.verdict))).toEqual(
      JSON.parse(JSON.stringify(fresh.verdict))
    );
    expect(kept.warnings).toEqual(fresh.warnings);
    expect(kept.pillars).toEqual(fresh.pillars);
    expect(kept.requirements).toEqual(fresh.requirements);
    // It is the stored plan that answers: a marked entry comes back marked.
    const [key] = [...s.entries.keys()].filter(k =>
      k.startsWith('export-plan-3\u0000')
    );
    const entry = s.get(key) as {
      plan: { files: { name: string; text: string | null }[] };
    };
    // The runtime module, the same in every plan, is stored as null and put back.
    const runtime = (f: { name: string }): boolean =>
      f.name === '_linearize_runtime.py';
    expect(entry.plan.files.find(runtime)?.text).toBeNull();
    expect(kept.files.find(runtime)?.text).toBe(RUNTIME_PY);
    entry.plan.files[0].text = 'marked';
    s.set(key, entry);
    expect((await plan(s)).files[0].text).toBe('marked');
  });

  it('plans afresh when the content or any other input changed', async () => {
    const s = memoryStore();
    await plan(s);
    expect(plans(s)).toBe(1);
    const cases: [Partial<IExportChoices>, string][] = [
      [{ noParams: true }, identity],
      [{ order: 'slice', cell: 'c3' }, identity],
      [{ names: { script: 'other.py' } }, identity],
      [{ toolVersion: '1.2.4' }, identity],
      [{ ipython: true }, identity],
      [{ workdir: '..' }, identity],
      [{}, identity + ' ']
    ];
    for (const [over, id] of cases) {
      await plan(s, over, id);
    }
    // None was served the first plan: each stored its own.
    expect(plans(s)).toBe(1 + cases.length);
    // And each is served again, storing nothing more.
    for (const [over, id] of cases) {
      await plan(s, { ...over, createdAt: 'later' }, id);
    }
    expect(plans(s)).toBe(1 + cases.length);
  });

  it('stores nothing without an identity for the notebook', async () => {
    const s = memoryStore();
    await plan(s, {}, NONE);
    await plan(s, {}, NONE);
    expect(plans(s)).toBe(0);
    const prepared = await prepareExport(
      { notebook: 'demo.ipynb', snapshot: nb },
      ports(s)
    );
    expect(planKey(prepared, choices())).toBeNull();
  });

  it('keys only plain data: an input JSON would flatten gives no key', async () => {
    const prepared = await prepareExport(
      { notebook: 'demo.ipynb', snapshot: nb, identity },
      ports(memoryStore())
    );
    expect(planKey(prepared, choices())).not.toBeNull();
    const odd = {
      ...prepared,
      probe: { python: '3.11.4', seen: new Map([['numpy', '1.0']]) }
    } as unknown as typeof prepared;
    expect(planKey(odd, choices())).toBeNull();
    // The time is not part of the key.
    expect(planKey(prepared, choices({ createdAt: 'T' }))).toBe(
      planKey(prepared, choices())
    );
  });

  it('re-times only the manifest', async () => {
    const p = await plan(null);
    const q = withCreatedAt(p, '2030-01-01T00:00:00.000Z');
    const changed = q.files.filter((f, i) => f.text !== p.files[i].text);
    expect(changed.map(f => f.name)).toEqual([p.names.manifest]);
    expect(changed[0].text).toBe(manifestYaml(q.manifest));
    expect(changed[0].text).toContain('2030-01-01T00:00:00.000Z');
    expect(withCreatedAt(p, p.manifest.created_at)).toBe(p);
  });
});
