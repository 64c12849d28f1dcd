/** Property: no input string makes the masker, the parser or the fact walker throw. */
import fc from 'fast-check';

import { maskIpython, toOriginalOffset } from '../../parse/maskIpython';
import { cellFacts } from '../cellFacts';

const FRAGMENTS = [
  'x',
  'y = ',
  'f(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '(',
  ':',
  ',',
  '.',
  '1.',
  '0x',
  '"',
  "'",
  '"""',
  "'''",
  '\\',
  '\n',
  '\r\n',
  '\r',
  '    ',
  '\t',
  '#',
  '%',
  '%%',
  '!',
  '!!',
  '?',
  '??',
  '$',
  '{x}',
  'for ',
  ' in ',
  'if ',
  'else:',
  'def ',
  'class ',
  'lambda ',
  'import ',
  'from ',
  ' as ',
  'del ',
  'global ',
  'nonlocal ',
  'try:',
  'except ',
  'with ',
  'match ',
  'case ',
  'async ',
  'await ',
  'yield ',
  ':=',
  '+=',
  '=',
  '==',
  '*',
  '**',
  '@',
  'print ',
  'return ',
  '%time ',
  '%%capture out\n',
  '%%bash\n',
  'x = !ls\n',
  'cd data\n',
  'ls -la\n',
  'len?\n',
  '\u00a0',
  '\u2028',
  '\ud800',
  'f"{',
  '}"',
  'r"\\',
  "b'",
  '_',
  'Out[',
  'inplace=True',
  '.append(',
  '...'
];

const pythonish = fc
  .array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 })
  .map(parts => parts.join(''));

function check(src: string): void {
  const m = maskIpython(src);
  expect(m.python.split(/\r\n|\r|\n/).length).toBe(
    src.split(/\r\n|\r|\n/).length
  );
  for (let i = 0; i <= m.python.length; i += 7) {
    const o = toOriginalOffset(m, i);
    expect(o >= 0 && o <= src.length).toBe(true);
  }
  const f = cellFacts(src);
  expect(Array.isArray(f.reads)).toBe(true);
}

describe('never throws', () => {
  it('on arbitrary unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), check),
      {
        numRuns: 400
      }
    );
  });

  it('on Python-ish fragments, magics, unbalanced quotes and brackets', () => {
    fc.assert(fc.property(pythonish, check), { numRuns: 1500 });
  });

  it('on deep nesting', () => {
    check('x = ' + '('.repeat(5000) + '1' + ')'.repeat(5000));
    check('['.repeat(3000));
    check('if a:\n' + ' '.repeat(1) + 'x'.repeat(10000));
  });

  it('on non-string input from untyped callers', () => {
    expect(() => cellFacts(undefined as unknown as string)).not.toThrow();
    expect(() => maskIpython(null as unknown as string)).not.toThrow();
  });
});
