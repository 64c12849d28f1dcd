import type { IExecutionRecord, IRebinding } from '../types';

/**
 * Attach the kernel companion's re-binding facts to a run already in the record (they
 * arrive just after the run's reply). Returns the same record when no run has `seq`.
 */
export function withRebound(
  record: IExecutionRecord,
  seq: number,
  rebound: IRebinding
): IExecutionRecord {
  const i = record.runs.findIndex(r => r.seq === seq);
  if (i < 0) {
    return record;
  }
  const runs = record.runs.slice();
  runs[i] = { ...runs[i], rebound };
  return { ...record, runs };
}
