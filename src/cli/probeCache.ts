/**
 * A cache of the interpreter probe's answers, so that a pre-commit hook checking one notebook
 * does not start Python on every call (about 200 ms). An answer is keyed by the interpreter's
 * path, PYTHONPATH, the modules asked about, the tool's version and the probe's text, and it holds only while
 * the interpreter file and every folder on its `sys.path` keep their modification times:
 * installing, upgrading or removing a package adds or removes entries in site-packages, which
 * changes that folder's time. When `python` is a launcher script (a pyenv, asdf or mise shim)
 * rather than the interpreter, the interpreter it starts depends on version files and
 * variables: those are part of the key. Files are written atomically; a cache that cannot be
 * read or written only costs the probe. `--no-cache` or LINEARIZE_NO_CACHE=1 turns it off.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { PROBE_SCRIPT } from '../core/verdicts/pillars';
import { cacheFolder } from './cacheFolder';
import { VERSION } from './version';

// The lookup moved to its own module; re-exported for the callers that found it here.
export { cacheFolder };

/** How many answers are kept (the oldest are removed first). */
export const PROBE_CACHE_KEEP = 32;

interface IEntry {
  readonly exe: string;
  readonly exeTime: number;
  /** What a launcher script decided from ('' for an interpreter binary). */
  readonly context?: string;
  /** The interpreter that answered (`sys.executable`) and its modification time. */
  readonly real?: readonly [string, number];
  readonly dirs: readonly (readonly [string, number])[];
  readonly stdout: string;
}

/** Files a Python launcher reads to choose the interpreter (pyenv, asdf, mise). */
const VERSION_FILES = [
  '.python-version',
  '.tool-versions',
  'mise.toml',
  '.mise.toml',
  'mise.local.toml',
  '.mise.local.toml'
];

/** Variables that override those files. */
const LAUNCHER_VARIABLES = /^(PYENV|ASDF|MISE|RTX)_/;

/** True when `file` is a script (`#!`), not a binary: a launcher that picks the interpreter. */
function isScript(file: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(2);
    return (
      readSync(fd, head, 0, 2, 0) === 2 && head.toString('latin1') === '#!'
    );
  } catch {
    return false;
  } finally {
    if (fd !== null) {
      closeSync(fd);
    }
  }
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * What a launcher script chooses the interpreter from, as one string: the launcher variables
 * set, and every version file from `cwd` up to the root, in the home folder and in pyenv's
 * root (its global version). '' when `exe` is the interpreter itself (nothing to choose).
 */
export function launcherContext(
  exe: string,
  cwd: string = process.cwd(),
  env: NodeJS.ProcessEnv = process.env
): string {
  if (!isScript(exe)) {
    return '';
  }
  const parts: [string, string][] = Object.keys(env)
    .filter(k => LAUNCHER_VARIABLES.test(k))
    .sort()
    .map(k => [k, env[k] ?? '']);
  const home = env.HOME ?? homedir();
  const folders: string[] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    folders.push(dir);
    if (dirname(dir) === dir) {
      break;
    }
  }
  folders.push(home);
  for (const dir of folders) {
    for (const name of VERSION_FILES) {
      const text = readText(join(dir, name));
      if (text !== null) {
        parts.push([join(dir, name), text]);
      }
    }
  }
  const pyenvRoot = env.PYENV_ROOT ?? join(home, '.pyenv');
  parts.push(['pyenv', readText(join(pyenvRoot, 'version')) ?? '']);
  return JSON.stringify(parts);
}

/** The file `python` names: a path as given, or the first match on PATH; null if none. */
export function locateExecutable(
  python: string,
  env: NodeJS.ProcessEnv = process.env
): string | null {
  if (python.includes('/') || python.includes('\\')) {
    return isAbsolute(python) ? python : resolve(python);
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') {
      continue;
    }
    const candidate = join(dir, python);
    try {
      if (statSync(candidate).isFile()) {
        return candidate;
      }
    } catch {
      // Not in this folder.
    }
  }
  return null;
}

function mtime(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/** One question's place in the cache: the answer it holds (null: none), and how to store one. */
export interface IProbeSlot {
  readonly hit: string | null;
  store(stdout: string): void;
}

const NO_SLOT: IProbeSlot = { hit: null, store: () => undefined };

/** The cache's slot for `python` and `modules` (a slot that stores nothing when caching is off). */
export function probeSlot(
  python: string,
  modules: readonly string[],
  folder: string | null = cacheFolder(),
  located: ILocated | null = folder === null ? null : locatePython(python)
): IProbeSlot {
  if (folder === null || located === null) {
    return NO_SLOT;
  }
  const { exe, context } = located;
  const key = createHash('sha256')
    .update(
      JSON.stringify([
        VERSION,
        // The probe's own text: a build whose probe answers otherwise asks again.
        PROBE_SCRIPT,
        exe,
        process.env.PYTHONPATH ?? '',
        modules,
        context
      ])
    )
    .digest('hex')
    .slice(0, 32);
  const file = join(folder, `probe-${key}.json`);
  return {
    hit: readEntry(file, exe, context),
    store: stdout => writeEntry(folder, file, exe, context, stdout)
  };
}

/** The file `python` runs, and what a launcher script decides from ({@link launcherContext}). */
export interface ILocated {
  readonly exe: string;
  readonly context: string;
}

/** Where `python` is, now (null: not found); a run asking many times may keep it. */
export function locatePython(python: string): ILocated | null {
  const exe = locateExecutable(python);
  return exe === null ? null : { exe, context: launcherContext(exe) };
}

/**
 * The probe's JSON answer for `python` and `modules`: from the cache when it still holds,
 * else from `run` (which returns the probe's stdout, or null when it failed), then stored.
 */
export function cachedProbeOutput(
  python: string,
  modules: readonly string[],
  run: () => string | null,
  folder: string | null = cacheFolder()
): string | null {
  const slot = probeSlot(python, modules, folder);
  if (slot.hit !== null) {
    return slot.hit;
  }
  const stdout = run();
  if (stdout !== null) {
    slot.store(stdout);
  }
  return stdout;
}

/**
 * Whether the cache holds an answer about `python` that still holds (for some list of
 * modules): then a run that asks the same question will not start Python.
 */
export function holdsAnswerFor(
  python: string,
  folder: string | null = cacheFolder()
): boolean {
  const exe = folder === null ? null : locateExecutable(python);
  if (folder === null || exe === null) {
    return false;
  }
  const context = launcherContext(exe);
  try {
    return readdirSync(folder).some(
      n =>
        n.startsWith('probe-') &&
        n.endsWith('.json') &&
        readEntry(join(folder, n), exe, context) !== null
    );
  } catch {
    return false;
  }
}

function readEntry(file: string, exe: string, context: string): string | null {
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as IEntry;
    if (
      entry.exe !== exe ||
      mtime(exe) !== entry.exeTime ||
      (entry.context ?? '') !== context ||
      (entry.real !== undefined && mtime(entry.real[0]) !== entry.real[1])
    ) {
      return null;
    }
    for (const [dir, time] of entry.dirs) {
      if (mtime(dir) !== time) {
        return null;
      }
    }
    return typeof entry.stdout === 'string' ? entry.stdout : null;
  } catch {
    return null;
  }
}

function writeEntry(
  folder: string,
  file: string,
  exe: string,
  context: string,
  stdout: string
): void {
  try {
    const answer = JSON.parse(stdout) as {
      path?: unknown;
      executable?: unknown;
    };
    const paths = Array.isArray(answer.path)
      ? answer.path.filter((p): p is string => typeof p === 'string')
      : null;
    const exeTime = mtime(exe);
    if (paths === null || exeTime === null) {
      // An answer that does not say what it depends on is never reused.
      return;
    }
    const dirs: [string, number][] = [];
    for (const dir of paths) {
      const time = mtime(dir);
      if (time === null) {
        return;
      }
      dirs.push([dir, time]);
    }
    const realTime =
      typeof answer.executable === 'string' ? mtime(answer.executable) : null;
    const real: [string, number] | undefined =
      typeof answer.executable === 'string' && realTime !== null
        ? [answer.executable, realTime]
        : undefined;
    const entry: IEntry = { exe, exeTime, context, real, dirs, stdout };
    mkdirSync(folder, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(entry));
    renameSync(tmp, file);
    const old = readdirSync(folder)
      .filter(n => n.startsWith('probe-') && n.endsWith('.json'))
      .map(n => ({ n, t: mtime(join(folder, n)) ?? 0 }))
      .sort((a, b) => b.t - a.t)
      .slice(PROBE_CACHE_KEEP);
    for (const o of old) {
      rmSync(join(folder, o.n), { force: true });
    }
  } catch {
    // A cache we cannot write only costs time.
  }
}
