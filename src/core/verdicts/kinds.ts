/**
 * Per-kind constants: severity, report order, and which kinds break `linear`.
 *
 * Severity policy: `error` means Restart & Run All fails at that cell; `warning` means it
 * runs but would not reproduce what the notebook shows (or the analysis thinks it may
 * not); `info` is a hint (count-based proxies, cells merely not run yet).
 */
import type { Severity, VerdictId } from '../types';

/** Every kind in report order (the order of verdicts.md's table, diagnostics last). */
export const KINDS: readonly VerdictId[] = [
  'language-not-supported',
  'count-order',
  'count-gap',
  'unexecuted',
  'skipped',
  'out-of-order',
  'edited',
  'stale',
  'unsafe',
  'hidden-state',
  'shadowed',
  'rra-undefined',
  'rra-maybe-undefined',
  'errored',
  'history-var',
  'python-version',
  'module-missing',
  'env-drift',
  'data-missing',
  'data-changed',
  'data-unpinned',
  'network-read',
  'unseeded-random',
  'syntax-error'
];

const RANK: ReadonlyMap<VerdictId, number> = new Map(
  KINDS.map((k, i) => [k, i])
);

/** Position of a kind in report order. */
export function kindRank(kind: VerdictId): number {
  return RANK.get(kind) ?? KINDS.length;
}

/** True when `value` names a verdict (for `--only`/`--ignore` and for reading JSON). */
export function isVerdictId(value: string): value is VerdictId {
  return RANK.has(value as VerdictId);
}

/** The severity of each kind. */
export const SEVERITY: Readonly<Record<VerdictId, Severity>> = {
  'language-not-supported': 'info',
  'count-order': 'info',
  'count-gap': 'info',
  unexecuted: 'info',
  skipped: 'warning',
  'out-of-order': 'warning',
  edited: 'warning',
  stale: 'warning',
  unsafe: 'warning',
  'hidden-state': 'warning',
  shadowed: 'warning',
  'rra-undefined': 'error',
  'rra-maybe-undefined': 'warning',
  errored: 'error',
  'history-var': 'warning',
  // The other pillars; `module-missing`, `env-drift` and `python-version` are lowered when
  // the environment was not chosen deliberately (pillars/environment.ts).
  'python-version': 'warning',
  'module-missing': 'error',
  'env-drift': 'warning',
  'data-missing': 'error',
  'data-changed': 'warning',
  'data-unpinned': 'info',
  'network-read': 'warning',
  'unseeded-random': 'warning',
  // A cell we cannot parse may be our masking's fault as much as the user's: say "may".
  'syntax-error': 'warning'
};

const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  info: 0,
  warning: 1,
  error: 2
};

/** True when `s` is at or above `threshold` (`error` > `warning` > `info`). */
export function atLeast(s: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[s] >= SEVERITY_RANK[threshold];
}

/**
 * The kinds that make an executed cell non-linear (verdicts.md, "linear"); `skipped`
 * stands for "an unexecuted cell lies above an executed one".
 */
export const BREAKS_LINEAR: ReadonlySet<VerdictId> = new Set<VerdictId>([
  'stale',
  'unsafe',
  'hidden-state',
  'out-of-order',
  'shadowed',
  'history-var',
  'errored',
  'edited',
  'rra-undefined'
]);
