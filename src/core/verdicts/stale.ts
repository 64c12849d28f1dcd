/**
 * `stale`: after the cell's last run, a different cell positioned above it wrote (bound,
 * mutated or deleted) a name that run read. A later write by a cell below does not count
 * (in-order semantics).
 */
import type { IFinding } from '../types';
import type { IRunContext } from './context';
import { cellList, finding, nameList } from './finding';

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
    message:
      `${capital(cellList(cells.map(c => c.index)))} above ${sure ? 'changed' : 'may have changed'} ` +
      `${nameList(names)} after this cell ran: its output ${sure ? 'is' : 'may be'} out of date.`,
    rerun: [cell.snap.id]
  });
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
