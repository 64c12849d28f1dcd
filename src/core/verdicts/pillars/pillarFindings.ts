/**
 * The verdicts of the other three pillars — environment, data, randomness
 * (verdicts.md, "Verdicts of the other three pillars") — from the top-down walk of the code
 * (`scanNotebook`) and what the caller could observe: the files beside the notebook, the
 * target interpreter (one probe per run), and what the kernel companion saw when the cells
 * ran (the record's `observed`). Each input is optional; a verdict whose input is missing
 * stays silent rather than guess.
 */

import type { IFinding, INotebookSnapshot } from '../../types';
import { hostedOnly } from '../../util/importUnits';
import { finding } from '../finding';
import type { ISeedFix } from '../messages';
import { interpreterOf, ref, withSeverity } from './findingParts';
import type { IInterpreterInfo } from './probe';
import { removedFindings, removedFromPython } from './removedFindings';
import { shownVersions, type IShownVersion } from './shownVersions';
import {
  scanNotebook,
  type IFolderEntry,
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
  /** A name for the interpreter in messages (`python3`, `/opt/venv/bin/python`). */
  readonly interpreterLabel?: string;
  /** The interpreter is the live kernel (the lab): messages say "the kernel". */
  readonly interpreterIsKernel?: boolean;
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
  out.push(...networkFindings(s, ctx.files ?? null));
  out.push(...randomFindings(s));
  out.push(...moduleFindings(s, ctx, shownVersions(nb)));
  out.push(...removedFindings(s, ctx));
  return out;
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
  const who = interpreterOf(ctx);
  if (s[0] !== t[0]) {
    return withSeverity(
      {
        kind: 'python-version',
        cell: null,
        names: [saved],
        text: {
          id: 'python-version',
          args: { saved, target, who, major: s[0] }
        }
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
        text: {
          id: 'python-version',
          args: { saved, target, who, major: null }
        }
      },
      'info'
    );
  }
  return null;
}

function moduleFindings(
  s: INotebookScan,
  ctx: IPillarContext,
  shown: ReadonlyMap<string, IShownVersion>
): IFinding[] {
  const interp = ctx.interpreter;
  if (interp === undefined || interp === null) {
    return [];
  }
  const who = interpreterOf(ctx);
  const deliberate = ctx.deliberate === true;
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
            text: {
              id: 'env-drift',
              args: {
                distribution: then.distribution,
                then: then.version,
                now: info.version,
                who,
                deliberate
              }
            }
          },
          deliberate ? null : 'info'
        )
      );
      continue;
    }
    // Without a record, the version the notebook's own output shows (`keras.__version__`).
    const saw = shown.get(imp.module);
    if (
      info.found &&
      then === undefined &&
      saw !== undefined &&
      info.version !== null &&
      info.version !== saw.version
    ) {
      seen.add(imp.module);
      const distribution = info.distribution ?? imp.module;
      out.push(
        withSeverity(
          {
            kind: 'env-drift',
            cell: ref(saw.cellId, saw.index),
            names: [distribution],
            text: {
              id: 'env-drift-shown',
              args: {
                distribution,
                then: saw.version,
                cell: saw.index,
                now: info.version,
                who,
                deliberate
              }
            }
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
    if (
      isLocalModule(imp.module, s.moduleDirs, ctx.files ?? null) ||
      writesModule(imp.module, s) ||
      removedFromPython(imp.module, interp.version)
    ) {
      continue; // the last: a `python-version` finding says the target's Python removed it
    }
    seen.add(imp.module);
    out.push(
      withSeverity(
        {
          kind: 'module-missing',
          cell: ref(imp.cellId, imp.index),
          names: [imp.module],
          text: {
            id: 'module-missing',
            args: {
              dotted: imp.dotted,
              module: imp.module,
              line: imp.line,
              who,
              deliberate,
              shown: shown.get(imp.module)?.version ?? null
            }
          }
        },
        // A hosted-only module (`google.colab`) is missing from every other interpreter.
        deliberate || hostedOnly(imp.module) !== null ? null : 'info'
      )
    );
  }
  return out;
}

/** The notebook writes the module's file itself (`%%writefile helpers.py`). */
function writesModule(module: string, s: INotebookScan): boolean {
  const rel = module.replace(/\./g, '/'); // a namespace member: google/colab
  return s.moduleDirs.some(d => {
    const base = d === '.' ? rel : `${d}/${rel}`;
    return (
      s.writes.includes(`${base}.py`) ||
      s.writes.includes(`${base}/__init__.py`)
    );
  });
}

function isLocalModule(
  module: string,
  dirs: readonly string[],
  files: IFilePort | null
): boolean {
  if (files === null) {
    return true; // cannot tell: precision first
  }
  const rel = module.replace(/\./g, '/'); // a namespace member: google/colab
  for (const d of dirs) {
    const base = d === '.' ? rel : `${d}/${rel}`;
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
  // A folder `os.chdir` enters, a file `%run` runs: Restart & Run All raises where one is
  // known to be missing (the lab answers "a file" for a path it was not asked about).
  const gone = (p: string): boolean =>
    files?.kind(p) === null && !s.writes.includes(p);
  const place = (e: IFolderEntry, call: 'os.chdir' | '%run'): void => {
    missing.add(e.path);
    const args = {
      path: e.written,
      at: { call, cell: e.index, line: e.line },
      absolute: isAbsolute(e.path) || isAbsolute(e.written)
    };
    out.push(
      finding({
        kind: 'data-missing',
        cell: ref(e.cellId, e.index),
        names: [e.path],
        text:
          call === 'os.chdir'
            ? { id: 'data-folder-missing', args }
            : { id: 'data-missing', args }
      })
    );
  };
  const unsure = (e: IFolderEntry): boolean =>
    files === null ||
    e.guarded ||
    e.uncertain ||
    e.afterProducer ||
    missing.has(e.path);
  for (const d of s.folders) {
    // `.`: the notebook's own folder.
    if (!unsure(d) && d.path !== '.' && gone(d.path)) {
      place(d, 'os.chdir');
    }
  }
  for (const r of s.runs) {
    // IPython also tries `file.py`.
    if (!unsure(r) && gone(r.path) && gone(`${r.path}.py`)) {
      place(r, '%run');
    }
  }
  for (const r of s.reads) {
    if (r.path === null || files === null) {
      continue;
    }
    const cell = ref(r.cellId, r.index);
    const at = { call: r.call, cell: r.index, line: r.line };
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
            text: {
              id: 'data-pattern-empty',
              args: { pattern: r.written ?? r.path, at }
            }
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
      const abs = isAbsolute(r.path) || isAbsolute(r.written ?? '');
      out.push(
        finding({
          kind: 'data-missing',
          cell,
          names: [r.path],
          text: {
            id: 'data-missing',
            args: { path: r.path, at, absolute: abs }
          }
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
            text: {
              id: 'data-changed',
              args: { path: r.path, then: then.md5, now, cell: r.index }
            }
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
          text: { id: 'data-unpinned', args: { path: r.path, at } }
        })
      );
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Network and randomness

function networkFindings(
  s: INotebookScan,
  files: IFilePort | null
): IFinding[] {
  const seen = new Set<string>();
  const out: IFinding[] = [];
  for (const n of s.network) {
    const key = `${n.cellId}\u0000${n.source}`;
    // A hub model's name may be a folder here, which the code then loads: no finding when
    // it is, or when there are no files to look at.
    const hub = n.hub !== undefined;
    if (
      seen.has(key) ||
      (hub &&
        (files === null ||
          (typeof n.hub === 'string' && files.kind(n.hub) !== null)))
    ) {
      continue;
    }
    seen.add(key);
    out.push(
      finding({
        kind: 'network-read',
        cell: ref(n.cellId, n.index),
        names: [n.source],
        text: {
          id: hub ? 'network-model' : 'network-read',
          args: { source: n.source, via: n.via, line: n.line }
        }
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
    const sklearn = draws.every(d => d.fix === '`random_state=0`');
    const parallel = draws.every(d => d.lib === 'parallel');
    out.push(
      finding({
        kind: 'unseeded-random',
        cell: ref(first.cellId, first.index),
        names: [...new Set(draws.map(d => d.call))],
        text: {
          id: 'unseeded-random',
          args: { calls, sklearn, parallel, fixes: fixes.map(seedFix) }
        }
      })
    );
  }
  return out;
}

/** The scan words a fix as code, maybe followed by where it goes: split so both translate. */
function seedFix(fix: string): ISeedFix {
  const top = fix.endsWith(AT_THE_TOP);
  return { code: top ? fix.slice(0, -AT_THE_TOP.length) : fix, top };
}

const AT_THE_TOP = ' in a cell at the top';

/** A path of another machine: absolute, or a Windows drive's. */
function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
}
