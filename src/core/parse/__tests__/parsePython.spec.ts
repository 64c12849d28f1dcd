import { parsePython } from '../parsePython';
import { describeSyntax } from '../syntaxProblem';

describe('parsePython', () => {
  it('parses a clean cell with no error', () => {
    const p = parsePython('import os\nx = [1., 2]\nprint(x)');
    expect(p.error).toBeNull();
    expect(p.tree.topNode.name).toBe('Script');
  });

  it.each([
    ['print x', 1, 0, /print statement/],
    ['x = 1\nprint "a", x', 2, 0, /print statement/],
    ['a\u00a0= 1', 1, 1, /U\+00A0/],
    ['x = 1\n  y = 2', 2, 2, /unexpected indent/],
    ['x = 0777', 1, 4, /leading zeros/],
    ['raise E, "m"', 1, 7, /raise/],
    ['try:\n  pass\nexcept E, e:\n  pass', 3, 8, /except/],
    ['if a <> b: pass', 1, 5, /<>/],
    ['x = (1,', 1, 7, /end of input/],
    ['x = `y`', 1, 4, /backticks/],
    ['def f(:\n  pass', 1, 6, /invalid syntax/]
  ])('%j fails at %i:%i', (src, line, column, message) => {
    const p = parsePython(src);
    expect(p.error).toMatchObject({ line, column });
    expect(p.error && describeSyntax(p.error.problem)).toMatch(message);
  });

  it('reports errors at their position in the original cell, past masked magics', () => {
    const p = parsePython('%matplotlib inline\n%time x = (1,');
    expect(p.error).toMatchObject({ line: 2, column: 13 });
  });

  it('an indented first line is fine (IPython dedents the cell)', () => {
    expect(parsePython('  x = 1\n  y = 2').error).toBeNull();
  });

  it('Python 3 forms that look like Python 2 are fine', () => {
    expect(
      parsePython('print(x)\nprint (x)\nx = 0\ny = 0.5 + 00 + 0_0\nz = a != b')
        .error
    ).toBeNull();
  });

  it('reports the first of several errors', () => {
    expect(parsePython('ok = 1\nprint x\ny = (').error?.line).toBe(2);
  });
});

describe('valid Python that @lezer/python marks as an error', () => {
  it.each([
    'def gen():\n    yield\n',
    'def gen():\n    x = 1\n    yield  # the context runs here\n    print(x)\n',
    'def gen():\n    x = yield\n    y = (yield)\n',
    'match e:\n    case Number():\n        pass\n    case List(): return 1\n',
    'x = d[*a]\ny = d[1, *b]\n'
  ])('%j parses', src => {
    expect(parsePython(src).error).toBeNull();
  });

  it.each([
    ['x = d[*]', 1, 6],
    ['x = d[1, *]', 1, 9],
    ['def gen():\n    yield +\n', 2, 11],
    ['match e:\n    case Number(:\n        pass\n', 2, 16]
  ])('%j still fails at %i:%i', (src, line, column) => {
    expect(parsePython(src).error).toMatchObject({ line, column });
  });
});
