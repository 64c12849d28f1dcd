/**
 * One run of the interpreter probe that answers many questions in turn (`--lines`), for an
 * export of many notebooks: each notebook asks about its own modules, and each answer is the
 * one a probe of its own would give (the probe looks each module up once per run). Starting
 * Python for every notebook cost ~140 ms each through a pyenv shim, more than exporting it.
 * Answers still go through the probe cache, so a later one-notebook run starts no Python.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  parseProbeOutput,
  PROBE_SCRIPT,
  type IInterpreterInfo
} from '../core/verdicts/pillars';
import { cacheFolder } from './cacheFolder';
import {
  holdsAnswerFor,
  locatePython,
  PROBE_CACHE_KEEP,
  probeSlot,
  type ILocated
} from './probeCache';

/** The probe's answer, or why there is none. */
export interface IProbeResult {
  readonly info: IInterpreterInfo | null;
  readonly error: string | null;
}

/** The probe's stdout, or why there is none. */
export interface IProbeRun {
  readonly stdout: string | null;
  readonly error: string | null;
}

/** How long one answer may take before the probe is stopped (a hung import hook, a slow disk). */
const ANSWER_MS = 120_000;
/** Starts each answer of the probe's `--lines` (`ANSWER` in probe_environment.py). */
const ANSWER = 'linearize-probe-answer ';
/** More output than this without an answer: not the probe talking. */
const MAX_PENDING = 64 * 1024 * 1024;

/**
 * The answer in a probe's stdout: its last line that starts with {@link ANSWER}, without the
 * prefix (whatever else a site hook printed is left out); stdout itself when no line does
 * (an answer stored by an older build, which printed the object alone).
 */
export function answerIn(stdout: string): string {
  const lines = stdout.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i].startsWith(ANSWER)) {
      return lines[i].slice(ANSWER.length);
    }
  }
  return stdout;
}

/** The probe's stdout parsed, or why not. */
export function probeResult(python: string, run: IProbeRun): IProbeResult {
  if (run.stdout === null) {
    return { info: null, error: run.error ?? `${python} gave no answer` };
  }
  try {
    return { info: parseProbeOutput(run.stdout), error: null };
  } catch (e) {
    return { info: null, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Why `python` could not be started. */
export function spawnFailure(python: string, e: Error | null): IProbeRun {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return {
    stdout: null,
    error:
      code === 'ENOENT'
        ? `${python} was not found`
        : `${python} could not run: ${e?.message ?? 'no process'}`
  };
}

/** The environment the probe runs in (PYTHONPATH always set, so a launcher cannot add one). */
export function probeEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PYTHONPATH: process.env.PYTHONPATH ?? '' };
}

interface ISession {
  answer(modules: readonly string[]): Promise<IProbeRun>;
  close(): void;
}

const sessions = new Map<string, ISession>();
const located = new Map<string, ILocated | null>();
/** Answers this process put in the probe cache. */
let stored = 0;

/**
 * `python`'s answer about `modules` (sorted), from the probe cache when it holds, else from
 * this run's probe of `python` (started on the first question). Never throws.
 */
export async function askInterpreter(
  python: string,
  modules: readonly string[]
): Promise<IProbeResult> {
  // Where the interpreter is cannot change within a run: looked up once per interpreter.
  let where = located.get(python);
  if (where === undefined) {
    where = locatePython(python);
    located.set(python, where);
  }
  const slot = probeSlot(python, modules, cacheFolder(), where);
  if (slot.hit !== null) {
    return probeResult(python, { stdout: slot.hit, error: null });
  }
  let session = sessions.get(python);
  if (session === undefined) {
    session = startSession(python);
    sessions.set(python, session);
  }
  const run = await session.answer(modules);
  // The cache keeps the newest PROBE_CACHE_KEEP answers: a run over more notebooks would
  // only write answers that evict its own, at a write and a sweep each.
  if (run.stdout !== null && stored < PROBE_CACHE_KEEP) {
    stored++;
    slot.store(run.stdout);
  }
  return probeResult(python, run);
}

/**
 * Starts `python`'s probe now, so that Python starts and lists its distributions while the
 * caller works, and is asked later (`askInterpreter`). Not when one runs, nor when the cache
 * already answers for this interpreter: a warm run starts no Python. Until asked it does not
 * keep the process alive, and it is stopped when the process exits.
 */
export function startInterpreter(python: string): void {
  if (!sessions.has(python) && !holdsAnswerFor(python)) {
    sessions.set(python, startSession(python));
  }
}

/** Ends this run's probes (they also end with the process). */
export function closeInterpreters(): void {
  for (const s of sessions.values()) {
    s.close();
  }
  sessions.clear();
  located.clear();
}

/**
 * Python running the probe with `--lines`, in the user's folder: there `python3` means what
 * it means in their shell (a pyenv or asdf shim reads its version files from there), and the
 * probe drops that folder from its path before importing anything. Questions are answered in
 * the order sent; once it has failed, every question gets that failure. It holds the process
 * open only while a question waits.
 */
function startSession(python: string): ISession {
  let child: ChildProcess | null = null;
  let failed: IProbeRun | null = null;
  try {
    child = spawn(python, ['-c', PROBE_SCRIPT, '--lines'], {
      env: probeEnv(),
      stdio: ['pipe', 'pipe', 'pipe']
    });
  } catch (e) {
    failed = spawnFailure(python, e instanceof Error ? e : null);
  }
  const proc = child;
  const waiting: ((run: IProbeRun) => void)[] = [];
  const hold = (on: boolean): void => {
    for (const h of [proc, proc?.stdin, proc?.stdout, proc?.stderr]) {
      // The pipes are sockets (`ref`/`unref`), though typed as plain streams.
      const handle = h as Partial<Record<'ref' | 'unref', () => void>> | null;
      handle?.[on ? 'ref' : 'unref']?.();
    }
  };
  let timedOut = false;
  const stop = (): void => {
    proc?.kill();
  };
  const fail = (run: IProbeRun): void => {
    failed ??= run;
    for (const resolve of waiting.splice(0)) {
      resolve(failed);
    }
    process.removeListener('exit', stop);
  };
  if (proc !== null) {
    process.once('exit', stop);
    let pending = '';
    const err: string[] = [];
    proc.stdout?.setEncoding('utf8').on('data', (d: string) => {
      pending += d;
      for (
        let nl = pending.indexOf('\n');
        nl >= 0;
        nl = pending.indexOf('\n')
      ) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        // Anything else on stdout (a site hook that prints) is not an answer.
        if (line.startsWith(ANSWER)) {
          waiting.shift()?.({ stdout: line.slice(ANSWER.length), error: null });
        }
      }
      if (pending.length > MAX_PENDING) {
        stop();
      }
      if (waiting.length === 0) {
        hold(false);
      }
    });
    proc.stderr?.setEncoding('utf8').on('data', (d: string) => {
      // Only the last line is reported: keep a bounded tail.
      err.push(d);
      if (err.length > 64) {
        err.splice(0, err.length - 64);
      }
    });
    // Python gone before reading a question: the close below says why.
    proc.stdin?.on('error', () => undefined);
    proc.on('error', e => fail(spawnFailure(python, e)));
    proc.on('close', code => {
      const last = err.join('').trim().split('\n').pop() ?? '';
      fail({
        stdout: null,
        error: timedOut
          ? `${python} gave no answer within ${ANSWER_MS / 1000} s`
          : `${python} failed to describe itself (exit ${code}): ${last}`
      });
    });
    hold(false);
  }
  return {
    answer(modules) {
      if (failed !== null || proc === null) {
        return Promise.resolve(failed ?? spawnFailure(python, null));
      }
      hold(true);
      const timer = setTimeout(() => {
        timedOut = true;
        stop();
      }, ANSWER_MS);
      const answered = new Promise<IProbeRun>(resolve => waiting.push(resolve));
      proc.stdin?.write(`${JSON.stringify([...modules])}\n`);
      return answered.finally(() => clearTimeout(timer));
    },
    close() {
      proc?.stdin?.end();
      hold(false);
    }
  };
}
