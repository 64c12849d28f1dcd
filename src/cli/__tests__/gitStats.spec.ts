/**
 * The CLI's file system port gives isomorphic-git file times to the nanosecond, as git's
 * index holds them: in a repository written by real git, a whole-tree provenance trusts the
 * index for every unchanged file and reads (hashes) only the changed ones. With Node's float
 * `mtimeMs` every file looked changed and the whole tree was read on every export.
 */
import { execFileSync } from 'child_process';
import { utimesSync, writeFileSync } from 'fs';
import * as path from 'path';
import { provenance, type IFsLike } from '../../core';
import { nodeFs } from '../nodeFs';
import { tempDir } from './cli';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com'
    }
  });

/** `fs` that records which files of `root` (outside `.git`) it read. */
function counting(fs: IFsLike, root: string, read: string[]): IFsLike {
  return {
    ...fs,
    readFile: (p, o) => {
      const rel = path.relative(root, p);
      if (!rel.startsWith('..') && !rel.startsWith('.git')) {
        read.push(rel);
      }
      return fs.readFile(p, o);
    }
  };
}

describe('whole-tree provenance over the CLI file system', () => {
  it('reads only the files whose stats changed since git wrote its index', async () => {
    const repo = tmp.write('repo/.keep', '');
    const dir = path.dirname(repo);
    const names = Array.from({ length: 20 }, (_, i) => `f${i}.txt`);
    // An hour old: not "racily clean" (files as new as the index are re-read by design).
    const old = new Date(Date.now() - 3600_000);
    for (const n of names) {
      writeFileSync(path.join(dir, n), `content of ${n}\n`);
      utimesSync(path.join(dir, n), old, old);
    }
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'files');
    expect(git(dir, 'status', '--porcelain')).toBe('');

    const read: string[] = [];
    const clean = await provenance({ fs: counting(nodeFs, dir, read), dir });
    expect(clean.dirty).toBe(false);
    expect(read).toEqual([]);

    // One file changed (same size, so only the times tell): it alone is read.
    writeFileSync(path.join(dir, 'f7.txt'), 'CONTENT of f7.txt\n');
    const changed = await provenance({ fs: counting(nodeFs, dir, read), dir });
    expect(changed.dirty).toBe(true);
    expect(changed.changedFiles).toEqual(['f7.txt']);
    expect(read).toEqual(['f7.txt']);
  });
});
