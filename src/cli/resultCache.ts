/**
 * The per-notebook result cache of `check`: what check printed for a notebook, reused
 * without reading or parsing the file again while every input of that result is unchanged
 * (the idea of git's index stat data, ruff's and mypy's caches).
 *
 * An entry is found by the notebook's absolute path, every option that changes its result
 * and (through `DiskCache`) the tool's version and build. It holds only while:
 * - the notebook's stat identity (size, mtime and ctime in ns, inode, device) is the one
 *   taken before its bytes were read; a file whose mtime or ctime was within `RACY_MS` of that
 *   moment is never stored (git's "racily clean": a write in the same clock tick would not
 *   show);
 * - every question the verdicts asked about files beside it gets the same answer: what is at
 *   a path (a stat), how many files a glob matches (walked again), a file's md5 (trusted from
 *   its stat identity, hashed again when that changed or was racy), whether git/DVC pin it
 *   (asked again, once for every entry of the run);
 * - the target interpreter's answers for the notebook's modules are the same (asked through
 *   the probe cache, with the same module set a full run asks, so a warm run starts no Python).
 * The path as named on the command line is not stored: the caller puts it back.
 */
import { statSync, type BigIntStats } from 'node:fs';
import { resolve } from 'node:path';
import type { IFilePort, IInterpreterInfo } from '../core/verdicts/pillars';
import { needsLines } from './checkOutput';
import type { DiskCache } from './diskCache';
import { MISS } from './diskCache';
import type { ICheckedNotebook } from './report';

/** Files whose times are this close (ms) to the moment they were looked at are not trusted. */
export const RACY_MS = 2000;

/** The name tag of result entries in the facts folder (they share its bound and sweep). */
export const RESULT_TAG = 'r-';

/** Stat identity of a file: changes with any write, rename over it, `touch`, or restored mtime (ctime). */
export function fileIdentity(st: BigIntStats): string {
  return `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}:${st.dev}`;
}

/** A change right after `at` could leave this stat unchanged (same clock tick). */
export function isRacy(st: BigIntStats, at: number): boolean {
  const latest = Number(st.mtimeMs > st.ctimeMs ? st.mtimeMs : st.ctimeMs);
  return at - latest < RACY_MS;
}

function statOf(path: string): BigIntStats | null {
  try {
    return statSync(path, { bigint: true });
  } catch {
    return null;
  }
}

/** The answers the verdicts got from the file port, in the order asked. */
export interface IFileDeps {
  readonly kinds: [string, 'file' | 'dir' | null][];
  readonly globs: [string, number][];
  /** Path, md5 answered, identity of the file when trusted (null: hash again to validate). */
  readonly md5s: [string, string | null, string | null][];
  readonly pinned: [string, boolean | null][];
}

/** `port`, recording every answer it gives into `deps`. */
export function recordingPort(
  port: IFilePort,
  nbDir: string
): { port: IFilePort; deps: IFileDeps } {
  const deps: IFileDeps = { kinds: [], globs: [], md5s: [], pinned: [] };
  return {
    deps,
    port: {
      kind(path) {
        const k = port.kind(path);
        deps.kinds.push([path, k]);
        return k;
      },
      globCount(pattern) {
        const n = port.globCount(pattern);
        deps.globs.push([pattern, n]);
        return n;
      },
      md5(path) {
        // Stat first: a write during the hash shows as another identity next time.
        const at = Date.now();
        const st = statOf(resolve(nbDir, path));
        const md5 = port.md5(path);
        deps.md5s.push([
          path,
          md5,
          st === null || isRacy(st, at) ? null : fileIdentity(st)
        ]);
        return md5;
      },
      pinned(path) {
        const p = port.pinned(path);
        deps.pinned.push([path, p]);
        return p;
      }
    }
  };
}

/** Whether the file answers (all but `pinned`) are still the same; stops at the first change. */
export function fileDepsHold(
  deps: IFileDeps,
  port: IFilePort,
  nbDir: string
): boolean {
  for (const [path, kind] of deps.kinds) {
    if (port.kind(path) !== kind) {
      return false;
    }
  }
  for (const [path, md5, id] of deps.md5s) {
    const st = id === null ? null : statOf(resolve(nbDir, path));
    if (st !== null && fileIdentity(st) === id) {
      continue;
    }
    if (port.md5(path) !== md5) {
      return false;
    }
  }
  for (const [pattern, n] of deps.globs) {
    if (port.globCount(pattern) !== n) {
      return false;
    }
  }
  return true;
}

/** Absolute paths whose pinned state the entry depends on (for one `pinnedOf` per run). */
export function pinnedPaths(deps: IFileDeps, nbDir: string): string[] {
  return deps.pinned.map(([path]) => resolve(nbDir, path));
}

/** Whether the pinned answers are still the same, `port` answering from a fresh map. */
export function pinnedHold(deps: IFileDeps, port: IFilePort): boolean {
  return deps.pinned.every(([path, p]) => port.pinned(path) === p);
}

/** The interpreter's answers a notebook's verdicts used: its version, and what it said of each module. */
export function interpreterAnswers(
  info: IInterpreterInfo,
  modules: readonly string[]
): string {
  return JSON.stringify([
    info.version,
    [...new Set(modules)].sort().map(m => [m, info.modules[m] ?? null])
  ]);
}

/** What a fresh check of one notebook leaves to store (the result is the checked notebook). */
export interface IResultDeps {
  /** The notebook's stat identity before it was read. */
  readonly file: string;
  /** Modules the run asks the interpreter about for it. */
  readonly modules: readonly string[];
  /** `interpreterAnswers` for them. */
  readonly interpreter: string;
  readonly deps: IFileDeps;
}

/** A stored entry. */
export interface IResultEntry extends IResultDeps {
  readonly result: Omit<ICheckedNotebook, 'path'>;
}

/** What decides a notebook's result besides its file and what it depends on. */
export interface IResultOptions {
  readonly format: Parameters<typeof needsLines>[0];
  readonly record: boolean;
  readonly only: ReadonlySet<string> | null;
  readonly ignore: ReadonlySet<string>;
  readonly python?: string | null;
}

/** The key of a notebook's entry: its absolute path and every option that changes its result. */
export function resultKey(path: string, options: IResultOptions): string {
  return JSON.stringify([
    'check-result',
    resolve(path),
    options.record,
    options.only === null ? null : [...options.only].sort(),
    [...options.ignore].sort(),
    needsLines(options.format),
    // Changes the messages (the interpreter's name) and severities (deliberate or not).
    options.python ?? null
  ]);
}

/** The stored entry of `path`, when its file is still the one stored; null otherwise. Never throws. */
export function lookupResult(
  cache: DiskCache,
  path: string,
  options: IResultOptions
): IResultEntry | null {
  const entry = cache.get(resultKey(path, options), RESULT_TAG);
  if (entry === MISS || !isEntry(entry)) {
    return null;
  }
  const st = statOf(path);
  return st !== null && st.isFile() && fileIdentity(st) === entry.file
    ? entry
    : null;
}

/** Stores a fresh result with what it depended on. */
export function storeResult(
  cache: DiskCache,
  result: ICheckedNotebook,
  deps: IResultDeps,
  options: IResultOptions
): void {
  const { path, ...rest } = result;
  const entry: IResultEntry = { ...deps, result: rest };
  cache.set(resultKey(path, options), entry, RESULT_TAG);
}

/** A structural check of what came back from disk: another build's or a corrupt value is a miss. */
function isEntry(v: unknown): v is IResultEntry {
  if (typeof v !== 'object' || v === null) {
    return false;
  }
  const e = v as Partial<Record<keyof IResultEntry, unknown>>;
  const d = e.deps as Partial<Record<keyof IFileDeps, unknown>> | undefined;
  return (
    typeof e.file === 'string' &&
    typeof e.interpreter === 'string' &&
    Array.isArray(e.modules) &&
    typeof e.result === 'object' &&
    e.result !== null &&
    typeof d === 'object' &&
    d !== null &&
    Array.isArray(d.kinds) &&
    Array.isArray(d.globs) &&
    Array.isArray(d.md5s) &&
    Array.isArray(d.pinned)
  );
}
