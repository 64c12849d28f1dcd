/**
 * Run-order categories of a notebook, from its saved execution counts alone, as the
 * run-order checkers used in CI classify notebooks. Definitions (README, "Run order"),
 * equal to the simple ones of shared/corpus/README.md's table:
 *
 * - the counts: the positive integer execution counts of the code cells, in file order
 *   (0 is Colab's placeholder for "not run", as null is);
 * - `unexecuted`: there are none; no other category then applies;
 * - `duplicate-counts`: a count appears twice;
 * - `unordered`: a later cell has a smaller count (a real decrease);
 * - `not-from-one`: the smallest count is above 1 (the kernel ran cells not saved here);
 * - `gaps`: two consecutive distinct counts, sorted, differ by more than 1;
 * - `partially-run`: a non-blank code cell has no count;
 * - `clean`: none of the above (counts exactly 1..n top to bottom, every non-blank cell run).
 *
 * The count verdicts `count-order`/`count-gap` follow Pimentel et al.'s code instead
 * (0 counted, blank cells ignored); these categories are the simple reading users expect.
 */
import type { ICellSnapshot } from '../core';
import { isBlankSource } from '../core';

export type RunOrderCategory =
  | 'clean'
  | 'unexecuted'
  | 'duplicate-counts'
  | 'unordered'
  | 'not-from-one'
  | 'gaps'
  | 'partially-run';

/** Every category, in the order they are listed. */
export const RUN_ORDER_CATEGORIES: readonly RunOrderCategory[] = [
  'clean',
  'unexecuted',
  'duplicate-counts',
  'unordered',
  'not-from-one',
  'gaps',
  'partially-run'
];

/** The categories of a notebook: `['clean']`, `['unexecuted']`, or the problems found, in list order. */
export function runOrder(cells: readonly ICellSnapshot[]): RunOrderCategory[] {
  const counts: number[] = [];
  let partial = false;
  for (const c of cells) {
    if (c.type !== 'code') {
      continue;
    }
    const n = c.executionCount;
    if (n !== null && n > 0) {
      counts.push(n);
    } else if (n === null && !isBlankSource(c.source)) {
      partial = true;
    }
  }
  if (counts.length === 0) {
    return ['unexecuted'];
  }
  const out: RunOrderCategory[] = [];
  const sorted = [...counts].sort((a, b) => a - b);
  if (sorted.some((n, i) => i > 0 && n === sorted[i - 1])) {
    out.push('duplicate-counts');
  }
  if (counts.some((n, i) => i > 0 && n < counts[i - 1])) {
    out.push('unordered');
  }
  if (sorted[0] > 1) {
    out.push('not-from-one');
  }
  if (sorted.some((n, i) => i > 0 && n - sorted[i - 1] > 1)) {
    out.push('gaps');
  }
  if (partial) {
    out.push('partially-run');
  }
  return out.length === 0 ? ['clean'] : out;
}
