/**
 * The parser's and the compile checks' problems are data (issue 18): each is worded once,
 * in English as CPython or the old messages said it, and every word goes through the port.
 */
import { compileErrors } from '../../export/compileChecks';
import { MARKING } from '../../__tests__/marking';
import { parsePython } from '../parsePython';
import { describeSyntax, type SyntaxProblem } from '../syntaxProblem';

/** One problem of each id: the compiler checks that none is missing. */
const EVERY: { [K in SyntaxProblem['id']]: Extract<SyntaxProblem, { id: K }> } =
  {
    'end-of-input': { id: 'end-of-input' },
    'invalid-character': { id: 'invalid-character', code: 'U+00A0' },
    'invalid-syntax': { id: 'invalid-syntax' },
    backticks: { id: 'backticks' },
    'unexpected-indent': { id: 'unexpected-indent' },
    unindent: { id: 'unindent' },
    'print-statement': { id: 'print-statement' },
    'diamond-operator': { id: 'diamond-operator' },
    'leading-zeros': { id: 'leading-zeros' },
    'raise-comma': { id: 'raise-comma' },
    'except-comma': { id: 'except-comma' },
    'null-bytes': { id: 'null-bytes' },
    'too-deep': { id: 'too-deep' },
    'not-analysed': { id: 'not-analysed' },
    misplaced: { id: 'misplaced', keyword: 'async with' },
    'nonlocal-at-module': { id: 'nonlocal-at-module' }
  };

describe('syntax problems', () => {
  it.each([
    ['x = (', 'unexpected end of input'],
    ['x = 1\u00a0+ 2', 'invalid character U+00A0'],
    ['x = 1 +* 2', 'invalid syntax'],
    ['y = `x`', 'invalid syntax (backticks are Python 2)'],
    ['x = 1\n  y = 2', 'unexpected indent'],
    ['  x = 1\ny = 2', 'unindent does not match any outer level'],
    ['print x', 'Python 2 print statement (use print(...))'],
    ['a = 1 <> 2', 'Python 2 operator <> (use !=)'],
    ['x = 0777', 'leading zeros in decimal integer literals are not permitted'],
    ['raise E, "m"', 'Python 2 raise syntax (use raise E(msg))'],
    [
      'try:\n    pass\nexcept E, e:\n    pass',
      'Python 2 except syntax (use except E as e)'
    ]
  ])('%j: the parser says %j', (source, said) => {
    const { error } = parsePython(source);
    expect(error && describeSyntax(error.problem)).toBe(said);
  });

  it.each([
    ['return 1', "'return' outside function"],
    ['yield 1', "'yield' outside function"],
    ['await f()', "'await' outside async function"],
    ['async for x in y:\n    pass', "'async for' outside async function"],
    ['async with x:\n    pass', "'async with' outside async function"],
    ['break', "'break' outside loop"],
    ['continue', "'continue' outside loop"],
    ['nonlocal x', 'nonlocal declaration not allowed at module level']
  ])('%j: the compile check says %j (CPython wording)', (source, said) => {
    const found = compileErrors(parsePython(source).tree);
    expect(found && describeSyntax(found.problem)).toBe(said);
  });

  it('words every problem through the port, data left as it is', () => {
    for (const p of Object.values(EVERY)) {
      const english = describeSyntax(p);
      expect(describeSyntax(p, MARKING)).toBe(`«${english}»`);
    }
    expect(describeSyntax(EVERY['invalid-character'], MARKING)).toBe(
      '«invalid character U+00A0»'
    );
  });
});
