/**
 * Whether a stored record still describes a saved notebook. A notebook re-executed by
 * another tool (nbconvert, papermill, an editor without the extension) keeps our old
 * record in its metadata while its execution counts move on; judging it by that record
 * would report verdicts about runs that are no longer what the file shows.
 */
import type { IExecutionRecord, INotebookSnapshot } from '../types';

/**
 * True when every code cell's saved execution count is the count of its last run in the
 * record's current session (cells without a count are not compared: JupyterLab clears
 * counts it has not saved yet, and outputs may have been cleared on purpose).
 */
export function recordMatches(
  nb: INotebookSnapshot,
  record: IExecutionRecord
): boolean {
  const session = record.sessions.length - 1;
  const last = new Map<string, number | null>();
  for (const run of record.runs) {
    if (run.session === session) {
      last.set(run.cellId, run.executionCount);
    }
  }
  for (const cell of nb.cells) {
    if (cell.type !== 'code' || cell.executionCount === null) {
      continue;
    }
    const ran = last.get(cell.id);
    if (ran === undefined || (ran !== null && ran !== cell.executionCount)) {
      return false;
    }
  }
  return true;
}
