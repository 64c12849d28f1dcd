/**
 * What the environment, data and randomness verdicts need from the machine, for the CLI:
 * the target interpreter (asked once per run, with every module of every notebook), the
 * files beside each notebook (Node's fs), and whether they are pinned (git through the core
 * git port, DVC files).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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
import { cachedProbeOutput, holdsAnswerFor, probeSlot } from './probeCache';
import {
  answerIn,
  probeEnv,
  probeResult,
  spawnFailure,
  type IProbeResult,
  type IProbeRun
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

/** A probe started before its question: Python starts and lists distributions meanwhile. */
interface IStartedProbe {
  readonly python: string;
  /** Sends the modules and waits for the answer. */
  answer(modules: readonly string[]): Promise<IProbeRun>;
  /** Stops it unused. */
  cancel(): void;
}

let early: IStartedProbe | null = null;

/**
 * Starts the probe of `python` now, so that it runs while the notebooks are analysed; the
 * modules are sent when known (`probeInterpreterAsync`). Not when the cache already answers
 * for this interpreter: a warm run starts no Python. Until asked, it does not keep the
 * process alive, and it is stopped when the process exits.
 */
export function startProbeEarly(python: string): void {
  if (early === null && !holdsAnswerFor(python)) {
    early = startProbe(python);
  }
}

/** Stops the early probe when the run will not ask it anything. */
export function stopEarlyProbe(): void {
  early?.cancel();
  early = null;
}

/** The probe's answer for `python`, without blocking the thread (the early probe when started). */
export async function probeInterpreterAsync(
  python: string,
  modules: readonly string[]
): Promise<IProbeResult> {
  const started = early?.python === python ? early : null;
  if (started === null) {
    early?.cancel();
  }
  early = null;
  const slot = probeSlot(python, modules);
  let run: IProbeRun = { stdout: slot.hit, error: null };
  if (slot.hit === null) {
    run = await (started ?? startProbe(python)).answer(modules);
    if (run.stdout !== null) {
      slot.store(run.stdout);
    }
  } else {
    started?.cancel();
  }
  return probeResult(python, run);
}

/**
 * The probe started in the user's folder (where `python3` means what it means in their
 * shell: a pyenv or asdf shim reads its version files from there; the probe drops the
 * folder from its path before importing anything), waiting on stdin for its modules.
 */
function startProbe(python: string): IStartedProbe {
  let child: ChildProcess | null = null;
  let failure: Error | null = null;
  try {
    child = spawn(python, ['-c', PROBE_SCRIPT], {
      env: probeEnv(),
      stdio: ['pipe', 'pipe', 'pipe']
    });
  } catch (e) {
    failure = e instanceof Error ? e : new Error(String(e));
  }
  const cleanUp = (): void => {
    child?.kill();
  };
  process.once('exit', cleanUp);
  const proc = child;
  // Speculative until asked: an unused probe must not hold the process open.
  const hold = (on: boolean): void => {
    for (const h of [proc, proc?.stdin, proc?.stdout, proc?.stderr]) {
      // The pipes are sockets (`ref`/`unref`), though typed as plain streams.
      const handle = h as Partial<Record<'ref' | 'unref', () => void>> | null;
      handle?.[on ? 'ref' : 'unref']?.();
    }
  };
  const out: string[] = [];
  const err: string[] = [];
  const finished = new Promise<IProbeRun>(resolve => {
    if (proc === null) {
      resolve(spawnFailure(python, failure));
      return;
    }
    proc.stdout?.setEncoding('utf8').on('data', (d: string) => out.push(d));
    proc.stderr?.setEncoding('utf8').on('data', (d: string) => err.push(d));
    // Python gone before reading its question: the close below says why.
    proc.stdin?.on('error', () => undefined);
    proc.on('error', e => resolve(spawnFailure(python, e)));
    proc.on('close', code => {
      if (code !== 0) {
        const last = err.join('').trim().split('\n').pop() ?? '';
        resolve({
          stdout: null,
          error: `${python} failed to describe itself (exit ${code}): ${last}`
        });
      } else {
        resolve({ stdout: answerIn(out.join('')), error: null });
      }
    });
  }).finally(() => {
    process.removeListener('exit', cleanUp);
  });
  hold(false);
  return {
    python,
    answer(modules) {
      hold(true);
      const timer = setTimeout(() => proc?.kill(), 120_000);
      proc?.stdin?.end(JSON.stringify([...modules]));
      return finished.finally(() => clearTimeout(timer));
    },
    cancel() {
      cleanUp();
      process.removeListener('exit', cleanUp);
    }
  };
}

/** One run of the probe, in the user's folder as {@link startProbe}. */
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
      const code = (r.error as NodeJS.ErrnoException).code;
      return {
        stdout: null,
        error:
          code === 'ENOENT'
            ? `${python} was not found`
            : `${python} could not run: ${r.error.message}`
      };
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
