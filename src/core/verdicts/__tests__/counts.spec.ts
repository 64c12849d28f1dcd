/**
 * `count-order` / `count-gap` against a direct transcription of Pimentel et al.'s
 * `juparc/extract.py` (sort, then `count_skips`), on arbitrary count lists.
 */
import fc from 'fast-check';
import type { ICellSnapshot } from '../../types';
import { countFindings } from '../counts';

function reference(counts: number[]): { unordered: boolean; skips: number } {
  const sorted = [...counts].sort((a, b) => a - b);
  let last = 0;
  let skips = 0;
  for (const c of sorted) {
    if (c - last > 1) {
      skips++;
    }
    last = c;
  }
  return { unordered: counts.some((c, i) => c !== sorted[i]), skips };
}

const cell = (count: number | null, source = 'x = 1'): ICellSnapshot => ({
  id: `c${Math.random()}`,
  type: 'code',
  source,
  executionCount: count,
  outputs: [],
  tags: []
});

describe('count verdicts match Pimentel et al.', () => {
  it('on any list of counts (small, large, negative, repeated, missing, blank cells)', () => {
    const count = fc.oneof(
      fc.integer({ min: 0, max: 12 }),
      fc.integer({ min: -3, max: 100000 }),
      fc.constant(null)
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(count, fc.boolean()), { maxLength: 30 }),
        spec => {
          const cells = spec.map(([n, blank]) =>
            cell(n, blank ? ' \n' : 'x = 1')
          );
          const kept = spec
            .filter(([n, blank]) => n !== null && !blank)
            .map(([n]) => n as number);
          const ref = reference(kept);
          const kinds = countFindings(cells).map(f => f.kind);
          expect(kinds.includes('count-order')).toBe(ref.unordered);
          expect(kinds.includes('count-gap')).toBe(ref.skips > 0);
        }
      ),
      { numRuns: 2000 }
    );
  });

  it('names the first gap of the sorted walk', () => {
    const [gap] = countFindings([cell(5), cell(1), cell(2), cell(9)]).filter(
      f => f.kind === 'count-gap'
    );
    expect(gap.message).toContain('from [2] to [5]');
  });
});
