/**
 * Staleness and its transitive spread (`stale`, `unsafe`), which depend on where cells sit
 * now. `refreshTaint` recomputes every run (after cells moved, were inserted or deleted);
 * `taintAfterRun` updates after one more run, touching only the runs that read a name it
 * wrote and what was derived from them. A run mostly turns flags on; it turns one off only
 * when its write of a name hides its cell's earlier write that made a reader stale (an
 * element the reader did not read, the same literal again).
 */
import { disjointElements } from './effects';
import { rebindsSameLiteral } from './sameLiteral';
import type { EntryChange, ICellWrites, IRunNode, Timeline } from './timeline';

/** Current 0-based position of a code cell, or null when it is gone (or no longer code). */
export type Position = (cellId: string) => number | null;

/**
 * For each name a run read that cells above it wrote after it read it: those cells, by
 * their position in the layout the {@link StaleWriters} was made for, each with whether
 * its write was definite (not only a maybe-binding). Empty when it is fresh.
 */
export type StaleBy = ReadonlyMap<string, ReadonlyMap<number, boolean>>;

/** A fresh run's {@link StaleBy}. */
export const NOT_STALE: StaleBy = new Map();

/**
 * The {@link StaleBy} of runs, computed when asked and then kept up to date by
 * {@link taintAfterRun}, for one timeline and one layout (make a new one when either
 * changes). Costs the number of distinct writer cells of each name read, once per run.
 */
export class StaleWriters {
  private readonly _memo = new Map<
    IRunNode,
    Map<string, Map<number, boolean>>
  >();

  constructor(
    readonly timeline: Timeline,
    private readonly _pos: Position
  ) {}

  /** The cells above `reader` that wrote a name it read after it read it. */
  of(reader: IRunNode): StaleBy {
    if (!reader.stale) {
      return NOT_STALE;
    }
    let out = this._memo.get(reader);
    if (out === undefined) {
      out = staleWrites(reader, this.timeline, this._pos);
      this._memo.set(reader, out);
    }
    return out;
  }

  /**
   * Record that the entry of `name` of the cell at position `at` now contributes `c` to
   * `reader`'s. Call it before setting `reader.stale` for this change. Returns false when
   * the names `reader` has stale writers for are surely the same as before (only `unsafe`
   * reads them, see `ITaintMarks.rekeyed`).
   */
  change(reader: IRunNode, name: string, at: number, c: Contribution): boolean {
    let out = this._memo.get(reader);
    if (out === undefined) {
      if (reader.stale || c === Contribution.None) {
        return true; // worked out from the timeline when asked
      }
      // A fresh run has no stale writers: this change is all of them, no need to look
      // through every writer of every name it read.
      out = new Map();
      this._memo.set(reader, out);
    }
    let cells = out.get(name);
    if (c === Contribution.None) {
      cells?.delete(at);
      if (cells?.size === 0) {
        out.delete(name);
        return true;
      }
      return false;
    }
    const added = cells === undefined;
    if (cells === undefined) {
      cells = new Map();
      out.set(name, cells);
    }
    cells.set(at, c === Contribution.Sure);
    return added;
  }

  /** Drop what is kept about `node` (replayed again, or no longer its cell's last run). */
  forget(node: IRunNode | undefined): void {
    if (node !== undefined) {
      this._memo.delete(node);
    }
  }
}

function staleWrites(
  reader: IRunNode,
  timeline: Timeline,
  pos: Position
): Map<string, Map<number, boolean>> {
  const out = new Map<string, Map<number, boolean>>();
  const at = pos(reader.run.cellId);
  if (at === null) {
    return out;
  }
  for (const name of reader.effects.reads) {
    let cells: Map<number, boolean> | undefined;
    for (const [cellId, w] of timeline.writersOf(name)) {
      const c = contribution(reader, cellId, w, name, at, pos);
      if (c !== Contribution.None) {
        cells ??= new Map();
        cells.set(pos(cellId) as number, c === Contribution.Sure);
      }
    }
    if (cells !== undefined) {
      out.set(name, cells);
    }
  }
  return out;
}

function isStale(reader: IRunNode, timeline: Timeline, pos: Position): boolean {
  const at = pos(reader.run.cellId);
  if (at === null) {
    return false;
  }
  for (const name of reader.effects.reads) {
    for (const [cellId, w] of timeline.writersOf(name)) {
      if (
        w.last.run.seq > reader.run.seq &&
        cellId !== reader.run.cellId &&
        !disjointElements(reader.effects, w.last.effects, name) &&
        !rebindsSameLiteral(reader, w.last, name)
      ) {
        const p = pos(cellId);
        if (p !== null && p < at) {
          return true;
        }
      }
    }
  }
  return false;
}

function anyTaintedDep(node: IRunNode): boolean {
  for (const dep of node.deps.values()) {
    if (dep.tainted) {
      return true;
    }
  }
  return false;
}

/** Recompute `stale` and `tainted` of every run for the current layout. */
export function refreshTaint(timeline: Timeline, pos: Position): void {
  // Dependencies always point to earlier runs, so one pass in run order suffices.
  for (const node of timeline.nodes) {
    node.stale = isStale(node, timeline, pos);
    node.tainted = node.stale || anyTaintedDep(node);
  }
}

/**
 * What one cell's entry of `name` in {@link Timeline.writersOf} adds to `reader`'s stale
 * finding (see {@link staleWrites}): nothing, a maybe-binding, or a definite write.
 */
export const enum Contribution {
  None,
  Maybe,
  Sure
}

/** See {@link Contribution}: mirrors {@link isStale}'s test, with the write's kind. */
function contribution(
  reader: IRunNode,
  cellId: string,
  w: ICellWrites | undefined,
  name: string,
  at: number,
  pos: Position
): Contribution {
  if (
    w === undefined ||
    w.last.run.seq <= reader.run.seq ||
    cellId === reader.run.cellId ||
    disjointElements(reader.effects, w.last.effects, name) ||
    rebindsSameLiteral(reader, w.last, name)
  ) {
    return Contribution.None;
  }
  const p = pos(cellId);
  if (p === null || p >= at) {
    return Contribution.None;
  }
  const run =
    w.lastSure !== undefined && w.lastSure.run.seq > reader.run.seq
      ? w.lastSure
      : w.last;
  return run.effects.writes.get(name) === 'maybe'
    ? Contribution.Maybe
    : Contribution.Sure;
}

/** Where {@link taintAfterRun} puts the ids of the cells whose findings may change. */
export interface ITaintMarks {
  /** Anything may differ (the cell that ran). */
  readonly dirty: Set<string>;
  /** Only `stale` and `unsafe`: its stale writers changed. */
  readonly restale: Set<string>;
  /**
   * Of those, the cells whose stale writers may be for other names than before: `unsafe`
   * leaves out the names `stale` covers, so the others keep their `unsafe` unless also
   * in `retaint`.
   */
  readonly rekeyed?: Set<string>;
  /** Only `unsafe`: what it derives from turned stale or fresh. */
  readonly retaint: Set<string>;
  /** Called with every run whose taint, or whose inputs' taint, may have changed. */
  readonly retainted?: (node: IRunNode) => void;
}

const IGNORE = (): void => {};

/**
 * Update after `node` (just replayed) for an unchanged layout. `entries`: how the run
 * changed its cell's entry of each name it wrote.
 */
export function taintAfterRun(
  writers: StaleWriters,
  node: IRunNode,
  entries: readonly EntryChange[],
  pos: Position,
  marks: ITaintMarks
): void {
  const { timeline } = writers;
  const { dirty, restale, retaint } = marks;
  writers.forget(node.previous);
  node.stale = false;
  node.tainted = anyTaintedDep(node);
  dirty.add(node.run.cellId);
  const cellId = node.run.cellId;
  // Where the cell sits: a contribution is never None only when it has a position.
  const writerAt = pos(cellId) as number;
  const fresh: IRunNode[] = [];
  /** The runs a spread below reached: a later spread stops there (see {@link spread}). */
  const spreadTo = new Set<IRunNode>();
  for (const [name, before, after] of entries) {
    // A reader that read the name before the cell's previous write of it gets from this
    // write what it got from that one when both write it alike (a re-import): only the
    // readers since can change. Most readers of a common name are older.
    const since =
      before !== undefined && sameWrite(before.last, after.last, name)
        ? before.last.run.seq
        : -Infinity;
    const readers = timeline.readersOf(name);
    for (let i = firstSince(readers, since); i < readers.length; i++) {
      const reader = readers[i];
      if (reader === node) {
        continue;
      }
      const at = pos(reader.run.cellId);
      if (at === null) {
        continue; // a run of a deleted cell is never stale
      }
      const now = contribution(reader, cellId, after, name, at, pos);
      if (now === contribution(reader, cellId, before, name, at, pos)) {
        continue; // its stale finding names the same cells, as surely
      }
      if (writers.change(reader, name, writerAt, now) && marks.rekeyed) {
        markDirty(timeline, reader, marks.rekeyed);
      }
      markDirty(timeline, reader, restale);
      if (now === Contribution.None) {
        // The cell's new write hides an earlier one that made the reader stale.
        fresh.push(reader);
      } else if (!reader.stale) {
        reader.stale = true;
        // Already tainted through an input: everything derived from it already counts
        // its cell among the cells to re-run, so nothing downstream changes.
        if (!reader.tainted) {
          spread(
            timeline,
            reader,
            retaint,
            marks.retainted ?? IGNORE,
            spreadTo
          );
        }
      }
    }
  }
  const changed = fresh.filter(r => {
    const stale = isStale(r, timeline, pos);
    const flip = stale !== r.stale;
    r.stale = stale;
    return flip;
  });
  if (changed.length > 0) {
    retaintFrom(timeline, changed, retaint, marks.retainted ?? IGNORE);
  }
}

/**
 * The index of the first run of `runs` (in run order, so by increasing seq: `appendRun`
 * numbers them so and `fromMetadata` checks it) with a seq of at least `seq`: a common
 * name has been read by most runs, and a re-import changes only the latest.
 */
function firstSince(runs: readonly IRunNode[], seq: number): number {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (runs[mid].run.seq < seq) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/**
 * Whether two runs of one cell write `name` alike for {@link contribution}: the same
 * source (the same-literal test), the same kind of write, the same elements.
 */
function sameWrite(a: IRunNode, b: IRunNode, name: string): boolean {
  if (
    a.source !== b.source ||
    a.effects.writes.get(name) !== b.effects.writes.get(name)
  ) {
    return false;
  }
  const x = a.effects.writeKeys?.get(name);
  const y = b.effects.writeKeys?.get(name);
  if (x === undefined || y === undefined) {
    return x === y;
  }
  if (x.size !== y.size) {
    return false;
  }
  for (const k of x) {
    if (!y.has(k)) {
      return false;
    }
  }
  return true;
}

/**
 * Update after the last run was replayed again with different writes (the kernel's
 * re-binding facts arrived): its readers' staleness is recomputed, and the taint of
 * whatever derives from the readers whose staleness changed, in run order.
 */
export function taintAfterReplace(
  writers: StaleWriters,
  before: IRunNode,
  after: IRunNode,
  pos: Position,
  dirty: Set<string>,
  retainted: (node: IRunNode) => void = IGNORE
): void {
  const { timeline } = writers;
  writers.forget(before);
  after.stale = false;
  after.tainted = anyTaintedDep(after);
  dirty.add(after.run.cellId);
  const names = new Set([
    ...before.effects.writes.keys(),
    ...after.effects.writes.keys()
  ]);
  const changed: IRunNode[] = [];
  for (const name of names) {
    for (const reader of timeline.readersOf(name)) {
      if (reader === after) {
        continue;
      }
      markDirty(timeline, reader, dirty); // its stale writers may differ
      writers.forget(reader);
      const stale = isStale(reader, timeline, pos);
      if (stale !== reader.stale) {
        reader.stale = stale;
        changed.push(reader);
      }
    }
  }
  retaintFrom(timeline, changed, dirty, retainted);
}

/**
 * Recompute `tainted` for the runs whose `stale` flag `changed` and everything derived
 * from them, in run order (dependencies point to earlier runs), marking their cells.
 */
function retaintFrom(
  timeline: Timeline,
  changed: readonly IRunNode[],
  dirty: Set<string>,
  retainted: (node: IRunNode) => void
): void {
  const closure = new Set<IRunNode>(changed);
  const queue = [...changed];
  for (let i = 0; i < queue.length; i++) {
    for (const r of queue[i].readers) {
      if (!closure.has(r)) {
        closure.add(r);
        queue.push(r);
      }
    }
  }
  for (const n of [...closure].sort((a, b) => a.run.seq - b.run.seq)) {
    n.tainted = n.stale || anyTaintedDep(n);
    retainted(n);
    markDirty(timeline, n, dirty);
  }
}

/**
 * Mark everything derived from `root` (newly tainted) tainted and dirty. Nodes already
 * tainted are still visited: the cells to re-run for them now include `root`'s. `seen`:
 * the nodes earlier spreads of the same update reached, with all they derive (a re-import
 * turns a few hundred readers stale, and what they derive overlaps): visiting them again
 * would only repeat the same marks.
 */
function spread(
  timeline: Timeline,
  root: IRunNode,
  dirty: Set<string>,
  retainted: (node: IRunNode) => void,
  seen: Set<IRunNode> = new Set()
): void {
  if (seen.has(root)) {
    return;
  }
  seen.add(root);
  const queue: IRunNode[] = [root];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i];
    n.tainted = true;
    retainted(n);
    markDirty(timeline, n, dirty);
    for (const r of n.readers) {
      if (!seen.has(r)) {
        seen.add(r);
        queue.push(r);
      }
    }
  }
}

/** Only a cell's last run carries its findings: older runs change nothing visible. */
function markDirty(
  timeline: Timeline,
  node: IRunNode,
  dirty: Set<string>
): void {
  if (timeline.lastRun(node.run.cellId) === node) {
    dirty.add(node.run.cellId);
  }
}
