/**
 * Two lists an export takes from a notebook's code cells before it plans: the modules they
 * import (what the target interpreter is asked about, which keys the stored plan) and the
 * data files they read (what is hashed for the manifest). Both are functions of the sources
 * alone and each costs a parse of every cell, so a warm export, whose plan is stored, would
 * otherwise still parse the whole notebook twice: they are kept in the facts store, keyed by
 * the sources, like `storedScriptCode`'s lists of the script's code.
 */
import { dataReads } from '../../companion/dataReads';
import { importedModules } from '../../companion/imports';
import { resolveDataPaths } from '../../verdicts/pillars/resolveDataPaths';
import {
  readStored,
  type IFactsStore
} from '../../verdicts/pillars/storedFacts';

/** Changes when the stored shape, or what a list holds, changes. */
const FORMAT = 'code-lists-2';

interface IStored {
  readonly format: typeof FORMAT;
  readonly list: readonly string[];
}

type Kind = 'imports' | 'data-reads';

const isList = (v: Partial<IStored>): boolean =>
  Array.isArray(v.list) && v.list.every(s => typeof s === 'string');

function stored(
  store: IFactsStore | null,
  kind: Kind,
  sources: readonly string[],
  compute: (sources: readonly string[]) => string[]
): string[] {
  if (store === null) {
    return compute(sources);
  }
  const key = `${FORMAT}\u0000${kind}\u0000${JSON.stringify(sources)}`;
  const kept = readStored<IStored>(store, key, FORMAT, isList);
  if (kept !== undefined) {
    return [...kept.list];
  }
  const list = compute(sources);
  store.set(key, { format: FORMAT, list } satisfies IStored);
  return list;
}

/** `importedModules(sources)`: the units to install, sorted; from `store` when it holds them. */
export function storedImports(
  store: IFactsStore | null,
  sources: readonly string[]
): string[] {
  return stored(store, 'imports', sources, importedModules);
}

/**
 * The data files to fingerprint, sorted: literal paths (`dataReads`) and paths read through
 * names bound above, joins, f-strings and a literal `%cd` (issue 12, `resolveDataPaths`);
 * from `store` when it holds them.
 */
export function storedDataReads(
  store: IFactsStore | null,
  sources: readonly string[]
): string[] {
  return stored(store, 'data-reads', sources, dataPathsOf);
}

function dataPathsOf(sources: readonly string[]): string[] {
  const all = new Set(dataReads(sources));
  for (const p of resolveDataPaths(sources).paths) {
    all.add(p);
  }
  return [...all].sort();
}
