/**
 * The `slice` order: of a sequence of runs, only those the result of one run depends on,
 * found by a backward walk over the static facts (verdicts.md "Per-source static facts").
 *
 * A run is kept when it binds, maybe binds or mutates a name still needed; its reads become
 * needed, and a definite binding satisfies the need. Calls of functions defined by earlier
 * runs count with the function's facts (`applyCalls`: its global reads, `global` writes,
 * mutated globals and parameters, transitively). Runs that change process-wide state the facts cannot see
 * are always kept: random seeds, the working directory, the environment, `sys.path`,
 * warning filters and library options (`AMBIENT`), as are runs that may bind anything
 * (`%run`, `from m import *`).
 *
 * #### Notes
 * Over-approximates like the facts do (attributes and subscripts count as the whole name),
 * so a slice may keep a run it does not need; it never drops one the facts say it needs.
 */
import { applyCalls } from '../facts/applyCalls';
import type { ICellFacts, IFunctionFacts } from '../types';
import type { IExportUnit } from './types';

/** Sources that change process state invisibly to the name-level facts. */
const AMBIENT =
  /(?:\bseed\s*\(|manual_seed|set_seed|\bos\.chdir\b|\bos\.environ\b|\bputenv\b|\bsys\.path\b|\bsetrecursionlimit\b|\bfilterwarnings\b|\bsimplefilter\b|\bset_option\b|\brcParams\b|\bstyle\.use\b|\bset_printoptions\b|\bset_random_seed\b|^[ \t]*%(?:cd|env|set_env)\b|^[ \t]*cd\b)/m;

/** What one run reads and writes once function calls are applied. */
interface IEffect {
  readonly reads: ReadonlySet<string>;
  /** Definitely (re)bound: satisfies a need. */
  readonly binds: ReadonlySet<string>;
  /** Maybe bound or mutated: kept for a need, which stays needed. */
  readonly touches: ReadonlySet<string>;
  readonly ambient: boolean;
}

function effects(
  units: readonly IExportUnit[],
  factsOf: (u: IExportUnit) => ICellFacts | null
): IEffect[] {
  const known = new Map<string, IFunctionFacts>();
  const modules = new Set<string>();
  return units.map(u => {
    const f = factsOf(u);
    if (f === null) {
      return {
        reads: new Set<string>(),
        binds: new Set<string>(),
        touches: new Set<string>(),
        ambient: false
      };
    }
    // Calls of functions defined by earlier runs count with the function's facts.
    const e = applyCalls(f, known, modules);
    for (const [name, fn] of Object.entries(f.functions)) {
      known.set(name, fn);
    }
    (f.modules ?? []).forEach(m => modules.add(m));
    return {
      reads: new Set(e.reads),
      binds: new Set(e.defs),
      touches: new Set([
        ...e.maybeDefs,
        ...e.mutations,
        ...e.maybeMutations,
        ...e.deletes
      ]),
      ambient: f.opaque || f.wildcard || AMBIENT.test(u.source)
    };
  });
}

/**
 * The indices (ascending) of `units` that the result of `units[target]` depends on, the
 * target included.
 */
export function sliceIndices(
  units: readonly IExportUnit[],
  target: number,
  factsOf: (u: IExportUnit) => ICellFacts | null
): number[] {
  const eff = effects(units.slice(0, target + 1), factsOf);
  const needed = new Set(eff[target].reads);
  const kept = [target];
  for (let j = target - 1; j >= 0; j--) {
    const e = eff[j];
    let keep = e.ambient;
    for (const n of needed) {
      if (e.binds.has(n) || e.touches.has(n)) {
        keep = true;
        break;
      }
    }
    if (!keep) {
      continue;
    }
    kept.push(j);
    for (const n of e.binds) {
      // A definite binding satisfies the need, unless the run also reads the old value (`x += 1`).
      if (!e.reads.has(n)) {
        needed.delete(n);
      }
    }
    e.reads.forEach(n => needed.add(n));
  }
  return kept.reverse();
}
