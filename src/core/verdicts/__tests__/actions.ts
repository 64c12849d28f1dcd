/**
 * Random notebook sessions for property tests: a pool of sources that exercises every
 * verdict, and the edits and runs a person makes in JupyterLab.
 */
import fc from 'fast-check';
import type { Sim } from './sim';

/** Sources that exercise every verdict: binds, re-binds, mutations, deletes, loops, calls. */
export const SOURCES = [
  'x = 1',
  'x = 2',
  'x += 1',
  'y = x * 2',
  'print(y)',
  'lst = [x]',
  'lst.append(y)',
  'lst.pop()',
  'del x',
  'for i in range(2):\n    z = i',
  'print(z, lst)',
  'def f():\n    return x + 1',
  'w = f()',
  'import math\nx = math.pi',
  'from os.path import *',
  '%run setup.py',
  'total = _ + 1',
  'x = (',
  '',
  'if x:\n    y = 1',
  'cfg = {"a": x, "b": 2}',
  'cfg["a"] = 3',
  'print(cfg["b"])',
  'it = iter(lst)',
  'print(next(it))',
  'DEBUG = False',
  'if DEBUG:\n    y = q'
];

/** What the kernel companion may report for a run (fewer entries than `rebound` values: often none). */
const REBINDINGS = [
  { added: [], changed: [], deleted: [] },
  { added: ['x'], changed: [], deleted: [] },
  { added: [], changed: ['x', 'y'], deleted: [] },
  { added: ['lst', 'z'], changed: [], deleted: ['x'] }
];

export type Action =
  | { a: 'run'; i: number; error: boolean; rebound: number }
  | { a: 'edit'; i: number; s: number }
  | { a: 'insert'; i: number; s: number }
  | { a: 'delete'; i: number }
  | { a: 'move'; i: number; j: number }
  | { a: 'cut'; i: number; j: number }
  | { a: 'rebind'; rebound: number }
  | { a: 'restart' }
  | { a: 'same' };

export const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      a: fc.constant('run' as const),
      i: fc.nat(),
      error: fc.boolean(),
      rebound: fc.nat(7)
    })
  },
  {
    weight: 2,
    arbitrary: fc.record({
      a: fc.constant('edit' as const),
      i: fc.nat(),
      s: fc.nat()
    })
  },
  {
    weight: 1,
    arbitrary: fc.record({
      a: fc.constant('insert' as const),
      i: fc.nat(),
      s: fc.nat()
    })
  },
  {
    weight: 1,
    arbitrary: fc.record({ a: fc.constant('delete' as const), i: fc.nat() })
  },
  {
    weight: 1,
    arbitrary: fc.record({
      a: fc.constant('move' as const),
      i: fc.nat(),
      j: fc.nat()
    })
  },
  {
    weight: 1,
    arbitrary: fc.record({
      a: fc.constant('cut' as const),
      i: fc.nat(),
      j: fc.nat()
    })
  },
  {
    weight: 2,
    arbitrary: fc.record({
      a: fc.constant('rebind' as const),
      rebound: fc.nat(3)
    })
  },
  { weight: 1, arbitrary: fc.record({ a: fc.constant('restart' as const) }) },
  { weight: 1, arbitrary: fc.record({ a: fc.constant('same' as const) }) }
);

export function apply(sim: Sim, act: Action): void {
  const n = sim.cells.length;
  const src = (s: number): string => SOURCES[s % SOURCES.length];
  switch (act.a) {
    case 'run':
      if (n > 0) {
        sim.runWith(sim.cells[act.i % n].id, {
          status: act.error ? 'error' : 'ok',
          ...(act.rebound < REBINDINGS.length
            ? { rebound: REBINDINGS[act.rebound] }
            : {})
        });
      }
      break;
    case 'edit':
      if (n > 0) {
        sim.edit(sim.cells[act.i % n].id, src(act.s));
      }
      break;
    case 'insert':
      sim.insert(act.i % (n + 1), src(act.s));
      break;
    case 'delete':
      if (n > 1) {
        sim.delete(sim.cells[act.i % n].id);
      }
      break;
    case 'move':
      if (n > 1) {
        sim.move(sim.cells[act.i % n].id, act.j % n);
      }
      break;
    case 'cut':
      if (n > 1) {
        sim.cutPaste(sim.cells[act.i % n].id, act.j % n);
      }
      break;
    case 'rebind':
      sim.rebindLast(REBINDINGS[act.rebound % REBINDINGS.length]);
      break;
    case 'restart':
      sim.restart();
      break;
    case 'same':
      break;
  }
}
