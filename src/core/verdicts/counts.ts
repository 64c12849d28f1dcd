/**
 * `count-order` and `count-gap`: Pimentel et al.'s "unordered" and "skips", exactly as
 * `juparc/extract.py` computes them (shared/corpus/README.md), so our rates on a corpus
 * are comparable with theirs. They read only saved execution counts: file-level hints.
 */
import type { ICellSnapshot, IFinding } from '../types';
import { finding } from './finding';

/**
 * Python's `str.isspace` set (what `str.strip()` removes). JavaScript's `trim` differs:
 * it strips U+FEFF and keeps U+001C–U+001F and U+0085.
 */
const PY_BLANK =
  // eslint-disable-next-line no-control-regex -- U+001C–U+001F are whitespace to Python.
  /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** True when Python would call this source blank (`source.strip() == ''`). */
export function isBlankSource(source: string): boolean {
  return PY_BLANK.test(source);
}

/** Where {@link countFindings} gathers the counts. */
let scratch = new Float64Array(1024);

/**
 * Both count findings of a notebook (zero, one or two), notebook-level (`cell: null`).
 * `count-order`: the list differs from itself sorted; `count-gap`: walking the sorted
 * list from 0, some count exceeds the previous one by more than 1. One pass without
 * sorting: the live analysis recomputes this on every execution. `nonBlank(i)`: whether
 * the source of the code cell at `i` is not blank (the analysis knows it already).
 */
export function countFindings(
  cells: readonly ICellSnapshot[],
  nonBlank: (index: number) => boolean = i => !isBlankSource(cells[i].source)
): IFinding[] {
  const out: IFinding[] = [];
  let prev = -1;
  let prevCount = 0;
  let descent: [number, number] | null = null;
  // The counts, in a scratch buffer reused between calls (no garbage per execution).
  let n = 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c.type !== 'code' || c.executionCount === null || !nonBlank(i)) {
      continue;
    }
    if (descent === null && prev >= 0 && prevCount > c.executionCount) {
      descent = [prev, i];
    }
    prev = i;
    prevCount = c.executionCount;
    if (n === scratch.length) {
      const grown = new Float64Array(2 * n);
      grown.set(scratch);
      scratch = grown;
    }
    scratch[n++] = c.executionCount;
  }
  const counts = scratch.subarray(0, n);
  if (descent !== null) {
    const [a, b] = descent.map(i => ({
      ref: { id: cells[i].id, index: i },
      count: cells[i].executionCount
    }));
    out.push(
      finding({
        kind: 'count-order',
        cell: null,
        related: [a.ref, b.ref],
        text: {
          id: 'count-order',
          args: {
            before: a.ref.index,
            beforeCount: a.count,
            after: b.ref.index,
            afterCount: b.count
          }
        }
      })
    );
  }
  const gap = firstGap(counts);
  if (gap !== null) {
    const [from, to] = gap;
    out.push(
      finding({
        kind: 'count-gap',
        cell: null,
        text: { id: 'count-gap', args: { from, to } }
      })
    );
  }
  return out;
}

/**
 * The first skip of Pimentel's `count_skips` (from 0 over the sorted counts), as
 * [previous, count]. Counts are small non-negative integers in practice: a presence table
 * finds the first gap in linear time; anything else falls back to sorting.
 */
function firstGap(counts: Float64Array): [number, number] | null {
  let max = 0;
  let min = 0;
  for (const c of counts) {
    max = c > max ? c : max;
    min = c < min ? c : min;
  }
  if (min < 0 || max > 16 * counts.length + 1024) {
    return firstGapSorted(counts);
  }
  const present = new Uint8Array(max + 1);
  for (const c of counts) {
    present[c] = 1;
  }
  // Sorted walk from 0: a gap is the first missing k in 1..max; the count after it is
  // the next present one, and the one before it is k - 1 (or 0).
  for (let k = 1; k <= max; k++) {
    if (present[k] === 0) {
      let next = k + 1;
      while (present[next] === 0) {
        next++;
      }
      return [k - 1, next];
    }
  }
  return null;
}

function firstGapSorted(counts: Float64Array): [number, number] | null {
  const sorted = counts.slice().sort();
  let last = 0;
  for (const c of sorted) {
    if (c - last > 1) {
      return [last, c];
    }
    last = c;
  }
  return null;
}
