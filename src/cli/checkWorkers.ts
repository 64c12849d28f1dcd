/**
 * `check` on worker threads: the notebooks are read and analysed on several cores, and the
 * results are printed in the order one thread would print them.
 *
 * The interpreter is asked once for every notebook's modules, as in one thread: the workers
 * first load the notebooks they are handed (one at a time, to whichever worker is free) and
 * answer what each needs of the machine; the main thread gathers the environment once and
 * sends it; each worker then checks the notebooks it holds. Workers run the same bundle as
 * the main thread (`main.ts` starts `runCheckWorker` when it finds itself in one).
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import {
  isMainThread,
  parentPort,
  Worker,
  workerData
} from 'node:worker_threads';
import {
  checkLoaded,
  gatherEnvironment,
  loadNotebook,
  needsOf,
  unreadable,
  type ICheckEnvironment,
  type ICheckOptions,
  type ILoaded,
  type INeeds
} from './commands/check';
import { DiskCache } from './diskCache';
import type { IProgress } from './progress';
import type { ICheckedNotebook } from './report';
import type { IWalkItem } from './walk';

/** What `workerData` holds for a check worker. */
interface IWorkerData {
  readonly linearize: 'check';
  readonly options: ICheckOptions;
  /** The facts cache's folder and bound, or null when caching is off. */
  readonly cache: { readonly dir: string; readonly maxBytes: number } | null;
}

type ToWorker =
  | { readonly t: 'load'; readonly i: number; readonly path: string }
  | { readonly t: 'check'; readonly env: ICheckEnvironment };

type FromWorker =
  | {
      readonly t: 'loaded';
      readonly i: number;
      readonly needs: INeeds | null;
      readonly result: ICheckedNotebook | null;
      /** Entries the worker wrote to the facts cache so far. */
      readonly writes: number;
    }
  | {
      readonly t: 'checked';
      readonly i: number;
      readonly result: ICheckedNotebook;
    }
  | { readonly t: 'done' };

/** Fewer notebooks than this are checked in one thread: starting a worker costs ~50 ms. */
const MIN_PER_WORKER = 8;

/**
 * Cores one thread of `check` keeps busy. Each thread is a V8 isolate that optimises the hot
 * code (TurboFan) and collects garbage on V8's own background threads: over the corpus (472
 * notebooks, `perf record`, one thread, `--no-cache`) the main thread ran 2.4 s and V8's
 * threads 2.1 s, 1.7 s of it TurboFan. Each worker optimises that code again (two workers:
 * +0.9 s TurboFan, +0.4 s on their own threads), so on 2 cores two workers cost 6.2 s of CPU
 * for one thread's 4.5 s and finished later; with three times the notebooks, 12.0 s vs 8.3 s.
 */
const CORES_PER_THREAD = 2;

/** How many threads check `count` notebooks on `cores` cores when `--jobs` is not given. */
export function autoJobs(cores: number, count: number): number {
  return Math.max(
    1,
    Math.min(
      Math.floor(cores / CORES_PER_THREAD),
      Math.floor(count / MIN_PER_WORKER),
      8
    )
  );
}

/** The file the workers run: this bundle, when running from one. */
function entry(): string | null {
  return /\.c?js$/.test(__filename) ? __filename : null;
}

/** How many threads check `count` notebooks: `--jobs` when given, else as the work and cores allow. */
export function jobCount(requested: number | null, count: number): number {
  if (entry() === null || count < 2) {
    return 1;
  }
  const wanted = requested ?? autoJobs(availableParallelism(), count);
  return Math.max(1, Math.min(wanted, count));
}

/** Whether this thread is a check worker (`main.ts` asks before running the command line). */
export function isCheckWorker(): boolean {
  return (
    !isMainThread &&
    (workerData as Partial<IWorkerData> | null)?.linearize === 'check'
  );
}

/**
 * Checks `items` on `jobs` workers; the results come in `items` order. A usage error message
 * when the interpreter cannot run.
 */
export async function checkInWorkers(
  items: readonly IWalkItem[],
  options: ICheckOptions,
  jobs: number,
  cache: DiskCache | null,
  bar: IProgress
): Promise<ICheckedNotebook[] | string> {
  const file = entry();
  if (file === null) {
    throw new Error('worker threads need the bundled CLI');
  }
  const data: IWorkerData = {
    linearize: 'check',
    options,
    cache: cache === null ? null : { dir: cache.dir, maxBytes: cache.maxBytes }
  };
  const workers = Array.from(
    { length: jobs },
    () =>
      // The command line too: the loader picks the compiled-code cache by command.
      new Worker(file, { workerData: data, argv: process.argv.slice(2) })
  );
  const results: (ICheckedNotebook | null)[] = items.map(item =>
    item.error === null ? null : unreadable(item.path, item.error)
  );
  const needs: (INeeds | null)[] = items.map(() => null);
  // Largest first: the last notebooks handed out are small, so the workers finish together.
  const sizes = items.map(item =>
    item.error === null ? sizeOf(item.path) : 0
  );
  const queue = items
    .flatMap((item, i) => (item.error === null ? [i] : []))
    .sort((a, b) => sizes[b] - sizes[a] || a - b);
  let finished = 0;
  const wrote = workers.map(() => 0);
  try {
    const failed = new Promise<never>((_, reject) => {
      for (const w of workers) {
        w.on('error', reject);
        w.on('exit', code => {
          if (code !== 0) {
            reject(new Error(`a worker thread stopped (exit code ${code})`));
          }
        });
      }
    });
    // Terminating the workers at the end rejects it too, after every wait on it is over.
    failed.catch(() => undefined);
    // Load: one notebook at a time to whichever worker is free.
    const loadedBy = await Promise.race([
      failed,
      Promise.all(
        workers.map(
          (w, k) =>
            new Promise<number>(resolve => {
              let held = 0;
              let pending = 0;
              const send = (): void => {
                const i = queue.shift();
                if (i === undefined) {
                  if (pending === 0) {
                    w.removeAllListeners('message');
                    resolve(held);
                  }
                  return;
                }
                pending++;
                w.postMessage({
                  t: 'load',
                  i,
                  path: items[i].path
                } as ToWorker);
              };
              w.on('message', (m: FromWorker) => {
                if (m.t !== 'loaded') {
                  return;
                }
                pending--;
                wrote[k] = m.writes;
                if (m.result !== null) {
                  results[m.i] = m.result;
                  bar.tick(++finished, items[m.i].path);
                } else {
                  needs[m.i] = m.needs;
                  held++;
                }
                send();
              });
              // Two in flight: the worker never waits for this thread to hand it the next one.
              send();
              send();
            })
        )
      )
    ]);
    const env = await gatherEnvironment(needs, options);
    if (typeof env === 'string') {
      return env;
    }
    await Promise.race([
      failed,
      Promise.all(
        workers.map(
          (w, k) =>
            new Promise<void>(resolve => {
              if (loadedBy[k] === 0) {
                resolve();
                return;
              }
              w.on('message', (m: FromWorker) => {
                if (m.t === 'checked') {
                  results[m.i] = m.result;
                  bar.tick(++finished, items[m.i].path);
                } else if (m.t === 'done') {
                  resolve();
                }
              });
              w.postMessage({ t: 'check', env } as ToWorker);
            })
        )
      )
    ]);
  } finally {
    await Promise.all(workers.map(w => w.terminate()));
    cache?.addWrites(wrote.reduce((a, b) => a + b, 0));
  }
  return results.map(
    (r, i) => r ?? unreadable(items[i].path, 'internal error: not checked')
  );
}

/** The worker's side: load what it is handed, then check it all with the environment. */
export function runCheckWorker(): void {
  const data = workerData as IWorkerData;
  const port = parentPort;
  if (port === null) {
    return;
  }
  const cache =
    data.cache === null
      ? null
      : new DiskCache(data.cache.dir, data.cache.maxBytes);
  const held: [number, ILoaded][] = [];
  port.on('message', (m: ToWorker) => {
    if (m.t === 'load') {
      const loaded = loadNotebook(m.path, data.options, cache);
      if ('nb' in loaded) {
        held.push([m.i, loaded]);
        port.postMessage({
          t: 'loaded',
          i: m.i,
          needs: needsOf(loaded),
          result: null,
          writes: cache?.writes ?? 0
        } as FromWorker);
      } else {
        port.postMessage({
          t: 'loaded',
          i: m.i,
          needs: null,
          result: loaded,
          writes: cache?.writes ?? 0
        } as FromWorker);
      }
      return;
    }
    for (const [i, loaded] of held) {
      port.postMessage({
        t: 'checked',
        i,
        result: checkLoaded(loaded, data.options, m.env)
      } as FromWorker);
    }
    held.length = 0;
    port.postMessage({ t: 'done' } as FromWorker);
  });
}

/** Bytes of a file, 0 when it cannot be read (it then fails in the worker, as before). */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
