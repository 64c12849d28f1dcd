/**
 * Refinements of `unexecuted` and `skipped` (issue 17):
 * - after Run All stopped at an error, the cells it never reached are one finding, on the
 *   first of them, not one per cell;
 * - `skipped` is a warning (and breaks "linear") only when running the skipped cell would
 *   change what a cell below that ran shows: it writes a name such a cell reads, may bind
 *   anything, or would fail. Otherwise it is info.
 */
import type { IFinding } from '../types';
import { finding } from './finding';
import { describe, type FindingText } from './messages';
import type { ICellView, NotebookView } from './notebookView';

/**
 * The grouped `unexecuted` finding of the cells below `stopAt` (the errored cell), carried by
 * the first of them; null for the others.
 */
export function notReached(
  view: NotebookView,
  cell: ICellView,
  stopAt: number
): IFinding | null {
  const rest: ICellView[] = [];
  for (let i = stopAt + 1; i < view.cells.length; i++) {
    const c = view.cells[i];
    if (c.code) {
      if (rest.length === 0 && c.index !== cell.index) {
        return null; // not the first one: the first carries the finding
      }
      rest.push(c);
    }
  }
  const n = rest.length;
  return finding({
    kind: 'unexecuted',
    cell: cell.ref,
    related: rest.slice(1).map(c => c.ref),
    text: { id: 'not-reached', args: { stopAt, below: Math.max(0, n - 1) } },
    rerun: rest.map(c => c.snap.id)
  });
}

/**
 * Whether running the skipped `cell` would change what an executed cell below shows.
 * `ran(i)`: the cell at position `i` ran (in this session, or file-only: has a count).
 */
export function skippedMatters(
  view: NotebookView,
  cell: ICellView,
  statics: readonly IFinding[],
  ran: (index: number) => boolean
): boolean {
  const facts = cell.facts;
  if (!view.python || facts === null || facts.wildcard || facts.opaque) {
    return true; // nothing known about what it binds
  }
  if (
    statics.some(f => f.kind === 'rra-undefined' || f.kind === 'syntax-error')
  ) {
    return true; // it would fail, and Run All would stop there
  }
  for (const name of cell.effects.writes.keys()) {
    if (view.someReaderBelow(name, cell.index, c => ran(c.index))) {
      return true;
    }
  }
  return false;
}

/** A `skipped` finding lowered to info: nothing that ran below depends on the cell. */
export function unimportantSkip(f: IFinding): IFinding {
  if (f.text.id !== 'skipped') {
    return { ...f, severity: 'info' };
  }
  const text: FindingText = {
    id: 'skipped',
    args: { ...f.text.args, unimportant: true }
  };
  return { ...f, severity: 'info', message: describe(text), text };
}
