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

/** What is stored for a notebook's code cells. */
interface IStored {
  readonly format: typeof FORMAT;
  /** Per cell, its source's facts; null when the analysis did not compute them. */
  readonly facts: readonly (ICellFacts | null)[];
  readonly scan: INotebookScan;
}

/** Changes when the stored shape changes. */
const FORMAT = 'notebook-facts-1';

function keyOf(cells: readonly IScanCell[]): string {
  // Lengths first: no two lists of cells join to the same key.
  const head = cells
    .map(c => `${c.index}:${c.id.length}:${c.source.length}`)
    .join(',');
  return `${FORMAT}\u0000${head}\u0000${cells.map(c => c.id + c.source).join('')}`;
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
  const value = store.get(keyOf(cells));
  if (!isStored(value, cells.length)) {
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

function isStored(x: unknown, cells: number): x is IStored {
  if (typeof x !== 'object' || x === null) {
    return false;
  }
  const v = x as Partial<IStored>;
  return (
    v.format === FORMAT &&
    Array.isArray(v.facts) &&
    v.facts.length === cells &&
    v.facts.every(f => typeof f === 'object') &&
    typeof v.scan === 'object' &&
    v.scan !== null &&
    Array.isArray(v.scan.reads) &&
    Array.isArray(v.scan.imports)
  );
}
