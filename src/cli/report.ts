/**
 * Output of `linearize check`: the `--json` document (a fixed, versioned shape) and the
 * human text (grouped per notebook, cells numbered as a person counts them, with the
 * execution count in brackets, and one summary line).
 */
import {
  findingJson,
  type IFinding,
  type IFindingJson,
  type Severity
} from '../core';
import type { RunOrderCategory } from './runOrder';

/** One checked notebook. */
export interface ICheckedNotebook {
  readonly path: string;
  readonly linear: boolean;
  /** After `--only`/`--ignore`. */
  readonly findings: readonly IFinding[];
  /** Why the file could not be checked; null when it was. */
  readonly error: string | null;
  /** Saved execution count of each cell, for `[n]` in the human output. */
  readonly counts: readonly (number | null)[];
  /** Notes about the file that are not findings (an ignored, corrupt record). */
  readonly notes: readonly string[];
  /** Run-order categories from the saved counts; null when the file could not be read. */
  readonly runOrder: readonly RunOrderCategory[] | null;
  /** 1-based line where each cell's source begins in the file (for SARIF and annotations). */
  readonly lines?: readonly number[];
}

/** The `--json` document. */
export interface ICheckJson {
  readonly version: 1;
  readonly notebooks: readonly {
    readonly path: string;
    readonly linear: boolean;
    readonly findings: readonly IFindingJson[];
    readonly error: string | null;
    readonly runOrder: readonly RunOrderCategory[] | null;
  }[];
}

/** The `--json` document for these results (exactly the documented keys, in order). */
export function toJson(results: readonly ICheckedNotebook[]): ICheckJson {
  return {
    version: 1,
    notebooks: results.map(r => ({
      path: r.path,
      linear: r.linear,
      // The one finding shape (src/core/finding.schema.json), as export --json prints it.
      findings: r.findings.map(findingJson),
      error: r.error,
      runOrder: r.runOrder === null ? null : [...r.runOrder]
    }))
  };
}

/** ANSI styling, or none. */
export interface IStyle {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly severity: (s: Severity, text: string) => string;
}

const PLAIN: IStyle = { bold: s => s, dim: s => s, severity: (_s, t) => t };

const COLOURS: Record<Severity, string> = {
  error: '31',
  warning: '33',
  info: '36'
};

/** Colours when writing to a terminal and `NO_COLOR` is unset (https://no-color.org). */
export function styleFor(stream: NodeJS.WriteStream): IStyle {
  if (stream.isTTY !== true || (process.env.NO_COLOR ?? '') !== '') {
    return PLAIN;
  }
  return {
    bold: s => `\x1b[1m${s}\x1b[22m`,
    dim: s => `\x1b[2m${s}\x1b[22m`,
    severity: (s, t) => `\x1b[${COLOURS[s]}m${t}\x1b[39m`
  };
}

function where(f: IFinding, counts: readonly (number | null)[]): string {
  if (f.cell === null) {
    return 'notebook';
  }
  if (f.cell.index === null) {
    return 'deleted cell';
  }
  const n = counts[f.cell.index];
  return `cell ${f.cell.index + 1}${n === null || n === undefined ? '' : ` [${n}]`}`;
}

/** The human text for one notebook (empty when it has nothing to say). */
export function formatNotebook(
  r: ICheckedNotebook,
  style: IStyle = PLAIN
): string {
  if (r.error !== null) {
    return `${style.bold(r.path)}: ${style.severity('error', 'cannot check')}: ${r.error}\n`;
  }
  if (r.findings.length === 0 && r.notes.length === 0) {
    return '';
  }
  const rows = r.findings.map(f => ({
    where: where(f, r.counts),
    severity: f.severity,
    kind: f.reason === undefined ? f.kind : `${f.kind} (${f.reason})`,
    message: f.message
  }));
  const w1 = Math.max(0, ...rows.map(x => x.where.length));
  const w3 = Math.max(0, ...rows.map(x => x.kind.length));
  const lines = [
    `${style.bold(r.path)}${r.linear ? '' : style.dim('  (not linear)')}`
  ];
  for (const note of r.notes) {
    lines.push(`  ${style.dim('note:')} ${note}`);
  }
  for (const x of rows) {
    lines.push(
      `  ${x.where.padEnd(w1)}  ${style.severity(x.severity, x.severity.padEnd(7))}  ` +
        `${x.kind.padEnd(w3)}  ${x.message}`
    );
  }
  return lines.join('\n') + '\n\n';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The closing summary line. */
export function formatSummary(
  results: readonly ICheckedNotebook[],
  failing: number,
  threshold: Severity,
  style: IStyle = PLAIN
): string {
  const unreadable = results.filter(r => r.error !== null).length;
  const checked = results.length - unreadable;
  const linear = results.filter(r => r.error === null && r.linear).length;
  const bySeverity: Record<Severity, number> = {
    error: 0,
    warning: 0,
    info: 0
  };
  for (const r of results) {
    for (const f of r.findings) {
      bySeverity[f.severity]++;
    }
  }
  const parts = [
    `${plural(checked, 'notebook')} checked: ${linear} linear, ${checked - linear} not linear`
  ];
  if (unreadable > 0) {
    parts[0] += `, ${style.severity('error', `${unreadable} unreadable`)}`;
  }
  const total = bySeverity.error + bySeverity.warning + bySeverity.info;
  parts.push(
    total === 0
      ? 'no findings'
      : `${plural(bySeverity.error, 'error')}, ${plural(bySeverity.warning, 'warning')}, ${bySeverity.info} info`
  );
  const verdict =
    failing === 0
      ? `nothing at or above ${threshold}`
      : `${plural(failing, 'notebook')} with findings at or above ${threshold}`;
  return `${parts.join('; ')} (${verdict}).\n`;
}
