/**
 * File-only mode (no execution record): small notebooks written as nbformat JSON, each
 * finding checked by hand against the rules of verdicts.md and Pimentel et al.
 */
import { fromIpynb } from '../../notebook/fromIpynb';
import type { IReport } from '../../types';
import { analyze } from '../analyzer';
import {
  notebook as ipynb,
  type ICellSpec
} from '../../notebook/__tests__/ipynb';
import { kindsOn, ofKind, only } from './sim';

/** An nbformat 4.5 notebook; cells get ids `c1`, `c2`, … */
function notebook(
  cells: ICellSpec[],
  language = 'python',
  kernel = 'python3'
): string {
  return ipynb(cells, { language, kernel });
}

function check(
  cells: ICellSpec[],
  language?: string,
  kernel?: string
): IReport {
  return analyze(fromIpynb(notebook(cells, language, kernel)), null);
}

const notebookKinds = (r: IReport): string[] =>
  r.findings.filter(f => f.cell === null).map(f => f.kind);

describe('count-order (Pimentel "unordered")', () => {
  it('a later cell with a smaller count; names both cells', () => {
    const r = check([
      { src: 'a = 1', n: 2 },
      { src: 'b = a', n: 1 }
    ]);
    const [f] = ofKind(r, 'count-order');
    expect(f).toMatchObject({ severity: 'info', cell: null });
    expect(f.related).toEqual([
      { id: 'c1', index: 0 },
      { id: 'c2', index: 1 }
    ]);
    expect(f.message).toContain('cell 2 [1] comes after cell 1 [2]');
  });

  it('equal neighbours are not a decrease; blank cells and null counts are left out', () => {
    const r = check([
      { src: 'a = 1', n: 1 },
      { src: 'b = 2', n: 1 },
      { src: '  \n', n: 0 },
      { src: 'c = 3', n: null },
      { src: 'd = 4', n: 2 }
    ]);
    expect(ofKind(r, 'count-order')).toEqual([]);
  });

  it('0 counts are integers like any other (Colab placeholders)', () => {
    const r = check([
      { src: 'a = 1', n: 1 },
      { src: 'b = 2', n: 0 }
    ]);
    expect(notebookKinds(r)).toEqual(['count-order']);
  });
});

describe('count-gap (Pimentel "skips")', () => {
  it('a first count above 1 is a gap', () => {
    expect(notebookKinds(check([{ src: 'a = 1', n: 2 }]))).toEqual([
      'count-gap'
    ]);
  });

  it('a jump between sorted counts is a gap, whatever the cell order', () => {
    const r = check([
      { src: 'a = 1', n: 4 },
      { src: 'b = 2', n: 1 },
      { src: 'c = 3', n: 2 }
    ]);
    expect(notebookKinds(r)).toEqual(['count-order', 'count-gap']);
    expect(ofKind(r, 'count-gap')[0].message).toContain('[2] to [4]');
  });

  it('duplicates and zeros are no gap; 1..n is clean', () => {
    const r = check([
      { src: 'a = 0', n: 0 },
      { src: 'a = 1', n: 1 },
      { src: 'b = 2', n: 1 },
      { src: 'c = 3', n: 2 }
    ]);
    expect(notebookKinds(r)).toEqual([]);
  });

  it('a notebook without counts has neither', () => {
    expect(notebookKinds(check([{ src: 'a = 1' }, { src: 'b = a' }]))).toEqual(
      []
    );
  });
});

describe('unexecuted and skipped by execution counts', () => {
  it('a cell without a count above one with a count is skipped; below, unexecuted', () => {
    const r = check([
      { src: 'a = 1', n: 1 },
      { src: 'b = 2' },
      { src: 'c = a + b', n: 2 },
      { src: 'd = 4' }
    ]);
    expect(kindsOn(r, 'c2')).toEqual(['skipped']);
    expect(only(r, 'skipped', 'c2').message).toContain(
      'has no execution count'
    );
    expect(only(r, 'skipped', 'c2').severity).toBe('warning');
    expect(kindsOn(r, 'c4')).toEqual(['unexecuted']);
    expect(r.linear).toBe(false);
    expect(r.recorded).toBe(false);
  });

  it('a skipped cell whose writes no counted cell below reads is info and keeps it linear', () => {
    const r = check([
      { src: 'a = 1', n: 1 },
      { src: 'b = 2' },
      { src: 'c = a', n: 2 }
    ]);
    expect(only(r, 'skipped', 'c2').severity).toBe('info');
    expect(r.linear).toBe(true);
  });

  it('a notebook saved with no count at all (stripped) reports no unexecuted cell', () => {
    const r = check([{ src: 'a = 1' }, { src: 'b = a' }]);
    expect(r.findings).toEqual([]);
    expect(r.linear).toBe(true);
  });

  it('a clean notebook is linear with no findings', () => {
    const r = check([
      { src: '# Title', type: 'markdown' },
      { src: 'import math\nx = math.pi', n: 1 },
      { src: 'print(x)', n: 2 }
    ]);
    expect(r.findings).toEqual([]);
    expect(r.linear).toBe(true);
  });
});

describe('errored by saved error outputs', () => {
  it('reports the exception name', () => {
    const r = check([{ src: '1 / 0', n: 1, error: 'ZeroDivisionError' }]);
    expect(only(r, 'errored', 'c1')).toMatchObject({
      severity: 'error',
      rerun: ['c1']
    });
    expect(only(r, 'errored', 'c1').message).toContain('ZeroDivisionError');
    expect(r.linear).toBe(false);
  });

  it('is silent without an error output', () => {
    expect(ofKind(check([{ src: 'x = 1', n: 1 }]), 'errored')).toEqual([]);
  });
});

describe('rra-undefined and rra-maybe-undefined', () => {
  it('a name no cell above binds; says which cell below does', () => {
    const r = check([
      { src: 'print(total)', n: 2 },
      { src: 'total = 3', n: 1 }
    ]);
    const f = only(r, 'rra-undefined', 'c1');
    expect(f).toMatchObject({
      severity: 'error',
      names: ['total'],
      related: [{ id: 'c2', index: 1 }]
    });
    expect(f.message).toContain('cell 2 below does');
    expect(f.rerun).toEqual([]);
    expect(r.linear).toBe(false);
  });

  it('builtins and names IPython injects are bound', () => {
    const r = check([
      { src: 'print(len([1]), display, get_ipython(), __name__, exit)', n: 1 }
    ]);
    expect(r.findings).toEqual([]);
  });

  it('Python 2 builtins only in a python2 kernel', () => {
    const src = [{ src: 'for i in xrange(3):\n    pass', n: 1 }];
    expect(only(check(src), 'rra-undefined', 'c1').names).toEqual(['xrange']);
    expect(ofKind(check(src, 'python', 'python2'), 'rra-undefined')).toEqual(
      []
    );
  });

  it('a name defined in the same cell before use is fine; used before its definition is not', () => {
    expect(check([{ src: 'y = 1\nprint(y)', n: 1 }]).findings).toEqual([]);
    expect(
      only(check([{ src: 'print(y)\ny = 1', n: 1 }]), 'rra-undefined', 'c1')
        .names
    ).toEqual(['y']);
  });

  it('under `from __future__ import annotations` (here or above) annotations read nothing', () => {
    const cells = [
      'def f(x: Grid) -> Iterable[Cell]:\n    return x',
      'class Layout(list):\n    size: Size = 4\n    def next(self) -> Layout:\n        return self',
      'total: Total = 3',
      'def g(x: Shape = default):\n    return x'
    ];
    const names = (src: string[]): (readonly string[])[] =>
      ofKind(check(src.map(s => ({ src: s }))), 'rra-undefined').map(
        f => f.names
      );
    // Without the import, Python evaluates each annotation where it stands.
    expect(names(cells)).toEqual([
      ['Cell', 'Grid', 'Iterable'],
      ['Layout', 'Size'],
      ['Total'],
      ['Shape', 'default']
    ]);
    const future = 'from __future__ import annotations';
    expect(names([future, ...cells])).toEqual([['default']]);
    expect(names([`${future}\n${cells[0]}`])).toEqual([]);
    // A name read outside an annotation too is still read; the import below does not count.
    expect(
      names([future, 'def h(x: T) -> T:\n    return x\nprint(T)'])
    ).toEqual([['T']]);
    expect(names([cells[2], future])).toEqual([['Total']]);
  });

  it('`del` then a new binding in the same cell leaves the name bound', () => {
    const names = (cells: string[]) =>
      ofKind(check(cells.map(src => ({ src }))), 'rra-undefined').map(
        f => f.names
      );
    expect(
      names([
        'model = 1\nload = str',
        "model.save('m.h5')\ndel model\nmodel = load('m.h5')",
        'print(model)'
      ])
    ).toEqual([]);
    expect(
      names(['model = 1', 'model = 2\ndel model', 'print(model)'])
    ).toEqual([['model']]);
    // Bound again only on some paths: not "fails" (a known limit: nor "may fail").
    const r = check([
      { src: 'x = 1\nflag = input()' },
      { src: 'del x\nif flag:\n    x = 2' },
      { src: 'print(x)' }
    ]);
    expect(ofKind(r, 'rra-undefined')).toEqual([]);
  });

  it("a function called in a loop reads the loop's target, bound by then", () => {
    const fn = 'def show(day):\n    return (month, day)';
    expect(
      ofKind(
        check([
          { src: fn },
          { src: 'for month, day in dates:\n    show(day)' }
        ]),
        'rra-undefined'
      ).map(f => f.names)
    ).toEqual([['dates']]);
    expect(
      ofKind(check([{ src: fn }, { src: 'show(1)' }]), 'rra-undefined').map(
        f => f.names
      )
    ).toEqual([['month']]);
  });

  it('a name a called function reads only in a branch "may" fail; read on every path, it fails', () => {
    const kindsOf = (src: string) =>
      check([{ src }])
        .findings.filter(f => f.kind.startsWith('rra'))
        .map(f => [f.kind, f.names]);
    expect(
      kindsOf(
        'def pick(x):\n    if x > 0:\n        return x\n    elif limit(x):\n        return 0\n    else:\n        error()\npick(1)'
      )
    ).toEqual([['rra-maybe-undefined', ['error', 'limit']]]);
    expect(
      kindsOf(
        'def load():\n    try:\n        return 1\n    except ValueError:\n        return fallback()\nload()'
      )
    ).toEqual([['rra-maybe-undefined', ['fallback']]]);
    expect(
      kindsOf('def g(x):\n    if x:\n        zzz()\n    return zzz\ng(0)')
    ).toEqual([['rra-undefined', ['zzz']]]);
    const [f] = ofKind(
      check([{ src: 'def h(x):\n    if x:\n        oops()\nh(0)' }]),
      'rra-maybe-undefined'
    );
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('a function called here reads in a branch');
  });

  it('`del` removes a binding', () => {
    const r = check([
      { src: 'x = 1', n: 1 },
      { src: 'del x', n: 2 },
      { src: 'print(x)', n: 3 }
    ]);
    expect(only(r, 'rra-undefined', 'c3').names).toEqual(['x']);
  });

  it('a wildcard import, or an opaque %run, suppresses the check below it', () => {
    expect(
      ofKind(
        check([{ src: 'from math import *' }, { src: 'print(sqrt(2))' }]),
        'rra-undefined'
      )
    ).toEqual([]);
    expect(
      ofKind(
        check([{ src: '%run helpers.py' }, { src: 'print(helper())' }]),
        'rra-undefined'
      )
    ).toEqual([]);
    // ...and in its own cell...
    expect(
      ofKind(
        check([{ src: 'from math import *\nprint(sin(pi))' }]),
        'rra-undefined'
      )
    ).toEqual([]);
    // ...but not above it.
    expect(
      only(
        check([{ src: 'print(sqrt(2))' }, { src: 'from math import *' }]),
        'rra-undefined',
        'c1'
      ).names
    ).toEqual(['sqrt']);
  });

  it('a binding in a loop, or an if without else, is only maybe', () => {
    const r = check([
      { src: 'for i in range(3):\n    last = i' },
      { src: 'if flag_set():\n    mode = 1' },
      { src: 'print(last, mode)' }
    ]);
    const f = only(r, 'rra-maybe-undefined', 'c3');
    expect(f).toMatchObject({ severity: 'warning', names: ['last', 'mode'] });
    expect(f.related).toEqual([
      { id: 'c1', index: 0 },
      { id: 'c2', index: 1 }
    ]);
    expect(f.message).toContain('may fail');
    expect(only(r, 'rra-undefined', 'c2').names).toEqual(['flag_set']);
  });

  it('if/else binding on both branches is definite', () => {
    const r = check([
      { src: 'if True:\n    m = 1\nelse:\n    m = 2' },
      { src: 'print(m)' }
    ]);
    expect(r.findings).toEqual([]);
  });

  it('a function defined above reading a global bound later but before the call is fine', () => {
    const r = check([
      { src: 'def f():\n    return g + 1' },
      { src: 'g = 1' },
      { src: 'f()' }
    ]);
    expect(r.findings).toEqual([]);
  });

  it('calling a function whose global is never bound fails at the call', () => {
    const r = check([
      { src: 'def f():\n    return missing + 1' },
      { src: 'f()' }
    ]);
    expect(only(r, 'rra-undefined', 'c2').names).toEqual(['missing']);
    expect(ofKind(r, 'rra-undefined', 'c1')).toEqual([]);
  });
});

describe('history-var', () => {
  it('reading `_`, `Out[n]` or `_i3` depends on execution order', () => {
    const r = check([
      { src: '1 + 1', n: 1 },
      { src: 'y = _ * 2\nz = Out[1]', n: 2 }
    ]);
    const f = only(r, 'history-var', 'c2');
    expect(f).toMatchObject({ severity: 'warning', names: ['Out', '_'] });
    expect(ofKind(r, 'rra-undefined')).toEqual([]);
    expect(r.linear).toBe(false);
  });

  it('a variable merely named like history (`_x`) is not', () => {
    const r = check([{ src: '_x = 1\nprint(_x)', n: 1 }]);
    expect(r.findings).toEqual([]);
  });
});

describe('syntax-error', () => {
  it('is a finding with the position, never an exception', () => {
    const r = check([{ src: 'x = (1,\n' }, { src: 'print "py2"' }]);
    expect(only(r, 'syntax-error', 'c1').message).toMatch(
      /line \d+, column \d+/
    );
    expect(only(r, 'syntax-error', 'c2').severity).toBe('warning');
  });

  it('IPython syntax is not a syntax error', () => {
    const r = check([
      { src: '%matplotlib inline\nimport os' },
      { src: 'files = !ls\n%time total = len(files)' },
      { src: '%%bash\necho hi' },
      { src: 'print(total, os.sep)' }
    ]);
    expect(r.findings).toEqual([]);
  });
});

describe('non-Python notebooks', () => {
  it('get language-not-supported and only the verdicts that do not read code', () => {
    const r = check(
      [
        { src: 'x <- 1', n: 2 },
        { src: 'print(y)' },
        { src: 'stop("no")', n: 1, error: 'simpleError' }
      ],
      'R',
      'ir'
    );
    expect(r.findings.map(f => [f.cell?.id ?? null, f.kind])).toEqual([
      [null, 'language-not-supported'],
      [null, 'count-order'],
      ['c2', 'skipped'],
      ['c3', 'errored']
    ]);
    expect(ofKind(r, 'language-not-supported')[0].message).toContain(
      'r, not Python'
    );
  });
});

describe('cells too large to analyse', () => {
  it('are treated as opaque: no parse (which would take seconds), no name findings below', () => {
    const huge = 'data = [' + '1, '.repeat(400_000) + ']'; // 1.2 million characters
    const r = check([
      { src: huge, n: 1 },
      { src: 'print(data, other)', n: 2 }
    ]);
    expect(r.findings).toEqual([]);
    // The same small cell after a normal one does get its finding.
    expect(
      only(
        check([{ src: 'data = 1' }, { src: 'print(data, other)' }]),
        'rra-undefined',
        'c2'
      ).names
    ).toEqual(['other']);
  });
});
