/**
 * Real Python environments for the interpreter-probe specs: virtual environments made with
 * the machine's `python3`, a site hook that prints at every start, and a launcher script (as
 * a pyenv, asdf or mise shim is) that logs each start before running the interpreter.
 */
import { execFileSync } from 'child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync
} from 'fs';
import * as path from 'path';

/** A virtual environment at `dir` (no pip): its interpreter and its site-packages folder. */
export function makeVenv(dir: string): { python: string; site: string } {
  execFileSync('python3', ['-m', 'venv', '--without-pip', dir]);
  const python = path.join(dir, 'bin', 'python');
  const site = execFileSync(
    python,
    ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'],
    { encoding: 'utf8' }
  ).trim();
  return { python, site };
}

/** A site hook in `site` that prints a line at every start of its interpreter. */
export function printAtStart(site: string): void {
  writeFileSync(
    path.join(site, 'sitecustomize.py'),
    'print("hello from a site hook")\n'
  );
}

/**
 * A launcher script at `file`: it appends a line to `log` at each start, then runs `body`
 * (shell lines that end by `exec`-ing an interpreter with `"$@"`).
 */
export function launcher(file: string, log: string, body: string[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    ['#!/bin/sh', `echo start >> '${log}'`, ...body, ''].join('\n')
  );
  chmodSync(file, 0o755);
}

/** How many times a {@link launcher} logging to `log` has started. */
export function startCount(log: string): number {
  return existsSync(log)
    ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length
    : 0;
}
