import { findParams } from '../findParams';
import type { PyValue } from '../pyValue';
import { candidates, notebook, one } from './helpers';

const int = (value: string, radix: 2 | 8 | 10 | 16 = 10): PyValue => ({
  kind: 'int',
  value,
  radix
});
const float = (value: number): PyValue => ({ kind: 'float', value });
const str = (value: string): PyValue => ({ kind: 'str', value });

describe('findParams: literal assignments', () => {
  it.each<[string, PyValue]>([
    ['1_000', int('1000')],
    ['0x1F', int('31', 16)],
    ['0o755', int('493', 8)],
    ['0b101', int('5', 2)],
    ['-0x1F', int('-31', 16)],
    ['+7', int('7')],
    ['- 3', int('-3')],
    ['--3', int('3')],
    ['-(5)', int('-5')],
    ['18446744073709551617', int('18446744073709551617')],
    ['1e-5', float(1e-5)],
    ['.5', float(0.5)],
    ['5.', float(5)],
    ['-5.', float(-5)],
    ['5.e-3', float(0.005)],
    ['-5.e-3', float(-0.005)],
    ['1E+21', float(1e21)],
    ['-0.0', float(-0)],
    ['1e309', float(Infinity)],
    ['(2.5)', float(2.5)],
    ['"a"', str('a')],
    ["r'\\d'", str('\\d')],
    ['u"x"', str('x')],
    ['"""t\nu"""', str('t\nu')],
    ['"a" "b"', str('ab')],
    ['("a"\n "b")', str('ab')],
    ['"a" \\\n "b"', str('ab')],
    ['True', { kind: 'bool', value: true }],
    ['False', { kind: 'bool', value: false }],
    ['None', { kind: 'none' }],
    ['[]', { kind: 'list', items: [] }],
    ['{}', { kind: 'dict', entries: [] }],
    ['()', { kind: 'tuple', items: [] }],
    ['(1,)', { kind: 'tuple', items: [int('1')] }],
    ['1, 2', { kind: 'tuple', items: [int('1'), int('2')] }],
    ['1,', { kind: 'tuple', items: [int('1')] }],
    [
      '[1, [2, (3,)]]',
      {
        kind: 'list',
        items: [
          int('1'),
          {
            kind: 'list',
            items: [int('2'), { kind: 'tuple', items: [int('3')] }]
          }
        ]
      }
    ],
    [
      '{"a": None, 2: [True]}',
      {
        kind: 'dict',
        entries: [
          [str('a'), { kind: 'none' }],
          [int('2'), { kind: 'list', items: [{ kind: 'bool', value: true }] }]
        ]
      }
    ],
    ['[\n  1,  # one\n  2,\n]', { kind: 'list', items: [int('1'), int('2')] }]
  ])('x = %s', (src, value) => {
    const c = one(candidates(`x = ${src}\n`), 'x');
    expect(c.skip).toBeNull();
    expect(c.key).toBe('x');
    expect(c.value).toEqual(value);
    expect(c.kind).toBe('assign');
  });

  it('reads annotated assignments', () => {
    expect(one(candidates('lr: float = 0.1'), 'lr').value).toEqual(float(0.1));
  });

  it.each([
    ['10 if fast else 100', 'conditional'],
    ['f"{x}"', 'f-string'],
    ['"a" f"{x}"', 'f-string'],
    ['"data/" + name', 'concatenation'],
    ['"a" + "b"', 'concatenation'],
    ['2**10', 'arithmetic'],
    ['1 / 3', 'arithmetic'],
    ['{1, 2}', 'set'],
    ['b"x"', 'bytes'],
    ['"a" b"x"', 'bytes'],
    ['1j', 'complex'],
    ['-1j', 'complex'],
    ['[1, x]', 'not-literal'],
    ['-True', 'not-literal'],
    ['~5', 'not-literal'],
    ['not True', 'not-literal'],
    ['...', 'not-literal'],
    ['[1, *xs]', 'starred'],
    ['{"a": 1, **d}', 'starred'],
    ['{1: "a", True: "b"}', 'duplicate-key'],
    ['{1: "a", 1.0: "b"}', 'duplicate-key'],
    ['{(1, 2): "a"}', 'unhashable-key'],
    ['"\\N{BULLET}"', 'unicode-name-escape'],
    ['"\\ud800"', 'surrogate']
  ])('x = %s is listed as skipped (%s)', (src, code) => {
    const c = one(candidates(`x = ${src}`), 'x');
    expect(c.skip?.code).toBe(code);
    expect(c.skip?.message).not.toBe('');
    expect(c.key).toBeNull();
  });

  it.each([
    'x = f(1)',
    'x = y',
    'x = a + b',
    'x = df.shape',
    'x = [a, b]',
    'x = lambda: 1',
    'x = [i for i in range(3)]',
    'x = -y'
  ])('plain code is not a candidate: %s', src => {
    expect(candidates(src)).toEqual([]);
  });

  it('only takes top-level statements', () => {
    const list = candidates(
      'if a:\n    x = 1\nfor i in r:\n    y = 2\ndef f():\n    z = 3\nclass K:\n    w = 4\nv = 5; u = 6'
    );
    expect(list.map(c => c.name)).toEqual(['v', 'u']);
  });

  it('skips chained assignment and unpacking with a reason', () => {
    const list = candidates('a = b = 1\nc, d = 1, 2\n[e, f] = [3, 4]');
    expect(list.map(c => [c.name, c.skip?.code])).toEqual([
      ['a', 'chained'],
      ['c, d', 'unpacking'],
      ['e, f', 'unpacking']
    ]);
  });

  it('extracts the first assignment of a name, warns, and skips the later one', () => {
    const list = candidates('lr = 0.1', 'lr = 0.2\nlr += 1');
    const [first, second] = list;
    expect(first.key).toBe('lr');
    expect(first.value).toEqual(float(0.1));
    expect(second.skip?.code).toBe('reassigned');
    expect(second.skip?.message).toMatch(/cell 1, line 1/);
    expect(first.warnings.map(w => [w.code, w.cellIndex, w.line])).toEqual([
      ['reassigned', 1, 1],
      ['augmented', 1, 2]
    ]);
    expect(first.warnings[0].message).toMatch(
      /assigned again at cell 2, line 1/
    );
  });

  it('warns when a name is rebound by a loop, del, with or def', () => {
    const c = one(
      candidates(
        'n = 3',
        'for n in range(2): pass',
        'del n',
        'with f() as n: pass',
        'def n(): pass'
      ),
      'n'
    );
    expect(c.warnings.map(w => w.code)).toEqual([
      'rebound',
      'rebound',
      'rebound',
      'rebound'
    ]);
  });

  it('warns when a function reads the value or rebinds it through global', () => {
    const c = one(
      candidates(
        'lr = 0.1',
        'def train(x, lr2=lr):\n    return x * lr\n\ndef other(lr):\n    return lr\n\ndef tune():\n    global lr\n    lr = 0.5\n\nf = lambda: lr'
      ),
      'lr'
    );
    expect(c.warnings.map(w => [w.code, w.line])).toEqual([
      ['read-in-function', 2],
      ['rebound-in-function', 9],
      ['read-in-function', 11]
    ]);
    expect(c.warnings[0].message).toMatch(/function train/);
  });

  it('does not count a keyword name inside a function as a read', () => {
    const c = one(
      candidates('epochs = 3', 'def f(m):\n    m.fit(epochs=1)'),
      'epochs'
    );
    expect(c.warnings).toEqual([]);
  });
});

describe('findParams: keyword arguments', () => {
  it('keys them by callee and keyword, with _2 for repeats', () => {
    const list = candidates(
      'X_tr, X_te = train_test_split(X, y, test_size=0.2, random_state=42)',
      'model.fit(X, epochs=10)\nmodel.fit(X, epochs=20)\nsklearn.model_selection.train_test_split(X, random_state=0)'
    );
    expect(list.map(c => [c.key, c.value])).toEqual([
      ['train_test_split.test_size', float(0.2)],
      ['train_test_split.random_state', int('42')],
      ['fit.epochs', int('10')],
      ['fit.epochs_2', int('20')],
      ['train_test_split.random_state_2', int('0')]
    ]);
    expect(list.every(c => c.kind === 'keyword' && c.skip === null)).toBe(true);
    expect(list[2].callee).toBe('fit');
  });

  it('finds calls nested in expressions and blocks, not in function bodies', () => {
    const list = candidates(
      'clf = Pipeline([("m", RandomForestClassifier(n_estimators=100))])\nfor s in seeds:\n    run(depth=3)\ndef f():\n    g(k=1)\nh = lambda: g(j=2)'
    );
    expect(list.map(c => c.key)).toEqual([
      'RandomForestClassifier.n_estimators',
      'run.depth'
    ]);
  });

  it('deny-lists presentation and mechanics keywords, keeping a key', () => {
    const list = candidates(
      'plt.figure(figsize=(10, 5))\ndf.drop("a", axis=1, inplace=True)\nprint(x, end="")\nax.plot(x, lr=0.1)\nsgd.step(color="red", lr=0.1)'
    );
    const denied = list.filter(c => c.skip?.code === 'deny-list');
    expect(denied.map(c => c.key)).toEqual([
      'figure.figsize',
      'drop.axis',
      'drop.inplace',
      'print.end',
      'plot.lr',
      'step.color'
    ]);
    expect(denied[0].skip?.message).toMatch(/figsize=: plot/);
    expect(denied[4].skip?.message).toMatch(/lr=: plot call/);
    expect(list.filter(c => c.skip === null).map(c => c.key)).toEqual([
      'step.lr'
    ]);
  });

  it('lists non-literal keyword values that look like literals, and ignores plain code', () => {
    const list = candidates('f(a=1 if b else 2, c=g(1), d=x, e=f"{x}")');
    expect(list.map(c => [c.name, c.skip?.code])).toEqual([
      ['a', 'conditional'],
      ['e', 'f-string']
    ]);
  });

  it('names the callee `call` when it is not a name or attribute', () => {
    expect(candidates('make()(n=3)')[0].key).toBe('call.n');
  });
});

describe('findParams: the parameters cell', () => {
  it('comes first, and its assignment wins over an earlier one', () => {
    const list = candidates('lr = 0.5\nfit(epochs=1)', {
      source: 'lr = 0.1\nfit(epochs=2)',
      tags: ['parameters']
    });
    expect(list.map(c => [c.cellIndex, c.key, c.skip?.code ?? null])).toEqual([
      [1, 'lr', null],
      [1, 'fit.epochs', null],
      [0, null, 'reassigned'],
      [0, 'fit.epochs_2', null]
    ]);
    expect(list[0].parametersCell).toBe(true);
    expect(list[0].warnings[0].message).toMatch(/also assigned earlier/);
  });
});

describe('findParams: IPython syntax', () => {
  it('finds values behind %time and in %%time / %%capture bodies', () => {
    const src = '%time lr = 0.01\n';
    const c = one(
      candidates(src, '%%time\nepochs = 3', '%%capture out\nbatch = 32'),
      'lr'
    );
    expect(c.skip).toBeNull();
    expect(src.slice(c.span[0], c.span[1])).toBe('0.01');
    expect(c.column).toBe(11);
    expect(one(candidates('%%time\nepochs = 3'), 'epochs').line).toBe(2);
    expect(
      one(candidates('%%capture out\nbatch = 32'), 'batch').skip
    ).toBeNull();
  });

  it('skips %timeit, which drops its bindings', () => {
    const c = one(candidates('%timeit x = 1'), 'x');
    expect(c.skip?.code).toBe('magic');
  });

  it('does not list the placeholders the masker writes for IPython values', () => {
    expect(candidates('x = !ls\ny = %pwd', '%%capture out\nprint(1)')).toEqual(
      []
    );
  });

  it('ignores shell and non-Python cell magics', () => {
    expect(
      candidates('!pip install x==1\n%matplotlib inline\ny = 2')
    ).toHaveLength(1);
    expect(candidates('%%bash\nx=1\necho $x')).toEqual([]);
    expect(candidates('%%writefile a.py\nx = 1')).toEqual([]);
  });
});

describe('findParams: positions', () => {
  it('gives spans in the original source, in UTF-16 units', () => {
    const src =
      '# 😀 é\r\nname = "ü😀"  # c\r\nrate = 5.\r\n\tfit(k=(1,\r\n 2))'.replace(
        '\tfit',
        'fit'
      );
    const list = candidates(src);
    for (const c of list) {
      expect(src.slice(c.span[0], c.span[1])).toBe(c.text);
    }
    expect(list.map(c => [c.name, c.text, c.line, c.column])).toEqual([
      ['name', '"ü😀"', 2, 7],
      ['rate', '5.', 3, 7],
      ['k', '(1,\r\n 2)', 4, 6]
    ]);
  });

  it('reports the cell id and index', () => {
    const c = candidates('md:# Title', { source: 'x = 1', id: 'abc' })[0];
    expect([c.cellId, c.cellIndex]).toEqual(['abc', 1]);
  });
});

describe('findParams: bad input', () => {
  it('skips the values of a cell that does not parse, with a note', () => {
    const r = findParams(notebook(['x = 1\ny = (', 'z = 0755', 'w = 2']));
    expect(r.candidates.map(c => [c.name, c.skip?.code ?? null])).toEqual([
      ['x', 'syntax-error'],
      ['y', 'syntax-error'],
      ['z', 'syntax-error'],
      ['w', null]
    ]);
    expect(r.notes.map(n => n.cellId)).toEqual(['c0', 'c1']);
  });

  it('extracts nothing from a notebook in another language', () => {
    const r = findParams(notebook(['x <- 1'], 'r'));
    expect(r.candidates).toEqual([]);
    expect(r.notes[0].message).toMatch(/not Python/);
  });

  it('ignores markdown and raw cells', () => {
    expect(candidates('md:x = 1', { source: 'y = 2', type: 'raw' })).toEqual(
      []
    );
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const c = one(candidates(`x = ${'['.repeat(500)}${']'.repeat(500)}`), 'x');
    expect(c.skip?.code === 'too-deep' || c.skip?.code === 'syntax-error').toBe(
      true
    );
  });
});
