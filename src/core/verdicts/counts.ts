/**
 * `count-order` and `count-gap`: Pimentel et al.'s "unordered" and "skips", exactly as
 * `juparc/extract.py` computes them (shared/corpus/README.md), so our rates on a corpus
 * are comparable with theirs. They read only saved execution counts: file-level hints.
 */
import type { ICellRef, ICellSnapshot, IFinding } from '../types';
import { cellLabel, finding } from './finding';

/**
 * Python's `str.isspace` set (what `str.strip()` removes). JavaScript's `trim` differs:
 * it strips U+FEFF and keeps U+001C–U+001F and U+0085.
 */
const PY_BLANK = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** True when Python would call this source blank (`source.strip() == ''`). */
export function isBlankSource(source: string): boolean {
  return PY_BLANK.test(source);
}

interface ICounted {
  readonly ref: ICellRef;
  readonly count: number;
}

/** Code cells with a non-blank source and an integer count (0 included), in file order. */
function countedCells(cells: readonly ICellSnapshot[]): ICounted[] {
  const out: ICounted[] = [];
  cells.forEach((c, index) => {
    if (c.type === 'code' && c.executionCount !== null && !isBlankSource(c.source)) {
      out.push({ ref: { id: c.id, index }, count: c.executionCount });
    }
  });
  return out;
}

/**
 * Both count findings of a notebook (zero, one or two), notebook-level (`cell: null`).
 * `count-order`: the list differs from itself sorted; `count-gap`: walking the sorted
 * list from 0, some count exceeds the previous one by more than 1.
 */
export function countFindings(cells: readonly ICellSnapshot[]): IFinding[] {
  const counted = countedCells(cells);
  const out: IFinding[] = [];
  const descent = firstDescent(counted);
  if (descent !== null) {
    const [a, b] = descent;
    out.push(
      finding({
        kind: 'count-order',
        cell: null,
        related: [a.ref, b.ref],
        message:
          `Execution counts are out of cell order: ${cellLabel(b.ref.index)} [${b.count}] ` +
          `comes after ${cellLabel(a.ref.index)} [${a.count}] (cells may have run out of order).`
      })
    );
  }
  const gap = firstGap(counted.map(c => c.count));
  if (gap !== null) {
    const [from, to] = gap;
    out.push(
      finding({
        kind: 'count-gap',
        cell: null,
        message:
          `Execution counts jump from [${from}] to [${to}]: some runs are not in the ` +
          `notebook (re-runs, or cells since deleted, may hide state).`
      })
    );
  }
  return out;
}

/** The first neighbouring pair whose counts decrease (equal neighbours are no decrease). */
function firstDescent(counted: readonly ICounted[]): [ICounted, ICounted] | null {
  for (let i = 1; i < counted.length; i++) {
    if (counted[i - 1].count > counted[i].count) {
      return [counted[i - 1], counted[i]];
    }
  }
  return null;
}

/** The first skip of Pimentel's `count_skips` (from 0 over the sorted counts), as [previous, count]. */
function firstGap(counts: readonly number[]): [number, number] | null {
  const sorted = [...counts].sort((a, b) => a - b);
  let last = 0;
  for (const c of sorted) {
    if (c - last > 1) {
      return [last, c];
    }
    last = c;
  }
  return null;
}
