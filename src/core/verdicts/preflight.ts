/**
 * Before a cell runs: would this run read a value written by a cell positioned below it?
 * (verdicts.md, `out-of-order`, asked ahead of time.) Used by strict mode to ask the user
 * before the run happens; the verdict engine reports the same thing after it.
 */
import { getFacts } from '../facts/factsCache';
import { currentSession, sourceOf } from '../record/executionLog';
import type { ICellRef, IExecutionRecord, INotebookSnapshot } from '../types';

/** One input of the pending run that comes from below. */
export interface IOutOfOrderInput {
  readonly name: string;
  /** The cell whose run last wrote the name, positioned below the cell about to run. */
  readonly writer: ICellRef;
}

/**
 * The names `source` reads whose latest value (in the current kernel session) was written
 * by a cell positioned below `cellId`. Empty when the run would be in order. Never throws.
 */
export function outOfOrderInputs(
  nb: INotebookSnapshot,
  record: IExecutionRecord | null,
  cellId: string,
  source: string
): IOutOfOrderInput[] {
  if (record === null) {
    return [];
  }
  const position = new Map<string, number>();
  nb.cells.forEach((c, i) => position.set(c.id, i));
  const here = position.get(cellId);
  if (here === undefined) {
    return [];
  }
  const pending = new Set(getFacts(source).reads);
  const found: IOutOfOrderInput[] = [];
  const session = currentSession(record);
  // Walk back through this session's runs: the first writer met is the latest one.
  for (let i = record.runs.length - 1; i >= 0 && pending.size > 0; i--) {
    const run = record.runs[i];
    if (run.session !== session) {
      break;
    }
    const text = sourceOf(record, run);
    if (text === null) {
      continue;
    }
    const f = getFacts(text);
    for (const name of [...pending]) {
      if (
        f.defs.includes(name) ||
        f.maybeDefs.includes(name) ||
        f.mutations.includes(name) ||
        f.deletes.includes(name)
      ) {
        pending.delete(name);
        const at = position.get(run.cellId);
        if (run.cellId !== cellId && at !== undefined && at > here) {
          found.push({ name, writer: { id: run.cellId, index: at } });
        }
      }
    }
  }
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
