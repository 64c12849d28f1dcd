import type { IFinding, ICellRef, Severity, VerdictId } from '../core/types';
import type { ILinearizeSettings } from './settings';

/** Short human titles of every verdict, for badges and group headers. */
export const VERDICT_TITLES: Readonly<Record<VerdictId, string>> = {
  unexecuted: 'Not run',
  skipped: 'Skipped',
  'out-of-order': 'Out of order',
  'count-order': 'Counts out of order',
  'count-gap': 'Gaps in counts',
  edited: 'Edited after run',
  stale: 'Stale',
  unsafe: 'Unsafe',
  'hidden-state': 'Hidden state',
  shadowed: 'Shadowed',
  'rra-undefined': 'Fails on Restart & Run All',
  'rra-maybe-undefined': 'May fail on Restart & Run All',
  errored: 'Raised an error',
  'history-var': 'Uses output history',
  'syntax-error': 'Does not parse',
  'language-not-supported': 'Language not supported',
  'data-missing': 'Data file missing',
  'data-changed': 'Data changed since read',
  'data-unpinned': 'Data not pinned',
  'network-read': 'Reads over the network',
  'unseeded-random': 'Unseeded randomness',
  'python-version': 'Python version differs',
  'module-missing': 'Module not installed',
  'env-drift': 'Package version differs'
};

const RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };

/** True when `s` is at or above `threshold`. */
export function atLeastSeverity(s: Severity, threshold: Severity): boolean {
  return RANK[s] >= RANK[threshold];
}

/** The worst severity of a list, or null for an empty list. */
export function worstSeverity(findings: readonly IFinding[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings) {
    if (worst === null || RANK[f.severity] > RANK[worst]) {
      worst = f.severity;
    }
  }
  return worst;
}

/** Findings the user asked to see. */
export function visibleFindings(
  findings: readonly IFinding[],
  settings: ILinearizeSettings
): IFinding[] {
  const hidden = new Set<string>(settings.hiddenVerdicts);
  return findings.filter(f => !hidden.has(f.kind));
}

/** "cell 3" as JupyterLab numbers cells (1-based), or "a deleted cell". */
export function cellLabel(ref: ICellRef | null): string {
  return ref === null
    ? 'the notebook'
    : ref.index === null
      ? 'a deleted cell'
      : `cell ${ref.index + 1}`;
}

/** The tooltip of a marker: every message, then the cells involved. */
export function tooltipOf(findings: readonly IFinding[]): string {
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`${VERDICT_TITLES[f.kind]}: ${f.message}`);
    if (f.related.length > 0) {
      lines.push(`  involves ${f.related.map(cellLabel).join(', ')}`);
    }
  }
  return lines.join('\n');
}
