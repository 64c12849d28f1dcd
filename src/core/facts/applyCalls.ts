/**
 * Effective facts of a cell once the calls it makes are applied (verdicts.md: a call `f(a)`
 * adds `reads_f` to the cell's reads, `writes_f` to its writes, mutated parameters to `M`).
 */

import type { ICallSite, ICellFacts, IFunctionFacts } from '../types';

/** Functions visible to a cell (defined above it), by name. */
export type FunctionTable =
  | ReadonlyMap<string, IFunctionFacts>
  | ((name: string) => IFunctionFacts | undefined);

/** What a cell reads and writes once its calls are applied. */
export interface IEffectiveFacts {
  /** U plus the global reads of called functions (first-use order, de-duplicated). */
  readonly reads: readonly string[];
  /** Of `reads`, those only called functions read, each in a branch of its body. */
  readonly maybeReads?: readonly string[];
  /** D plus the `global` writes of called functions, sorted. */
  readonly defs: readonly string[];
  readonly maybeDefs: readonly string[];
  /** M plus arguments passed to mutated parameters and globals mutated by called functions, sorted. */
  readonly mutations: readonly string[];
  readonly maybeMutations: readonly string[];
  readonly deletes: readonly string[];
}

/** Bounds the transitive application (`f` calls `g` calls `h` …); cycles stop earlier. */
const MAX_DEPTH = 16;

/**
 * Applies the cell's call sites. Functions defined in the cell itself win over `table`.
 * `modules` (names bound by `import` in cells above) drops method calls on modules from the
 * mutations. A called function's read of a name that the cell itself binds (also only
 * maybe, as a loop target) is not a read of the cell: the usual layout binds first and calls after.
 */
export function applyCalls(
  facts: ICellFacts,
  table: FunctionTable,
  modules?: ReadonlySet<string>
): IEffectiveFacts {
  const lookup =
    typeof table === 'function' ? table : (n: string) => table.get(n);
  const find = (name: string): IFunctionFacts | undefined =>
    Object.prototype.hasOwnProperty.call(facts.functions, name)
      ? facts.functions[name]
      : lookup(name);
  // A loop's target is only maybe bound after it, but bound inside it, where calls made
  // in the loop read it (`for month in ms: report()`).
  const bound = new Set(facts.defs);
  facts.maybeDefs.forEach(n => bound.add(n));
  const reads = [...facts.reads];
  const readSet = new Set(reads);
  const maybeReads = new Set<string>();
  const defs = new Set(facts.defs);
  const mutations = new Set(facts.mutations);

  const apply = (site: ICallSite, depth: number, active: Set<string>): void => {
    const fn = find(site.callee);
    if (fn === undefined || active.has(site.callee) || depth > MAX_DEPTH) {
      return;
    }
    const branchOnly = fn.maybeReads;
    for (const n of fn.reads) {
      if (bound.has(n)) {
        continue;
      }
      const maybe = branchOnly !== undefined && branchOnly.includes(n);
      if (!readSet.has(n)) {
        readSet.add(n);
        reads.push(n);
        if (maybe) {
          maybeReads.add(n);
        }
      } else if (!maybe) {
        maybeReads.delete(n);
      }
    }
    for (const n of fn.writes) {
      defs.add(n);
    }
    for (const p of fn.mutatedParams) {
      const arg = site.args[p];
      if (arg !== undefined && arg !== null) {
        mutations.add(arg);
      }
    }
    for (const n of fn.mutates ?? []) {
      mutations.add(n);
    }
    if (fn.calls && fn.calls.length > 0) {
      active.add(site.callee);
      for (const inner of fn.calls) {
        apply(inner, depth + 1, active);
      }
      active.delete(site.callee);
    }
  };
  for (const site of facts.calls) {
    apply(site, 0, new Set());
  }

  const notModule = (n: string): boolean => !modules || !modules.has(n);
  const sortedMutations = [...mutations].filter(notModule).sort();
  const out: IEffectiveFacts = {
    reads,
    defs: [...defs].sort(),
    maybeDefs: facts.maybeDefs.filter(n => !defs.has(n)),
    mutations: sortedMutations,
    maybeMutations: facts.maybeMutations.filter(
      n => notModule(n) && !mutations.has(n)
    ),
    deletes: facts.deletes
  };
  return maybeReads.size === 0
    ? out
    : { ...out, maybeReads: reads.filter(n => maybeReads.has(n)) };
}
