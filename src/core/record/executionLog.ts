/**
 * The execution record (verdicts.md, "Execution log"): pure functions over
 * {@link IExecutionRecord}. Every function returns a new record and never mutates its
 * argument, so a caller can keep the previous record, compare by identity and undo.
 *
 * The record is what `analyze` replays; it is stored in the notebook's metadata under
 * `linearize` by `toMetadata` (see `metadata.ts`).
 */
import type {
  IExecutionRecord,
  IKernelSession,
  IRebinding,
  IRun,
  RunStatus
} from '../types';
import { hashSource } from '../util/hash';
import { compact } from './compact';

/** What a recorder knows about one finished execution. */
export interface IRunInput {
  readonly cellId: string;
  /** The exact source that was sent to the kernel. */
  readonly source: string;
  readonly executionCount: number | null;
  readonly status: RunStatus;
  /** ISO 8601 time the reply arrived. */
  readonly time: string;
  /** Re-binding facts from the kernel companion, when it runs. */
  readonly rebound?: IRebinding;
  /** The execute_request's msg_id (collaborative records only, to count a run once). */
  readonly msgId?: string;
}

/** Kernel id used when a run arrives before any session was started. */
export const UNKNOWN_KERNEL = 'unknown';

/** A record with no session and no run. */
export function emptyRecord(): IExecutionRecord {
  return { version: 2, sessions: [], sources: {}, runs: [] };
}

/**
 * Start a new kernel session: call it on every kernel restart or kernel change, not when
 * the page reconnects to a kernel that kept its state (Jupyter keeps a kernel's id across
 * restarts, so the record cannot tell these apart by itself).
 */
export function startSession(
  record: IExecutionRecord,
  kernelId: string,
  time: string
): IExecutionRecord {
  const session: IKernelSession = { kernel: kernelId, started: time };
  return { ...record, sessions: [...record.sessions, session] };
}

/** Index of the current (last) kernel session, or -1 when none was started. */
export function currentSession(record: IExecutionRecord): number {
  return record.sessions.length - 1;
}

/**
 * Key under which `source` is (or would be) stored. Normally `hashSource(source)`; on a
 * hash collision with a different stored text, the next seed that is free or matches.
 */
export function sourceKey(
  sources: Readonly<Record<string, string>>,
  source: string
): string {
  for (let seed = 0; ; seed++) {
    const key = hashSource(source, seed);
    const stored = sources[key];
    if (stored === undefined || stored === source) {
      return key;
    }
  }
}

/**
 * Runs at or above this length are compacted every `COMPACT_EVERY` appends, once there
 * are at least twice as many runs as cells: often enough to keep the record bounded,
 * rarely enough that compaction (and the full re-analysis it causes) is O(1) per run
 * amortised.
 */
export const COMPACT_FROM = 512;
export const COMPACT_EVERY = 256;

/**
 * Append one execution. Starts an `unknown` session if none exists, stores the source
 * once by hash, numbers the run after the last one, and compacts the record when it has
 * grown (see `compact.ts`), so a long session stays bounded; `{compact: false}` turns
 * that off (to measure it, or to keep a full log for debugging).
 */
export function appendRun(
  record: IExecutionRecord,
  input: IRunInput,
  options: { readonly compact?: boolean } = {}
): IExecutionRecord {
  let base = record;
  if (base.sessions.length === 0) {
    base = startSession(base, UNKNOWN_KERNEL, input.time);
  }
  const key = sourceKey(base.sources, input.source);
  const sources =
    base.sources[key] === undefined
      ? { ...base.sources, [key]: input.source }
      : base.sources;
  const last = base.runs[base.runs.length - 1];
  const run: IRun = {
    seq: last === undefined ? 1 : last.seq + 1,
    cellId: input.cellId,
    source: key,
    executionCount: input.executionCount,
    session: base.sessions.length - 1,
    status: input.status,
    time: input.time,
    ...(input.rebound !== undefined ? { rebound: input.rebound } : {}),
    ...(input.msgId !== undefined ? { msgId: input.msgId } : {})
  };
  const next: IExecutionRecord = {
    ...base,
    sources,
    runs: [...base.runs, run]
  };
  const n = next.runs.length;
  if (
    options.compact !== false &&
    n >= COMPACT_FROM &&
    n % COMPACT_EVERY === 0
  ) {
    // Each cell keeps at least its last run: compacting below twice that is wasted work.
    const cells = new Set(next.runs.map(r => r.cellId)).size;
    if (n >= 2 * cells) {
      return compact(next);
    }
  }
  return next;
}

/** The exact source that ran, or null when the record lacks it (a hand-edited file). */
export function sourceOf(record: IExecutionRecord, run: IRun): string | null {
  const text = record.sources[run.source];
  return text === undefined ? null : text;
}

/**
 * Re-point every run of `oldId` to `newId`. JupyterLab gives a cell a new id on cut +
 * paste and on a cell-type change; the recorder calls this so the cell keeps its history.
 * Returns the same record when `oldId` has no run.
 */
export function renameCell(
  record: IExecutionRecord,
  oldId: string,
  newId: string
): IExecutionRecord {
  if (oldId === newId || !record.runs.some(r => r.cellId === oldId)) {
    return record;
  }
  return {
    ...record,
    runs: record.runs.map(r =>
      r.cellId === oldId ? { ...r, cellId: newId } : r
    )
  };
}

/** The runs of one session, in order. */
export function runsOfSession(
  record: IExecutionRecord,
  session: number
): readonly IRun[] {
  return record.runs.filter(r => r.session === session);
}
