/**
 * Verdicts with an execution record: one scenario per verdict, each with a positive case
 * and a near-miss that must stay silent. Records are built with `appendRun` the way the
 * lab recorder builds them (see sim.ts).
 */
import { kindsOn, ofKind, only, Sim } from './sim';

describe('a clean top-to-bottom run', () => {
  it('reports nothing and is linear', () => {
    const sim = new Sim(['x = 1', 'y = x + 1', 'print(y)']).runAll();
    const r = sim.analyze();
    expect(r.findings).toEqual([]);
    expect(r.linear).toBe(true);
    expect(r.recorded).toBe(true);
  });
});

describe('unexecuted and skipped', () => {
  it('a cell not run in this session is unexecuted; below the last run cell it stays linear', () => {
    const sim = new Sim(['x = 1', 'y = x', 'print(y)']).run('c1', 'c2');
    const r = sim.analyze();
    expect(kindsOn(r, 'c3')).toEqual(['unexecuted']);
    expect(only(r, 'unexecuted', 'c3')).toMatchObject({
      severity: 'info',
      cell: { id: 'c3', index: 2 },
      rerun: ['c3']
    });
    expect(r.linear).toBe(true);
  });

  it('an unexecuted cell above one that ran and reads what it binds is skipped, and the notebook is not linear', () => {
    const sim = new Sim(['x = 1', 'z = 2', 'print(x, z)']).run('c1', 'c3');
    const r = sim.analyze();
    expect(kindsOn(r, 'c2')).toEqual(['skipped']);
    expect(only(r, 'skipped', 'c2').severity).toBe('warning');
    expect(only(r, 'skipped', 'c2').message).toContain('a cell below it ran');
    expect(r.linear).toBe(false);
  });

  it('a skipped cell that nothing run below reads is info, and the notebook stays linear', () => {
    const sim = new Sim(['x = 1', 'z = 2', 'print(x)']).run('c1', 'c3');
    const r = sim.analyze();
    expect(only(r, 'skipped', 'c2').severity).toBe('info');
    expect(r.linear).toBe(true);
  });

  it('blank code cells and markdown cells are never unexecuted', () => {
    const sim = new Sim(['x = 1', '   \n', 'print(x)']);
    sim.insert(1, '# Title', 'markdown');
    sim.run('c1', 'c3');
    const r = sim.analyze();
    expect(r.findings).toEqual([]);
    expect(r.linear).toBe(true);
  });

  it('after a restart every cell is unexecuted again, whatever ran before', () => {
    const sim = new Sim(['x = 1', 'print(x)']).runAll().restart('kernel-2');
    const r = sim.analyze();
    expect(ofKind(r, 'unexecuted').map(f => f.cell?.id)).toEqual(['c1', 'c2']);
  });
});

describe('out-of-order', () => {
  it('a cell that read a value written by a cell below it', () => {
    const sim = new Sim(['x = 0', 'print(x)', 'x = 10']).run('c1', 'c3', 'c2');
    const f = only(sim.analyze(), 'out-of-order', 'c2');
    expect(f.names).toEqual(['x']);
    expect(f.related).toEqual([{ id: 'c3', index: 2 }]);
    // Re-run the nearest writer above, then the cell.
    expect(f.rerun).toEqual(['c1', 'c2']);
    expect(f.message).toContain('cell 3');
  });

  it('has an empty re-run set when no cell above writes the name', () => {
    const sim = new Sim(['print(x)', 'x = 10']).run('c2', 'c1');
    expect(only(sim.analyze(), 'out-of-order', 'c1').rerun).toEqual([]);
  });

  it('is silent when the value came from above', () => {
    const sim = new Sim(['x = 0', 'print(x)', 'x = 10']).run('c1', 'c2', 'c3');
    expect(ofKind(sim.analyze(), 'out-of-order')).toEqual([]);
  });
});

describe('edited', () => {
  it('the source changed since its last run', () => {
    const sim = new Sim(['x = 1', 'print(x)']).runAll().edit('c1', 'x = 2');
    const r = sim.analyze();
    expect(only(r, 'edited', 'c1')).toMatchObject({
      severity: 'warning',
      rerun: ['c1']
    });
    expect(r.linear).toBe(false);
  });

  it('ignores trailing whitespace on lines and at the end', () => {
    const sim = new Sim(['x = 1\ny = 2'])
      .runAll()
      .edit('c1', 'x = 1   \ny = 2\n\n');
    expect(ofKind(sim.analyze(), 'edited')).toEqual([]);
  });

  it('is cleared by running the new source', () => {
    const sim = new Sim(['x = 1']).runAll().edit('c1', 'x = 2').run('c1');
    expect(ofKind(sim.analyze(), 'edited')).toEqual([]);
  });
});

describe('stale', () => {
  it('a cell above rebound a name after this cell read it', () => {
    const sim = new Sim(['x = 1', 'y = x * 2'])
      .runAll()
      .edit('c1', 'x = 5')
      .run('c1');
    const f = only(sim.analyze(), 'stale', 'c2');
    expect(f).toMatchObject({
      severity: 'warning',
      names: ['x'],
      related: [{ id: 'c1', index: 0 }],
      rerun: ['c2']
    });
    expect(f.message).toMatch(/^Cell 1 above changed `x`/);
  });

  it('an in-place mutation by a cell above counts as a write', () => {
    const sim = new Sim(['lst = [1]', 'lst.append(2)', 'print(len(lst))']).run(
      'c1',
      'c3',
      'c2'
    );
    expect(only(sim.analyze(), 'stale', 'c3').names).toEqual(['lst']);
  });

  it('a write by a cell below does not make it stale (in-order semantics)', () => {
    const sim = new Sim(['x = 1', 'y = x * 2', 'x = 7']).runAll();
    expect(ofKind(sim.analyze(), 'stale')).toEqual([]);
  });

  it('re-running the cell itself clears it', () => {
    const sim = new Sim(['x = 1', 'y = x * 2']).runAll().run('c1', 'c2');
    expect(ofKind(sim.analyze(), 'stale')).toEqual([]);
  });

  it('a loop that may not run only "may have" changed the name', () => {
    const sim = new Sim(['x = 1', 'for i in range(n):\n    x = i', 'print(x)']);
    sim.insert(0, 'n = 0');
    sim.run('c4', 'c1', 'c3', 'c2');
    const f = only(sim.analyze(), 'stale', 'c3');
    expect(f.message).toContain('may have changed');
  });
});

describe('unsafe', () => {
  it('a value derived from a stale cell is unsafe, transitively, with the chain to re-run', () => {
    const sim = new Sim(['x = 1', 'y = x + 1', 'z = y * 2', 'print(z)'])
      .runAll()
      .edit('c1', 'x = 2')
      .run('c1');
    const r = sim.analyze();
    expect(only(r, 'stale', 'c2').names).toEqual(['x']);
    const c3 = only(r, 'unsafe', 'c3');
    expect(c3).toMatchObject({
      names: ['y'],
      related: [{ id: 'c2', index: 1 }],
      rerun: ['c2', 'c3']
    });
    expect(c3.message).toMatch(
      /^Read `y` from cell 2, computed from a value that changed/
    );
    expect(only(r, 'unsafe', 'c4').rerun).toEqual(['c2', 'c3', 'c4']);
  });

  it('a value from a fresh cell is not unsafe', () => {
    const sim = new Sim(['x = 1', 'y = x + 1', 'z = y * 2'])
      .runAll()
      .run('c1', 'c2');
    // c3 read y from c2's old run: that is stale (c2 above rewrote y), not unsafe.
    const r = sim.analyze();
    expect(ofKind(r, 'unsafe')).toEqual([]);
    expect(only(r, 'stale', 'c3').names).toEqual(['y']);
  });
});

describe('hidden-state', () => {
  it('deleted: the writer cell is gone', () => {
    const sim = new Sim(['x = 1', 'print(x)']).runAll().delete('c1');
    const r = sim.analyze();
    const f = only(r, 'hidden-state', 'c2');
    expect(f).toMatchObject({
      reason: 'deleted',
      names: ['x'],
      related: [{ id: 'c1', index: null }]
    });
    // No cell left can bind x: re-running cannot fix it, a restart shows the failure.
    expect(f.rerun).toEqual([]);
    expect(only(r, 'rra-undefined', 'c2').names).toEqual(['x']);
  });

  it('deleted, with another writer above: re-run that one first', () => {
    const sim = new Sim(['x = 0', 'x = 1', 'print(x)']).runAll().delete('c2');
    expect(only(sim.analyze(), 'hidden-state', 'c3').rerun).toEqual([
      'c1',
      'c3'
    ]);
  });

  it('edited: the writer cell changed since the run whose value was read', () => {
    const sim = new Sim(['x = 1', 'print(x)']).runAll().edit('c1', 'x = 2');
    const f = only(sim.analyze(), 'hidden-state', 'c2');
    expect(f).toMatchObject({
      reason: 'edited',
      related: [{ id: 'c1', index: 0 }],
      rerun: ['c1', 'c2']
    });
  });

  it('re-run: `x += 1` run twice; the re-run set starts at the cell that resets x', () => {
    const sim = new Sim(['x = 0', 'x += 1']).runAll().run('c2');
    const f = only(sim.analyze(), 'hidden-state', 'c2');
    expect(f).toMatchObject({
      reason: 're-run',
      names: ['x'],
      rerun: ['c1', 'c2']
    });
    expect(f.message).toContain('re-run from cell 1');
  });

  it('re-run: `lst.pop()` run twice, with a mutating cell in between kept in the chain', () => {
    const sim = new Sim(['lst = [1, 2, 3]', 'lst.append(4)', 'lst.pop()'])
      .runAll()
      .run('c3');
    expect(only(sim.analyze(), 'hidden-state', 'c3').rerun).toEqual([
      'c1',
      'c2',
      'c3'
    ]);
  });

  it('re-run with nothing above to reset it: only a restart helps', () => {
    const sim = new Sim(['try:\n    k += 1\nexcept NameError:\n    k = 0']).run(
      'c1',
      'c1'
    );
    const f = only(sim.analyze(), 'hidden-state', 'c1');
    expect(f.rerun).toEqual([]);
    expect(f.message).toContain('restart');
  });

  it('a cell run once is not re-run hidden state', () => {
    const sim = new Sim(['x = 0', 'x += 1']).runAll();
    expect(ofKind(sim.analyze(), 'hidden-state')).toEqual([]);
  });

  it('previous-session: a name only an earlier session bound, read without error', () => {
    const sim = new Sim(['x = 1', 'print(x)'])
      .run('c1')
      .restart('kernel-1')
      .run('c2');
    const f = only(sim.analyze(), 'hidden-state', 'c2');
    expect(f).toMatchObject({
      reason: 'previous-session',
      names: ['x'],
      rerun: ['c1', 'c2']
    });
    expect(f.message).toMatch(/may come from a previous kernel session/);
  });

  it('previous-session is not claimed when the read failed', () => {
    const sim = new Sim(['x = 1', 'print(x)'])
      .run('c1')
      .restart()
      .runWith('c2', { status: 'error' });
    const r = sim.analyze();
    expect(ofKind(r, 'hidden-state')).toEqual([]);
    expect(only(r, 'errored', 'c2').severity).toBe('error');
  });
});

describe('shadowed', () => {
  it('a cell inserted in between writes the name and never ran', () => {
    const sim = new Sim(['x = 1', 'print(x)']).runAll();
    const b = sim.insert(1, 'x = 2');
    const r = sim.analyze();
    const f = only(r, 'shadowed', 'c2');
    expect(f).toMatchObject({ names: ['x'], rerun: [b, 'c2'] });
    expect(f.related).toEqual([
      { id: 'c1', index: 0 },
      { id: b, index: 1 }
    ]);
    expect(kindsOn(r, b)).toEqual(['skipped']);
  });

  it('a move puts another writer nearest', () => {
    const sim = new Sim(['x = 1', 'x = 2', 'print(x)']).runAll().move('c1', 1);
    expect(
      only(sim.analyze(), 'shadowed', 'c3').related.map(r => r.id)
    ).toEqual(['c2', 'c1']);
  });

  it('an inserted cell that writes other names does not shadow', () => {
    const sim = new Sim(['x = 1', 'print(x)']).runAll();
    sim.insert(1, 'y = 2');
    expect(ofKind(sim.analyze(), 'shadowed')).toEqual([]);
  });
});

describe('errored', () => {
  it('the last run raised', () => {
    const sim = new Sim(['1 / 0']).runWith('c1', { status: 'error' });
    const r = sim.analyze();
    expect(only(r, 'errored', 'c1').message).toContain('Run All stops here');
    expect(r.linear).toBe(false);
  });

  it('a later successful run clears it', () => {
    const sim = new Sim(['x = 1']).runWith('c1', { status: 'error' }).run('c1');
    expect(ofKind(sim.analyze(), 'errored')).toEqual([]);
  });
});

describe('kernel re-binding facts (IRun.rebound)', () => {
  const same = { added: [], changed: [], deleted: [] };

  it('an identical re-binding (re-import) is not a new value', () => {
    const sim = new Sim(['import numpy as np', 'print(np.pi)'])
      .runAll()
      .runWith('c1', { rebound: same });
    expect(ofKind(sim.analyze(), 'stale')).toEqual([]);
  });

  it('without the kernel facts the same re-import looks like a new value', () => {
    const sim = new Sim(['import numpy as np', 'print(np.pi)'])
      .runAll()
      .run('c1');
    expect(only(sim.analyze(), 'stale', 'c2').names).toEqual(['np']);
  });

  it('a loop that ran zero times binds nothing', () => {
    const sim = new Sim(['x = 1', 'for x in []:\n    pass', 'print(x)'])
      .run('c1')
      .runWith('c2', { rebound: same })
      .run('c3');
    const r = sim.analyze();
    expect(ofKind(r, 'stale')).toEqual([]);
    expect(ofKind(r, 'shadowed')).toEqual([]);
  });

  it('a reported change is a new value', () => {
    const sim = new Sim(['x = 1', 'print(x)'])
      .runAll()
      .runWith('c1', { rebound: { added: [], changed: ['x'], deleted: [] } });
    expect(only(sim.analyze(), 'stale', 'c2').names).toEqual(['x']);
  });
});

describe('cell identity through JupyterLab edits', () => {
  it('cut + paste in place keeps the history through renameCell', () => {
    const sim = new Sim(['x = 1', 'print(x)']).runAll();
    const pasted = sim.cutPaste('c1', 0);
    const r = sim.analyze();
    expect(r.findings).toEqual([]);
    expect(pasted).not.toBe('c1');
  });

  it('cut + paste below the reader makes the read out of order', () => {
    const sim = new Sim(['x = 1', 'print(x)']).runAll();
    const pasted = sim.cutPaste('c1', 1);
    const r = sim.analyze();
    expect(only(r, 'out-of-order', 'c2').related).toEqual([
      { id: pasted, index: 1 }
    ]);
    expect(only(r, 'rra-undefined', 'c2').names).toEqual(['x']);
  });
});

describe('linear', () => {
  it('is false for any breaking finding on an executed cell', () => {
    const sim = new Sim(['x = 1', 'print(x)']).runAll().edit('c1', 'x = 3');
    expect(sim.analyze().linear).toBe(false);
  });

  it('ignores findings on cells that did not run (they are run in order by Run All)', () => {
    const sim = new Sim(['x = 1', 'print(undefined_name)']).run('c1');
    const r = sim.analyze();
    expect(only(r, 'rra-undefined', 'c2')).toBeDefined();
    expect(r.linear).toBe(true);
  });

  it('orders findings by cell index, then by kind', () => {
    const sim = new Sim(['print(a)', 'x = 1', 'print(x)', 'y = 2']).run(
      'c2',
      'c4',
      'c1'
    );
    const r = sim.analyze();
    const order = r.findings.map(f => [f.cell?.index ?? null, f.kind]);
    expect(order).toEqual([
      [null, 'count-order'],
      [0, 'rra-undefined'],
      [2, 'skipped']
    ]);
  });
});

describe('non-Python notebooks', () => {
  it('only language-independent verdicts run', () => {
    const sim = new Sim(['x <- 1', 'print(y)', 'z <- 2']);
    sim.language = 'r';
    sim.kernelName = 'ir';
    sim.run('c1', 'c3').edit('c1', 'x <- 2');
    const r = sim.analyze();
    expect(r.findings.map(f => [f.cell?.id ?? null, f.kind])).toEqual([
      [null, 'language-not-supported'],
      ['c1', 'edited'],
      ['c2', 'skipped']
    ]);
  });
});
