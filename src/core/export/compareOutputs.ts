/**
 * `linearize verify`'s comparison: what a cell printed and displayed when the exported script
 * ran, against the text outputs saved in the notebook.
 *
 * The expected text of a cell is its saved outputs in order: stream text (stdout and stderr
 * alike) as is, and the `text/plain` of each `display_data` and `execute_result` followed by
 * a line break. Rules, applied to both sides, so the comparison is deterministic:
 * 1. line ends become LF; in each line only the text after the last `\r` counts (what a
 *    terminal shows of a progress bar); ANSI colour codes are removed;
 * 2. object addresses (`0x7f3a…`, 4+ hex digits) compare equal;
 * 3. timing lines are dropped: `CPU times: …`, `Wall time: …`, and `%timeit` results
 *    (`… per loop (mean ± std. dev. …)`, `N loops, best of M: …`);
 * 4. a warning's location (`/path/file.py:12: UserWarning: …`) is reduced to its category;
 * 5. trailing whitespace of each line, and blank lines at the start and end, are ignored;
 * 6. `display_data` that is only a matplotlib figure placeholder (`<Figure size 640x480 with
 *    1 Axes>`) is ignored (a script does not display figures); rich outputs without
 *    `text/plain` (images, HTML only) are ignored;
 * 7. a saved error reproduces when the script raises the same exception type in that cell;
 * 8. a `%%capture` cell's printed text is not compared (the notebook hid it; the script,
 *    where the captured value is not used later, prints it).
 * A cell that never ran in the notebook (no execution count, no output) is not compared.
 */
import type { ICellSnapshot } from '../types';
import { describeVerifyDetail, type VerifyDetail } from './verifyWords';

/** What the script did in one cell (from the driver's results). */
export interface IActualCell {
  /** stdout and stderr, interleaved as written, plus displayed values. */
  readonly output: string;
  readonly error: {
    readonly ename: string;
    readonly evalue: string;
    readonly traceback?: string;
  } | null;
}

/** The outcome for one cell. */
export type VerifyStatus =
  /** Same text (and same exception type, if any). */
  | 'reproduces'
  /** Different text, or a different exception. */
  | 'differs'
  /** The script raised where the notebook did not. */
  | 'error'
  /** The script never reached the cell (an earlier failure, a timeout). */
  | 'not-run'
  /** The notebook has nothing to compare with (the cell never ran there). */
  | 'not-compared';

/** One cell's verdict. */
export interface ICellVerify {
  readonly id: string;
  readonly index: number;
  readonly status: VerifyStatus;
  /** Normalized texts, for reports. */
  readonly expected: string;
  readonly actual: string;
  /** One line: the first difference, the exception… ('' when it reproduces). */
  readonly detail: string;
  /** The same as data (null when it reproduces), for a translated view. */
  readonly reason: VerifyDetail | null;
}

const TIMING =
  /^(?:CPU times:|Wall time:|.*\bper loop \(mean\b|\d+ loops?, best of \d+:|\d+(?:\.\d+)? ?(?:ns|µs|us|ms|s) ± )/;
const WARNING_AT = /^\S.*?:\d+: ([A-Za-z_]\w*(?:Warning|Error)):/;
const FIGURE =
  /^<(?:Figure size [^>]*|matplotlib\.figure\.Figure[^>]*|Figure)>\s*$/;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/**
 * The tail of a `%timeit` line a narrow output wrapped (`… 1000 loops` / `each)`), and
 * IPython's "The slowest run took …" note: both are timing, like the line they follow.
 */
function wrappedTiming(lines: readonly string[], i: number): boolean {
  const l = lines[i];
  if (/^The slowest run took [\d.]+ times longer/.test(l)) {
    return true;
  }
  if (i === 0 || !/^\s*[\w\s,.]*\)\s*$/.test(l)) {
    return false;
  }
  const prev = lines[i - 1];
  return TIMING.test(prev) && prev.lastIndexOf('(') > prev.lastIndexOf(')');
}

/** Applies rules 1–5 to one text. */
export function normalizeOutput(text: string): string {
  const lines = text
    .replace(/\r\n/g, '\n')
    .replace(ANSI, '')
    .split('\n')
    .map(l => {
      const cr = l.lastIndexOf('\r');
      return cr >= 0 ? l.slice(cr + 1) : l;
    })
    .filter((l, i, all) => !TIMING.test(l) && !wrappedTiming(all, i))
    .map(l =>
      l
        .replace(/0x[0-9a-fA-F]{4,}/g, '0x…')
        .replace(WARNING_AT, '$1:')
        .trimEnd()
    );
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a] === '') {
    a++;
  }
  while (b > a && lines[b - 1] === '') {
    b--;
  }
  return lines.slice(a, b).join('\n');
}

/** The expected text and error of a notebook cell (rule 6 applied). */
export function expectedOf(cell: ICellSnapshot): {
  text: string;
  error: { ename: string; evalue: string } | null;
} {
  let text = '';
  let error: { ename: string; evalue: string } | null = null;
  for (const o of cell.outputs) {
    if (o.type === 'stream') {
      text += o.text ?? '';
    } else if (o.type === 'error') {
      error = { ename: o.ename ?? '', evalue: o.evalue ?? '' };
    } else if (o.text !== undefined) {
      if (o.type === 'display_data' && FIGURE.test(o.text.trim())) {
        continue;
      }
      text += o.text.endsWith('\n') ? o.text : `${o.text}\n`;
    }
  }
  return { text, error };
}

/** The first line where two normalized texts differ, for the report. */
function firstDifference(expected: string, actual: string): VerifyDetail {
  const e = expected.split('\n');
  const a = actual.split('\n');
  let i = 0;
  while (i < Math.max(e.length, a.length) && e[i] === a[i]) {
    i++;
  }
  const show = (s: string | undefined): string | null =>
    s === undefined
      ? null
      : JSON.stringify(s.length > 120 ? `${s.slice(0, 117)}...` : s);
  return { id: 'line', line: i + 1, expected: show(e[i]), actual: show(a[i]) };
}

/** A cell's verdict with its detail worded in English and kept as data. */
function verdict(
  cell: Omit<ICellVerify, 'detail' | 'reason'>,
  reason: VerifyDetail | null
): ICellVerify {
  return {
    ...cell,
    detail: reason === null ? '' : describeVerifyDetail(reason),
    reason
  };
}

/** Compares one cell. `actual` null: the script never reached it. */
export function compareCell(
  cell: ICellSnapshot,
  index: number,
  actual: IActualCell | null
): ICellVerify {
  const exp = expectedOf(cell);
  const expected = normalizeOutput(exp.text);
  const base = { id: cell.id, index, expected };
  if (cell.executionCount === null && cell.outputs.length === 0) {
    // Nothing to compare with, but a script that raises here, or never gets here, still
    // fails: Restart & Run All would stop at this cell.
    if (actual !== null && actual.error !== null) {
      const what = `${actual.error.ename}: ${actual.error.evalue}`.split(
        '\n',
        1
      )[0];
      return verdict(
        { ...base, actual: normalizeOutput(actual.output), status: 'error' },
        { id: 'raised-unrun', error: what }
      );
    }
    return verdict(
      {
        ...base,
        actual: actual === null ? '' : normalizeOutput(actual.output),
        status: actual === null ? 'not-run' : 'not-compared'
      },
      { id: actual === null ? 'stopped-unrun' : 'unrun' }
    );
  }
  if (actual === null) {
    return verdict(
      { ...base, actual: '', status: 'not-run' },
      { id: 'stopped' }
    );
  }
  // Rule 8: IPython hid what a `%%capture` cell printed.
  const captured = /^\s*%%capture\b/.test(cell.source);
  const got = captured ? expected : normalizeOutput(actual.output);
  const withActual = { ...base, actual: got };
  if (
    actual.error !== null &&
    (exp.error === null || exp.error.ename !== actual.error.ename)
  ) {
    const what = `${actual.error.ename}: ${actual.error.evalue}`.split(
      '\n',
      1
    )[0];
    return exp.error === null
      ? verdict(
          { ...withActual, status: 'error' },
          { id: 'raised', error: what }
        )
      : verdict(
          { ...withActual, status: 'differs' },
          { id: 'raised-other', error: what, ename: exp.error.ename }
        );
  }
  if (actual.error === null && exp.error !== null) {
    return verdict(
      { ...withActual, status: 'differs' },
      { id: 'not-raised', ename: exp.error.ename }
    );
  }
  if (got !== expected) {
    return verdict(
      { ...withActual, status: 'differs' },
      firstDifference(expected, got)
    );
  }
  return verdict({ ...withActual, status: 'reproduces' }, null);
}

/**
 * The verdict of a whole run. `reproduces` only when some cell was compared and every
 * compared cell reproduced; a script that raised or stopped early `fails` whether or not
 * anything was compared; `nothing-to-compare` when it ran through but no cell has saved
 * outputs (never "reproduces": nothing was verified).
 */
export type VerifyOutcome =
  'reproduces' | 'differs' | 'fails' | 'nothing-to-compare';

/** Counts and outcome of a list of cell verdicts. */
export function verifyOutcome(cells: readonly ICellVerify[]): {
  readonly outcome: VerifyOutcome;
  readonly compared: number;
  readonly reproduced: number;
} {
  const compared = cells.filter(c => c.status !== 'not-compared').length;
  const reproduced = cells.filter(c => c.status === 'reproduces').length;
  const outcome: VerifyOutcome = cells.some(
    c => c.status === 'error' || c.status === 'not-run'
  )
    ? 'fails'
    : cells.some(c => c.status === 'differs')
      ? 'differs'
      : reproduced === 0
        ? 'nothing-to-compare'
        : 'reproduces';
  return { outcome, compared, reproduced };
}
