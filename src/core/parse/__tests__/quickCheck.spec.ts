/**
 * The masker's quick checks may only skip work: whenever its full line scan finds a construct
 * (or a `1.` to complete), they must say "maybe". Checked against that scan itself
 * (`findConstructs`), since `maskIpython` now trusts them.
 */
import { readFileSync } from 'node:fs';
import * as fc from 'fast-check';

import { CORPUS, corpusNotebooks } from '../../__tests__/corpus';
import { fromIpynb } from '../../notebook/fromIpynb';
import { splitLines } from '../lines';
import { findConstructs } from '../mask/constructs';
import { maskIpython, mayHaveIpython, mayNeedMasking } from '../maskIpython';

/** What the full scan finds in `text`. */
function scan(text: string): { constructs: number; floatFixes: number } {
  const floatFixes: number[] = [];
  const constructs = findConstructs(text, splitLines(text), floatFixes);
  return { constructs: constructs.length, floatFixes: floatFixes.length };
}

/** Fails on the first text the quick checks would wrongly skip. */
function expectSuperset(text: string): void {
  const found = scan(text);
  if (found.constructs > 0) {
    expect({ text, ipython: mayHaveIpython(text) }).toEqual({
      text,
      ipython: true
    });
  }
  if (found.constructs > 0 || found.floatFixes > 0) {
    expect({ text, mask: mayNeedMasking(text) }).toEqual({ text, mask: true });
  }
}

const PIECES = [
  '%',
  '%%',
  '!',
  '?',
  '??',
  'ls',
  'cd',
  'x',
  ' ',
  '\t',
  '\f',
  '=',
  '(',
  ')',
  '"',
  "'",
  '#',
  '\\',
  '\n',
  '\r',
  'time',
  '.',
  '-la',
  '1',
  '0x',
  '_',
  'e',
  'j',
  'é',
  ':',
  'a?',
  '{b}'
];

describe('the masker quick checks', () => {
  it('say "maybe" whenever the scan finds something (random pieces)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }),
        parts => expectSuperset(parts.join(''))
      ),
      { numRuns: 20000, seed: 11 }
    );
  });

  it('say "maybe" whenever the scan finds something (every corpus code cell)', () => {
    let cells = 0;
    let skipped = 0;
    for (const file of corpusNotebooks(CORPUS)) {
      const nb = fromIpynb(readFileSync(file, 'utf8'));
      for (const { source } of nb.cells.filter(c => c.type === 'code')) {
        cells++;
        expectSuperset(source);
        if (!mayNeedMasking(source)) {
          skipped++;
        }
      }
    }
    expect(cells).toBeGreaterThan(9000);
    // The point of the checks: most cells are plain Python.
    expect(skipped).toBeGreaterThan(cells / 2);
  });

  it('see a float with a trailing dot, not a name or attribute ending in digits', () => {
    expect(mayNeedMasking('x = 1.')).toBe(true);
    expect(mayNeedMasking('y = 2.e5 + 3._x')).toBe(true);
    expect(mayNeedMasking('df1.head()')).toBe(false);
    expect(mayNeedMasking('a = 1.5.real')).toBe(false);
    expect(mayNeedMasking('a = x_1.y')).toBe(false);
  });
});

describe('maskIpython of recent cells', () => {
  it('shares one masking per source, and masks again the same after eviction', () => {
    const source = '%matplotlib inline\nx = 1.\n!ls {x}\n';
    const first = maskIpython(source);
    expect(maskIpython(`${source}`)).toBe(first);
    const before = JSON.stringify(first);
    for (let i = 0; i < 600; i++) {
      maskIpython(`%time y = ${i}`);
    }
    const again = maskIpython(source);
    expect(again).not.toBe(first);
    expect(JSON.stringify(again)).toBe(before);
  });
});
