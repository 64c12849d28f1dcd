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
 * For each name `reader` read, the cells above it that wrote the name after it read it,
 * one run each: that cell's latest definite write when it is later, else its latest.
 * Empty when the reader is fresh. Costs the number of distinct writer cells of each name,
 * not the number of writes.
 */
export function staleWrites(
  reader: IRunNode,
  timeline: Timeline,
  pos: Position
): Map<string, IRunNode[]> {
  const out = new Map<string, IRunNode[]>();
  const at = pos(reader.run.cellId);
  if (at === null) {
    return out;
  }
  const seq = reader.run.seq;
  for (const name of reader.effects.reads) {
    for (const [cellId, w] of timeline.writersOf(name)) {
      if (
        w.last.run.seq <= seq ||
        cellId === reader.run.cellId ||
        disjointElements(reader.effects, w.last.effects, name) ||
        rebindsSameLiteral(reader, w.last, name)
      ) {
        continue;
      }
      const p = pos(cellId);
      if (p !== null && p < at) {
        const run =
          w.lastSure !== undefined && w.lastSure.run.seq > seq
            ? w.lastSure
            : w.last;
        const list = out.get(name);
        if (list === undefined) {
          out.set(name, [run]);
        } else {
          list.push(run);
        }
      }
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
const enum Contribution {
  None,
  Maybe,
  Sure
}

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

/**
 * Update after `node` (just replayed) for an unchanged layout. `entries`: how the run
 * changed its cell's entry of each name it wrote. Adds to `dirty` the ids of the cells
 * whose runs' flags or stale writers changed, the node's own included; to `retaint`
 * those of the cells where only `stale` and `unsafe` can differ.
 */
export function taintAfterRun(
  timeline: Timeline,
  node: IRunNode,
  entries: readonly EntryChange[],
  pos: Position,
  dirty: Set<string>,
  retaint: Set<string>
): void {
  node.stale = false;
  node.tainted = anyTaintedDep(node);
  dirty.add(node.run.cellId);
  const cellId = node.run.cellId;
  const fresh: IRunNode[] = [];
  for (const [name, before, after] of entries) {
    for (const reader of timeline.readersOf(name)) {
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
      markDirty(timeline, reader, retaint);
      if (now === Contribution.None) {
        // The cell's new write hides an earlier one that made the reader stale.
        fresh.push(reader);
      } else if (!reader.stale) {
        reader.stale = true;
        // Already tainted through an input: everything derived from it already counts
        // its cell among the cells to re-run, so nothing downstream changes.
        if (!reader.tainted) {
          spread(timeline, reader, retaint);
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
    retaintFrom(timeline, changed, retaint);
  }
}

/**
 * Update after the last run was replayed again with different writes (the kernel's
 * re-binding facts arrived): its readers' staleness is recomputed, and the taint of
 * whatever derives from the readers whose staleness changed, in run order.
 */
export function taintAfterReplace(
  timeline: Timeline,
  before: IRunNode,
  after: IRunNode,
  pos: Position,
  dirty: Set<string>
): void {
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
      const stale = isStale(reader, timeline, pos);
      if (stale !== reader.stale) {
        reader.stale = stale;
        changed.push(reader);
      }
    }
  }
  retaintFrom(timeline, changed, dirty);
}

/**
 * Recompute `tainted` for the runs whose `stale` flag `changed` and everything derived
 * from them, in run order (dependencies point to earlier runs), marking their cells.
 */
function retaintFrom(
  timeline: Timeline,
  changed: readonly IRunNode[],
  dirty: Set<string>
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
    markDirty(timeline, n, dirty);
  }
}

/**
 * Mark everything derived from `root` (newly tainted) tainted and dirty. Nodes already
 * tainted are still visited: the cells to re-run for them now include `root`'s.
 */
function spread(timeline: Timeline, root: IRunNode, dirty: Set<string>): void {
  const seen = new Set<IRunNode>([root]);
  const queue: IRunNode[] = [root];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i];
    n.tainted = true;
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
