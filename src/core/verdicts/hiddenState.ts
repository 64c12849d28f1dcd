/**
 * `hidden-state`: the value a cell's last run read came from code that is no longer in
 * the notebook — its writer cell was deleted, or edited since that run, or it was an
 * earlier run of this same cell (`x += 1`, `lst.pop()`), or it came from a previous
 * kernel session. One finding per reason. (`ghost` names come from the kernel companion.)
 */
import type { HiddenStateReason, ICellRef, IFinding } from '../types';
import { sourcesDiffer, type IRunContext } from './context';
import { finding } from './finding';
import { cellSet, nameSet, type FindingText } from './messages';
import type { ICellView, NotebookView } from './notebookView';
import { sameLiteralBinding } from './sameLiteral';
import type { IRunNode } from './timeline';

interface IGroup {
  readonly names: string[];
  readonly related: ICellRef[];
  readonly rerun: string[];
}

/** The `hidden-state` findings of a cell (zero to four, one per reason). */
export function hiddenState(ctx: IRunContext): IFinding[] {
  const { view, timeline, cell, node } = ctx;
  const groups = new Map<HiddenStateReason, IGroup>();
  const group = (reason: HiddenStateReason): IGroup => {
    let g = groups.get(reason);
    if (g === undefined) {
      g = { names: [], related: [], rerun: [] };
      groups.set(reason, g);
    }
    return g;
  };
  for (const [name, writer] of node.deps) {
    const id = writer.run.cellId;
    if (id === cell.snap.id) {
      const g = group('re-run');
      g.names.push(name);
      const chain = resetChain(view, name, cell.index);
      g.related.push(...chain.map(c => c.ref));
      g.rerun.push(...chain.map(c => c.snap.id));
      continue;
    }
    const at = view.pos(id);
    if (at === null) {
      const g = group('deleted');
      g.names.push(name);
      g.related.push({ id, index: null });
      const w = view.nearestWriterAbove(name, cell.index);
      if (w !== null) {
        g.rerun.push(w.snap.id);
      }
    } else if (
      writer.source !== null &&
      sourcesDiffer(writer.source, view.cells[at].snap.source) &&
      !ranSinceAsIs(ctx, id, writer) &&
      // Only the names whose binding the edit changed.
      !sameLiteralBinding(writer.source, view.cells[at].snap.source, name)
    ) {
      const g = group('edited');
      g.names.push(name);
      g.related.push(view.cells[at].ref);
      g.rerun.push(id);
    }
  }
  for (const name of node.fromPrevious) {
    const g = group('previous-session');
    g.names.push(name);
    const prev = timeline.previousWriter(name);
    if (prev !== undefined) {
      g.related.push(view.ref(prev.cellId));
    }
    const w = view.nearestWriterAbove(name, cell.index);
    if (w !== null) {
      g.rerun.push(w.snap.id);
    }
  }
  const out: IFinding[] = [];
  for (const [reason, g] of groups) {
    const rerun = orderRerun(view, g.rerun, cell);
    out.push(
      finding({
        kind: 'hidden-state',
        reason,
        cell: cell.ref,
        related: g.related,
        text: message(
          reason,
          g,
          rerun.length > 1 ? view.cell(rerun[0]) : undefined
        ),
        // Without an upstream cell that resets the value, re-running cannot fix it: restart.
        rerun: g.rerun.length > 0 || reason === 'edited' ? rerun : []
      })
    );
  }
  return out;
}

/**
 * True when the writer cell ran again, with its current source, after the run this cell
 * read from: its current code has run, so what this cell read is either out of date
 * (`stale` names that one cause) or what that code gives. One finding per cause.
 */
function ranSinceAsIs(
  ctx: IRunContext,
  cellId: string,
  writer: IRunNode
): boolean {
  const last = ctx.timeline.lastRun(cellId);
  const at = ctx.view.pos(cellId);
  return (
    last !== undefined &&
    last.run.seq > writer.run.seq &&
    last.source !== null &&
    at !== null &&
    !sourcesDiffer(last.source, ctx.view.cells[at].snap.source)
  );
}

/**
 * The cells to re-run so the value this cell reads is the one Restart & Run All gives:
 * the nearest cell above that definitely binds `name` (which resets it), then every cell
 * between that writes it. Empty when no cell above binds it.
 */
function resetChain(
  view: NotebookView,
  name: string,
  index: number
): ICellView[] {
  const reset = view.nearestDefinerAbove(name, index);
  if (reset === null) {
    return [];
  }
  return [reset, ...view.writersBetween(name, reset.index, index)];
}

function orderRerun(
  view: NotebookView,
  ids: readonly string[],
  cell: ICellView
): string[] {
  const cells = [...new Set(ids)]
    .map(id => view.cell(id))
    .filter((c): c is ICellView => c !== undefined && c.index !== cell.index)
    .sort((a, b) => a.index - b.index);
  return [...cells.map(c => c.snap.id), cell.snap.id];
}

function message(
  reason: HiddenStateReason,
  g: IGroup,
  from: ICellView | undefined
): FindingText {
  return {
    id: 'hidden-state',
    args: {
      reason,
      names: nameSet(g.names),
      cells: reason === 'edited' ? cellSet(g.related.map(r => r.index)) : [],
      from: reason === 're-run' && from !== undefined ? from.index : null
    }
  };
}
