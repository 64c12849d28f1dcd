/**
 * Real repositories for the git tests, made with the real `git` CLI in temp folders, with a
 * fixed identity and fixed dates so commit ids are reproducible, and isolated from the
 * user's own configuration (HOME points into the temp folder, no system config).
 */
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';

/** The environment every git command of the tests runs with. */
export function gitEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Ada Lovelace',
    GIT_AUTHOR_EMAIL: 'ada@example.org',
    GIT_AUTHOR_DATE: '1700000000 +0100',
    GIT_COMMITTER_NAME: 'Ada Lovelace',
    GIT_COMMITTER_EMAIL: 'ada@example.org',
    GIT_COMMITTER_DATE: '1700000000 +0100',
    LC_ALL: 'C'
  };
}

/** A temp folder with a `home/` for HOME and helpers to run git and write files. */
export class Sandbox {
  readonly root: string;
  readonly home: string;

  constructor(prefix = 'linearize-git-') {
    this.root = mkdtempSync(join(tmpdir(), prefix));
    this.home = join(this.root, 'home');
    mkdirSync(this.home);
  }

  /** Runs git in `cwd` (relative to the sandbox) and returns its trimmed stdout. */
  git(cwd: string, ...args: string[]): string {
    return execFileSync('git', args, {
      cwd: join(this.root, cwd),
      env: gitEnv(this.home),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024
    }).trimEnd();
  }

  /** Writes a file (making folders), relative to the sandbox. */
  write(path: string, content: string | Uint8Array): string {
    const full = join(this.root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    return full;
  }

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  /**
   * `repo/` with `README.md`, `nb/analysis.ipynb`, `nb/data.csv` and a `.gitignore` ignoring
   * `*.log`, committed once on `main`.
   */
  basicRepo(name = 'repo'): string {
    mkdirSync(join(this.root, name));
    this.git(name, 'init', '-q', '-b', 'main');
    this.write(`${name}/README.md`, '# demo\n');
    this.write(`${name}/nb/analysis.ipynb`, '{"cells": []}\n');
    this.write(`${name}/nb/data.csv`, 'a,b\n1,2\n');
    this.write(`${name}/.gitignore`, '*.log\n');
    this.git(name, 'add', '-A');
    this.git(name, 'commit', '-q', '-m', 'initial');
    return join(this.root, name);
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
