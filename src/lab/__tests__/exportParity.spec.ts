/**
 * One notebook exported through the CLI's adapter (the built `linearize export --commit`, on
 * Node's file system) and through the lab's adapter (`exportSteps.ts`: the notebook read from a
 * real `NotebookModel`, git through the server's bridge, files through the contents API of a
 * real jupyter_server) must give the same files byte for byte, `created_at` aside, and the
 * same commit message. Two identical copies of one repository, one per adapter.
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import { cpSync, existsSync, readFileSync } from 'fs';
import { createServer } from 'net';
import { join, resolve } from 'path';
import { NotebookModel } from '@jupyterlab/notebook';
import { ContentsManager, ServerConnection } from '@jupyterlab/services';
import { openBridge } from '../io/bridgeFs';
import {
  contentsWriter,
  labCommit,
  labPlan,
  labPreflight,
  labPrepare
} from '../exportSteps';
import { snapshotOf } from '../snapshot';
import { DEFAULT_SETTINGS } from '../settings';
import { writePlan } from '../../core';
import { Sandbox } from '../../core/git/__tests__/gitFixture';
import { buildCli, removeBuild } from '../../cli/__tests__/cli';

/** The project's venv, else the one on PATH (a worktree shares the main checkout's venv). */
function findServer(): string {
  const venv = resolve(__dirname, '../../../.venv/bin/jupyter-server');
  if (existsSync(venv)) {
    return venv;
  }
  const which = spawnSync('which', ['jupyter-server'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : venv;
}
const SERVER = findServer();
// eslint-disable-next-line @typescript-eslint/no-var-requires
const VERSION: string = require('../../../package.json').version;

const NOTEBOOK = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {
    kernelspec: {
      name: 'python3',
      display_name: 'Python 3',
      language: 'python'
    },
    language_info: { name: 'python', version: '3.11.4' }
  },
  cells: [
    {
      id: 'intro',
      cell_type: 'markdown',
      metadata: {},
      source: '# Training\n'
    },
    {
      id: 'setup',
      cell_type: 'code',
      metadata: {},
      execution_count: 1,
      outputs: [],
      source: '%matplotlib inline\nimport math\nlr = 0.05\nepochs = 3\n'
    },
    {
      id: 'train',
      cell_type: 'code',
      metadata: {},
      execution_count: 2,
      outputs: [{ output_type: 'stream', name: 'stdout', text: '0.15\n' }],
      source: 'loss = lr * epochs\nprint(round(loss, 2))\n'
    }
  ]
};

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const a = probe.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      probe.close(() => done(port));
    });
  });
}

async function waitFor(url: string, token: string, alive: () => boolean) {
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline && alive()) {
    try {
      const r = await fetch(url, {
        headers: { Authorization: `token ${token}` }
      });
      if (r.ok) {
        return;
      }
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`jupyter-server did not answer ${url}: ${last}`);
}

/** The file without its `created_at` line (the one field that is a time). */
function timeless(text: string): string {
  return text.replace(/^created_at: .*$/m, 'created_at: <time>');
}

describe('the CLI and the lab export the same notebook identically', () => {
  let box: Sandbox;
  let server: ChildProcess | undefined;
  let settings: ServerConnection.ISettings;
  let cli = '';

  beforeAll(async () => {
    // No server, no test: a missing jupyter-server fails here, it is not skipped.
    expect(existsSync(SERVER)).toBe(true);
    cli = buildCli();
    box = new Sandbox('linearize-parity-');
    const repo = box.basicRepo('cli');
    box.write('cli/nb/train.ipynb', JSON.stringify(NOTEBOOK, null, 1) + '\n');
    box.git('cli', 'config', 'user.name', 'Ada Lovelace');
    box.git('cli', 'config', 'user.email', 'ada@example.org');
    box.git('cli', 'add', '-A');
    box.git('cli', 'commit', '-q', '-m', 'notebook');
    cpSync(repo, box.path('lab'), { recursive: true });

    const token = randomBytes(16).toString('hex');
    const port = await freePort();
    const runtime = box.path('jupyter');
    server = spawn(
      SERVER,
      [
        `--ServerApp.port=${port}`,
        '--ServerApp.port_retries=0',
        '--ServerApp.ip=127.0.0.1',
        `--IdentityProvider.token=${token}`,
        '--ServerApp.open_browser=False',
        '--ServerApp.allow_root=True',
        `--ServerApp.root_dir=${box.path('lab')}`,
        '--ServerApp.jpserver_extensions={"jupyterlab_linearize": True}'
      ],
      {
        env: {
          ...process.env,
          HOME: box.home,
          JUPYTER_CONFIG_DIR: join(runtime, 'config'),
          JUPYTER_DATA_DIR: join(runtime, 'data'),
          JUPYTER_RUNTIME_DIR: join(runtime, 'runtime')
        },
        stdio: ['ignore', 'ignore', 'pipe']
      }
    );
    let log = '';
    server.stderr?.on('data', chunk => (log += String(chunk)));
    const baseUrl = `http://127.0.0.1:${port}/`;
    const child = server;
    try {
      await waitFor(
        `${baseUrl}linearize/git/root`,
        token,
        () => child.exitCode === null && child.signalCode === null
      );
    } catch (e) {
      throw new Error(`${String(e)}\n${log}`);
    }
    settings = ServerConnection.makeSettings({
      baseUrl,
      wsUrl: `ws://127.0.0.1:${port}/`,
      token
    });
  }, 120_000);

  afterAll(() => {
    server?.kill();
    box?.dispose();
    if (cli !== '') {
      removeBuild(cli);
    }
  });

  it('writes byte-identical files (created_at aside) and commits with the same message', async () => {
    // The CLI's adapter, as a user runs it.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: box.home,
      GIT_CONFIG_NOSYSTEM: '1',
      LC_ALL: 'C'
    };
    const r = spawnSync(
      process.execPath,
      [cli, 'export', '--commit', '--json', 'nb/train.ipynb'],
      { cwd: box.path('cli'), env, encoding: 'utf8' }
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const cliDoc = JSON.parse(r.stdout) as {
      notebooks: { commit: { created: boolean } | null; error: unknown }[];
    };
    expect(cliDoc.notebooks[0].error).toBeNull();
    expect(cliDoc.notebooks[0].commit?.created).toBe(true);

    // The lab's adapter: the same steps exportCommand.ts runs around its dialog.
    const model = new NotebookModel();
    model.fromJSON(
      NOTEBOOK as unknown as Parameters<NotebookModel['fromJSON']>[0]
    );
    const bridge = await openBridge(settings);
    const nbPath = 'nb/train.ipynb';
    const prepared = await labPrepare(
      bridge,
      nbPath,
      snapshotOf(model),
      null,
      null,
      null
    );
    expect(prepared.notes).toEqual([]);
    const plan = labPlan(
      prepared,
      nbPath,
      'notebook',
      undefined,
      DEFAULT_SETTINGS.exportNames,
      VERSION
    );
    const checked = await labPreflight(bridge, nbPath, plan);
    const contents = new ContentsManager({ serverSettings: settings });
    await writePlan(contentsWriter(contents, 'nb'), plan);
    const done = await labCommit(
      await openBridge(settings),
      nbPath,
      plan,
      [],
      checked
    );
    expect(done.created).toBe(true);

    // Every file of the plan (the script, its config, the manifest, and the runtime file
    // when the script needs it) is byte-identical from both.
    const names = plan.files.map(f => f.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'train.py',
        'train.params.yaml',
        'train.repro.yaml'
      ])
    );
    for (const name of names) {
      const fromCli = readFileSync(box.path('cli', 'nb', name), 'utf8');
      const fromLab = readFileSync(box.path('lab', 'nb', name), 'utf8');
      expect(timeless(fromLab)).toBe(timeless(fromCli));
    }
    // The manifest holds the provenance both read: same commit, branch and subfolder.
    const manifest = readFileSync(
      box.path('lab', 'nb', 'train.repro.yaml'),
      'utf8'
    );
    expect(manifest).toContain('subdirectory: "nb"');
    expect(manifest).toContain(
      `commit: "${box.git('lab', 'rev-parse', 'HEAD~1')}"`
    );

    const message = (dir: string) =>
      execFileSync('git', ['log', '-1', '--format=%B'], {
        cwd: box.path(dir),
        encoding: 'utf8'
      });
    expect(message('lab')).toBe(message('cli'));
    expect(message('cli')).toBe(
      'Export train.ipynb with linearize (notebook order)\n\n'
    );
    const tree = (dir: string) =>
      box.git(dir, 'show', '--stat', '--format=', 'HEAD');
    expect(tree('lab').replace(/\s+/g, ' ')).toContain('nb/train.py');
  }, 120_000);
});
