/**
 * The CLI's file system port gives isomorphic-git file times to the nanosecond, as git's
 * index holds them: in a repository written by real git, a whole-tree provenance trusts the
 * index for every unchanged file and reads (hashes) only the changed ones. With Node's float
 * `mtimeMs` every file looked changed and the whole tree was read on every export.
 *
 * And one `export` over many notebooks walks the tree once (`TreeStatus`): each manifest
 * still says what a whole walk says at its moment, including the files the exports before
 * it in the same run rewrote.
 */
import { execFileSync } from 'child_process';
import { readFileSync, utimesSync, writeFileSync } from 'fs';
import * as path from 'path';
import { provenance, type IFsLike } from '../../core';
import { nodeFs } from '../nodeFs';
import { notebook, runCliIn, useCli } from './cli';

const fixture = useCli();
const tmp = fixture.tmp;

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

/** The manifest's `git` fields of `stem`'s export in `dir`. */
function gitFields(dir: string, stem: string): Record<string, string> {
  const text = readFileSync(path.join(dir, `${stem}.repro.yaml`), 'utf8');
  const block = text.slice(text.indexOf('git:'), text.indexOf('source:'));
  return Object.fromEntries(
    [...block.matchAll(/^ {2}(\w+): (.*)$/gm)].map(m => [m[1], m[2]])
  );
}

describe('one export over many notebooks', () => {
  it('gives each manifest the git state a whole walk gives at its moment', async () => {
    const repo = tmp.write('many/.keep', '');
    const dir = path.dirname(repo);
    const stems = ['a', 'b', 'c', 'd'];
    const write = (v: number) => {
      for (const s of stems) {
        writeFileSync(
          path.join(dir, `${s}.ipynb`),
          notebook([{ src: `lr = 0.${v}\nprint(lr, "${s}")`, n: 1 }])
        );
      }
    };
    const exportAll = () =>
      runCliIn(
        fixture.cli,
        ['export', '--no-env', ...stems.map(s => `${s}.ipynb`)],
        { cwd: dir, extraEnv: { LINEARIZE_NO_CACHE: '1' } }
      );
    write(1);
    git(dir, 'init', '-q');
    expect(exportAll().err).toBe('');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'notebooks and their exports');

    // New code, committed: each re-export rewrites its own committed files, so every
    // notebook after the first finds the files of those before it changed.
    write(2);
    git(dir, 'commit', '-qam', 'new code');
    expect(exportAll().err).toBe('');
    expect(gitFields(dir, 'a').dirty).toBe('false');
    for (const s of ['b', 'c', 'd']) {
      expect(gitFields(dir, s).dirty).toBe('true');
    }
    // The last one's diff is the tree's now, less its own files (which a walk leaves out).
    const own = ['py', 'params.yaml', 'repro.yaml', 'requirements.txt']
      .map(e => path.join(dir, `d.${e}`))
      .concat([
        path.join(dir, 'd.Dockerfile'),
        path.join(dir, '_linearize_runtime.py')
      ]);
    const walked = await provenance({ fs: nodeFs, dir, exclude: own });
    expect(walked.changedFiles).toEqual(
      expect.arrayContaining(['a.py', 'b.py', 'c.py'])
    );
    expect(gitFields(dir, 'd').diff_sha256).toBe(`"${walked.diffSha256}"`);
  });
});

describe('exports into several folders of one repository at once', () => {
  it('never lose git provenance to another folder’s files in flight', () => {
    // Several folders export at once (one lane each). A whole-tree walk that ran while another
    // lane's staging or commit folder came and went failed on it ("no git provenance:
    // ENOENT … .linearize-commit-…"): 110 of the corpus's 472 manifests had no commit.
    // The fault shim's slow disk keeps those folders around longer.
    const root = path.dirname(tmp.write('lanes/.keep', ''));
    const names: string[] = [];
    for (let f = 0; f < 4; f++) {
      for (let n = 0; n < 4; n++) {
        names.push(
          path.relative(
            root,
            tmp.write(
              `lanes/f${f}/nb${n}.ipynb`,
              notebook([{ src: `lr = 0.${n + 1}\nprint(lr, ${f})`, n: 1 }])
            )
          )
        );
      }
    }
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'notebooks');
    for (let run = 0; run < 3; run++) {
      git(root, 'clean', '-qfdx');
      const r = runCliIn(
        fixture.cli,
        ['export', '--no-env', '--no-data', ...names],
        {
          cwd: root,
          shim: true,
          extraEnv: {
            LINEARIZE_NO_CACHE: '1',
            LINEARIZE_FAULT_DIR: root,
            LINEARIZE_FAULT_DELAY_MS: '10'
          }
        }
      );
      expect(r.err).toBe('');
      expect(r.out).not.toContain('no git provenance');
      for (const nb of names) {
        const stem = nb.replace(/\.ipynb$/, '');
        expect(gitFields(root, stem).commit).toMatch(/^"[0-9a-f]{40}"$/);
      }
    }
  }, 120000);
});
