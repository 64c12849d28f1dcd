/**
 * `shadowed`: the cell's last run read a name from cell `w` above it, but the nearest cell
 * above it that writes that name is now a different cell (one inserted or moved in
 * between, or one that never ran). Restart & Run All would read that cell's value.
 */
import type { ICellRef, IFinding } from '../types';
import type { IRunContext } from './context';
import { disjointElements } from './effects';
import type { ICellView } from './notebookView';
import type { IRunNode } from './timeline';
import { finding } from './finding';
import { cellSet, nameSet } from './messages';

/** The `shadowed` finding of a cell, or null. */
export function shadowed(ctx: IRunContext): IFinding | null {
  const { view, cell, node } = ctx;
  const names: string[] = [];
  const readFrom: ICellRef[] = [];
  const nearest: ICellRef[] = [];
  for (const [name, writer] of node.deps) {
    const at = view.pos(writer.run.cellId);
    if (at === null || at >= cell.index) {
      continue; // deleted, the cell itself, or below: hidden-state and out-of-order say it.
    }
    const w = nearestActualWriter(ctx, name, writer);
    if (w !== null && w.index !== at) {
      names.push(name);
      readFrom.push(view.cells[at].ref);
      nearest.push(w.ref);
    }
  }
  if (names.length === 0) {
    return null;
  }
  const order = [...nearest].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  return finding({
    kind: 'shadowed',
    cell: cell.ref,
    related: [...readFrom, ...nearest],
    text: {
      id: 'shadowed',
      args: {
        names: nameSet(names),
        readFrom: cellSet(readFrom.map(r => r.index)),
        nearest: cellSet(nearest.map(r => r.index))
      }
    },
    rerun: [...new Set(order.map(r => r.id)), cell.snap.id]
  });
}

/**
 * The nearest cell above whose code writes `name`, passing over cells whose last run in
 * this session demonstrably did not write it (a loop that ran zero times, an identical
 * re-binding the kernel reported): Restart & Run All would most likely not write it either.
 */
function nearestActualWriter(
  ctx: IRunContext,
  name: string,
  readFrom: IRunNode
): ICellView | null {
  return ctx.view.nearestWriterAboveWhere(name, ctx.cell.index, w => {
    if (
      w.snap.id !== readFrom.run.cellId &&
      disjointElements(ctx.node.effects, w.effects, name)
    ) {
      return false; // it writes other elements than the ones read
    }
    const last = ctx.timeline.lastRun(w.snap.id);
    return last === undefined || last.effects.writes.has(name);
  });
}
