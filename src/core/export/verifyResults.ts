import {
  verifyOutcome,
  type IActualCell,
  type ICellVerify,
  type VerifyOutcome
} from './compareOutputs';
import { describeRunFailure, type RunFailure } from './verifyWords';

/** One line of the verify driver's `results.jsonl`. */
export interface IDriverRecord {
  readonly type: 'setup' | 'cell' | 'done';
  readonly id?: string;
  readonly output?: string;
  readonly error?: IActualCell['error'];
}

/**
 * The driver's records, in order. A line cut short (the script was killed) is skipped:
 * the cells before it still count. Never throws.
 */
export function parseDriverResults(text: string): IDriverRecord[] {
  const out: IDriverRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      continue;
    }
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'object' && value !== null && 'type' in value) {
        out.push(value as IDriverRecord);
      }
    } catch {
      // Cut short by a kill.
    }
  }
  return out;
}

/** The actual output of each cell the driver ran, by cell id. */
export function actualCells(
  records: readonly IDriverRecord[]
): Map<string, IActualCell> {
  const byId = new Map<string, IActualCell>();
  for (const r of records) {
    if (r.type === 'cell' && r.id !== undefined) {
      byId.set(r.id, { output: r.output ?? '', error: r.error ?? null });
    }
  }
  return byId;
}

/** How the script's process ended, as the CLI saw it. */
export interface IVerifyRunEnd {
  /** The driver wrote its last record (`done`): every cell was attempted. */
  readonly done: boolean;
  /** Exit status, or null when a signal ended it. */
  readonly status: number | null;
  /** The signal that ended it (`SIGKILL`…), or null. */
  readonly signal: string | null;
  /** Stopped by `--timeout` (the CLI's kill, not the script's own). */
  readonly timedOut: boolean;
  /** The timeout in seconds, for the message. */
  readonly timeout: number;
}

/**
 * Why the process itself failed, or null when it ran through and exited 0. A script that a
 * Python run would report as failing (non-zero status, killed, timed out, stopped early)
 * never verifies, even when every cell that printed something matched: a thread or an
 * `atexit` hook can end it after the last cell.
 */
export function runFailure(end: IVerifyRunEnd): RunFailure | null {
  if (end.timedOut) {
    return { id: 'timed-out', seconds: end.timeout };
  }
  if (end.signal !== null) {
    return { id: 'killed', signal: end.signal };
  }
  if (end.status !== 0) {
    return { id: 'exit-status', status: end.status };
  }
  if (!end.done) {
    return { id: 'stopped-early' };
  }
  return null;
}

/**
 * The outcome of a run: the cells' outcome (`verifyOutcome`), except that a process that
 * failed (see {@link runFailure}) `fails` whatever its cells showed.
 */
export function runOutcome(
  cells: readonly ICellVerify[],
  end: IVerifyRunEnd
): {
  readonly outcome: VerifyOutcome;
  readonly compared: number;
  readonly reproduced: number;
  /** Why the process failed, in English, and as data (`failed`). */
  readonly failure: string | null;
  readonly failed: RunFailure | null;
} {
  const counts = verifyOutcome(cells);
  const failed = runFailure(end);
  return {
    ...counts,
    outcome: failed === null ? counts.outcome : 'fails',
    failure: failed === null ? null : describeRunFailure(failed),
    failed
  };
}
