/**
 * Saved outputs on screen that the current kernel session has made doubtful: a cell that
 * did not run in this session still shows an output from an earlier one, and cells above
 * it that did run have since written a name it reads (directly, or through cells between
 * that did not run either and compute from it). Restart & Run All recomputes that output
 * from the new values, so what the user sees may not reproduce: `stale`, at warning.
 */
import type { IFinding } from '../types';
import { sourcesDiffer } from './context';
import { cellList, finding, nameList } from './finding';
import type { ICellView, NotebookView } from './notebookView';
import type { Timeline } from './timeline';

/** Why one saved output is doubtful. */
export interface IStaleOutput {
  /** Names it reads that changed. */
  readonly names: readonly string[];
  /** The cells that ran in this session and wrote them (positions, ascending). */
  readonly writers: readonly number[];
  /** Cells between that did not run and compute from them (positions, ascending). */
  readonly via: readonly number[];
  /** A string that changes whenever the finding would (to tell which cells to recompute). */
  readonly key: string;
}

interface IChange {
  readonly writer: number;
  readonly via: readonly number[];
}

const NONE: ReadonlyMap<string, IStaleOutput> = new Map();

/**
 * The doubtful saved outputs, by cell id. Costs one scan of the cells when no cell that did
 * not run shows an output below one that ran (the usual case while running top-down), and
 * one pass over every cell's names otherwise.
 */
export function staleOutputs(
  view: NotebookView,
  timeline: Timeline
): ReadonlyMap<string, IStaleOutput> {
  const ran = (c: ICellView): boolean =>
    timeline.lastRun(c.snap.id) !== undefined;
  let sawRun = false;
  let any = false;
  for (const c of view.cells) {
    if (!c.code) {
      continue;
    }
    if (ran(c)) {
      sawRun = true;
    } else if (sawRun && c.snap.outputs.length > 0) {
      any = true;
      break;
    }
  }
  if (!any) {
    return NONE;
  }
  const out = new Map<string, IStaleOutput>();
  const changed = new Map<string, IChange>();
  for (const c of view.cells) {
    if (!c.code) {
      continue;
    }
    const node = timeline.lastRun(c.snap.id);
    if (node !== undefined) {
      const fresh: IChange = { writer: c.index, via: [] };
      for (const name of node.effects.writes.keys()) {
        changed.set(name, fresh);
      }
      continue;
    }
    const names: string[] = [];
    const writers = new Set<number>();
    const via = new Set<number>();
    // The run that produced the saved output, when the record has it: a writer that ran
    // the same code then as now gives the same value (as far as the code goes).
    const saved =
      c.snap.outputs.length > 0 ? timeline.previousRun(c.snap.id) : undefined;
    for (const name of c.effects.reads) {
      const ch = changed.get(name);
      if (
        ch !== undefined &&
        changedSince(view, timeline, ch.writer, saved?.seq)
      ) {
        names.push(name);
        writers.add(ch.writer);
        ch.via.forEach(v => via.add(v));
      }
    }
    if (names.length === 0) {
      // Restart & Run All gives what this cell binds the value its saved outputs saw.
      for (const [name, kind] of c.effects.writes) {
        if (kind === 'bind') {
          changed.delete(name);
        }
      }
      continue;
    }
    if (c.snap.outputs.length > 0) {
      const w = [...writers].sort((a, b) => a - b);
      const v = [...via].sort((a, b) => a - b);
      out.set(c.snap.id, {
        names: names.sort(),
        writers: w,
        via: v,
        key: `${names.join(',')}|${w.join(',')}|${v.join(',')}`
      });
    }
    const derived: IChange = {
      writer: Math.min(...writers),
      via: [...via, c.index]
    };
    for (const name of c.effects.writes.keys()) {
      changed.set(name, derived);
    }
  }
  return out;
}

/**
 * Whether the cell at `writer` (run in this session) may have given another value than
 * when the saved output of run `seq` was made: unknown when there is no such run, else its
 * last run before then ran other code than its run now.
 */
function changedSince(
  view: NotebookView,
  timeline: Timeline,
  writer: number,
  seq: number | undefined
): boolean {
  if (seq === undefined) {
    return true;
  }
  const id = view.cells[writer].snap.id;
  const then = timeline.previousRun(id, seq);
  const now = timeline.lastRun(id);
  if (then === undefined || now === undefined) {
    return true;
  }
  const before = timeline.record.sources[then.source];
  return (
    before === undefined ||
    now.source === null ||
    sourcesDiffer(before, now.source)
  );
}

/** The `stale` finding of a cell whose saved output is doubtful. */
export function staleOutputFinding(
  view: NotebookView,
  cell: ICellView,
  why: IStaleOutput
): IFinding {
  const what =
    why.via.length > 0
      ? `what ${nameList(why.names)} ${why.names.length > 1 ? 'are' : 'is'} computed from ` +
        `(in ${cellList(why.via)}, not run either)`
      : nameList(why.names);
  return finding({
    kind: 'stale',
    cell: cell.ref,
    names: why.names,
    related: [...why.writers, ...why.via].map(i => view.cells[i].ref),
    message:
      `Shows an output saved before this kernel session, but ${cellList(why.writers)} above ` +
      `ran since and changed ${what}: Restart & Run All may show something else.`,
    rerun: [...why.via.map(i => view.cells[i].snap.id), cell.snap.id]
  });
}
