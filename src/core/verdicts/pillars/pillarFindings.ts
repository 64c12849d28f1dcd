/**
 * The verdicts of the other three pillars — environment, data, randomness
 * (verdicts.md, "Verdicts of the other three pillars") — from the top-down walk of the code
 * (`scanNotebook`) and what the caller could observe: the files beside the notebook, the
 * target interpreter (one probe per run), and what the kernel companion saw when the cells
 * ran (the record's `observed`). Each input is optional; a verdict whose input is missing
 * stays silent rather than guess.
 */

import type {
  ICellRef,
  IFinding,
  INotebookSnapshot,
  Severity
} from '../../types';
import { cellLabel, finding, type IFindingInput } from '../finding';
import type { IInterpreterInfo } from './probe';
import {
  scanNotebook,
  type INotebookScan,
  type IScanCell
} from './scanNotebook';

/** What the caller can tell about files, paths relative to the notebook's folder. */
export interface IFilePort {
  /** `file`, `dir`, or null when nothing is there. */
  kind(path: string): 'file' | 'dir' | null;
  /** How many files a glob pattern matches. */
  globCount(pattern: string): number;
  /** The md5 of a file's bytes (hex), or null when it cannot be read. */
  md5(path: string): string | null;
  /**
   * Whether the file's content is pinned: committed unchanged in git, or covered by DVC.
   * Null when that cannot be told (no repository information).
   */
  pinned(path: string): boolean | null;
}

/** What the kernel companion saw when the cells ran (kept in the record). */
export interface IObserved {
  /** Data files read, by path relative to the notebook's folder: md5 and size then. */
  readonly data: Readonly<
    Record<string, { readonly md5: string; readonly size: number }>
  >;
  /** Packages imported, by top-level module: distribution and version then. */
  readonly packages: Readonly<
    Record<string, { readonly distribution: string; readonly version: string }>
  >;
}

/** Everything optional the verdicts may use. */
export interface IPillarContext {
  readonly files?: IFilePort | null;
  readonly interpreter?: IInterpreterInfo | null;
  /**
   * The interpreter was chosen (`--python`, or the live kernel): `module-missing` and
   * `env-drift` at full severity. False for the CLI's default `python3`: info, with a hint.
   */
  readonly deliberate?: boolean;
  /** A name for the interpreter in messages (`python3`, `/opt/venv/bin/python`, "the kernel"). */
  readonly interpreterLabel?: string;
  readonly observed?: IObserved | null;
}

/** The code cells of a snapshot, for `scanNotebook`. */
export function scanCells(nb: INotebookSnapshot): IScanCell[] {
  const out: IScanCell[] = [];
  nb.cells.forEach((c, index) => {
    if (c.type === 'code') {
      out.push({ id: c.id, index, source: c.source });
    }
  });
  return out;
}

/** True when the notebook's code is Python (or the file does not say). */
function isPythonNotebook(nb: INotebookSnapshot): boolean {
  return nb.language === null || nb.language === 'python';
}

/** Top-level modules the notebook imports in code that runs top-down (what to probe). */
export function modulesToProbe(nb: INotebookSnapshot): string[] {
  if (!isPythonNotebook(nb)) {
    return [];
  }
  const scan = scanNotebook(scanCells(nb));
  return [...new Set(scan.imports.map(i => i.module))].sort();
}

/** The findings of the eight verdicts, unsorted. Never throws. */
export function pillarFindings(
  nb: INotebookSnapshot,
  ctx: IPillarContext = {},
  scan: INotebookScan | null = null
): IFinding[] {
  const out: IFinding[] = [];
  const pv = pythonVersion(nb, ctx);
  if (pv !== null) {
    out.push(pv);
  }
  if (!isPythonNotebook(nb)) {
    return out;
  }
  const s = scan ?? scanNotebook(scanCells(nb));
  out.push(...dataFindings(s, ctx));
  out.push(...networkFindings(s));
  out.push(...randomFindings(s));
  out.push(...moduleFindings(s, ctx));
  return out;
}

function ref(cellId: string, index: number): ICellRef {
  return { id: cellId, index };
}

function withSeverity(
  input: IFindingInput,
  severity: Severity | null
): IFinding {
  const f = finding(input);
  return severity === null || severity === f.severity ? f : { ...f, severity };
}

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

// ---------------------------------------------------------------------------------------------
// Environment

function majorMinor(v: string): [number, number] | null {
  const m = /^(\d+)(?:\.(\d+))?/.exec(v);
  return m === null ? null : [Number(m[1]), Number(m[2] ?? '-1')];
}

function pythonVersion(
  nb: INotebookSnapshot,
  ctx: IPillarContext
): IFinding | null {
  const target = ctx.interpreter?.version;
  if (
    target === undefined ||
    (nb.language !== null && nb.language !== 'python')
  ) {
    return null;
  }
  let saved = nb.languageVersion ?? null;
  if (
    saved === null &&
    nb.kernelName !== null &&
    /^python2\b/i.test(nb.kernelName)
  ) {
    saved = '2';
  }
  const s = saved === null ? null : majorMinor(saved);
  const t = majorMinor(target);
  if (s === null || t === null || saved === null) {
    return null;
  }
  const who = ctx.interpreterLabel ?? 'the target interpreter';
  if (s[0] !== t[0]) {
    return withSeverity(
      {
        kind: 'python-version',
        cell: null,
        names: [saved],
        message:
          `The notebook last ran on Python ${saved}; ${who} is Python ${target}: ` +
          `Python ${s[0]} code (\`print x\`, integer \`/\`, \`urllib2\`) fails or computes otherwise. ` +
          `Run it with a Python ${s[0]} interpreter, or port it and re-run it.`
      },
      'warning'
    );
  }
  if (s[1] >= 0 && s[1] !== t[1]) {
    return withSeverity(
      {
        kind: 'python-version',
        cell: null,
        names: [saved],
        message:
          `The notebook last ran on Python ${saved}; ${who} is Python ${target}: ` +
          `results may differ slightly. Pin the Python version (e.g. \`python_requires\`, a conda env).`
      },
      'info'
    );
  }
  return null;
}

function moduleFindings(s: INotebookScan, ctx: IPillarContext): IFinding[] {
  const interp = ctx.interpreter;
  if (interp === undefined || interp === null) {
    return [];
  }
  const who = ctx.interpreterLabel ?? 'the target interpreter';
  const deliberate = ctx.deliberate === true;
  const hint = deliberate
    ? ''
    : " (checked against the default `python3`; pass `--python` with the notebook's own interpreter)";
  const out: IFinding[] = [];
  const seen = new Set<string>();
  for (const imp of s.imports) {
    if (seen.has(imp.module)) {
      continue;
    }
    const info = interp.modules[imp.module];
    if (info === undefined) {
      continue;
    }
    // env-drift: the record says which version the notebook imported.
    const then = ctx.observed?.packages[imp.module];
    if (
      info.found &&
      then !== undefined &&
      info.version !== null &&
      info.version !== then.version
    ) {
      seen.add(imp.module);
      out.push(
        withSeverity(
          {
            kind: 'env-drift',
            cell: ref(imp.cellId, imp.index),
            names: [then.distribution],
            message:
              `${code(then.distribution)} was ${then.version} when the notebook imported it; ${who} has ` +
              `${info.version}: outputs may differ. Pin \`${then.distribution}==${then.version}\` ` +
              `(requirements.txt) or re-run the notebook with ${info.version}${hint}.`
          },
          deliberate ? null : 'info'
        )
      );
      continue;
    }
    if (
      info.found ||
      info.stdlib ||
      imp.guarded ||
      imp.uncertain ||
      imp.installed
    ) {
      continue;
    }
    if (isLocalModule(imp.module, s.moduleDirs, ctx.files ?? null)) {
      continue;
    }
    seen.add(imp.module);
    out.push(
      withSeverity(
        {
          kind: 'module-missing',
          cell: ref(imp.cellId, imp.index),
          names: [imp.module],
          message:
            `\`import ${imp.dotted}\` (line ${imp.line + 1}): ${code(imp.module)} is not installed in ${who}, ` +
            `nor standard library, nor a module beside the notebook: Restart & Run All fails here. ` +
            `Install it (\`pip install ${imp.module}\`) and pin its version in requirements.txt${hint}.`
        },
        deliberate ? null : 'info'
      )
    );
  }
  return out;
}

function isLocalModule(
  module: string,
  dirs: readonly string[],
  files: IFilePort | null
): boolean {
  if (files === null) {
    return true; // cannot tell: precision first
  }
  for (const d of dirs) {
    const base = d === '.' ? module : `${d}/${module}`;
    if (files.kind(`${base}.py`) === 'file' || files.kind(base) === 'dir') {
      return true;
    }
    if (
      files.kind(`${base}.so`) === 'file' ||
      files.kind(`${base}.pyx`) === 'file'
    ) {
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Data

function dataFindings(s: INotebookScan, ctx: IPillarContext): IFinding[] {
  const files = ctx.files ?? null;
  const out: IFinding[] = [];
  const missing = new Set<string>();
  const changed = new Set<string>();
  const unpinned = new Set<string>();
  for (const r of s.reads) {
    if (r.path === null || files === null) {
      continue;
    }
    const cell = ref(r.cellId, r.index);
    const where = `${r.call === 'open' ? '`open`' : code(r.call)} in ${cellLabel(r.index)}, line ${r.line + 1}`;
    if (r.glob) {
      if (
        !r.guarded &&
        !r.uncertain &&
        !r.afterProducer &&
        !missing.has(r.path) &&
        files.globCount(r.path) === 0
      ) {
        missing.add(r.path);
        out.push(
          finding({
            kind: 'data-missing',
            cell,
            names: [r.path],
            message:
              `The pattern ${code(r.written ?? r.path)} (${where}) matches no file: Restart & Run All ` +
              `reads nothing here. Add the files, or fix the pattern.`
          })
        );
      }
      continue;
    }
    const kind = files.kind(r.path);
    if (kind === null) {
      if (
        r.guarded ||
        r.uncertain ||
        r.afterProducer ||
        r.created ||
        missing.has(r.path)
      ) {
        continue;
      }
      missing.add(r.path);
      const abs = r.path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(r.path);
      out.push(
        finding({
          kind: 'data-missing',
          cell,
          names: [r.path],
          message:
            `${code(r.path)} (read by ${where}) does not exist: Restart & Run All fails here. ` +
            (abs
              ? 'An absolute path of another machine: put the file beside the notebook and read it by a relative path.'
              : 'Add the file (and commit it or `dvc add` it), fix the path, or download it in a cell above.')
        })
      );
      continue;
    }
    if (kind !== 'file') {
      continue;
    }
    const then = ctx.observed?.data[r.path];
    if (then !== undefined && !changed.has(r.path)) {
      const now = files.md5(r.path);
      if (now !== null && now !== then.md5) {
        changed.add(r.path);
        out.push(
          finding({
            kind: 'data-changed',
            cell,
            names: [r.path],
            message:
              `${code(r.path)} changed since the notebook read it (md5 ${then.md5.slice(0, 8)}… then, ` +
              `${now.slice(0, 8)}… now): the saved outputs came from other data. Re-run from ${cellLabel(r.index)}, ` +
              `or restore the file (and pin it: commit it or \`dvc add\` it).`
          })
        );
      }
    }
    if (!unpinned.has(r.path) && files.pinned(r.path) === false && !r.created) {
      unpinned.add(r.path);
      out.push(
        finding({
          kind: 'data-unpinned',
          cell,
          names: [r.path],
          message:
            `${code(r.path)} (read by ${where}) is neither committed unchanged in git nor tracked by DVC: ` +
            `its content can change without a trace. Commit it, or \`dvc add ${r.path}\`.`
        })
      );
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Network and randomness

function networkFindings(s: INotebookScan): IFinding[] {
  const seen = new Set<string>();
  const out: IFinding[] = [];
  for (const n of s.network) {
    const key = `${n.cellId}\u0000${n.source}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    out.push(
      finding({
        kind: 'network-read',
        cell: ref(n.cellId, n.index),
        names: [n.source],
        message:
          `Reads ${code(n.source)} over the network (${code(n.via)}, line ${n.line + 1}): the data can change or ` +
          `vanish. Download it once into a file beside the notebook, pin it (commit or \`dvc add\`), and read the file.`
      })
    );
  }
  return out;
}

function randomFindings(s: INotebookScan): IFinding[] {
  const byCell = new Map<string, (typeof s.draws)[number][]>();
  for (const d of s.draws) {
    const list = byCell.get(d.cellId) ?? [];
    list.push(d);
    byCell.set(d.cellId, list);
  }
  const out: IFinding[] = [];
  for (const draws of byCell.values()) {
    const first = draws[0];
    const calls = [...new Set(draws.map(d => d.text))];
    const fixes = [...new Set(draws.map(d => d.fix))];
    const shown =
      calls.slice(0, 2).map(code).join(', ') +
      (calls.length > 2 ? ` and ${calls.length - 2} more` : '');
    const sklearn = draws.every(d => d.fix === '`random_state=0`');
    out.push(
      finding({
        kind: 'unseeded-random',
        cell: ref(first.cellId, first.index),
        names: [...new Set(draws.map(d => d.call))],
        message: sklearn
          ? `${shown} ${calls.length > 1 ? 'draw' : 'draws'} random numbers without \`random_state\`, and no ` +
            `\`np.random.seed\` is set above: Restart & Run All gives other results. Pass \`random_state=0\`.`
          : `${shown} ${calls.length > 1 ? 'draw' : 'draws'} random numbers with no seed set above: Restart & Run ` +
            `All gives other numbers. Fix: ${fixes.join('; ')}.`
      })
    );
  }
  return out;
}
