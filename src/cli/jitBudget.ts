/**
 * A smaller TurboFan inlining budget for the commands that analyse many notebooks' code. A cold
 * check spends about a third of its CPU in V8's optimising compiler on background threads, and
 * each worker thread pays it again; inlining less (300 bytes of bytecode per optimised function,
 * V8's default 920) cut the process's CPU by 7-12% over the corpus and three copies of it, on
 * one thread and on two workers, with the main thread's time unchanged (Node 20, V8 11.3, 4 runs
 * each way). A cold export of the corpus in one process (--no-git --no-data --no-env) took 9%
 * less CPU, and `params --json`, one process per notebook over 30 of them, 2% (mostly Node's
 * start); each lower in every one of 8 and 6 alternated pairs. `verify`, `runs`: not measured.
 * Only on that V8: newer ones tier through Maglev first, and an unknown flag would be printed.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's major version where the budget was measured. */
const MEASURED_V8 = 11;

/** The commands where it was measured to help. */
const TRIMMED: ReadonlySet<string> = new Set(['check', 'export', 'params']);

/**
 * Sets the budget for the rest of this process when `command` runs (every thread: V8 flags are
 * per process). Called once, before the command's action.
 */
export function trimInlining(command: string): void {
  if (
    TRIMMED.has(command) &&
    Number(process.versions.v8.split('.')[0]) === MEASURED_V8
  ) {
    setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');
  }
}
