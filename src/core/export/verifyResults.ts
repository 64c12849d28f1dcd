import type { IActualCell } from './compareOutputs';

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
