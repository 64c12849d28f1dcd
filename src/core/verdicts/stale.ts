/**
 * `stale`: after the cell's last run, a different cell positioned above it wrote (bound,
 * mutated or deleted) a name that run read. A later write by a cell below does not count
 * (in-order semantics).
 */
import type { ICellRef, IFinding } from '../types';
import type { IRunContext } from './context';
import { finding } from './finding';
import { cellSet, nameSet } from './messages';

/** Scratch bits over positions for {@link stale}, all zero between calls. */
let bits = new Uint32Array(32);

/** The `stale` finding of a cell, or null. */
export function stale(ctx: IRunContext): IFinding | null {
  const { view, cell } = ctx;
  const writes = ctx.staleBy;
  if (writes.size === 0) {
    return null;
  }
  const names = [...writes.keys()].sort();
  // Every stale writer is a code cell above this one (see taint.ts), so it has a
  // position: a bit each, read out in order, gives them sorted without repeats. An
  // execution can re-word a few hundred of these findings at once: this allocates little.
  const words = (cell.index + 32) >>> 5;
  if (bits.length < words) {
    bits = new Uint32Array(words);
  }
  // Only maybe-bindings (a loop or branch that may not have run) leave us unsure.
  let sure = false;
  for (const writers of writes.values()) {
    for (const [id, definite] of writers) {
      const at = view.pos(id) as number;
      bits[at >>> 5] |= 1 << (at & 31);
      sure ||= definite;
    }
  }
  const cells: ICellRef[] = [];
  for (let w = 0; w < words; w++) {
    let word = bits[w];
    bits[w] = 0; // ready for the next call
    while (word !== 0) {
      const low = word & -word;
      cells.push(view.cells[(w << 5) + 31 - Math.clz32(low)].ref);
      word ^= low;
    }
  }
  return finding({
    kind: 'stale',
    cell: cell.ref,
    related: cells,
    text: {
      id: 'stale',
      args: {
        names: nameSet(names),
        cells: cellSet(cells.map(c => c.index)),
        sure
      }
    },
    rerun: [cell.snap.id]
  });
}
