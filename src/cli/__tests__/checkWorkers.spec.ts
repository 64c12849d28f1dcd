/**
 * How many threads `check` uses when `--jobs` is not given: the rule (whether it pays is
 * measured in bench/check.mjs), and the real CLI following it on this machine's cores.
 */
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { availableParallelism } from 'os';
import * as path from 'path';
import { autoJobs } from '../checkWorkers';
import { buildCli, notebook, removeBuild, tempDir, type IRun } from './cli';

describe('autoJobs', () => {
  it('keeps to one thread on two cores, however many notebooks', () => {
    // Each thread's V8 uses about a second core for its optimising compiler and GC.
    expect(autoJobs(1, 472)).toBe(1);
    expect(autoJobs(2, 472)).toBe(1);
    expect(autoJobs(3, 10_000)).toBe(1);
  });

  it('gives a thread two cores when there are enough', () => {
    expect(autoJobs(4, 472)).toBe(2);
    expect(autoJobs(8, 472)).toBe(4);
    expect(autoJobs(64, 472)).toBe(8);
  });

  it('starts no worker for a few notebooks', () => {
    expect(autoJobs(16, 7)).toBe(1);
    expect(autoJobs(16, 16)).toBe(2);
    expect(autoJobs(16, 24)).toBe(3);
  });
});

describe('check on worker threads', () => {
  /** Counts the worker threads the CLI starts (`node --require`; they run unchanged). */
  const COUNTER = path.join(__dirname, 'workerCount.cjs');
  const NOTEBOOKS = 24;
  const tmp = tempDir();
  let cli = '';
  beforeAll(() => {
    cli = buildCli();
    for (let i = 0; i < NOTEBOOKS; i++) {
      tmp.write(
        `nb/n${String(i).padStart(2, '0')}.ipynb`,
        notebook([
          { src: `import os\nx${i} = ${i}`, n: 1 },
          { src: `print(x${i} + y)`, n: 2 }
        ])
      );
    }
  }, 120_000);
  afterAll(() => {
    removeBuild(cli);
    tmp.cleanup();
  });

  /** Runs `check --json --no-cache nb` with `args`; its result and the workers it started. */
  function check(args: readonly string[]): IRun & { workers: number } {
    const count = path.join(tmp.dir, 'workers.txt');
    const r = spawnSync(
      process.execPath,
      [
        '--require',
        COUNTER,
        cli,
        'check',
        '--json',
        '--no-cache',
        ...args,
        'nb'
      ],
      {
        cwd: tmp.dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          NO_COLOR: '1',
          LINEARIZE_WORKER_COUNT_FILE: count
        }
      }
    );
    return {
      code: r.status,
      out: r.stdout,
      err: r.stderr,
      workers: Number(readFileSync(count, 'utf8'))
    };
  }

  it('starts the workers the rule gives for this machine, and prints what one thread does', () => {
    const auto = autoJobs(availableParallelism(), NOTEBOOKS);
    const byDefault = check([]);
    // One thread runs in the main thread: no worker at all.
    expect(byDefault.workers).toBe(auto > 1 ? auto : 0);
    const one = check(['--jobs', '1']);
    expect(one.workers).toBe(0);
    const two = check(['--jobs', '2']);
    expect(two.workers).toBe(2);
    expect(byDefault.out).toBe(one.out);
    expect(two.out).toBe(one.out);
    expect([byDefault.code, two.code]).toEqual([one.code, one.code]);
  }, 120_000);
});
