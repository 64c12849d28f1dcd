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
  /** Of `reads`, those only a called function reads, in a branch that may not run. */
  readonly maybeReads?: readonly string[];
  /** Names the run changes, with how. */
  readonly writes: ReadonlyMap<string, WriteKind>;
  /** The run may bind anything (`%run`, `%load`): its writes are not known. */
  readonly opaque: boolean;
  /** Names read only as literal-keyed elements (`cfg['epochs']`), with the keys. */
  readonly readKeys?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Names mutated only through literal-keyed elements (`cfg['lr'] = …`), with the keys. */
  readonly writeKeys?: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * True when `writer` changed `name` only in elements that `reader` did not read
 * (`cfg['lr'] = …` after a read of `cfg['epochs']`): the read value is unchanged.
 */
export function disjointElements(
  reader: IEffects,
  writer: IEffects,
  name: string
): boolean {
  const w = writer.writeKeys?.get(name);
  const r = reader.readKeys?.get(name);
  if (w === undefined || r === undefined) {
    return false;
  }
  for (const k of w) {
    if (r.has(k)) {
      return false;
    }
  }
  return writer.writes.get(name) === 'mutate';
}

/** True when a value bound to `name` keeps state that calls advance (an iterator, a closure with `nonlocal`). */
export type StatefulLookup = (name: string) => boolean;

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
  modules?: ReadonlySet<string>,
  stateful?: StatefulLookup
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
      // `del m` then `m = load()`: bound again by the end of the cell, not deleted.
      const w = writes.get(n);
      if (w !== 'bind' && w !== 'maybe') {
        writes.set(n, 'delete');
      }
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
  if (stateful !== undefined) {
    // Calling a closure or callable object, or iterating an iterator, changes its state
    // while the binding keeps its identity: a mutation, whatever the kernel's id() diff says.
    for (const site of facts.calls) {
      const c = site.callee;
      if (stateful(c) && !writes.has(c) && !isFunction(facts, c, lookup)) {
        writes.set(c, 'mutate');
      }
    }
    for (const n of facts.consumes ?? []) {
      if (stateful(n) && !writes.has(n)) {
        writes.set(n, 'mutate');
      }
    }
  }
  const effects: IEffects =
    applied.maybeReads === undefined
      ? { reads, writes, opaque: facts.opaque }
      : { reads, maybeReads: applied.maybeReads, writes, opaque: facts.opaque };
  if (facts.elementReads === undefined && facts.elementWrites === undefined) {
    return effects;
  }
  return { ...effects, ...elementKeys(facts, lookup, writes) };
}

function isFunction(
  facts: ICellFacts,
  name: string,
  lookup: FunctionLookup
): boolean {
  return (
    Object.prototype.hasOwnProperty.call(facts.functions, name) ||
    lookup(name) !== undefined
  );
}

/**
 * The element-level reads and writes, keeping only names that no called function also
 * reads, mutates or receives (those are used whole).
 */
function elementKeys(
  facts: ICellFacts,
  lookup: FunctionLookup,
  writes: ReadonlyMap<string, WriteKind>
): Pick<IEffects, 'readKeys' | 'writeKeys'> {
  const whole = new Set<string>();
  for (const site of facts.calls) {
    for (const a of site.args) {
      if (a !== null) {
        whole.add(a);
      }
    }
    const fn = Object.prototype.hasOwnProperty.call(
      facts.functions,
      site.callee
    )
      ? facts.functions[site.callee]
      : lookup(site.callee);
    if (fn !== undefined) {
      fn.reads.forEach(n => whole.add(n));
      fn.mutates?.forEach(n => whole.add(n));
      if ((fn.calls ?? []).length > 0) {
        fn.calls?.forEach(c => c.args.forEach(a => a !== null && whole.add(a)));
      }
    }
  }
  const pick = (
    rec: Readonly<Record<string, readonly string[]>> | undefined,
    ok: (name: string) => boolean
  ): Map<string, Set<string>> | undefined => {
    let out: Map<string, Set<string>> | undefined;
    for (const name in rec) {
      if (!whole.has(name) && ok(name)) {
        out ??= new Map();
        out.set(name, new Set(rec[name]));
      }
    }
    return out;
  };
  const readKeys = pick(facts.elementReads, () => true);
  const writeKeys = pick(facts.elementWrites, n => writes.get(n) === 'mutate');
  return {
    ...(readKeys ? { readKeys } : {}),
    ...(writeKeys ? { writeKeys } : {})
  };
}
