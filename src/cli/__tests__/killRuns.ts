/**
 * What the kill -9 specs share: reading an export's files, telling which of two exports a
 * folder holds, and killing the CLI before each of its file operations in turn
 * (`faultShim.cjs` counts them and kills at one).
 */
import { spawn } from 'child_process';
import { existsSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { FAULT_SHIM } from './cli';

/** How a racing export ended: its exit code and the end of what it printed on stderr. */
export interface IRaceExit {
  readonly code: number | null;
  readonly err: string;
}

/**
 * `export --no-git --no-data --name out <notebook>` run by `cli` in `dir` through the fault
 * shim (its folder: `dir`; `env` sets its faults), without waiting. For exports that race
 * each other.
 */
export function exportThroughShim(
  cli: string,
  dir: string,
  notebook: string,
  env: Record<string, string>
): Promise<IRaceExit> {
  return new Promise(done => {
    const child = spawn(
      process.execPath,
      [
        '--require',
        FAULT_SHIM,
        cli,
        'export',
        '--no-git',
        '--no-data',
        '--name',
        'out',
        notebook
      ],
      {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, LINEARIZE_FAULT_DIR: dir, ...env }
      }
    );
    let err = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      err = (err + d).slice(-2000);
    });
    child.on('close', code => done({ code, err }));
  });
}

/** `files` in `dir` as text (null: absent), the manifest's time (its one changing line) blanked. */
export function exportTexts(
  dir: string,
  files: readonly string[]
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const f of files) {
    const p = path.join(dir, f);
    out[f] = existsSync(p)
      ? readFileSync(p, 'utf8').replace(/^created_at: .*$/m, '')
      : null;
  }
  return out;
}

/** Which export `now` is, file by file: 'old', 'new', or 'mixed'. */
export function whichExport(
  files: readonly string[],
  now: Record<string, string | null>,
  oldSet: Record<string, string | null>,
  newSet: Record<string, string | null>
): 'old' | 'new' | 'mixed' {
  if (files.every(f => now[f] === oldSet[f])) {
    return 'old';
  }
  if (files.every(f => now[f] === newSet[f])) {
    return 'new';
  }
  return 'mixed';
}

/**
 * Counts the file operations `run` makes in `dir` (one run, which must succeed), then, for
 * each of them in turn, puts the starting state back (`reset`), runs again SIGKILLed just
 * before that operation and hands it to `check`. Returns how many operations there were.
 */
export function killBeforeEachOperation(options: {
  readonly dir: string;
  readonly countFile: string;
  readonly reset: () => void;
  readonly run: (env: Record<string, string>) => {
    readonly code: number | null;
    readonly signal: string | null;
  };
  readonly check: (k: number) => void;
}): number {
  const { dir, countFile, reset, run, check } = options;
  reset();
  expect(
    run({ LINEARIZE_FAULT_DIR: dir, LINEARIZE_FAULT_COUNT_FILE: countFile })
      .code
  ).toBe(0);
  const ops = Number(readFileSync(countFile, 'utf8'));
  for (let k = 1; k <= ops; k++) {
    reset();
    const r = run({
      LINEARIZE_FAULT_DIR: dir,
      LINEARIZE_FAULT_KILL_AT: String(k)
    });
    expect(r.signal).toBe('SIGKILL');
    check(k);
  }
  return ops;
}

/**
 * After a kill in `dir`: a mix of old and new files only while a commit folder exists (between
 * the commit point and the last rename); after `recover`, the old or the new export, the new
 * one when the kill came after the commit point. Says whether it was mixed and what it holds.
 */
export function checkKilled(
  dir: string,
  which: () => 'old' | 'new' | 'mixed',
  recover: () => void
): { readonly mixed: boolean; readonly after: 'old' | 'new' } {
  const committed = readdirSync(dir).some(n =>
    n.startsWith('.linearize-commit-')
  );
  const mixed = which() === 'mixed';
  if (mixed) {
    expect(committed).toBe(true);
  }
  recover();
  const after = which();
  expect(after).not.toBe('mixed');
  if (committed) {
    expect(after).toBe('new');
  }
  return { mixed, after: after === 'old' ? 'old' : 'new' };
}
