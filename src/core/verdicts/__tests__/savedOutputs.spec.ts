/**
 * What the user sees on cells that did not run in this session: doubtful saved outputs
 * (`stale`, never "linear" while one shows) and the cells Run All never reached (one finding).
 */
import { kindsOn, ofKind, only, Sim } from './sim';

const DEMO = [
  'vals = [1, 2, 3, 4]',
  'm = sum(vals) / len(vals)',
  'print(f"mean of {len(vals)} values: {m}")',
  'print("done")'
];

describe('doubtful saved outputs', () => {
  it('a saved output below a re-run writer whose code changed is stale, and the notebook is not linear', () => {
    const sim = new Sim(DEMO)
      .withOutputs()
      .runAll()
      .edit('c1', 'vals = [1, 2]')
      .restart('k2')
      .run('c1', 'c2');
    const r = sim.analyze();
    const f = only(r, 'stale', 'c3');
    expect(f.severity).toBe('warning');
    expect(f.names).toEqual(['m', 'vals']);
    expect(f.related).toEqual([
      { id: 'c1', index: 0 },
      { id: 'c2', index: 1 }
    ]);
    expect(f.message).toContain('saved before this kernel session');
    expect(f.rerun).toEqual(['c3']);
    expect(r.linear).toBe(false);
    // `print("done")` reads nothing that changed: only the "not run" hint.
    expect(kindsOn(r, 'c4')).toEqual(['unexecuted']);
  });

  it('names the cells in between that did not run and re-runs them first', () => {
    const sim = new Sim(DEMO)
      .withOutputs()
      .runAll()
      .edit('c1', 'vals = [1, 2]')
      .restart('k2')
      .run('c1');
    const f = only(sim.analyze(), 'stale', 'c3');
    expect(f.rerun).toEqual(['c2', 'c3']);
    expect(f.message).toContain('(in cell 2, not run either)');
  });

  it('the same code re-run after a restart leaves the saved output alone', () => {
    const sim = new Sim(DEMO)
      .withOutputs()
      .runAll()
      .restart('k2')
      .run('c1', 'c2');
    const r = sim.analyze();
    expect(ofKind(r, 'stale')).toEqual([]);
    expect(r.linear).toBe(true);
  });

  it('goes away when the cell runs, or when its output is cleared', () => {
    const sim = new Sim(DEMO)
      .withOutputs()
      .runAll()
      .edit('c1', 'vals = [1, 2]')
      .restart('k2')
      .run('c1', 'c2');
    expect(ofKind(sim.analyze(), 'stale')).toHaveLength(1);
    sim.cells[2].outputs = [];
    expect(ofKind(sim.analyze(), 'stale')).toEqual([]);
    sim.cells[2].outputs = [{ type: 'stream', text: 'old' }];
    sim.run('c3');
    expect(ofKind(sim.analyze(), 'stale')).toEqual([]);
  });
});

describe('Run All stopped at an error', () => {
  it('the cells it never reached are one finding, on the first of them', () => {
    const sim = new Sim(['x = 1', 'y = 1 / 0', 'a = 1', 'b = a', 'print(b)'])
      .run('c1')
      .runWith('c2', { status: 'error' });
    const r = sim.analyze();
    const list = ofKind(r, 'unexecuted');
    expect(list).toHaveLength(1);
    expect(list[0].cell?.id).toBe('c3');
    expect(list[0].related.map(c => c.id)).toEqual(['c4', 'c5']);
    expect(list[0].rerun).toEqual(['c3', 'c4', 'c5']);
    expect(list[0].message).toContain('Run All stopped at the error in cell 2');
    expect(only(r, 'errored', 'c2').severity).toBe('error');
  });

  it('the same from the saved file without a record (counts and the error output)', () => {
    const sim = new Sim(['x = 1', 'y = 1 / 0', 'a = 1', 'b = a'])
      .run('c1')
      .runWith('c2', { status: 'error' });
    const list = ofKind(sim.analyzeFile(), 'unexecuted');
    expect(list).toHaveLength(1);
    expect(list[0].cell?.id).toBe('c3');
  });

  it('once the error is fixed and the cell re-run, each cell below is its own hint again', () => {
    const sim = new Sim(['x = 1', 'y = 1 / 0', 'a = 1', 'b = a'])
      .run('c1')
      .runWith('c2', { status: 'error' })
      .edit('c2', 'y = 1')
      .run('c2');
    expect(ofKind(sim.analyze(), 'unexecuted').map(f => f.cell?.id)).toEqual([
      'c3',
      'c4'
    ]);
  });
});
