/**
 * The fact refinements of issue 17: constant folding of conditions, literal-keyed element
 * reads and writes, and state advanced through calls. Each with a near miss.
 */
import { cellFacts } from '../cellFacts';

describe('constant folding', () => {
  it('drops a dead branch from reads and bindings', () => {
    const f = cellFacts('if False:\n    x = y\nprint(1)');
    expect(f.reads).toEqual(['print']);
    expect(f.maybeDefs).toEqual([]);
  });

  it('a constant-true test without else binds definitely and skips later clauses', () => {
    const f = cellFacts('if 2 > 1:\n    x = 1\nelif z:\n    x = w');
    expect(f.defs).toEqual(['x']);
    expect(f.reads).toEqual([]);
  });

  it('a false test runs the else branch definitely', () => {
    const f = cellFacts('if not True:\n    x = a\nelse:\n    x = 2');
    expect(f.defs).toEqual(['x']);
    expect(f.reads).toEqual([]);
  });

  it('folds names bound to a literal earlier in the cell, and assignment expressions', () => {
    expect(cellFacts('DEBUG = False\nif DEBUG:\n    print(t)').reads).toEqual(
      []
    );
    const f = cellFacts('if (n := 3) > 5:\n    x = y\nelse:\n    x = 2');
    expect(f.reads).toEqual([]);
    expect(f.defs).toEqual(['n', 'x']);
    expect(f.constants).toEqual({ n: 3 }); // `x` is bound in a branch
  });

  it('folds `and`/`or` with one unknown side when the other decides', () => {
    expect(cellFacts('if flag and False:\n    print(t)').reads).toEqual([
      'flag'
    ]);
    expect(cellFacts('if flag or True:\n    x = 1').defs).toEqual(['x']);
  });

  it('does not fold a name rebound in a loop, nor inside a function, nor a computed value', () => {
    expect(
      cellFacts(
        'f = False\nfor i in r:\n    if f:\n        print(t)\n    f = True'
      ).reads
    ).toContain('t');
    expect(
      cellFacts('D = False\ndef g():\n    if D:\n        return t').functions.g
        .reads
    ).toContain('t');
    expect(cellFacts('d = len(s) > 1\nif d:\n    print(t)').reads).toContain(
      't'
    );
  });

  it('reports free condition names, and folds them with constants from cells above', () => {
    const src = 'if DEBUG:\n    y = q';
    expect(cellFacts(src).conditionNames).toEqual(['DEBUG']);
    expect(cellFacts(src).maybeDefs).toEqual(['y']);
    const folded = cellFacts(src, new Map([['DEBUG', false]]));
    expect(folded.reads).toEqual(['DEBUG']);
    expect(folded.maybeDefs).toEqual([]);
  });

  it('`while False:` never runs its body; its else always runs', () => {
    const f = cellFacts('while False:\n    w = a\nelse:\n    v = 2');
    expect(f.reads).toEqual([]);
    expect(f.defs).toEqual(['v']);
  });

  it('`__name__` is "__main__" in a notebook', () => {
    expect(cellFacts('if __name__ != "__main__":\n    print(t)').reads).toEqual(
      ['__name__']
    );
  });
});

describe('element-level reads and writes', () => {
  it('records literal keys of reads and writes', () => {
    const f = cellFacts('cfg["lr"] = 0.1\nprint(cfg["epochs"], xs[0])');
    expect(f.elementWrites).toEqual({ cfg: ['s:lr'] });
    // Storing into `cfg` loads it (key "") but reads no element.
    expect(f.elementReads).toEqual({ cfg: ['', 's:epochs'], xs: ['n:0'] });
  });

  it('any whole use of the name drops it', () => {
    const f = cellFacts(
      'cfg["lr"] = 0.1\ncfg.update(a=1)\nprint(cfg, ys[i], zs[-1])'
    );
    expect(f.elementWrites).toBeUndefined();
    expect(f.elementReads).toBeUndefined();
  });

  it('an augmented element assignment reads and writes that element', () => {
    const f = cellFacts('df["b"] += 1');
    expect(f.elementReads).toEqual({ df: ['s:b'] });
    expect(f.elementWrites).toEqual({ df: ['s:b'] });
  });
});

describe('state advanced through calls', () => {
  it('next(), random draws and loops over a name', () => {
    const f = cellFacts(
      'a = next(g)\nb = rng.normal()\nfor p in pairs:\n    pass'
    );
    expect(f.mutations).toEqual(['g', 'rng']);
    expect(f.consumes).toEqual(['pairs']);
  });

  it('random draws on a module are not mutations of a name', () => {
    expect(
      cellFacts('import numpy as np\nv = np.random.normal()').mutations
    ).toEqual([]);
  });

  it('iterators, call results and stateful factories are recorded', () => {
    const f = cellFacts(
      [
        'def make():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n    return inc',
        'def gen():\n    yield 1',
        'def plain():\n    return 1',
        'class Acc:\n    def __call__(self):\n        return 1',
        'pairs = zip(a, b)',
        'c = make()',
        'e = (v for v in a)'
      ].join('\n')
    );
    expect(f.factories).toEqual(['Acc', 'gen', 'make']);
    expect(f.iterators).toEqual(['e', 'pairs']);
    expect(f.boundByCall).toEqual({ c: 'make' });
    expect(f.functions.plain.stateful).toBeUndefined();
  });
});
