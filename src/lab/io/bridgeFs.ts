import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { Buffer } from 'buffer';
import type {
  ICompareAndSwap,
  IFsLike,
  IFsStats,
  IWriteFileOptions
} from '../../core';

/**
 * The file system the git core runs on in the browser: HTTP requests to the server
 * extension's `linearize/git/fs` handler (`jupyterlab_linearize/gitbridge.py`), which serves
 * the repository's `.git` and the working tree under a strict policy.
 *
 * Paths are absolute in the bridge's namespace: `/` is the top of the repository that
 * contains the server root (or the server root itself when it is in no repository). Use
 * {@link IBridge.toBridgePath} to turn a Contents API path into one.
 *
 * Create one `BridgeFs` per git operation: it memoises `stat`/`lstat`/`readdir` answers
 * (isomorphic-git asks for the same ones many times), forgetting only what it writes itself.
 */
export class BridgeFs implements IFsLike {
  private readonly _settings: ServerConnection.ISettings;
  private readonly _memo = new Map<string, Promise<unknown>>();

  constructor(
    settings: ServerConnection.ISettings = ServerConnection.makeSettings()
  ) {
    this._settings = settings;
  }

  /** The raw bytes (or UTF-8 text) of a file. With no path, rejects: isomorphic-git's promise sniff. */
  async readFile(
    path?: string,
    options?: { readonly encoding?: 'utf8' } | 'utf8'
  ): Promise<Uint8Array | string> {
    if (path === undefined) {
      throw bridgeError('EINVAL', 'readFile needs a path');
    }
    const response = await this._request(path, 'read');
    const bytes = new Uint8Array(await response.arrayBuffer());
    const encoding = typeof options === 'string' ? options : options?.encoding;
    return encoding === 'utf8' ? new TextDecoder().decode(bytes) : bytes;
  }

  /** Writes a loose object (the only plain write the server accepts; see `compareAndSwap`). */
  async writeFile(
    path: string,
    data: Uint8Array | string,
    options?: IWriteFileOptions | 'utf8'
  ): Promise<void> {
    if (typeof options === 'object' && options.flag === 'wx') {
      // Exclusive creation (lock files) happens on the server, inside compareAndSwap.
      throw bridgeError(
        'EINVAL',
        `exclusive create is not offered by the bridge: ${path}`
      );
    }
    const body =
      typeof data === 'string' ? new TextEncoder().encode(data) : data;
    this._forget(path);
    await this._request(path, 'write', { method: 'PUT', body: toBody(body) });
  }

  async mkdir(path: string): Promise<void> {
    this._forget(path);
    await this._request(path, 'mkdir', { method: 'PUT', body: '' });
  }

  stat(path: string): Promise<IFsStats> {
    return this._memoised('stat', path, () => this._stat(path, 'stat'));
  }

  lstat(path: string): Promise<IFsStats> {
    return this._memoised('lstat', path, () => this._stat(path, 'lstat'));
  }

  readdir(path: string): Promise<string[]> {
    return this._memoised('readdir', path, async () => {
      const response = await this._request(path, 'readdir');
      return (await response.json()) as string[];
    });
  }

  async readlink(path: string): Promise<string> {
    const response = await this._request(path, 'readlink');
    return ((await response.json()) as { target: string }).target;
  }

  // The bridge never deletes and never makes links: isomorphic-git's read paths and our
  // commit do not need it, and the server would refuse anyway.
  async rmdir(path: string): Promise<void> {
    throw bridgeError('EACCES', `the bridge does not remove folders: ${path}`);
  }

  async unlink(path: string): Promise<void> {
    throw bridgeError('EACCES', `the bridge does not delete files: ${path}`);
  }

  async symlink(_target: string, path: string): Promise<void> {
    throw bridgeError('EACCES', `the bridge does not make links: ${path}`);
  }

  /**
   * Replaces a branch ref or the index on the server, under git's lock, only if it still
   * holds `expected` (`If-Match`; `If-None-Match: *` when it must not exist). Rejects with
   * code `ESTALE` when it changed and `ELOCKED` when a git process holds the lock.
   */
  async compareAndSwap(args: ICompareAndSwap): Promise<void> {
    const headers: Record<string, string> =
      args.expected === null
        ? { 'If-None-Match': '*' }
        : { 'If-Match': args.expected };
    this._forget(args.path);
    await this._request(args.path, 'write', {
      method: 'PUT',
      body: toBody(args.data),
      headers
    });
  }

  /** Forgets every memoised answer (after changes made by someone else). */
  clearCache(): void {
    this._memo.clear();
  }

  private _memoised<T>(
    op: string,
    path: string,
    run: () => Promise<T>
  ): Promise<T> {
    const key = `${op}\0${path}`;
    let pending = this._memo.get(key) as Promise<T> | undefined;
    if (!pending) {
      // Failures (ENOENT) are memoised too: isomorphic-git probes the same absent paths often.
      pending = run();
      this._memo.set(key, pending);
    }
    return pending;
  }

  private _forget(path: string): void {
    const parent = path.slice(0, Math.max(path.lastIndexOf('/'), 1));
    for (const key of [...this._memo.keys()]) {
      const [, p] = key.split('\0');
      if (p === path || p === parent) {
        this._memo.delete(key);
      }
    }
  }

  private async _stat(path: string, op: 'stat' | 'lstat'): Promise<IFsStats> {
    const response = await this._request(path, op);
    return toStats((await response.json()) as IStatJson);
  }

  private async _request(
    path: string,
    op: string,
    init: RequestInit = {}
  ): Promise<Response> {
    const segments = path
      .split('/')
      .filter(segment => segment !== '')
      .map(encodeURIComponent);
    let url = URLExt.join(
      this._settings.baseUrl,
      'linearize',
      'git',
      'fs',
      ...segments
    );
    const query: string[] = [];
    if (op !== 'read' && op !== 'write') {
      query.push(`op=${op}`);
    }
    if (READS.has(op)) {
      // isomorphic-git probes many absent paths (loose objects, locks, optional files):
      // the server answers those with 200 and a header, so no 404 reaches the console.
      query.push('absent=ok');
    }
    if (query.length > 0) {
      url += `?${query.join('&')}`;
    }
    let response: Response;
    try {
      response = await ServerConnection.makeRequest(url, init, this._settings);
    } catch (error) {
      throw bridgeError('EIO', `cannot reach the server: ${String(error)}`);
    }
    const absent = response.ok ? response.headers.get(ABSENT_HEADER) : null;
    if (absent !== null) {
      throw bridgeError(
        /^E[A-Z]+$/.test(absent) ? absent : 'ENOENT',
        `${path}: no such file or folder`,
        404
      );
    }
    if (!response.ok) {
      throw await errorFromResponse(response, path);
    }
    return response;
  }
}

/** The operations that only read: an absent path is answered, not failed (`absent=ok`). */
const READS = new Set(['read', 'stat', 'lstat', 'readdir', 'readlink']);

/** The header of the server's answer for an absent path (`gitbridge.ABSENT_HEADER`). */
const ABSENT_HEADER = 'X-Linearize-Absent';

/** What `GET linearize/git/root` answers. */
export interface IBridgeRoot {
  /** The server root inside the bridge's namespace (`''` when it is the top). */
  readonly serverRoot: string;
  /** Whether the server root is inside a repository's working tree. */
  readonly enclosingRepository: boolean;
  /** Whether `git` is installed on the server (reads of packed objects are faster). */
  readonly git: boolean;
}

/** An opened bridge: its file system, where the server root is, and a path helper. */
export interface IBridge {
  readonly fs: BridgeFs;
  readonly root: IBridgeRoot;
  /** `notebooks/a.ipynb` (a Contents API path) → `/repo-relative/notebooks/a.ipynb`. */
  toBridgePath(contentsPath: string): string;
}

/**
 * Opens the bridge for one git operation: installs the `Buffer` global isomorphic-git needs,
 * asks the server where its root is, and returns a fresh {@link BridgeFs}.
 *
 * @throws an error with code `ENOSYS` when the server has no bridge (JupyterLite, or an
 *   older server extension): the caller should report "no git provenance" plainly.
 */
export async function openBridge(
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<IBridge> {
  installBufferGlobal();
  const url = URLExt.join(settings.baseUrl, 'linearize', 'git', 'root');
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, {}, settings);
  } catch (error) {
    throw bridgeError('ENOSYS', `no server to read git from: ${String(error)}`);
  }
  if (response.status === 404) {
    throw bridgeError(
      'ENOSYS',
      'this server has no git bridge (jupyterlab-linearize server part)'
    );
  }
  if (!response.ok) {
    throw await errorFromResponse(response, '/');
  }
  const root = (await response.json()) as IBridgeRoot;
  return {
    fs: new BridgeFs(settings),
    root,
    toBridgePath: contentsPath => toBridgePath(root, contentsPath)
  };
}

/** A Contents API path (relative to the server root) as a bridge path. */
export function toBridgePath(root: IBridgeRoot, contentsPath: string): string {
  const parts = [
    ...root.serverRoot.split('/'),
    ...contentsPath.split('/')
  ].filter(part => part !== '' && part !== '.');
  return '/' + parts.join('/');
}

/**
 * Sets `globalThis.Buffer` from the `buffer` package when the page has none.
 *
 * Why (`shared/recipes/jupyterlab-dev.md` P11/P12): isomorphic-git uses the global `Buffer`,
 * webpack 5 provides none, and a side-effect-only shim module gets tree-shaken, so this is
 * an explicit call. {@link openBridge} calls it; call it yourself before using isomorphic-git
 * on another file system.
 */
export function installBufferGlobal(): void {
  const scope = globalThis as { Buffer?: unknown };
  scope.Buffer ??= Buffer;
}

/** The JSON `stat` fields the server sends (`fsbridge.stat_json`). */
interface IStatJson {
  type: 'file' | 'dir' | 'symlink' | 'other';
  mode: number;
  size: number;
  ino: number;
  uid: number;
  gid: number;
  dev: number;
  mtimeMs: number;
  ctimeMs: number;
  mtimeSeconds: number;
  mtimeNanoseconds: number;
  ctimeSeconds: number;
  ctimeNanoseconds: number;
}

function toStats(json: IStatJson): IFsStats {
  const { type, ...fields } = json;
  return {
    ...fields,
    isFile: () => type === 'file',
    isDirectory: () => type === 'dir',
    isSymbolicLink: () => type === 'symlink'
  };
}

/** The body type `fetch` takes, from bytes (a copy when the view is not the whole buffer). */
function toBody(data: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  return copy.buffer;
}

/** An error with a Node-style `code`, which isomorphic-git and the git core test for. */
export interface IBridgeError extends Error {
  code: string;
  status?: number;
}

function bridgeError(
  code: string,
  message: string,
  status?: number
): IBridgeError {
  const error = new Error(`${code}: ${message}`) as IBridgeError;
  error.code = code;
  if (status !== undefined) {
    error.status = status;
  }
  return error;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'EINVAL',
  403: 'EACCES',
  404: 'ENOENT',
  409: 'EEXIST',
  412: 'ESTALE',
  428: 'EINVAL'
};

async function errorFromResponse(
  response: Response,
  path: string
): Promise<IBridgeError> {
  let reason: string | undefined;
  let message = response.statusText;
  try {
    const body = (await response.json()) as {
      reason?: unknown;
      message?: unknown;
    };
    reason = typeof body.reason === 'string' ? body.reason : undefined;
    message = typeof body.message === 'string' ? body.message : message;
  } catch {
    // Not JSON (a proxy's error page): the status decides.
  }
  const code =
    reason && /^E[A-Z]+$/.test(reason)
      ? reason
      : (CODE_BY_STATUS[response.status] ?? 'EIO');
  return bridgeError(code, `${path}: ${message}`, response.status);
}
