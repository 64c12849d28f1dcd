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
import type { IRunNode, Timeline } from './timeline';

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
  let sawChange = false;
  let any = false;
  for (const c of view.cells) {
    if (!c.code) {
      continue;
    }
    if (ran(c)) {
      sawChange = true;
    } else if (sawChange && c.snap.outputs.length > 0) {
      any = true;
      break;
    } else if (editedSinceSaved(timeline, c)) {
      sawChange = true;
    }
  }
  if (!any) {
    return NONE;
  }
  const out = new Map<string, IStaleOutput>();
  const changed = new Map<string, IChange>();
  const memos = new Map<number, Map<IRunNode, boolean>>();
  const memoOf = (seq: number | undefined): Map<IRunNode, boolean> => {
    let m = memos.get(seq ?? -1);
    if (m === undefined) {
      m = new Map();
      memos.set(seq ?? -1, m);
    }
    return m;
  };
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
        changedSince(view, timeline, ch.writer, saved?.seq, memoOf(saved?.seq))
      ) {
        names.push(name);
        writers.add(ch.writer);
        ch.via.forEach(v => via.add(v));
      }
    }
    if (editedSinceSaved(timeline, c)) {
      // Edited without running: Restart & Run All binds what the new code computes.
      const edited: IChange = { writer: c.index, via: [] };
      for (const name of c.effects.writes.keys()) {
        changed.set(name, edited);
      }
    }
    if (names.length === 0) {
      if (!editedSinceSaved(timeline, c)) {
        // Restart & Run All gives what this cell binds the value its saved outputs saw.
        for (const [name, kind] of c.effects.writes) {
          if (kind === 'bind') {
            changed.delete(name);
          }
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
 * True when a cell that did not run in this session has been edited since its last
 * recorded run: what it shows, and what it would bind, came from other code.
 */
export function editedSinceSaved(timeline: Timeline, c: ICellView): boolean {
  const prev = timeline.previousRun(c.snap.id);
  const text =
    prev === undefined ? undefined : timeline.record.sources[prev.source];
  return text !== undefined && sourcesDiffer(text, c.snap.source);
}

/**
 * Whether the cell at `writer` (run in this session) may have given another value than
 * when the saved output of run `seq` was made: unknown when there is no such run, else its
 * run now executed other code than its last run before then, or read a value that may
 * differ the same way (transitively, through this session's runs).
 */
function changedSince(
  view: NotebookView,
  timeline: Timeline,
  writer: number,
  seq: number | undefined,
  memo: Map<IRunNode, boolean>
): boolean {
  const node = timeline.lastRun(view.cells[writer].snap.id);
  if (seq === undefined || node === undefined) {
    return true;
  }
  return differs(timeline, node, seq, memo, 0);
}

/** Deeper chains than this count as changed (bounds the walk; errs towards a warning). */
const MAX_DEPTH = 64;

function differs(
  timeline: Timeline,
  node: IRunNode,
  seq: number,
  memo: Map<IRunNode, boolean>,
  depth: number
): boolean {
  const known = memo.get(node);
  if (known !== undefined) {
    return known;
  }
  let out = depth > MAX_DEPTH;
  if (!out) {
    const then = timeline.previousRun(node.run.cellId, seq);
    const before =
      then === undefined ? undefined : timeline.record.sources[then.source];
    out =
      before === undefined ||
      node.source === null ||
      sourcesDiffer(before, node.source);
  }
  if (!out) {
    for (const dep of node.deps.values()) {
      if (differs(timeline, dep, seq, memo, depth + 1)) {
        out = true;
        break;
      }
    }
  }
  memo.set(node, out);
  return out;
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
      `changed ${what} since (run again with other code or inputs, or edited): ` +
      'Restart & Run All may show something else.',
    rerun: [...why.via.map(i => view.cells[i].snap.id), cell.snap.id]
  });
}

/** `edited` on a cell that did not run: the output it shows came from its old code. */
export function editedSinceOutput(cell: ICellView): IFinding {
  return finding({
    kind: 'edited',
    cell: cell.ref,
    message:
      'Edited since the run that saved its output: what it shows comes from the old code.',
    rerun: [cell.snap.id]
  });
}
