/**
 * `count-order` / `count-gap` against a direct transcription of Pimentel et al.'s
 * `juparc/extract.py` (sort, then `count_skips`), on arbitrary count lists.
 */
import fc from 'fast-check';
import type { ICellSnapshot } from '../../types';
import { countFindings, isBlankSource } from '../counts';

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

describe('isBlankSource', () => {
  // Python's `str.isspace` characters (what `source.strip() == ''` removes), listed by hand.
  const PY_SPACE = new Set([
    0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0,
    0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
    0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000
  ]);

  it('agrees with Python for every BMP character, first or after a blank', () => {
    const wrong: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) {
        continue;
      }
      const ch = String.fromCharCode(c);
      const blank = PY_SPACE.has(c);
      for (const source of [ch, ch + ' ', ' ' + ch, ch + 'x']) {
        const expected = blank && !source.includes('x');
        if (isBlankSource(source) !== expected) {
          wrong.push(`U+${c.toString(16)} in ${JSON.stringify(source)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(isBlankSource('')).toBe(true);
  });
});
