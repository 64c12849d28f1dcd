import { promises as fsp, existsSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { commitExport, provenance, type IFsLike } from '../index';
import { Sandbox } from './gitFixture';

const fs = fsp;
const AUTHOR = {
  name: 'Linearize Bot',
  email: 'bot@example.org',
  timestamp: 1700003600,
  timezoneOffset: -60
};
const SCRIPT = 'print("hello")\n';
const MANIFEST = 'git:\n  commit: x\n';

let box: Sandbox;
let repo: string;
beforeEach(() => {
  box = new Sandbox();
  repo = box.basicRepo();
});
afterEach(() => box.dispose());

/** Everything a refused commit must leave as it was. */
function snapshot(): {
  head: string;
  index: Buffer;
  staged: string;
  refs: string;
} {
  return {
    head: readFileSync(join(repo, '.git', 'HEAD'), 'utf8'),
    index: readFileSync(join(repo, '.git', 'index')),
    staged: box.git('repo', 'diff', '--cached', '--name-only'),
    refs: box.git('repo', 'for-each-ref')
  };
}

/** Writes the exported files to the working tree first, as the export does. */
function writeExport(): { path: string; content: string }[] {
  box.write('repo/nb/export/analysis.py', SCRIPT);
  box.write('repo/nb/export/analysis.yaml', MANIFEST);
  return [
    { path: 'export/analysis.py', content: SCRIPT },
    { path: 'export/analysis.yaml', content: MANIFEST }
  ];
}

/** `commitExport` from `repo/nb` by AUTHOR, message `m`, of `writeExport()`, unless overridden. */
function commitNb(
  over: Partial<Parameters<typeof commitExport>[0]> = {}
): ReturnType<typeof commitExport> {
  // writeExport writes the files: only when the test gives none of its own.
  const { files, ...rest } = over;
  return commitExport({
    fs,
    dir: join(repo, 'nb'),
    files: files ?? writeExport(),
    message: 'm',
    author: AUTHOR,
    ...rest
  });
}

describe('commitExport', () => {
  it('commits only the exported files; other staged changes stay staged', async () => {
    box.write('repo/README.md', 'an unrelated staged change\n');
    box.git('repo', 'add', 'README.md');
    box.write('repo/nb/data.csv', 'an unrelated unstaged change\n');
    const before = box.git('repo', 'rev-parse', 'main');

    const result = await commitNb({ message: 'Export analysis.ipynb' });

    expect(result).toEqual({
      commit: box.git('repo', 'rev-parse', 'main'),
      parent: before,
      branch: 'main',
      created: true,
      paths: ['nb/export/analysis.py', 'nb/export/analysis.yaml']
    });
    // Fixed author, date, tree and parent: the commit id is reproducible.
    expect(result.commit).toBe('fc5f13e52509e17aae18d0fcd091ad9717b5e886');
    expect(box.git('repo', 'rev-parse', 'main~1')).toBe(before);
    expect(
      box.git('repo', 'show', '--format=', '--name-only', 'HEAD').split('\n')
    ).toEqual(['nb/export/analysis.py', 'nb/export/analysis.yaml']);
    expect(
      box.git(
        'repo',
        'show',
        '-s',
        '--format=%an <%ae> %ad|%s',
        '--date=raw',
        'HEAD'
      )
    ).toBe(
      'Linearize Bot <bot@example.org> 1700003600 +0100|Export analysis.ipynb'
    );
    expect(box.git('repo', 'diff', '--cached', '--name-only')).toBe(
      'README.md'
    );
    expect(box.git('repo', 'status', '--porcelain')).toBe(
      'M  README.md\n M nb/data.csv'
    );
    expect(box.git('repo', 'fsck', '--strict', '--no-dangling')).toBe('');
    expect(box.git('repo', 'show', 'HEAD:nb/export/analysis.py')).toBe(
      SCRIPT.trimEnd()
    );
  });

  it('leaves provenance clean for the exported files afterwards', async () => {
    await commitNb();

    const result = await provenance({
      fs,
      dir: join(repo, 'nb'),
      files: ['analysis.ipynb', 'export/analysis.py', 'export/analysis.yaml']
    });

    expect(result.dirty).toBe(false);
    expect(result.commit).toBe(box.git('repo', 'rev-parse', 'HEAD'));
  });

  it('shows a working-tree file that differs from the committed content as modified', async () => {
    box.write('repo/nb/export/analysis.py', 'something else\n');

    await commitNb({
      files: [{ path: 'export/analysis.py', content: SCRIPT }]
    });

    expect(box.git('repo', 'status', '--porcelain')).toBe(
      ' M nb/export/analysis.py'
    );
  });

  it('keeps an executable file executable and replaces a tracked file in place', async () => {
    box.write('repo/run.sh', '#!/bin/sh\n');
    box.git('repo', 'add', 'run.sh');
    box.git('repo', 'update-index', '--chmod=+x', 'run.sh');
    box.git('repo', 'commit', '-q', '-m', 'script');

    await commitNb({
      dir: repo,
      files: [{ path: 'run.sh', content: '#!/bin/sh\necho hi\n' }]
    });

    expect(box.git('repo', 'ls-tree', 'HEAD', 'run.sh')).toMatch(
      /^100755 blob /
    );
    expect(box.git('repo', 'fsck', '--strict', '--no-dangling')).toBe('');
  });

  it('makes no commit when HEAD already has these exact files', async () => {
    const before = box.git('repo', 'rev-parse', 'HEAD');

    const result = await commitNb({
      files: [{ path: 'data.csv', content: 'a,b\n1,2\n' }]
    });

    expect(result).toMatchObject({ created: false, commit: before });
    expect(box.git('repo', 'rev-parse', 'HEAD')).toBe(before);
  });

  it('fails with RefChangedError when the branch moves underneath, changing nothing', async () => {
    box.write('repo/README.md', 'staged\n');
    box.git('repo', 'add', 'README.md');
    // A commit made by "another process", moved onto the branch right after our commit object
    // is written: the race the compare-and-swap exists for. Prepared first, with plumbing that
    // does not touch the index, so the index check below sees only what commitExport did.
    const moved = box.git(
      'repo',
      'commit-tree',
      'HEAD^{tree}',
      '-p',
      'HEAD',
      '-m',
      'concurrent'
    );
    let raced = false;
    const racing: IFsLike = {
      ...fsp,
      writeFile: async (path, data, options) => {
        await fsp.writeFile(path, data, options);
        if (!raced && /\.git\/objects\/[0-9a-f]{2}\//.test(path)) {
          raced = true;
          box.git('repo', 'update-ref', 'refs/heads/main', moved);
        }
      }
    };
    const before = snapshot();

    const error = await commitNb({ fs: racing }).catch(e => e);

    expect(error.code).toBe('RefChangedError');
    expect(error.data).toEqual({
      ref: 'refs/heads/main',
      expected: box.git('repo', 'rev-parse', 'main~1'),
      actual: moved
    });
    expect(box.git('repo', 'rev-parse', 'main')).toBe(moved);
    expect(readFileSync(join(repo, '.git', 'index')).equals(before.index)).toBe(
      true
    );
    expect(box.git('repo', 'diff', '--cached', '--name-only')).toBe(
      'README.md'
    );
    expect(existsSync(join(repo, '.git', 'refs', 'heads', 'main.lock'))).toBe(
      false
    );
  });

  it('fails with LockedError while another git process holds the branch lock', async () => {
    const lock = box.write('repo/.git/refs/heads/main.lock', 'held by git\n');
    const before = snapshot();

    const error = await commitNb().catch(e => e);

    expect(error.code).toBe('LockedError');
    expect(snapshot()).toEqual(before);
    expect(readFileSync(lock, 'utf8')).toBe('held by git\n');
  });

  it('refuses a detached HEAD with DetachedHeadError, changing nothing', async () => {
    box.git('repo', 'checkout', '-q', '--detach');
    const before = snapshot();

    const error = await commitNb({ dir: repo }).catch(e => e);

    expect(error.code).toBe('DetachedHeadError');
    expect(error.data.commit).toBe(box.git('repo', 'rev-parse', 'HEAD'));
    expect(snapshot()).toEqual(before);
  });

  it('refuses a folder outside any repository with NotARepositoryError', async () => {
    const error = await commitNb({
      dir: box.path('home'),
      files: [{ path: 'a.py', content: 'x' }]
    }).catch(e => e);

    expect(error.code).toBe('NotARepositoryError');
  });

  it.each([
    ['../../outside.py', 'outside'],
    ['../.git/hooks/pre-commit', '.git'],
    ['README.md/inner.py', 'file there'],
    ['..', 'not a file'],
    ['.', 'HEAD has a folder there']
  ])(
    'refuses the path %s with ExportPathError, changing nothing',
    async (path, reason) => {
      const before = snapshot();

      const error = await commitExport({
        fs,
        dir: join(repo, 'nb'),
        files: [
          { path: path.replace('README.md', '../README.md'), content: 'x' }
        ],
        message: 'm',
        author: AUTHOR
      }).catch(e => e);

      expect(error.code).toBe('ExportPathError');
      expect(error.message).toContain(reason);
      expect(snapshot()).toEqual(before);
    }
  );

  it('creates the first commit on an unborn branch, keeping other staged files staged', async () => {
    box.git('', 'init', '-q', '-b', 'main', 'fresh');
    box.write('fresh/staged.txt', 'staged\n');
    box.git('fresh', 'add', 'staged.txt');
    box.write('fresh/out/a.py', SCRIPT);

    const result = await commitNb({
      dir: box.path('fresh'),
      files: [{ path: 'out/a.py', content: SCRIPT }],
      message: 'first export'
    });

    expect(result.parent).toBeNull();
    expect(box.git('fresh', 'rev-parse', 'main')).toBe(result.commit);
    expect(box.git('fresh', 'show', '--format=', '--name-only', 'HEAD')).toBe(
      'out/a.py'
    );
    expect(box.git('fresh', 'status', '--porcelain')).toBe('A  staged.txt');
    expect(box.git('fresh', 'fsck', '--strict', '--no-dangling')).toBe('');
  });

  it('does not rewrite the index when it fails before moving the branch', async () => {
    const indexPath = join(repo, '.git', 'index');
    const mtime = statSync(indexPath).mtimeMs;
    box.write('repo/.git/refs/heads/main.lock', '');

    await commitNb({ dir: repo }).catch(() => undefined);

    expect(statSync(indexPath).mtimeMs).toBe(mtime);
  });
});

describe('commitExport and the index lock', () => {
  it('refuses up front, like git commit, while index.lock exists', async () => {
    box.write('repo/.git/index.lock', '');
    const before = snapshot();

    const error = await commitNb().catch(e => e);

    expect(error.code).toBe('LockedError');
    expect(error.data.path).toBe(join(repo, '.git', 'index'));
    expect(snapshot()).toEqual(before);
  });

  it('reports IndexNotUpdatedError when the index changes between reading and writing it', async () => {
    box.write('repo/other.txt', 'other\n');
    let changed = false;
    // Another process stages a file after our commit is built and before we update the index.
    const racing: IFsLike = {
      ...fsp,
      writeFile: async (path, data, options) => {
        if (!changed && path.endsWith('/.git/index.lock')) {
          changed = true;
          box.git('repo', 'add', 'other.txt');
        }
        await fsp.writeFile(path, data, options);
      }
    };

    const error = await commitNb({ fs: racing }).catch(e => e);

    expect(error.code).toBe('IndexNotUpdatedError');
    // The commit is made and the branch moved; the other process's staging is intact.
    expect(box.git('repo', 'rev-parse', 'main')).toBe(error.data.commit);
    expect(
      box.git(
        'repo',
        'diff',
        '--cached',
        '--name-only',
        'HEAD~1',
        '--',
        'other.txt'
      )
    ).toBe('other.txt');
    expect(existsSync(join(repo, '.git', 'index.lock'))).toBe(false);
  });
});
