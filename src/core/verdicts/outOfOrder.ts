/**
 * `out-of-order`: the cell's last run read a name whose value a cell positioned below it
 * wrote. Restart & Run All runs this cell before that cell, so it would read something else.
 */
import type { IFinding } from '../types';
import type { IRunContext } from './context';
import { finding } from './finding';
import { cellSet, nameSet } from './messages';
import type { ICellView } from './notebookView';

/** The `out-of-order` finding of a cell, or null. */
export function outOfOrder(ctx: IRunContext): IFinding | null {
  const { view, cell, node } = ctx;
  const names: string[] = [];
  const writers: ICellView[] = [];
  for (const [name, writer] of node.deps) {
    const at = view.pos(writer.run.cellId);
    if (at !== null && at > cell.index) {
      names.push(name);
      writers.push(view.cells[at]);
    }
  }
  if (names.length === 0) {
    return null;
  }
  // Re-running the nearest writers above, then this cell, gives it what Run All would.
  const above = names
    .map(n => view.nearestWriterAbove(n, cell.index))
    .filter((c): c is ICellView => c !== null)
    .sort((a, b) => a.index - b.index);
  const rerun =
    above.length > 0 ? [...above.map(c => c.snap.id), cell.snap.id] : [];
  return finding({
    kind: 'out-of-order',
    cell: cell.ref,
    related: writers.map(c => c.ref),
    text: {
      id: 'out-of-order',
      args: {
        names: nameSet(names),
        writers: cellSet(writers.map(c => c.index))
      }
    },
    rerun
  });
}
