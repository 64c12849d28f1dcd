/**
 * Collaborative records: with real-time collaboration (jupyter-collaboration) every client
 * of a notebook writes only its own part of the record, `metadata.linearize.clients[key]`
 * (record version 3), so no client overwrites another's runs. Readers merge the parts into
 * one record here, the same way in the lab and in the CLI; the merge depends only on the
 * parts, never on which client reads.
 *
 * Kernel sessions: every client starts its own session entry when it connects to a kernel
 * and on each restart it sees. Sorted by start time, an entry joins the session before it
 * when it names the same kernel and comes from a part not yet in that session (a second
 * entry of the same part for the same kernel is that client seeing a restart).
 *
 * Runs: within a merged session, in execution-count order (the shared kernel numbers its
 * executions); a run without a count stays right after what preceded it in its part. One
 * execution seen by two clients (the one that sent it, and another that saw its
 * `execute_input`) is kept once: same `msgId`, or else same session and execution count;
 * a run with a known status wins over an `unknown` one, then the first part by key.
 */
import type {
  IExecutionRecord,
  IKernelSession,
  IObservedRecord,
  IRun
} from '../types';
import { sourceKey } from './executionLog';

/** One client's part of a collaborative record (`key` '' is the shared base part). */
export interface IRecordPart {
  readonly key: string;
  readonly record: IExecutionRecord;
}

interface IEntry {
  readonly session: IKernelSession;
  readonly part: number;
  readonly index: number;
}

interface IItem {
  readonly run: IRun;
  readonly part: number;
  readonly group: number;
  /** Sort position within the group: the count, or the previous counted run's + 0.5. */
  readonly at: number;
}

const STATUS_RANK = { ok: 1, error: 1, unknown: 0 } as const;

/** Merge the parts of a collaborative record into one record (deterministic). */
export function mergeParts(parts: readonly IRecordPart[]): IExecutionRecord {
  const sorted = [...parts].sort((a, b) => cmp(a.key, b.key));
  const records = sorted.map(p => p.record);

  // 1. Sessions: coalesce the clients' entries for one kernel lifetime.
  const entries: IEntry[] = [];
  records.forEach((r, part) =>
    r.sessions.forEach((session, index) =>
      entries.push({ session, part, index })
    )
  );
  entries.sort(
    (a, b) =>
      cmp(a.session.started, b.session.started) ||
      cmp(a.session.kernel, b.session.kernel) ||
      // Within one millisecond, each part's earlier entries first: a client's connection and
      // its restart then bracket another client's connection instead of hiding it.
      a.index - b.index ||
      a.part - b.part
  );
  const sessions: IKernelSession[] = [];
  const groupOf = records.map(r => new Array<number>(r.sessions.length));
  let owners = new Set<number>();
  for (const e of entries) {
    const last = sessions[sessions.length - 1];
    if (
      last === undefined ||
      last.kernel !== e.session.kernel ||
      owners.has(e.part)
    ) {
      sessions.push({ kernel: e.session.kernel, started: e.session.started });
      owners = new Set();
    }
    owners.add(e.part);
    groupOf[e.part][e.index] = sessions.length - 1;
  }

  // 2. Runs, placed in their merged session; one execution seen twice is kept once.
  const items: IItem[] = [];
  const byId = new Map<string, number>();
  /** Runs dropped as duplicates: their part, seq and the id of the copy kept. */
  const dropped: { part: number; seq: number; id: string }[] = [];
  records.forEach((r, part) => {
    let lastCount = 0;
    let lastGroup = -1;
    for (const run of r.runs) {
      const group = groupOf[part][run.session] ?? 0;
      if (group !== lastGroup) {
        lastCount = 0;
        lastGroup = group;
      }
      const at = run.executionCount ?? lastCount + 0.5;
      if (run.executionCount !== null) {
        lastCount = run.executionCount;
      }
      const item: IItem = { run, part, group, at };
      const id =
        run.msgId ??
        (run.executionCount !== null ? `${group}#${run.executionCount}` : null);
      const seen = id === null ? undefined : byId.get(id);
      if (id === null || seen === undefined || items[seen].part === part) {
        if (id !== null && seen === undefined) {
          byId.set(id, items.length);
        }
        items.push(item);
      } else if (
        STATUS_RANK[run.status] > STATUS_RANK[items[seen].run.status]
      ) {
        dropped.push({ part: items[seen].part, seq: items[seen].run.seq, id });
        items[seen] = item;
      } else {
        dropped.push({ part, seq: run.seq, id });
      }
    }
  });
  const order = items
    .map((item, i) => ({ item, i }))
    .sort(
      (a, b) =>
        a.item.group - b.item.group ||
        a.item.at - b.item.at ||
        cmp(a.item.run.time, b.item.run.time) ||
        a.i - b.i
    )
    .map(x => x.item);

  // 3. Renumber; sources re-keyed (each part keyed its own texts).
  const sources: Record<string, string> = {};
  const runs: IRun[] = [];
  /** Per part: its run seq → the merged seq of that execution (kept or its duplicate). */
  const seqOf = records.map(() => new Map<number, number>());
  const mergedSeq = new Map<IItem, number>();
  order.forEach((item, i) => {
    const text = records[item.part].sources[item.run.source] ?? '';
    const key = sourceKey(sources, text);
    sources[key] = text;
    const { seq: _seq, ...rest } = item.run;
    void _seq;
    runs.push({ ...rest, seq: i + 1, source: key, session: item.group });
    seqOf[item.part].set(item.run.seq, i + 1);
    mergedSeq.set(item, i + 1);
  });
  // A dropped duplicate's observations belong to the copy that was kept.
  for (const d of dropped) {
    const kept = items[byId.get(d.id) as number];
    seqOf[d.part].set(d.seq, mergedSeq.get(kept) as number);
  }

  const observed = mergeObserved(records, seqOf);
  return {
    version: 2,
    sessions,
    sources,
    runs,
    ...(observed !== undefined ? { observed } : {})
  };
}

/** Newer observations (by merged seq) replace older ones, as in one client's record. */
function mergeObserved(
  records: readonly IExecutionRecord[],
  seqOf: readonly Map<number, number>[]
): IObservedRecord | undefined {
  let any = false;
  const data: Record<string, { md5: string; size: number; seq: number }> = {};
  const packages: Record<
    string,
    { distribution: string; version: string; seq: number }
  > = {};
  records.forEach((r, part) => {
    if (r.observed === undefined) {
      return;
    }
    any = true;
    // The merged seq of the part's last run at or before `seq` (runs may be compacted away).
    const partSeqs = [...seqOf[part].keys()].sort((a, b) => a - b);
    const map = (seq: number): number | null => {
      let best: number | null = null;
      for (const s of partSeqs) {
        if (s > seq) {
          break;
        }
        best = seqOf[part].get(s) ?? best;
      }
      return best;
    };
    for (const [path, o] of Object.entries(r.observed.data)) {
      const seq = map(o.seq);
      if (seq !== null && (data[path] === undefined || data[path].seq < seq)) {
        data[path] = { ...o, seq };
      }
    }
    for (const [m, o] of Object.entries(r.observed.packages)) {
      const seq = map(o.seq);
      if (
        seq !== null &&
        (packages[m] === undefined || packages[m].seq < seq)
      ) {
        packages[m] = { ...o, seq };
      }
    }
  });
  return any ? { data, packages } : undefined;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
