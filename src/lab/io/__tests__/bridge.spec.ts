/**
 * End to end: the git core on the browser adapter (`lab/io/bridgeFs.ts`) over a real
 * jupyter_server with the `linearize/git/fs` handler, started in a sub-folder of a real
 * repository whose objects are all packed. Results must equal the same calls on Node's fs.
 *
 * Fails, rather than skips, when no `jupyter-server` executable is found.
 */
import { ChildProcess } from 'child_process';
import { promises as fsp, readFileSync } from 'fs';
import { join } from 'path';
import { ServerConnection } from '@jupyterlab/services';
import { BridgeFs, openBridge, type IBridge } from '../bridgeFs';
import { commitExport, provenance, type IFsLike } from '../../../core/git';
import { Sandbox } from '../../../core/git/__tests__/gitFixture';
import { findServer, startServer } from '../../__tests__/jupyterServer';

const SERVER = findServer();
// CI always has the venv (scripts/setup.sh): without it this suite fails rather than skip.
if (SERVER === null) {
  throw new Error(
    'no jupyter-server (.venv or PATH): run bash scripts/setup.sh before the bridge tests'
  );
}
const describeWithServer = describe;

const AUTHOR = {
  name: 'Linearize Bot',
  email: 'bot@example.org',
  timestamp: 1700003600,
  timezoneOffset: -60
};

let box: Sandbox;
let repo: string;
let server: ChildProcess | undefined;
let settings: ServerConnection.ISettings;

describeWithServer('the git core over the server bridge', () => {
  let bridge: IBridge;

  beforeAll(async () => {
    box = new Sandbox('linearize-bridge-');
    repo = box.basicRepo();
    box.git(
      'repo',
      'remote',
      'add',
      'origin',
      'https://ada:ghp_secret@github.example/ada/demo.git'
    );
    box.git('repo', 'gc', '-q');
    const started = await startServer(SERVER as string, {
      rootDir: join(repo, 'nb'),
      home: box.home,
      runtime: box.path('jupyter')
    });
    server = started.process;
    settings = started.settings;
    bridge = await openBridge(settings);
  }, 90_000);

  afterAll(() => {
    server?.kill();
    box?.dispose();
  });

  it('knows where the server root is in the repository', () => {
    expect(bridge.root).toEqual({
      serverRoot: 'nb',
      enclosingRepository: true,
      git: true
    });
    expect(bridge.toBridgePath('analysis.ipynb')).toBe('/nb/analysis.ipynb');
    expect(bridge.toBridgePath('')).toBe('/nb');
  });

  it('reads the same provenance as on Node, without touching the index', async () => {
    const index = readFileSync(join(repo, '.git', 'index'));
    const node = await provenance({
      fs: fsp,
      dir: join(repo, 'nb'),
      files: ['analysis.ipynb']
    });

    const lab = await provenance({
      fs: new BridgeFs(settings),
      dir: bridge.toBridgePath(''),
      files: ['analysis.ipynb'],
      cache: {}
    });

    expect(lab).toEqual({ ...node, repoRoot: '/' });
    expect(lab).toMatchObject({
      commit: 'f781b300e94872ae2660f01a243e809ebf4ca8c0',
      branch: 'main',
      remoteUrl: 'https://github.example/ada/demo.git',
      dirty: false,
      subdirectory: 'nb'
    });
    expect(readFileSync(join(repo, '.git', 'index')).equals(index)).toBe(true);
  });

  it('sees a change with the same diff hash as on Node', async () => {
    box.write('repo/nb/analysis.ipynb', '{"cells": ["edited in the lab"]}\n');
    box.write('repo/nb/new.py', 'print(1)\n');
    const node = await provenance({
      fs: fsp,
      dir: join(repo, 'nb'),
      files: ['.'],
      dirtyPolicy: 'untracked'
    });

    const lab = await provenance({
      fs: new BridgeFs(settings),
      dir: '/nb',
      files: ['.'],
      dirtyPolicy: 'untracked'
    });

    expect(lab.changedFiles).toEqual(['nb/analysis.ipynb', 'nb/new.py']);
    expect(lab.diffSha256).toBe(node.diffSha256);
    box.git('repo', 'checkout', '--', 'nb/analysis.ipynb');
    await fsp.unlink(join(repo, 'nb', 'new.py'));
  });

  it('commits the export exactly as on Node, other staged changes kept', async () => {
    box.write('repo/README.md', 'an unrelated staged change\n');
    box.git('repo', 'add', 'README.md');
    box.write('repo/nb/export/analysis.py', 'print("hello")\n');
    box.write('repo/nb/export/analysis.yaml', 'git:\n  commit: x\n');

    const result = await commitExport({
      fs: new BridgeFs(settings),
      dir: '/nb',
      files: [
        { path: 'export/analysis.py', content: 'print("hello")\n' },
        { path: 'export/analysis.yaml', content: 'git:\n  commit: x\n' }
      ],
      message: 'Export analysis.ipynb',
      author: AUTHOR,
      cache: {}
    });

    // Same parent, tree, author and message as commitExport.spec.ts: the same commit id.
    expect(result.commit).toBe('fc5f13e52509e17aae18d0fcd091ad9717b5e886');
    expect(box.git('repo', 'rev-parse', 'main')).toBe(result.commit);
    expect(box.git('repo', 'status', '--porcelain')).toBe('M  README.md');
    expect(box.git('repo', 'fsck', '--strict', '--no-dangling')).toBe('');
  });

  it('fails with RefChangedError when the branch moves underneath', async () => {
    const moved = box.git(
      'repo',
      'commit-tree',
      'HEAD^{tree}',
      '-p',
      'HEAD',
      '-m',
      'concurrent'
    );
    const inner = new BridgeFs(settings);
    let raced = false;
    const racing: IFsLike = {
      readFile: (path, options) => inner.readFile(path, options),
      stat: path => inner.stat(path),
      lstat: path => inner.lstat(path),
      readdir: path => inner.readdir(path),
      readlink: path => inner.readlink(path),
      mkdir: path => inner.mkdir(path),
      rmdir: path => inner.rmdir(path),
      unlink: path => inner.unlink(path),
      symlink: (target, path) => inner.symlink(target, path),
      compareAndSwap: args => inner.compareAndSwap(args),
      writeFile: async (path, data, options) => {
        await inner.writeFile(path, data, options);
        if (!raced) {
          raced = true;
          box.git('repo', 'update-ref', 'refs/heads/main', moved);
        }
      }
    };
    const index = readFileSync(join(repo, '.git', 'index'));

    const error = await commitExport({
      fs: racing,
      dir: '/nb',
      files: [{ path: 'export/analysis.py', content: 'print("again")\n' }],
      message: 'm',
      author: AUTHOR
    }).catch(e => e);

    expect(error.code).toBe('RefChangedError');
    expect(error.data.actual).toBe(moved);
    expect(box.git('repo', 'rev-parse', 'main')).toBe(moved);
    expect(readFileSync(join(repo, '.git', 'index')).equals(index)).toBe(true);
  });

  it('refuses up front while git holds the index lock', async () => {
    box.write('repo/.git/index.lock', '');
    const head = box.git('repo', 'rev-parse', 'HEAD');

    const error = await commitExport({
      fs: new BridgeFs(settings),
      dir: '/nb',
      files: [{ path: 'export/analysis.py', content: 'print("locked")\n' }],
      message: 'm',
      author: AUTHOR
    }).catch(e => e);

    expect(error.code).toBe('LockedError');
    expect(box.git('repo', 'rev-parse', 'HEAD')).toBe(head);
    await fsp.unlink(join(repo, '.git', 'index.lock'));
  });

  it('maps refusals to error codes isomorphic-git understands', async () => {
    const fs = new BridgeFs(settings);

    await expect(fs.readFile()).rejects.toMatchObject({ code: 'EINVAL' });
    await expect(fs.stat('/nb/missing.txt')).rejects.toMatchObject({
      code: 'ENOENT'
    });
    await expect(fs.readFile('/README.md')).rejects.toMatchObject({
      code: 'EACCES'
    });
    await expect(fs.writeFile('/nb/analysis.ipynb', 'x')).rejects.toMatchObject(
      {
        code: 'EACCES'
      }
    );
    await expect(
      fs.compareAndSwap({
        kind: 'ref',
        path: '/.git/refs/heads/main',
        data: new Uint8Array(41),
        expected: '0'.repeat(40)
      })
    ).rejects.toMatchObject({ code: 'EINVAL' });
    const head = box.git('repo', 'rev-parse', 'HEAD');
    await expect(
      fs.compareAndSwap({
        kind: 'ref',
        path: '/.git/refs/heads/main',
        data: new TextEncoder().encode(head + '\n'),
        expected: '0'.repeat(40)
      })
    ).rejects.toMatchObject({ code: 'ESTALE' });
  });
});
