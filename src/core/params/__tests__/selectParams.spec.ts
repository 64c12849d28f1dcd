import { globToRegExp, selectParams } from '../selectParams';
import { candidates } from './helpers';

describe('globToRegExp', () => {
  it.each([
    ['lr', 'lr', true],
    ['lr', 'lr2', false],
    ['*', 'fit.epochs', true],
    ['fit.*', 'fit.epochs', true],
    ['fit.*', 'fitXepochs', false],
    ['?r', 'lr', true],
    ['[lx]r', 'xr', true],
    ['[!lx]r', 'lr', false],
    ['a+b(c)', 'a+b(c)', true],
    ['[', '[', true]
  ])('%s matches %s: %p', (glob, key, ok) => {
    expect(globToRegExp(glob).test(key)).toBe(ok);
  });
});

describe('selectParams', () => {
  const list = candidates(
    'lr = 0.1\nseed = 1\nfit(epochs=3, verbose=0)\nx = 2**3'
  );

  it('excludes by key or group.key', () => {
    const out = selectParams(list, { exclude: ['seed', 'training.fit.*'] });
    expect(out.map(c => [c.name, c.skip?.code ?? null])).toEqual([
      ['lr', null],
      ['seed', 'excluded'],
      ['epochs', 'excluded'],
      ['verbose', 'deny-list'],
      ['x', 'arithmetic']
    ]);
  });

  it('includes only matches, and brings back a deny-listed keyword named exactly', () => {
    const out = selectParams(list, { include: ['l*', 'fit.verbose'] });
    expect(out.map(c => [c.name, c.skip?.code ?? null])).toEqual([
      ['lr', null],
      ['seed', 'excluded'],
      ['epochs', 'excluded'],
      ['verbose', null],
      ['x', 'arithmetic']
    ]);
  });

  it('does not bring back deny-listed keywords through a wildcard', () => {
    const out = selectParams(list, { include: ['*'] });
    expect(out.find(c => c.name === 'verbose')?.skip?.code).toBe('deny-list');
  });

  it('changes nothing without patterns', () => {
    expect(selectParams(list, {})).toEqual(list);
  });
});
