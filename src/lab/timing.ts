/**
 * User Timing helpers: the measures show in the browser's profiler and feed
 * `bench/ui-latency.sh`. jsdom has no User Timing API, so each call checks for it.
 */

/** Marked by the recorder when an execution's reply arrives. */
export const REPLY_MARK = 'linearize:reply';
/** Reply → verdicts, markers and status painted by the run's pass (latency, waits included). */
export const UPDATE_MEASURE = 'linearize:update';
/** One pass: analysis, `reportChanged` and everything its listeners paint (the frame cost). */
export const PASS_MEASURE = 'linearize:pass';

/** Whether this environment has `performance.mark`/`measure`. */
export const TIMED =
  typeof performance !== 'undefined' &&
  typeof performance.mark === 'function' &&
  typeof performance.measure === 'function';

/** Record a measure from the latest `start` mark, and keep the browser's timing buffer bounded. */
export function measure(name: string, start: string): void {
  if (!TIMED) {
    return;
  }
  performance.measure(name, start);
  performance.clearMarks(start);
  if (performance.getEntriesByName(name).length > 1000) {
    performance.clearMeasures(name);
  }
}
