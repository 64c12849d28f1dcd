/**
 * What the environment, data and randomness verdicts need from the machine, for the CLI:
 * the target interpreter (asked once per run, with every module of every notebook), the
 * files beside each notebook (Node's fs), and whether they are pinned (git through the core
 * git port, DVC files).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  promises as fsPromises,
  readdirSync,
  readFileSync,
  statSync,
  type Stats
} from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import type { IFsLike } from '../core/git';
import { PROBE_SCRIPT, type IFilePort } from '../core/verdicts/pillars';
import { pinnedFiles } from '../core';
import { cachedProbeOutput } from './probeCache';
import {
  answerIn,
  probeEnv,
  probeResult,
  spawnFailure,
  type IProbeResult
} from './probeSession';

/** The probe's answer for `python` (from the cache when it still holds); never throws. */
export function probeInterpreter(
  python: string,
  modules: readonly string[]
): IProbeResult {
  let error: string | null = null;
  const stdout = cachedProbeOutput(python, modules, () => {
    const r = runProbe(python, modules);
    error = r.error;
    return r.stdout;
  });
  return probeResult(python, { stdout, error });
}

/**
 * One run of the probe, blocking (`verify` is synchronous), in the user's folder as the
 * run's probe (`probeSession`).
 */
function runProbe(
  python: string,
  modules: readonly string[]
): { stdout: string | null; error: string | null } {
  try {
    const r = spawnSync(python, ['-c', PROBE_SCRIPT], {
      input: JSON.stringify([...modules]),
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
      env: probeEnv()
    });
    if (r.error !== undefined) {
      return spawnFailure(python, r.error);
    }
    if (r.status !== 0) {
      const last = (r.stderr || '').trim().split('\n').pop() ?? '';
      return {
        stdout: null,
        error: `${python} failed to describe itself (exit ${r.status}): ${last}`
      };
    }
    return { stdout: answerIn(r.stdout), error: null };
  } catch (e) {
    return {
      stdout: null,
      error: e instanceof Error ? e.message : String(e)
    };
  }
}

/** Absolute path of `rel` (relative to the notebook's folder, or absolute). */
function abs(nbDir: string, rel: string): string {
  return isAbsolute(rel) ? rel : resolve(nbDir, rel);
}

function posix(p: string): string {
  return p.split(sep).join('/');
}

/** A glob pattern as a regular expression over `/`-separated paths. */
function globRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i++;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) {
        re += '\\[';
      } else {
        re += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else {
      re += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

/** How many paths match an absolute glob pattern (walks only below its literal prefix). */
function globCount(pattern: string): number {
  const parts = pattern.split('/');
  const first = parts.findIndex(p => /[*?[]/.test(p));
  if (first < 0) {
    return statOrNull(pattern) === null ? 0 : 1;
  }
  const base = parts.slice(0, first).join('/') || '/';
  const re = globRegExp(pattern);
  let count = 0;
  let budget = 20000;
  const walk = (dir: string, depth: number): void => {
    if (budget-- <= 0 || depth > 12) {
      return;
    }
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names) {
      const p = `${dir === '/' ? '' : dir}/${n}`;
      if (re.test(p)) {
        count++;
      }
      let isDir = false;
      try {
        isDir = statSync(p).isDirectory();
      } catch {
        isDir = false;
      }
      if (isDir && n !== '.git') {
        walk(p, depth + 1);
      }
    }
  };
  walk(base, 0);
  return count;
}

function statOrNull(p: string): Stats | null {
  try {
    // Most probes miss (is `foo.py` beside the notebook?): a thrown ENOENT costs an Error
    // with its stack each time, so missing files answer undefined instead.
    return statSync(p, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

/** md5 of files up to this size; larger files are not hashed (null). */
const MAX_HASH_BYTES = 512 * 1024 * 1024;

/** The files beside one notebook, with `pinned` answered from a precomputed map. */
export function nodeFilePort(
  nbDir: string,
  pinned: ReadonlyMap<string, boolean | null>
): IFilePort {
  return {
    kind(rel) {
      const s = statOrNull(abs(nbDir, rel));
      return s === null ? null : s.isDirectory() ? 'dir' : 'file';
    },
    globCount(pattern) {
      return globCount(posix(abs(nbDir, pattern)));
    },
    md5(rel) {
      const p = abs(nbDir, rel);
      const s = statOrNull(p);
      if (s === null || !s.isFile() || s.size > MAX_HASH_BYTES) {
        return null;
      }
      try {
        return createHash('md5').update(readFileSync(p)).digest('hex');
      } catch {
        return null;
      }
    },
    pinned(rel) {
      return pinned.get(posix(abs(nbDir, rel))) ?? null;
    }
  };
}

/** Pinned state of existing files (absolute paths); an empty map when git cannot be read. */
export async function pinnedOf(
  files: readonly string[]
): Promise<ReadonlyMap<string, boolean | null>> {
  const existing = files.filter(f => statOrNull(f)?.isFile() === true);
  try {
    return await pinnedFiles(
      fsPromises as unknown as IFsLike,
      existing.map(posix)
    );
  } catch {
    return new Map();
  }
}

/** The notebook's folder, for resolving its relative paths. */
export function notebookDir(path: string): string {
  return resolve(dirname(path));
}
