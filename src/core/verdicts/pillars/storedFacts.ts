/**
 * Per-source facts kept across runs: a notebook's code cells, analysed once, are served from
 * a persistent store the next time the same sources are checked (the CLI keeps it on disk;
 * the core only hands it plain, structured-clonable values). What is stored for a source is
 * exactly what the in-memory caches would compute (`getFacts`, `cellEvents`), so a warm run
 * reports what a cold one does.
 */

import { factsCache } from '../../facts/factsCache';
import type { ICellFacts } from '../../types';
import { peekCellEvents, putCellEvents, type ICellEvents } from './cellEvents';

/** A persistent key-value store; `get` answers anything else than what `set` stored when it does not hold the key. */
export interface IFactsStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** What is stored for one source: its facts and events, each null when not computed. */
type Stored = readonly [ICellFacts | null, ICellEvents | null];

/** Bumped when the stored shape changes. */
const FORMAT = 'facts-1';

function keyOf(sources: readonly string[]): string {
  // Lengths first: no two lists of sources join to the same key.
  return `${FORMAT}\u0000${sources.map(s => s.length).join(',')}\u0000${sources.join('\u0000')}`;
}

/**
 * Seeds the in-memory caches with what `store` holds for these sources (a notebook's code
 * cells, in order). Returns whether it held them.
 */
export function loadStoredFacts(
  store: IFactsStore,
  sources: readonly string[]
): boolean {
  if (sources.length === 0) {
    return true;
  }
  const value = store.get(keyOf(sources));
  if (!Array.isArray(value) || value.length !== sources.length) {
    return false;
  }
  const stored = value as readonly unknown[];
  if (!stored.every(isStored)) {
    return false;
  }
  (stored as readonly Stored[]).forEach(([facts, events], i) => {
    if (facts !== null) {
      factsCache.put(sources[i], facts);
    }
    if (events !== null) {
      putCellEvents(sources[i], events);
    }
  });
  return true;
}

/** Stores what the in-memory caches computed for these sources. */
export function saveStoredFacts(
  store: IFactsStore,
  sources: readonly string[]
): void {
  if (sources.length === 0) {
    return;
  }
  const value: Stored[] = sources.map(s => [
    factsCache.peek(s) ?? null,
    peekCellEvents(s) ?? null
  ]);
  store.set(keyOf(sources), value);
}

function isStored(x: unknown): boolean {
  return (
    Array.isArray(x) &&
    x.length === 2 &&
    (x[0] === null || typeof x[0] === 'object') &&
    (x[1] === null ||
      (typeof x[1] === 'object' && Array.isArray((x[1] as ICellEvents).events)))
  );
}
