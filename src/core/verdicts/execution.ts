/**
 * The verdicts about whether and how a cell ran, which need no name analysis and so also
 * apply to non-Python notebooks: `unexecuted`, `skipped`, `edited`, `errored`.
 */
import type { IFinding, IOutputSnapshot } from '../types';
import { sourcesDiffer, type IRunContext } from './context';
import { finding } from './finding';
import type { ICellView } from './notebookView';

/**
 * `unexecuted`, or `skipped` when a cell below ran (`lowestExecuted` is the largest
 * position of a cell that ran, -1 when none did).
 * @param recorded the wording: no run in this kernel session, or no saved count.
 */
export function notRun(
  cell: ICellView,
  lowestExecuted: number,
  recorded: boolean
): IFinding {
  if (lowestExecuted > cell.index) {
    return finding({
      kind: 'skipped',
      cell: cell.ref,
      // Which cell below ran is left out on purpose: it changes with every run further
      // down, and the finding should only change when the cell's status does.
      text: { id: 'skipped', args: { recorded, unimportant: false } },
      rerun: [cell.snap.id]
    });
  }
  return finding({
    kind: 'unexecuted',
    cell: cell.ref,
    text: { id: 'not-run', args: { recorded } },
    rerun: [cell.snap.id]
  });
}

/** `edited`: the current source differs from the one its last run executed. */
export function edited(ctx: IRunContext): IFinding | null {
  const ran = ctx.node.source;
  if (ran === null || !sourcesDiffer(ran, ctx.cell.snap.source)) {
    return null;
  }
  return finding({
    kind: 'edited',
    cell: ctx.cell.ref,
    text: { id: 'edited', args: {} },
    rerun: [ctx.cell.snap.id]
  });
}

/** The first error output, if any. */
function errorOutput(
  outputs: readonly IOutputSnapshot[]
): IOutputSnapshot | undefined {
  return outputs.find(o => o.type === 'error');
}

/**
 * `errored`: the last run raised (`status` from the record; with no record, or a status
 * the recorder could not tell, an error output in the file).
 */
export function errored(
  cell: ICellView,
  status: 'ok' | 'error' | 'unknown' | null
): IFinding | null {
  const out = errorOutput(cell.snap.outputs);
  if (status === 'ok' || (status !== 'error' && out === undefined)) {
    return null;
  }
  const ename = out !== undefined && out.ename ? out.ename : null;
  return finding({
    kind: 'errored',
    cell: cell.ref,
    text: { id: 'errored', args: { saved: status === null, ename } },
    rerun: [cell.snap.id]
  });
}
