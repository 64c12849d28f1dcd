/**
 * A real jupyter_server with this extension's server part, for the lab's end-to-end specs
 * (`io/__tests__/bridge.spec.ts`, `exportParity.spec.ts`): on a free port of 127.0.0.1, with
 * a random token, its Jupyter folders and HOME inside a test sandbox, ready once the bridge
 * answers `linearize/git/root`.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import { existsSync } from 'fs';
import { createServer } from 'net';
import { join, resolve } from 'path';
import { ServerConnection } from '@jupyterlab/services';

/** The checkout's venv (scripts/setup.sh), else the one on PATH (a worktree shares main's). */
export function findServer(): string | null {
  const venv = resolve(__dirname, '../../../.venv/bin/jupyter-server');
  if (existsSync(venv)) {
    return venv;
  }
  const which = spawnSync('which', ['jupyter-server'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : null;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

async function waitFor(
  url: string,
  token: string,
  alive: () => boolean
): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline && alive()) {
    try {
      const response = await fetch(url, {
        headers: { Authorization: `token ${token}` }
      });
      if (response.ok) {
        return;
      }
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`jupyter-server did not answer ${url}: ${last}`);
}

/** A started server: the settings to reach it, and the process to kill after the tests. */
export interface IServer {
  readonly settings: ServerConnection.ISettings;
  readonly process: ChildProcess;
}

/**
 * Starts `server` (see {@link findServer}) serving `rootDir`, with HOME `home` and its
 * Jupyter folders under `runtime`; resolves once the bridge answers. The server's stderr is
 * in the error when it does not.
 */
export async function startServer(
  server: string,
  options: { rootDir: string; home: string; runtime: string }
): Promise<IServer> {
  const token = randomBytes(16).toString('hex');
  const port = await freePort();
  const child = spawn(
    server,
    [
      `--ServerApp.port=${port}`,
      '--ServerApp.port_retries=0',
      '--ServerApp.ip=127.0.0.1',
      `--IdentityProvider.token=${token}`,
      '--ServerApp.open_browser=False',
      // Containers often run tests as root; the server refuses that unless told.
      '--ServerApp.allow_root=True',
      `--ServerApp.root_dir=${options.rootDir}`,
      '--ServerApp.jpserver_extensions={"jupyterlab_linearize": True}'
    ],
    {
      env: {
        ...process.env,
        HOME: options.home,
        JUPYTER_CONFIG_DIR: join(options.runtime, 'config'),
        JUPYTER_DATA_DIR: join(options.runtime, 'data'),
        JUPYTER_RUNTIME_DIR: join(options.runtime, 'runtime')
      },
      stdio: ['ignore', 'ignore', 'pipe']
    }
  );
  let log = '';
  child.stderr?.on('data', chunk => (log += String(chunk)));
  const baseUrl = `http://127.0.0.1:${port}/`;
  try {
    await waitFor(
      `${baseUrl}linearize/git/root`,
      token,
      () => child.exitCode === null && child.signalCode === null
    );
  } catch (error) {
    child.kill();
    throw new Error(`${String(error)}\n${log}`);
  }
  return {
    settings: ServerConnection.makeSettings({
      baseUrl,
      wsUrl: `ws://127.0.0.1:${port}/`,
      token
    }),
    process: child
  };
}
