/**
 * Compaction: drop the runs the verdicts no longer need, so a record stays bounded by
 * the notebook's size rather than by how often cells ran.
 *
 * Kept, for the current kernel session:
 * - the last run of every cell (of every live cell, when the caller says which are live);
 * - for each of those, the runs whose writes it consumed (so `out-of-order`,
 *   `hidden-state` and `shadowed` replay identically), and one level further for runs
 *   that are not a cell's last run (so `unsafe` still sees where their inputs came from);
 * - for each kept run and name it read, the first later write of that name by each other
 *   cell (so `stale` and its writers are identical whatever the cells' positions).
 * For earlier sessions, only each name's last writer (what `previous-session` asks) and
 * each live cell's last run (what its saved output came from).
 * Sources no kept run references go too. Seq numbers are kept, so gaps are normal.
 *
 * Known approximation: an `unsafe` chain that passes through two or more superseded runs
 * that are no cell's last run can lose its far end.
 */
import { getFacts } from '../facts/factsCache';
import type { IExecutionRecord, IKernelSession, IRun } from '../types';
import { limitSize } from '../verdicts/sizeLimit';
import { FactsOf, IRunNode, Timeline } from '../verdicts/timeline';

/** Options of {@link compact}. */
export interface ICompactOptions {
  /** Ids of the cells now in the notebook; runs of other cells are kept only if needed. */
  readonly liveCellIds?: Iterable<string>;
  /** Facts of one source. Default: the shared facts cache. */
  readonly facts?: FactsOf;
}

/** A smaller record with the same verdicts (see the module comment for what is kept). */
export function compact(
  record: IExecutionRecord,
  options: ICompactOptions = {}
): IExecutionRecord {
  if (record.runs.length === 0) {
    return record;
  }
  const timeline = new Timeline(record, limitSize(options.facts ?? getFacts));
  const live =
    options.liveCellIds === undefined ? null : new Set(options.liveCellIds);
  const keep = new Set<IRun>(timeline.previousWriters());
  // Each live cell's last run of an earlier session: what its saved output and its code
  // were compared with (doubtful saved outputs, issue 17).
  for (const run of timeline.lastPreviousRuns()) {
    if (live === null || live.has(run.cellId)) {
      keep.add(run);
    }
  }
  const expanded = new Set<IRunNode>();
  const lasts = new Set<IRunNode>();
  for (const id of timeline.executedCells()) {
    const node = timeline.lastRun(id) as IRunNode;
    lasts.add(node);
  }
  const stack: [IRunNode, number][] = [];
  for (const node of lasts) {
    if (live === null || live.has(node.run.cellId)) {
      stack.push([node, 0]);
    }
  }
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [IRunNode, number];
    keep.add(node.run);
    if (expanded.has(node)) {
      continue;
    }
    expanded.add(node);
    for (const writer of node.deps.values()) {
      if (lasts.has(writer)) {
        stack.push([writer, 0]);
      } else if (depth < 1) {
        stack.push([writer, depth + 1]);
      } else {
        keep.add(writer.run);
      }
    }
    for (const name of node.effects.reads) {
      keepFirstLaterWrites(timeline, node, name, keep);
    }
  }
  if (keep.size === record.runs.length) {
    return record;
  }
  return rebuild(record, keep, timeline.session);
}

/**
 * For `node` and a name it read, keep one later write of it by each other cell (a
 * definite one when there is one), unless that cell's last run — always kept, and later
 * too — already shows it.
 */
function keepFirstLaterWrites(
  timeline: Timeline,
  node: IRunNode,
  name: string,
  keep: Set<IRun>
): void {
  const byCell = new Map<string, IRunNode[]>();
  const writes = timeline.writesOf(name);
  for (
    let i = writes.length - 1;
    i >= 0 && writes[i].run.seq > node.run.seq;
    i--
  ) {
    const id = writes[i].run.cellId;
    if (id !== node.run.cellId) {
      const list = byCell.get(id);
      if (list === undefined) {
        byCell.set(id, [writes[i]]);
      } else {
        list.push(writes[i]);
      }
    }
  }
  for (const [id, ws] of byCell) {
    const last = timeline.lastRun(id) as IRunNode;
    const sure = ws.find(w => w.effects.writes.get(name) !== 'maybe');
    const lastWrites = last.effects.writes.get(name);
    if (
      lastWrites !== undefined &&
      (sure === undefined || lastWrites !== 'maybe')
    ) {
      continue;
    }
    keep.add((sure ?? ws[0]).run);
  }
}

/** The record with only `keep`'s runs, its sessions renumbered and unused sources dropped. */
function rebuild(
  record: IExecutionRecord,
  keep: Set<IRun>,
  current: number
): IExecutionRecord {
  const used = new Set<number>([current]);
  for (const r of keep) {
    used.add(r.session);
  }
  const renumber = new Map<number, number>();
  const sessions: IKernelSession[] = [];
  record.sessions.forEach((s, i) => {
    if (used.has(i)) {
      renumber.set(i, sessions.length);
      sessions.push(s);
    }
  });
  const sources: Record<string, string> = {};
  const runs: IRun[] = [];
  for (const r of record.runs) {
    if (!keep.has(r)) {
      continue;
    }
    const session = renumber.get(r.session) as number;
    runs.push(session === r.session ? r : { ...r, session });
    const text = record.sources[r.source];
    if (text !== undefined) {
      sources[r.source] = text;
    }
  }
  return {
    version: record.version,
    sessions,
    sources,
    runs,
    ...(record.observed !== undefined ? { observed: record.observed } : {})
  };
}
