import { createHash } from 'crypto';
import {
  promises as fsp,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync
} from 'fs';
import * as isogit from 'isomorphic-git';
import { join } from 'path';
import {
  findRepository,
  NotARepositoryError,
  provenance,
  UnsupportedRepositoryError
} from '../index';
import { Sandbox } from './gitFixture';

// Node's fs.promises is the CLI's FsLike, used as is.
const fs = fsp;

let box: Sandbox;
let repo: string;
beforeEach(() => {
  box = new Sandbox();
  repo = box.basicRepo();
});
afterEach(() => box.dispose());

/** The diff hash recomputed independently, from git's own view of the three versions. */
function expectedDiffHash(cwd: string, paths: string[]): string {
  const lines = paths.map(path => {
    const head = tryGit(cwd, 'rev-parse', `HEAD:${path}`);
    const stageLine = tryGit(cwd, 'ls-files', '-s', '--', path);
    const stage = stageLine ? stageLine.split(/\s+/)[1] : null;
    let workdir: string | null = null;
    try {
      statSync(join(cwd, path));
      workdir = box.git(
        cwd.slice(box.root.length + 1),
        'hash-object',
        '--',
        path
      );
    } catch {
      workdir = null;
    }
    return `${path}\0${head ?? '-'}\0${stage ?? '-'}\0${workdir ?? '-'}\n`;
  });
  return createHash('sha256')
    .update('linearize-git-diff-v1\n' + lines.join(''))
    .digest('hex');
}

function tryGit(cwd: string, ...args: string[]): string | null {
  try {
    return box.git(cwd.slice(box.root.length + 1), ...args) || null;
  } catch {
    return null;
  }
}

/** The commit `Sandbox.basicRepo` makes (fixed identity, dates and content). */
const INITIAL = 'f781b300e94872ae2660f01a243e809ebf4ca8c0';

describe('provenance', () => {
  it('reports a clean checkout: commit, branch, no remote, not dirty', async () => {
    const result = await provenance({
      fs,
      dir: join(repo, 'nb'),
      files: ['analysis.ipynb']
    });

    expect(result).toEqual({
      commit: INITIAL,
      branch: 'main',
      remoteUrl: null,
      dirty: false,
      dirtyPolicy: 'tracked',
      diffSha256: null,
      changedFiles: [],
      checked: ['nb/analysis.ipynb'],
      subdirectory: 'nb',
      repoRoot: repo
    });
    expect(box.git('repo', 'rev-parse', 'HEAD')).toBe(INITIAL);
  });

  it('checks the whole working tree when no files are given', async () => {
    const result = await provenance({ fs, dir: repo });

    expect(result.dirty).toBe(false);
    expect(result.checked).toBeNull();
    expect(result.subdirectory).toBe('.');
  });

  it('finds a modified tracked file and hashes the change like git sees it', async () => {
    box.write('repo/nb/analysis.ipynb', '{"cells": [1]}\n');

    const result = await provenance({
      fs,
      dir: join(repo, 'nb'),
      files: ['analysis.ipynb']
    });

    expect(result.dirty).toBe(true);
    expect(result.changedFiles).toEqual(['nb/analysis.ipynb']);
    expect(result.diffSha256).toBe(
      expectedDiffHash(repo, ['nb/analysis.ipynb'])
    );
  });

  it('gives a different diff hash for a different change, the same for the same', async () => {
    box.write('repo/nb/analysis.ipynb', 'one\n');
    const first = await provenance({ fs, dir: repo });
    box.write('repo/nb/analysis.ipynb', 'two\n');
    const second = await provenance({ fs, dir: repo });
    box.write('repo/nb/analysis.ipynb', 'one\n');
    const third = await provenance({ fs, dir: repo });

    expect(first.diffSha256).not.toBe(second.diffSha256);
    expect(third.diffSha256).toBe(first.diffSha256);
  });

  it('counts staged changes and deletions of tracked files as dirty', async () => {
    box.write('repo/README.md', 'staged\n');
    box.git('repo', 'add', 'README.md');
    await fsp.unlink(join(repo, 'nb', 'data.csv'));

    const result = await provenance({ fs, dir: repo });

    expect(result.changedFiles).toEqual(['README.md', 'nb/data.csv']);
    expect(result.diffSha256).toBe(
      expectedDiffHash(repo, ['README.md', 'nb/data.csv'])
    );
  });

  it('ignores changes outside the files it is asked about', async () => {
    box.write('repo/README.md', 'changed\n');

    const result = await provenance({
      fs,
      dir: join(repo, 'nb'),
      files: ['analysis.ipynb']
    });

    expect(result.dirty).toBe(false);
  });

  it('leaves excluded files out of dirty and the diff hash, and keeps the other changes', async () => {
    box.write('repo/README.md', 'changed\n');
    box.write('repo/nb/data.csv', 'a,b\n9,9\n');

    const both = await provenance({ fs, dir: repo });
    const one = await provenance({
      fs,
      dir: join(repo, 'nb'),
      // Relative to dir, absolute, and outside the repository (nothing to leave out).
      exclude: [join(repo, 'README.md'), 'missing.txt', join(box.root, 'x')]
    });
    const none = await provenance({
      fs,
      dir: repo,
      exclude: ['README.md', 'nb/data.csv']
    });

    expect(both.changedFiles).toEqual(['README.md', 'nb/data.csv']);
    expect(one.changedFiles).toEqual(['nb/data.csv']);
    expect(one.dirty).toBe(true);
    expect(one.diffSha256).toBe(expectedDiffHash(repo, ['nb/data.csv']));
    expect(none.dirty).toBe(false);
    expect(none.diffSha256).toBeNull();
  });

  it('counts untracked files only under the untracked policy, and never ignored ones', async () => {
    box.write('repo/nb/new.py', 'print(1)\n');
    box.write('repo/nb/run.log', 'ignored\n');
    box.write('repo/nb/cache/deep/x.txt', 'untracked folder\n');

    const tracked = await provenance({ fs, dir: repo, dirtyPolicy: 'tracked' });
    const untracked = await provenance({
      fs,
      dir: repo,
      dirtyPolicy: 'untracked'
    });

    expect(tracked).toMatchObject({
      dirty: false,
      dirtyPolicy: 'tracked',
      diffSha256: null
    });
    expect(untracked).toMatchObject({ dirty: true, dirtyPolicy: 'untracked' });
    expect(untracked.changedFiles).toEqual([
      'nb/cache/deep/x.txt',
      'nb/new.py'
    ]);
    expect(untracked.diffSha256).toBe(
      expectedDiffHash(repo, ['nb/cache/deep/x.txt', 'nb/new.py'])
    );
  });

  it('reports a detached HEAD with a null branch', async () => {
    box.write('repo/second.txt', '2\n');
    box.git('repo', 'add', 'second.txt');
    box.git('repo', 'commit', '-q', '-m', 'second');
    box.git('repo', 'checkout', '-q', '--detach', 'HEAD~1');

    const result = await provenance({ fs, dir: repo, files: [] });

    expect(result.branch).toBeNull();
    expect(result.commit).toBe(INITIAL);
    expect(result.dirty).toBe(false);
  });

  it('reads a branch whose ref is only in packed-refs', async () => {
    box.git('repo', 'pack-refs', '--all');

    const result = await provenance({ fs, dir: repo, files: [] });

    expect(result).toMatchObject({ commit: INITIAL, branch: 'main' });
  });

  it('refuses a folder outside any repository with NotARepositoryError', async () => {
    const error = await provenance({ fs, dir: box.path('home') }).catch(e => e);

    expect(error).toBeInstanceOf(NotARepositoryError);
    expect(error.code).toBe('NotARepositoryError');
    expect(error.data).toEqual({ dir: box.path('home') });
  });

  it('finds the repository above a nested notebook folder', async () => {
    box.write('repo/nb/deeper/still/n.ipynb', '{}\n');
    box.git('repo', 'add', '-A');
    box.git('repo', 'commit', '-q', '-m', 'nested');

    const result = await provenance({
      fs,
      dir: join(repo, 'nb', 'deeper', 'still'),
      files: ['n.ipynb', '../../analysis.ipynb']
    });

    expect(result.repoRoot).toBe(repo);
    expect(result.subdirectory).toBe('nb/deeper/still');
    expect(result.checked).toEqual([
      'nb/deeper/still/n.ipynb',
      'nb/analysis.ipynb'
    ]);
    expect(result.dirty).toBe(false);
  });

  it('reports the first remote with its credentials stripped', async () => {
    box.git(
      'repo',
      'remote',
      'add',
      'origin',
      'https://ada:ghp_secret@github.example/ada/demo.git'
    );
    box.git(
      'repo',
      'remote',
      'add',
      'backup',
      'git@backup.example:ada/demo.git'
    );

    const result = await provenance({ fs, dir: repo, files: [] });

    expect(result.remoteUrl).toBe('https://github.example/ada/demo.git');
  });

  it('reports an unborn branch: no commit, staged files dirty', async () => {
    box.git('', 'init', '-q', '-b', 'trunk', 'fresh');
    box.write('fresh/a.txt', 'a\n');
    const before = await provenance({ fs, dir: box.path('fresh') });
    box.git('fresh', 'add', 'a.txt');
    const after = await provenance({ fs, dir: box.path('fresh') });

    expect(before).toMatchObject({
      commit: null,
      branch: 'trunk',
      dirty: false
    });
    expect(after).toMatchObject({ commit: null, branch: 'trunk', dirty: true });
    expect(after.changedFiles).toEqual(['a.txt']);
  });

  it('refuses a relative folder, which it could not walk up from', async () => {
    const error = await provenance({ fs, dir: 'repo/nb' }).catch(e => e);

    expect(error.code).toBe('ExportPathError');
  });

  it('refuses paths outside the repository', async () => {
    const error = await provenance({
      fs,
      dir: repo,
      files: ['../elsewhere.txt']
    }).catch(e => e);

    expect(error.code).toBe('ExportPathError');
  });
});

describe('the index is never written by provenance', () => {
  /** Makes every tracked file's stats differ from the index while its content stays the same. */
  function touchAll(): void {
    for (const path of [
      'README.md',
      'nb/analysis.ipynb',
      'nb/data.csv',
      '.gitignore'
    ]) {
      utimesSync(join(repo, path), 2000000000, 2000000000);
    }
  }

  it('control: isomorphic-git refreshes (rewrites) the index by default in this situation', async () => {
    touchAll();
    const before = readFileSync(join(repo, '.git', 'index'));

    await isogit.statusMatrix({ fs, dir: repo, cache: {} });

    expect(readFileSync(join(repo, '.git', 'index')).equals(before)).toBe(
      false
    );
  });

  it('leaves the index bytes and mtime unchanged, on files and on the whole tree', async () => {
    touchAll();
    box.write('repo/nb/analysis.ipynb', 'modified\n');
    const indexPath = join(repo, '.git', 'index');
    const bytes = readFileSync(indexPath);
    const mtime = statSync(indexPath).mtimeMs;

    const cache = {};
    const some = await provenance({
      fs,
      dir: join(repo, 'nb'),
      files: ['analysis.ipynb'],
      cache
    });
    const all = await provenance({
      fs,
      dir: repo,
      cache,
      dirtyPolicy: 'untracked'
    });

    expect(some.changedFiles).toEqual(['nb/analysis.ipynb']);
    expect(all.changedFiles).toEqual(['nb/analysis.ipynb']);
    expect(readFileSync(indexPath).equals(bytes)).toBe(true);
    expect(statSync(indexPath).mtimeMs).toBe(mtime);
  });

  it('fails loudly instead of writing if anything tries to', async () => {
    // The read-only view is what provenance hands isomorphic-git.
    const { readOnlyFs } = await import('../index');
    const ro = readOnlyFs(fs);

    await expect(
      ro.writeFile(join(repo, '.git', 'index'), 'x')
    ).rejects.toMatchObject({
      code: 'EROFS'
    });
    // isomorphic-git's promise-fs sniff: a bare readFile() must reject, not throw.
    const bare = ro.readFile as unknown as () => Promise<unknown>;
    await expect(bare()).rejects.toMatchObject({ name: 'TypeError' });
    expect(readFileSync(join(repo, '.git', 'index')).length).toBeGreaterThan(
      12
    );
  });
});

describe('findRepository', () => {
  it('reports a linked worktree and provenance refuses it', async () => {
    box.git('repo', 'worktree', 'add', '-q', '-b', 'side', box.path('side'));

    const found = await findRepository({ fs, dir: box.path('side', 'nb') });
    const error = await provenance({ fs, dir: box.path('side') }).catch(e => e);

    expect(found).toEqual({
      repoRoot: box.path('side'),
      gitdir: join(repo, '.git', 'worktrees', 'side'),
      kind: 'worktree'
    });
    expect(error).toBeInstanceOf(UnsupportedRepositoryError);
    expect(error.data.kind).toBe('worktree');
  });

  it('reports a submodule and provenance refuses it', async () => {
    const lib = box.basicRepo('lib');
    box.git(
      'repo',
      '-c',
      'protocol.file.allow=always',
      'submodule',
      'add',
      '-q',
      lib,
      'vendor/lib'
    );

    const found = await findRepository({
      fs,
      dir: join(repo, 'vendor', 'lib', 'nb')
    });
    const error = await provenance({
      fs,
      dir: join(repo, 'vendor', 'lib')
    }).catch(e => e);

    expect(found.kind).toBe('submodule');
    expect(found.repoRoot).toBe(join(repo, 'vendor', 'lib'));
    expect(found.gitdir).toBe(join(repo, '.git', 'modules', 'vendor', 'lib'));
    expect(error.code).toBe('UnsupportedRepositoryError');
  });

  it('does not enter a submodule when checking the superproject', async () => {
    const lib = box.basicRepo('lib');
    box.git(
      'repo',
      '-c',
      'protocol.file.allow=always',
      'submodule',
      'add',
      '-q',
      lib,
      'vendor/lib'
    );
    box.git('repo', 'commit', '-q', '-m', 'add submodule');
    writeFileSync(
      join(repo, 'vendor', 'lib', 'README.md'),
      'changed inside the submodule\n'
    );

    const result = await provenance({ fs, dir: repo });

    expect(result.dirty).toBe(false);
  });
});
