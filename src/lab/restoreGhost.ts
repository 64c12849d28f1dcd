import type { INotebookModel } from '@jupyterlab/notebook';
import type { NotebookSession } from './session';

/**
 * "Restore its cell" for a ghost name (alive in the kernel, bound by no current cell): puts the
 * last source that bound it back as a code cell where its cell stood (between its old
 * neighbours, which follows later inserts and deletes); at `fallback` when that place is
 * unknown. The index of the new cell, or null when the name has no source to restore.
 */
export function restoreGhostCell(
  model: INotebookModel,
  session: NotebookSession,
  name: string,
  fallback: number
): number | null {
  const ghost = session.ghosts.find(g => g.name === name);
  if (ghost === undefined || ghost.source === null) {
    return null;
  }
  const place =
    ghost.cellId === null ? null : session.placeOfRemoved(ghost.cellId);
  const at = Math.min(place ?? Math.max(0, fallback), model.cells.length);
  model.sharedModel.insertCell(at, {
    cell_type: 'code',
    source: ghost.source,
    metadata: {}
  });
  return at;
}
