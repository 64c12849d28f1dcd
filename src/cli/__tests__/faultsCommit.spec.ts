/**
 * `export --commit` on real repositories in the states a fault-injection run broke (issue
 * 11, items 1 and 6): a split index, index version 4, staged changes, a merge in progress, a
 * linked worktree, a detached HEAD, no identity, a held `index.lock`, and git missing. Each
 * time: the user's index keeps everything it held (only the exported paths change, and only
 * when the commit is made), and a refused commit writes no file at all.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync
} from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gitEnv, Sandbox } from '../../core/git/__tests__/gitFixture';
import { notebook, runCliIn, useCli } from './cli';

const fx = useCli();

let box: Sandbox;
let repo: string;
beforeEach(() => {
  box = new Sandbox('linearize-faults-commit-');
  repo = box.basicRepo();
  box.write(
    'repo/nb/analysis.ipynb',
    notebook([
      { src: 'lr = 0.1', n: 1 },
      { src: 'print(lr)', n: 2 }
    ])
  );
  box.git('repo', 'add', '-A');
  box.git('repo', 'commit', '-q', '-m', 'notebook');
});
afterEach(() => box.dispose());

// The exported files, the parameter runtime beside the script included.
const EXPORTED = [
  'analysis.py',
  'analysis.params.yaml',
  'analysis.repro.yaml',
  '_linearize_runtime.py',
  'analysis.requirements.txt',
  'analysis.Dockerfile'
];

/** A folder holding no `git`: on PATH it makes the CLI run where git is not installed. */
const NO_GIT = mkdtempSync(path.join(os.tmpdir(), 'linearize-nogit-'));

function exportCommit(
  cwd: string,
  env: NodeJS.ProcessEnv = gitEnv(box.home)
): { code: number | null; out: string; err: string } {
  return runCliIn(fx.cli, ['export', '--commit', 'analysis.ipynb'], {
    cwd,
    env
  });
}

/** Index entries as git lists them (path, mode, oid, stage), one line each. */
function indexEntries(cwd = 'repo'): string[] {
  return box.git(cwd, 'ls-files', '--stage').split('\n');
}

function leftovers(dir: string): string[] {
  return readdirSync(dir).filter(
    n => EXPORTED.includes(n) || n.includes('.linearize-')
  );
}

/** What a refused export must leave exactly as it was. */
function state(cwd = 'repo'): Record<string, unknown> {
  const gitdir = box.git(cwd, 'rev-parse', '--absolute-git-dir');
  return {
    index: readFileSync(path.join(gitdir, 'index')).toString('hex'),
    head: box.git(cwd, 'rev-parse', 'HEAD'),
    refs: box.git(cwd, 'for-each-ref'),
    status: box.git(cwd, 'status', '--porcelain')
  };
}

function expectRefused(
  r: { code: number | null; err: string },
  message: RegExp,
  before: Record<string, unknown>,
  dir = path.join(repo, 'nb'),
  cwd = 'repo'
): void {
  expect(r.err).toMatch(message);
  expect(r.code).toBe(2);
  expect(leftovers(dir)).toEqual([]);
  expect(state(cwd)).toEqual(before);
}

/** After a successful export commit: every entry as before, plus the exported ones. */
function expectIndexKept(before: string[], commit: string): void {
  const after = indexEntries();
  const exported = EXPORTED.map(n => `nb/${n}`);
  expect(after.filter(l => !exported.some(e => l.endsWith(`\t${e}`)))).toEqual(
    before
  );
  for (const e of exported) {
    const blob = box.git('repo', 'rev-parse', `${commit}:${e}`);
    expect(after).toContain(`100644 ${blob} 0\t${e}`);
  }
  // Nothing is shown deleted; the staged change stays staged, the exported files clean.
  const status = box.git('repo', 'status', '--porcelain').split('\n');
  expect(status).toEqual(['M  README.md']);
  expect(
    box
      .git('repo', 'diff-tree', '--no-commit-id', '--name-only', '-r', commit)
      .split('\n')
      .sort()
  ).toEqual(exported.sort());
}

function stageUnrelatedChange(): void {
  box.write('repo/README.md', '# demo, staged change\n');
  box.git('repo', 'add', 'README.md');
}

describe('export --commit keeps the index intact', () => {
  it('with a split index and staged changes (committed through git update-index)', () => {
    box.git('repo', 'config', 'core.splitIndex', 'true');
    box.git('repo', 'update-index', '--split-index');
    stageUnrelatedChange();
    const before = indexEntries();
    expect(
      readFileSync(path.join(repo, '.git', 'index')).includes('link')
    ).toBe(true);
    const r = exportCommit(path.join(repo, 'nb'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const commit = box.git('repo', 'rev-parse', 'HEAD');
    expectIndexKept(before, commit);
    expect(box.git('repo', 'ls-files').split('\n')).not.toContain('./');
    // Still a split index, as the user configured it.
    expect(
      readFileSync(path.join(repo, '.git', 'index')).includes('link')
    ).toBe(true);
  });

  it('with index version 4 and staged changes', () => {
    box.git('repo', 'update-index', '--index-version', '4');
    stageUnrelatedChange();
    const before = indexEntries();
    const r = exportCommit(path.join(repo, 'nb'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expectIndexKept(before, box.git('repo', 'rev-parse', 'HEAD'));
    expect(readFileSync(path.join(repo, '.git', 'index')).readUInt32BE(4)).toBe(
      4
    );
  });

  it('refuses a split or v4 index before writing anything when git is not installed', () => {
    for (const setup of [
      () => box.git('repo', 'update-index', '--split-index'),
      () =>
        box.git(
          'repo',
          'update-index',
          '--no-split-index',
          '--index-version',
          '4'
        )
    ]) {
      setup();
      stageUnrelatedChange();
      const before = state();
      const r = exportCommit(path.join(repo, 'nb'), {
        ...gitEnv(box.home),
        PATH: NO_GIT
      });
      expectRefused(
        r,
        /only git itself can update safely.*nothing was written/,
        before
      );
    }
  });

  it('commits with the built-in writer when git is not installed and the index is plain', () => {
    stageUnrelatedChange();
    const before = indexEntries();
    const r = exportCommit(path.join(repo, 'nb'), {
      ...gitEnv(box.home),
      PATH: NO_GIT
    });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expectIndexKept(before, box.git('repo', 'rev-parse', 'HEAD'));
  });
});

describe('export --commit checks everything before writing a file', () => {
  it('refuses during a merge (MERGE_HEAD)', () => {
    box.git('repo', 'switch', '-q', '-c', 'other');
    box.write('repo/other.txt', 'other\n');
    box.git('repo', 'add', 'other.txt');
    box.git('repo', 'commit', '-q', '-m', 'other');
    box.git('repo', 'switch', '-q', 'main');
    box.git('repo', 'merge', '--no-commit', '--no-ff', 'other');
    expect(existsSync(path.join(repo, '.git', 'MERGE_HEAD'))).toBe(true);
    const before = state();
    expectRefused(
      exportCommit(path.join(repo, 'nb')),
      /A merge is in progress .*MERGE_HEAD.*nothing was written/,
      before
    );
  });

  it('refuses in a linked worktree', () => {
    box.git('repo', 'worktree', 'add', '-q', '-b', 'feature', '../wt');
    const before = state('wt');
    const main = state();
    expectRefused(
      exportCommit(box.path('wt', 'nb')),
      /is a git worktree/,
      before,
      box.path('wt', 'nb'),
      'wt'
    );
    expect(state()).toEqual(main);
  });

  it('refuses on a detached HEAD', () => {
    box.git('repo', 'checkout', '-q', '--detach');
    const before = state();
    expectRefused(
      exportCommit(path.join(repo, 'nb')),
      /HEAD is detached/,
      before
    );
  });

  it('refuses without an identity', () => {
    const env = gitEnv(box.home);
    for (const k of Object.keys(env)) {
      if (/^GIT_(AUTHOR|COMMITTER)_(NAME|EMAIL)$/.test(k)) {
        delete env[k];
      }
    }
    delete env.EMAIL;
    const before = state();
    expectRefused(
      exportCommit(path.join(repo, 'nb'), env),
      /No git identity/,
      before
    );
  });

  it('refuses while index.lock is held, and leaves the lock alone', () => {
    stageUnrelatedChange();
    writeFileSync(path.join(repo, '.git', 'index.lock'), '');
    const before = state();
    expectRefused(
      exportCommit(path.join(repo, 'nb')),
      /index\.lock exists/,
      before
    );
    expect(existsSync(path.join(repo, '.git', 'index.lock'))).toBe(true);
  });

  it('refuses during a rebase stopped on a conflict', () => {
    mkdirSync(path.join(repo, '.git', 'rebase-merge'));
    const before = state();
    expectRefused(
      exportCommit(path.join(repo, 'nb')),
      /A rebase is in progress/,
      before
    );
  });
});
