/**
 * Saved outputs on screen that the current kernel session has made doubtful: a cell that
 * did not run in this session still shows an output from an earlier one, and cells above
 * it that did run have since written a name it reads (directly, or through cells between
 * that did not run either and compute from it). Restart & Run All recomputes that output
 * from the new values, so what the user sees may not reproduce: `stale`, at warning.
 */
import type { IFinding } from '../types';
import { sourcesDiffer } from './context';
import { finding } from './finding';
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
  /** Names whose value Restart & Run All may now compute differently from the saved state. */
  const changed = new Map<string, IChange>();
  for (const c of view.cells) {
    if (!c.code) {
      continue;
    }
    const node = timeline.lastRun(c.snap.id);
    const names: string[] = [];
    const writers = new Set<number>();
    const via = new Set<number>();
    for (const name of node?.effects.reads ?? c.effects.reads) {
      const ch = changed.get(name);
      if (ch !== undefined) {
        names.push(name);
        writers.add(ch.writer);
        ch.via.forEach(v => via.add(v));
      }
    }
    if (node !== undefined) {
      // Ran in this session: its values differ from the saved state if it ran other code
      // than before this session, or read values that differ.
      if (names.length > 0 || codeChanged(timeline, node)) {
        const fresh: IChange = { writer: c.index, via: [] };
        for (const name of node.effects.writes.keys()) {
          changed.set(name, fresh);
        }
      } else {
        forget(changed, node.effects.writes);
      }
      continue;
    }
    const edited = editedSinceSaved(timeline, c);
    if (names.length > 0 && c.snap.outputs.length > 0) {
      const w = [...writers].sort((a, b) => a - b);
      const v = [...via].sort((a, b) => a - b);
      out.set(c.snap.id, {
        names: names.sort(),
        writers: w,
        via: v,
        key: `${names.join(',')}|${w.join(',')}|${v.join(',')}`
      });
    }
    if (edited) {
      // Edited without running: Restart & Run All binds what the new code computes.
      const mark: IChange = { writer: c.index, via: [] };
      for (const name of c.effects.writes.keys()) {
        changed.set(name, mark);
      }
    } else if (names.length > 0) {
      const derived: IChange = {
        writer: Math.min(...writers),
        via: [...via, c.index]
      };
      for (const name of c.effects.writes.keys()) {
        changed.set(name, derived);
      }
    } else {
      // Restart & Run All gives what this cell binds the value its saved outputs saw.
      forget(changed, c.effects.writes);
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
 * Whether a run of this session executed other code than the cell's last run before this
 * session (or there is no such run to compare with).
 */
function codeChanged(timeline: Timeline, node: IRunNode): boolean {
  const prev = timeline.previousRun(node.run.cellId);
  const before =
    prev === undefined ? undefined : timeline.record.sources[prev.source];
  return (
    before === undefined ||
    node.source === null ||
    sourcesDiffer(before, node.source)
  );
}

/** Definite bindings reset a name to what the saved state saw. */
function forget(
  changed: Map<string, IChange>,
  writes: ReadonlyMap<string, string>
): void {
  for (const [name, kind] of writes) {
    if (kind === 'bind') {
      changed.delete(name);
    }
  }
}

/** The `stale` finding of a cell whose saved output is doubtful. */
export function staleOutputFinding(
  view: NotebookView,
  cell: ICellView,
  why: IStaleOutput
): IFinding {
  return finding({
    kind: 'stale',
    cell: cell.ref,
    related: [...why.writers, ...why.via].map(i => view.cells[i].ref),
    text: {
      id: 'stale-output',
      args: { names: why.names, writers: why.writers, via: why.via }
    },
    rerun: [...why.via.map(i => view.cells[i].snap.id), cell.snap.id]
  });
}

/** `edited` on a cell that did not run: the output it shows came from its old code. */
export function editedSinceOutput(cell: ICellView): IFinding {
  return finding({
    kind: 'edited',
    cell: cell.ref,
    text: { id: 'edited-output', args: {} },
    rerun: [cell.snap.id]
  });
}
