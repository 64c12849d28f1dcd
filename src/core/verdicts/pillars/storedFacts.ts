/**
 * Facts kept across runs: a notebook's code cells, analysed once, are served from a
 * persistent store the next time the same cells are checked (the CLI keeps it on disk; the
 * core only hands it plain, structured-clonable values). An entry holds what the in-memory
 * caches computed for each source (`getFacts`) and the notebook's top-down walk
 * (`scanNotebook`, a function of the cells alone), so a warm run reports what a cold one does
 * without parsing a cell.
 */

import { factsCache } from '../../facts/factsCache';
import type { ICellFacts } from '../../types';
import type { INotebookScan, IScanCell } from './scanNotebook';

/** A persistent key-value store; `get` answers something `set` never stores when it lacks the key. */
export interface IFactsStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/**
 * What `store` holds under `key` when it is an object tagged with `format` that `check`
 * accepts (given it typed as a partial `T`: its fields are still unchecked); undefined
 * otherwise: nothing, a value of another format (an older shape) or a malformed one. Every
 * stored entry is read through this.
 */
export function readStored<T extends { readonly format: string }>(
  store: IFactsStore,
  key: string,
  format: T['format'],
  check: (v: Partial<T>) => boolean
): T | undefined {
  const x = store.get(key);
  if (typeof x !== 'object' || x === null) {
    return undefined;
  }
  const v = x as Partial<T>;
  return v.format === format && check(v) ? (v as T) : undefined;
}

/** What is stored for a notebook's code cells. */
interface IStored {
  readonly format: typeof FORMAT;
  /** Per cell, its source's facts; null when the analysis did not compute them. */
  readonly facts: readonly (ICellFacts | null)[];
  readonly scan: INotebookScan;
}

/** Changes when the stored shape changes. */
const FORMAT = 'notebook-facts-4';

/** The last cells keyed and their key: `check` loads, then saves, the same (unchanged) list. */
let lastCells: readonly IScanCell[] | null = null;
let lastKey = '';

function keyOf(cells: readonly IScanCell[]): string {
  if (cells === lastCells) {
    return lastKey;
  }
  // Lengths first: no two lists of cells join to the same key.
  const head = cells
    .map(c => `${c.index}:${c.id.length}:${c.source.length}`)
    .join(',');
  lastKey = `${FORMAT}\u0000${head}\u0000${cells.map(c => c.id + c.source).join('')}`;
  lastCells = cells;
  return lastKey;
}

/**
 * Seeds the facts cache with what `store` holds for these cells (a notebook's code cells, in
 * order) and returns their stored walk; null when the store does not hold them.
 */
export function loadStoredFacts(
  store: IFactsStore,
  cells: readonly IScanCell[]
): INotebookScan | null {
  if (cells.length === 0) {
    return null;
  }
  const value = readStored<IStored>(store, keyOf(cells), FORMAT, v =>
    isEntry(v, cells.length)
  );
  if (value === undefined) {
    return null;
  }
  value.facts.forEach((facts, i) => {
    if (facts !== null) {
      factsCache.put(cells[i].source, facts);
    }
  });
  return value.scan;
}

/** Stores what the facts cache computed for these cells, and their walk. */
export function saveStoredFacts(
  store: IFactsStore,
  cells: readonly IScanCell[],
  scan: INotebookScan
): void {
  if (cells.length === 0) {
    return;
  }
  const value: IStored = {
    format: FORMAT,
    facts: cells.map(c => factsCache.peek(c.source) ?? null),
    scan
  };
  store.set(keyOf(cells), value);
}

/** Whether a stored entry has the shape of one for `cells` cells. */
function isEntry(v: Partial<IStored>, cells: number): boolean {
  return (
    Array.isArray(v.facts) &&
    v.facts.length === cells &&
    v.facts.every(f => typeof f === 'object') &&
    typeof v.scan === 'object' &&
    v.scan !== null &&
    Array.isArray(v.scan.reads) &&
    Array.isArray(v.scan.imports) &&
    Array.isArray(v.scan.removed) &&
    Array.isArray(v.scan.folders) &&
    Array.isArray(v.scan.runs)
  );
}
