/**
 * What one execution (or one cell, for the top-down walk) reads and writes, at the name
 * level: the static facts of its source, with calls of functions defined elsewhere applied,
 * corrected by the kernel companion's re-binding facts when the run has them.
 */
import { applyCalls } from '../facts/applyCalls';
import type { ICellFacts, IFunctionFacts, IRebinding } from '../types';

/** How a write changes a name: a definite or maybe (re)binding, an in-place change, a `del`. */
export type WriteKind = 'bind' | 'maybe' | 'mutate' | 'delete';

/** Name-level effects of running one source. */
export interface IEffects {
  /** Names whose value the run consumes: free reads and the receivers of in-place changes. */
  readonly reads: readonly string[];
  /** Names the run changes, with how. */
  readonly writes: ReadonlyMap<string, WriteKind>;
  /** The run may bind anything (`%run`, `%load`): its writes are not known. */
  readonly opaque: boolean;
}

/** Finds the facts of a function by name, as bound where the call happens. */
export type FunctionLookup = (name: string) => IFunctionFacts | undefined;

/** A cell with no effect (blank, not Python, or no source). */
export const NO_EFFECTS: IEffects = {
  reads: [],
  writes: new Map(),
  opaque: false
};

/**
 * Effects of `facts` with calls applied (`applyCalls`; `modules` are the names bound by
 * imports so far, whose method calls are not mutations). Without `rebound`, every static binding counts as
 * a write (a re-import looks like a new value; a loop that ran zero times still "binds").
 * With `rebound`, bindings are exactly what the kernel saw change: an identical
 * re-binding or a binding that did not happen is no write. In-place mutations are
 * invisible to an `id()` diff, so they always come from the static facts.
 */
export function effectsOf(
  facts: ICellFacts,
  lookup: FunctionLookup,
  rebound?: IRebinding,
  modules?: ReadonlySet<string>
): IEffects {
  const applied = applyCalls(facts, lookup, modules);
  // A mutated name that the cell did not bind first is also in `reads` (it was loaded).
  const reads = applied.reads;
  const writes = new Map<string, WriteKind>();
  for (const n of applied.mutations) {
    writes.set(n, 'mutate');
  }
  if (rebound === undefined) {
    for (const n of applied.maybeDefs) {
      writes.set(n, 'maybe');
    }
    for (const n of applied.defs) {
      writes.set(n, 'bind');
    }
    for (const n of applied.deletes) {
      writes.set(n, 'delete');
    }
  } else {
    for (const n of rebound.added) {
      writes.set(n, 'bind');
    }
    for (const n of rebound.changed) {
      writes.set(n, 'bind');
    }
    for (const n of rebound.deleted) {
      writes.set(n, 'delete');
    }
  }
  return { reads, writes, opaque: facts.opaque };
}
