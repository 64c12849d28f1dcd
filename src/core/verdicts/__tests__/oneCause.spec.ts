/**
 * One changed value gives one finding, naming only what changed (issue 18, item 4): a cell
 * edited and re-run makes the cells that read it `stale`, not also `hidden-state` (edited),
 * and names only the names whose binding changed, not those re-bound to the same literal.
 */
import { isLiteral, literalBinding } from '../sameLiteral';
import { kindsOn, only, Sim } from './sim';

const DATA = 'path = "data/m.csv"\nvalues = [3.0, 1.5]\nthreshold = 2.0';
const READER = 'selected = [v for v in values if v > threshold]\nprint(path)';

describe('one changed value', () => {
  it('edited and re-run: one stale finding naming the one changed name', () => {
    const sim = new Sim([DATA, READER]).runAll();
    sim.edit('c1', DATA.replace('2.0', '2.5')).run('c1');
    const r = sim.analyze();
    expect(kindsOn(r, 'c2')).toEqual(['stale']);
    const f = only(r, 'stale', 'c2');
    expect(f.names).toEqual(['threshold']);
    expect(f.message).toBe(
      'Cell 1 above changed `threshold` after this cell ran: its output is out of date.'
    );
    expect(f.rerun).toEqual(['c2']);
  });

  it('with the kernel companion saying every binding moved (new objects), still the one name', () => {
    const sim = new Sim([DATA, READER]).runAll();
    sim.edit('c1', DATA.replace('2.0', '2.5')).run('c1');
    sim.rebindLast({
      added: [],
      changed: ['path', 'threshold', 'values'],
      deleted: []
    });
    const r = sim.analyze();
    expect(kindsOn(r, 'c2')).toEqual(['stale']);
    expect(only(r, 'stale', 'c2').names).toEqual(['threshold']);
  });

  it('edited but not re-run: hidden-state (edited) alone, naming the edited binding', () => {
    const sim = new Sim([DATA, READER]).runAll();
    sim.edit('c1', DATA.replace('2.0', '2.5'));
    const r = sim.analyze();
    expect(kindsOn(r, 'c2')).toEqual(['hidden-state:edited']);
    const f = only(r, 'hidden-state', 'c2');
    expect(f.names).toEqual(['threshold']);
    expect(f.message).toBe(
      'Read `threshold` from cell 1, edited since it ran: the value came from code no longer in the notebook.'
    );
  });

  it('re-run with the same source: every name it binds counts (the user re-ran it)', () => {
    const sim = new Sim([DATA, READER]).runAll();
    sim.run('c1');
    expect(only(sim.analyze(), 'stale', 'c2').names).toEqual([
      'path',
      'threshold',
      'values'
    ]);
  });

  it('edited and re-run: a name bound by an expression that is not a literal still counts', () => {
    const sim = new Sim([
      'import random\nseed = random.random()\nk = 3',
      'print(seed, k)'
    ]).runAll();
    sim.edit('c1', 'import random\nseed = random.random()\nk = 4').run('c1');
    expect(only(sim.analyze(), 'stale', 'c2').names).toEqual(['k', 'seed']);
  });

  it('a literal re-bound after the reader mutated it is still stale (the reset undoes it)', () => {
    const sim = new Sim([
      'lst = [1]\nn = 1',
      'lst.append(2)\nprint(lst)'
    ]).runAll();
    sim.edit('c1', 'lst = [1]\nn = 2').run('c1');
    expect(only(sim.analyze(), 'stale', 'c2').names).toEqual(['lst']);
  });

  it('a literal read through a cell that mutated it in between is still stale', () => {
    const sim = new Sim([
      'lst = [1]\nn = 1',
      'lst.append(2)',
      'print(lst)'
    ]).runAll();
    sim.edit('c1', 'lst = [1]\nn = 2').run('c1');
    expect(kindsOn(sim.analyze(), 'c3')).toContain('stale');
  });
});

describe('literalBinding', () => {
  it.each([
    ['x = 1', '1'],
    ['x = -1.5e3j  # note', '-1.5e3j  # note'],
    [
      "x = {'a': (1, 2), 'b': [None, True]}",
      "{'a': (1, 2), 'b': [None, True]}"
    ],
    ['y = 2\nx = 0x1F', '0x1F']
  ])('%j binds x to a literal', (source, literal) => {
    expect(literalBinding(source, 'x')).toBe(literal);
  });

  it.each([
    'x = y',
    'x = f(1)',
    'x = 1\nx += 1',
    'x = 1\nprint(x)',
    'x = [1] * n',
    "x = f'{y}'",
    'x = "a\\"b"',
    '  x = 1',
    'x == 1',
    'x, y = 1, 2',
    'x = abc',
    'x = e',
    'x = S',
    'x = N'
  ])('%j is not a sure literal binding of x', source => {
    expect(literalBinding(source, 'x')).toBeNull();
  });

  it('a name with non-ASCII letters', () => {
    expect(literalBinding('größe = 3\ngröße2 = n', 'größe')).toBe('3');
    expect(isLiteral('')).toBe(false);
  });
});
