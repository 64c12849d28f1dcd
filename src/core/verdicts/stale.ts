/**
 * `stale`: after the cell's last run, a different cell positioned above it wrote (bound,
 * mutated or deleted) a name that run read. A later write by a cell below does not count
 * (in-order semantics).
 */
import type { ICellRef, IFinding } from '../types';
import type { IRunContext } from './context';
import { finding } from './finding';

/** Scratch bits over positions for {@link stale}, all zero between calls. */
let bits = new Uint32Array(32);

/** The `stale` finding of a cell, or null. */
export function stale(ctx: IRunContext): IFinding | null {
  const { view, cell } = ctx;
  const writes = ctx.staleBy;
  if (writes.size === 0) {
    return null;
  }
  // Every stale writer is a code cell above this one, kept by its position (see
  // taint.ts): a bit each, read out in order, gives them sorted without repeats. An
  // execution can re-word a few hundred of these findings at once: this allocates little.
  const words = (cell.index + 32) >>> 5;
  if (bits.length < words) {
    bits = new Uint32Array(words);
  }
  // Only maybe-bindings (a loop or branch that may not have run) leave us unsure.
  let sure = false;
  const names: string[] = [];
  for (const [name, writers] of writes) {
    names.push(name);
    // Keys, then values while unsure: a third of the time of `forEach` with a callback
    // (each call crosses from the builtin), and no entry arrays.
    for (const at of writers.keys()) {
      bits[at >>> 5] |= 1 << (at & 31);
    }
    if (!sure) {
      for (const definite of writers.values()) {
        if (definite) {
          sure = true;
          break;
        }
      }
    }
  }
  // The keys of one map: distinct; sorted as `nameSet` sorts them (code unit order), by
  // insertion when there are a few, as usual (`Array.prototype.sort` costs more to set up).
  if (names.length > 16) {
    names.sort();
  }
  for (let i = 1; i < names.length; i++) {
    const name = names[i];
    let j = i;
    while (j > 0 && names[j - 1] > name) {
      names[j] = names[j - 1];
      j--;
    }
    names[j] = name;
  }
  const cells: ICellRef[] = [];
  const at: number[] = [];
  for (let w = 0; w < words; w++) {
    let word = bits[w];
    bits[w] = 0; // ready for the next call
    while (word !== 0) {
      const low = word & -word;
      const i = (w << 5) + 31 - Math.clz32(low);
      cells.push(view.cells[i].ref);
      at.push(i);
      word ^= low;
    }
  }
  return finding({
    kind: 'stale',
    cell: cell.ref,
    related: cells,
    // Positions in order, each once: ids in order and distinct, unless ids repeat.
    relatedInOrder: view.idsDistinct,
    text: {
      id: 'stale',
      // What `nameSet(names)` and `cellSet(at)` give: both are in order, without repeats.
      args: { names, cells: at, sure }
    },
    rerun: [cell.snap.id]
  });
}
