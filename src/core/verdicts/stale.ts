/**
 * `stale`: after the cell's last run, a different cell positioned above it wrote (bound,
 * mutated or deleted) a name that run read. A later write by a cell below does not count
 * (in-order semantics).
 */
import type { IFinding } from '../types';
import type { IRunContext } from './context';
import { finding } from './finding';
import { cellSet, nameSet } from './messages';

/** The `stale` finding of a cell, or null. */
export function stale(ctx: IRunContext): IFinding | null {
  const { view, cell } = ctx;
  const writes = ctx.staleBy;
  if (writes.size === 0) {
    return null;
  }
  const names = [...writes.keys()];
  const ids = new Set<string>();
  // Only maybe-bindings (a loop or branch that may not have run) leave us unsure.
  let sure = false;
  for (const cells of writes.values()) {
    for (const [id, definite] of cells) {
      ids.add(id);
      sure ||= definite;
    }
  }
  const cells = [...ids].map(id => view.ref(id));
  return finding({
    kind: 'stale',
    cell: cell.ref,
    names,
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
