/**
 * One notebook exported through the CLI's adapter (the built `linearize export --commit`, on
 * Node's file system) and through the lab's adapter (`exportSteps.ts`: the notebook read from a
 * real `NotebookModel`, git through the server's bridge, files through the contents API of a
 * real jupyter_server) must give the same files byte for byte, `created_at` aside, and the
 * same commit message. Two identical copies of one repository, one per adapter.
 */
import { ChildProcess, execFileSync, spawnSync } from 'child_process';
import { cpSync, readFileSync } from 'fs';
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
import { findServer, startServer } from './jupyterServer';

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

/** The file without its `created_at` line (the one field that is a time). */
function timeless(text: string): string {
  // dirty_policy differs by design (the CLI checks every tracked file, the lab the notebook);
  // the two values are asserted below.
  return text
    .replace(/^created_at: .*$/m, 'created_at: <time>')
    .replace(/^(\s+dirty_policy: ).*$/m, '$1<policy>');
}

describe('the CLI and the lab export the same notebook identically', () => {
  let box: Sandbox;
  let server: ChildProcess | undefined;
  let settings: ServerConnection.ISettings;
  let cli = '';

  beforeAll(async () => {
    // No server, no test: a missing jupyter-server fails here, it is not skipped.
    expect(SERVER).not.toBeNull();
    cli = buildCli();
    box = new Sandbox('linearize-parity-');
    const repo = box.basicRepo('cli');
    box.write('cli/nb/train.ipynb', JSON.stringify(NOTEBOOK, null, 1) + '\n');
    box.git('cli', 'config', 'user.name', 'Ada Lovelace');
    box.git('cli', 'config', 'user.email', 'ada@example.org');
    box.git('cli', 'add', '-A');
    box.git('cli', 'commit', '-q', '-m', 'notebook');
    cpSync(repo, box.path('lab'), { recursive: true });

    const started = await startServer(SERVER as string, {
      rootDir: box.path('lab'),
      home: box.home,
      runtime: box.path('jupyter')
    });
    server = started.process;
    settings = started.settings;
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
      // --no-env: the lab has no kernel here, so neither side asks an interpreter for pins.
      [cli, 'export', '--commit', '--json', '--no-env', 'nb/train.ipynb'],
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

    const names = [
      'train.py',
      'train.params.yaml',
      'train.repro.yaml',
      '_linearize_runtime.py',
      'train.requirements.txt',
      'train.Dockerfile'
    ];
    expect(plan.files.map(f => f.name)).toEqual(names);
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
    expect(manifest).toContain('dirty_policy: "notebook"');
    expect(
      readFileSync(box.path('cli', 'nb', 'train.repro.yaml'), 'utf8')
    ).toContain('dirty_policy: "tracked"');
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
