/**
 * The parameter scan kept across runs, beside the stored facts (`storedFacts`): `findParams`
 * parses every code cell, and a warm export otherwise parses nothing else (the analysis and
 * the walk come from the store), so a notebook exported before gets its candidates back from
 * the store instead. `findParams` reads only the notebook's language and its cells' ids,
 * types, tags and sources (markdown headings name the groups): the cells are the key.
 */
import { isPython } from '../notebook/fromIpynb';
import type { INotebookSnapshot } from '../types';
import { readStored, type IFactsStore } from '../verdicts/pillars/storedFacts';
import { findParams } from './findParams';
import type { IParamsResult } from './types';

/** Changes when the stored shape or what `findParams` reads changes. */
const FORMAT = 'params-scan-2';

interface IStored {
  readonly format: typeof FORMAT;
  readonly result: IParamsResult;
}

function keyOf(nb: INotebookSnapshot): string {
  // JSON: no two notebooks join to the same key. Outputs and counts are not read; the
  // language only decides whether to scan (a Python notebook's scan does not depend on it).
  return `${FORMAT}\u0000${JSON.stringify(
    nb.cells.map(c => [c.id, c.type, c.tags, c.source])
  )}`;
}

function isResult(v: Partial<IStored>): boolean {
  return (
    typeof v.result === 'object' &&
    v.result !== null &&
    Array.isArray(v.result.candidates) &&
    Array.isArray(v.result.notes)
  );
}

/**
 * `findParams(nb)`, from `store` when it holds this notebook's scan, else computed and
 * stored. Only for Python notebooks (for others `findParams` parses nothing).
 */
export function storedParams(
  store: IFactsStore,
  nb: INotebookSnapshot
): IParamsResult {
  if (!isPython(nb)) {
    return findParams(nb);
  }
  const key = keyOf(nb);
  const value = readStored<IStored>(store, key, FORMAT, isResult);
  if (value !== undefined) {
    return value.result;
  }
  const result = findParams(nb);
  const stored: IStored = { format: FORMAT, result };
  store.set(key, stored);
  return result;
}
