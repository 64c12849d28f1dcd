/**
 * Staleness and its transitive spread (`stale`, `unsafe`), which depend on where cells sit
 * now. `refreshTaint` recomputes every run (after cells moved, were inserted or deleted);
 * `taintAfterRun` updates after one more run, touching only the runs that read a name it
 * wrote and what was derived from them. Both only ever turn flags on for a given layout:
 * appending a run can supersede earlier reads, never un-supersede them.
 */
import type { IRunNode, Timeline } from './timeline';

/** Current 0-based position of a code cell, or null when it is gone (or no longer code). */
export type Position = (cellId: string) => number | null;

/**
 * True when `writer` changed a name after `reader` read it, from a different cell that
 * sits above the reader's cell (verdicts.md `stale`, in-order semantics: a later write by
 * a cell below does not make the reader wrong).
 */
export function supersedes(reader: IRunNode, writer: IRunNode, pos: Position): boolean {
  if (writer.run.seq <= reader.run.seq || writer.run.cellId === reader.run.cellId) {
    return false;
  }
  const w = pos(writer.run.cellId);
  const r = pos(reader.run.cellId);
  return w !== null && r !== null && w < r;
}

/** For each name `reader` read, the later runs that superseded it (empty when fresh). */
export function staleWrites(
  reader: IRunNode,
  timeline: Timeline,
  pos: Position
): Map<string, IRunNode[]> {
  const out = new Map<string, IRunNode[]>();
  for (const name of reader.effects.reads) {
    const writes = timeline.writesOf(name);
    for (let i = writes.length - 1; i >= 0 && writes[i].run.seq > reader.run.seq; i--) {
      if (supersedes(reader, writes[i], pos)) {
        const list = out.get(name);
        if (list === undefined) {
          out.set(name, [writes[i]]);
        } else {
          list.push(writes[i]);
        }
      }
    }
  }
  return out;
}

function isStale(reader: IRunNode, timeline: Timeline, pos: Position): boolean {
  for (const name of reader.effects.reads) {
    const writes = timeline.writesOf(name);
    for (let i = writes.length - 1; i >= 0 && writes[i].run.seq > reader.run.seq; i--) {
      if (supersedes(reader, writes[i], pos)) {
        return true;
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
      if (reader === node || !supersedes(reader, node, pos)) {
        continue;
      }
      dirty.add(reader.run.cellId);
      if (!reader.stale) {
        reader.stale = true;
        spread(reader, dirty);
      }
    }
  }
}

/**
 * Mark everything derived from `root` tainted and dirty. Nodes already tainted are still
 * visited: the set of cells to re-run for them grows with the new root.
 */
function spread(root: IRunNode, dirty: Set<string>): void {
  const seen = new Set<IRunNode>([root]);
  const queue: IRunNode[] = [root];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i];
    n.tainted = true;
    dirty.add(n.run.cellId);
    for (const r of n.readers) {
      if (!seen.has(r)) {
        seen.add(r);
        queue.push(r);
      }
    }
  }
}
