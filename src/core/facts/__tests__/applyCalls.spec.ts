import type { IFunctionFacts } from '../../types';
import { applyCalls } from '../applyCalls';
import { cellFacts } from '../cellFacts';

/** Functions as a cell above would define them. */
function table(src: string): Map<string, IFunctionFacts> {
  return new Map(Object.entries(cellFacts(src).functions));
}

describe('applyCalls', () => {
  const above = table(
    [
      'def load():',
      '    return read(path)',
      'def bump():',
      '    global counter',
      '    counter += 1',
      'def add(lst, item):',
      '    lst.append(item)',
      'def log(x):',
      '    history.append(x)',
      'def outer(v):',
      '    add(registry, v)',
      '    return load()',
      'def loop():',
      '    return loop()'
    ].join('\n')
  );

  it("adds a called function's global reads", () => {
    const eff = applyCalls(cellFacts('data = load()'), above);
    expect(eff.reads).toEqual(['load', 'path', 'read']);
    expect(eff.defs).toEqual(['data']);
  });

  it('adds global writes to the defs', () => {
    expect(applyCalls(cellFacts('bump()'), above).defs).toEqual(['counter']);
  });

  it('maps mutated parameters to the arguments', () => {
    const eff = applyCalls(cellFacts('add(items, 3)'), above);
    expect(eff.mutations).toEqual(['items']);
    expect(eff.maybeMutations).toEqual([]);
  });

  it('a non-name argument at a mutated position mutates nothing', () => {
    expect(applyCalls(cellFacts('add(make(), 3)'), above).mutations).toEqual(
      []
    );
  });

  it('adds globals the function mutates', () => {
    expect(applyCalls(cellFacts('log(1)'), above).mutations).toEqual([
      'history'
    ]);
  });

  it('applies calls made by called functions', () => {
    const eff = applyCalls(cellFacts('outer(1)'), above);
    expect(eff.mutations).toEqual(['registry']);
    expect(eff.reads).toEqual(expect.arrayContaining(['path', 'read']));
  });

  it('stops on recursion', () => {
    expect(applyCalls(cellFacts('loop()'), above).reads).toEqual(['loop']);
  });

  it('a function defined in the cell wins over the table', () => {
    const eff = applyCalls(
      cellFacts('def load():\n    return other\nload()'),
      above
    );
    expect(eff.reads).toEqual(['other']);
  });

  it('a read the cell binds itself is not a read of the cell', () => {
    expect(
      applyCalls(cellFacts('path = "a"\nx = load()'), above).reads
    ).toEqual(['load', 'read']);
  });

  it('unknown callees change nothing; a lookup function works too', () => {
    const facts = cellFacts('x = mystery(a)');
    const eff = applyCalls(facts, () => undefined);
    expect(eff.reads).toEqual(facts.reads);
    expect(eff.maybeMutations).toEqual(['a']);
  });

  it('drops mutations of names known to be modules', () => {
    const facts = cellFacts('lib.append(1)\nlib2.head()');
    expect(facts.mutations).toEqual(['lib']);
    const eff = applyCalls(facts, above, new Set(['lib', 'lib2']));
    expect(eff.mutations).toEqual([]);
    expect(eff.maybeMutations).toEqual([]);
  });
});
