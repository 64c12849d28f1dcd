/**
 * Which cells go into the script, in which order (the `order` option):
 * - `notebook`: every cell, top to bottom (markdown and raw cells as comments);
 * - `history`: the sources that actually ran in the current kernel session, in the order
 *   they ran, including versions of cells later edited or deleted;
 * - `slice`: the runs of that history the given cell's result depends on (see `slice.ts`).
 */
import { currentSession, sourceOf } from '../record/executionLog';
import type { IExecutionRecord, INotebookSnapshot } from '../types';
import { LinearizeError } from '../errors';
import type { IExportUnit } from './types';

/** The export cannot be made with these options (no record for `history`, an unknown cell). */
export class ExportOptionsError extends LinearizeError {
  static readonly code: string = 'ExportOptionsError';
}

/** Every cell of the notebook, in display order. */
export function notebookUnits(nb: INotebookSnapshot): IExportUnit[] {
  return nb.cells.map((c, i) => ({
    type: c.type,
    cellId: c.id,
    cellIndex: i,
    source: c.source
  }));
}

/** Trailing whitespace does not count as an edit (verdicts.md, `edited`). */
function sameSource(a: string, b: string): boolean {
  const strip = (s: string): string => s.replace(/[ \t]+$/gm, '').trimEnd();
  return a === b || strip(a) === strip(b);
}

/**
 * The runs of the current kernel session, in order. Each unit carries the exact source that
 * ran and a note: `run N`, plus `edited since` or `deleted` when the notebook changed.
 *
 * @throws {ExportOptionsError} when there is no record or the session has no run.
 */
export function historyUnits(
  nb: INotebookSnapshot,
  record: IExecutionRecord | null
): IExportUnit[] {
  if (record === null) {
    throw new ExportOptionsError(
      t =>
        t.__(
          'the history order needs the execution record that the JupyterLab extension saves in the notebook; this notebook has none'
        ),
      { order: 'history' }
    );
  }
  const session = currentSession(record);
  const runs = record.runs.filter(r => r.session === session);
  if (runs.length === 0) {
    throw new ExportOptionsError(
      t =>
        t.__('no cell ran in the current kernel session: the history is empty'),
      { order: 'history' }
    );
  }
  const index = new Map(nb.cells.map((c, i) => [c.id, i]));
  return runs.map(run => {
    const source = sourceOf(record, run);
    const at = index.get(run.cellId);
    const current = at === undefined ? null : nb.cells[at];
    const notes = [`run ${run.seq}`];
    if (current === null) {
      notes.push('deleted');
    } else if (source !== null && !sameSource(source, current.source)) {
      notes.push('edited since');
    }
    if (run.status === 'error') {
      notes.push('raised an error');
    }
    return {
      type: 'code' as const,
      cellId: run.cellId,
      cellIndex: at ?? null,
      source: source ?? '',
      seq: run.seq,
      status: run.status,
      note: notes.join(', '),
      ...(source === null ? { missing: true } : {})
    };
  });
}
