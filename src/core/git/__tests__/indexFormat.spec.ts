/**
 * Which indexes isomorphic-git may rewrite: decided from real indexes git wrote in each
 * format (`indexFormatProblem`), so the export commit never drops what it cannot read.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { indexFormatProblem } from '../index';
import { Sandbox } from './gitFixture';

let box: Sandbox;
let repo: string;
beforeEach(() => {
  box = new Sandbox();
  repo = box.basicRepo();
});
afterEach(() => box.dispose());

const problem = (): string | null =>
  indexFormatProblem(readFileSync(join(repo, '.git', 'index')));

describe('indexFormatProblem', () => {
  it('accepts what isomorphic-git reads and writes whole: v2, v3, cache extensions', () => {
    expect(problem()).toBeNull();
    box.git('repo', 'update-index', '--index-version', '3');
    box.git('repo', 'update-index', '--skip-worktree', 'README.md');
    expect(readFileSync(join(repo, '.git', 'index')).readUInt32BE(4)).toBe(3);
    expect(problem()).toBeNull();
    // A TREE cache and an untracked cache are optional: dropping them loses nothing.
    box.git('repo', 'config', 'core.untrackedCache', 'true');
    box.git('repo', 'update-index', '--untracked-cache');
    box.git('repo', 'status', '--porcelain');
    expect(readFileSync(join(repo, '.git', 'index')).includes('UNTR')).toBe(
      true
    );
    expect(problem()).toBeNull();
  });

  it('refuses version 4, a split index and a sparse index', () => {
    box.git('repo', 'update-index', '--split-index');
    expect(problem()).toMatch(/split index/);
    box.git('repo', 'update-index', '--no-split-index');
    expect(problem()).toBeNull();
    box.git('repo', 'update-index', '--index-version', '4');
    expect(problem()).toMatch(/version 4/);
    box.git('repo', 'update-index', '--index-version', '2');
    expect(problem()).toBeNull();
    box.git('repo', 'sparse-checkout', 'init', '--cone', '--sparse-index');
    box.git('repo', 'sparse-checkout', 'set', 'nb');
    expect(problem()).toMatch(/sparse index/);
  });

  it('refuses what is not an index', () => {
    expect(indexFormatProblem(new Uint8Array(40))).toMatch(/not a git index/);
    const cut = readFileSync(join(repo, '.git', 'index')).subarray(0, 60);
    expect(indexFormatProblem(cut)).toMatch(/truncated/);
  });
});
