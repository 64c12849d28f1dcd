/**
 * Staleness and its transitive spread (`stale`, `unsafe`), which depend on where cells sit
 * now. `refreshTaint` recomputes every run (after cells moved, were inserted or deleted);
 * `taintAfterRun` updates after one more run, touching only the runs that read a name it
 * wrote and what was derived from them. Both only ever turn flags on for a given layout:
 * appending a run can supersede earlier reads, never un-supersede them.
 */
import { disjointElements } from './effects';
import { rebindsSameLiteral } from './sameLiteral';
import type { IRunNode, Timeline } from './timeline';

/** Current 0-based position of a code cell, or null when it is gone (or no longer code). */
export type Position = (cellId: string) => number | null;

/**
 * True when `writer` changed a name after `reader` read it, from a different cell that
 * sits above the reader's cell (verdicts.md `stale`, in-order semantics: a later write by
 * a cell below does not make the reader wrong).
 */
export function supersedes(
  reader: IRunNode,
  writer: IRunNode,
  pos: Position,
  name?: string
): boolean {
  if (
    writer.run.seq <= reader.run.seq ||
    writer.run.cellId === reader.run.cellId ||
    (name !== undefined &&
      (disjointElements(reader.effects, writer.effects, name) ||
        rebindsSameLiteral(reader, writer, name)))
  ) {
    return false;
  }
  const w = pos(writer.run.cellId);
  const r = pos(reader.run.cellId);
  return w !== null && r !== null && w < r;
}

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
 * Update after `node` (just replayed) for an unchanged layout. Adds to `dirty` the id of
 * every cell whose runs' flags or stale writers may have changed.
 */
export function taintAfterRun(
  timeline: Timeline,
  node: IRunNode,
  pos: Position,
  dirty: Set<string>
): void {
  node.stale = false;
  node.tainted = anyTaintedDep(node);
  dirty.add(node.run.cellId);
  for (const name of node.effects.writes.keys()) {
    for (const reader of timeline.readersOf(name)) {
      if (reader === node || !supersedes(reader, node, pos, name)) {
        continue;
      }
      if (!reader.stale) {
        reader.stale = true;
        markDirty(timeline, reader, dirty);
        // Already tainted through an input: everything derived from it already counts
        // its cell among the cells to re-run, so nothing downstream changes.
        if (!reader.tainted) {
          spread(timeline, reader, dirty);
        }
      } else if (!alreadySuperseded(reader, node, name)) {
        markDirty(timeline, reader, dirty); // one more cell (or kind) in its stale finding
      }
    }
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
 * True when the same cell already superseded `name` for `reader`, with the same kind of
 * write: its stale finding (names, cells, "may") does not change. Checked on the cell's
 * previous run only, which is the common case of running one cell again and again.
 */
function alreadySuperseded(
  reader: IRunNode,
  node: IRunNode,
  name: string
): boolean {
  const prev = node.previous;
  return (
    prev !== undefined &&
    prev.run.seq > reader.run.seq &&
    prev.effects.writes.get(name) === node.effects.writes.get(name)
  );
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
