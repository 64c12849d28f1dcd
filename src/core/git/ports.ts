/**
 * The ports the git core needs, injected by its callers (as isomorphic-git takes `fs`).
 *
 * The CLI passes Node's `fs.promises` as is; the JupyterLab front end passes
 * `lab/io/bridgeFs.ts`, which talks to the authenticated `linearize/git/fs` handler.
 */

/**
 * What `stat`/`lstat` return. Node's `fs.Stats` fits as is. isomorphic-git compares
 * `mode, size, ino, uid, gid, dev` and the times with the entries of `.git/index`; when a
 * transport knows the exact nanoseconds (the server bridge does) it should set the
 * `*Seconds`/`*Nanoseconds` fields, which isomorphic-git prefers to the lossy `*Ms` doubles.
 */
export interface IFsStats {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  readonly mode: number;
  readonly size: number;
  readonly ino: number;
  readonly uid: number;
  readonly gid: number;
  readonly dev: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly mtimeSeconds?: number;
  readonly mtimeNanoseconds?: number;
  readonly ctimeSeconds?: number;
  readonly ctimeNanoseconds?: number;
}

/** Options of `writeFile`; `flag: 'wx'` (create exclusively) is used for git's `*.lock` files. */
export interface IWriteFileOptions {
  readonly encoding?: 'utf8';
  readonly mode?: number;
  readonly flag?: 'w' | 'wx';
}

/**
 * A promise file system, the subset isomorphic-git uses (it never calls `chmod`).
 *
 * Contract, as isomorphic-git expects (`shared/design/git.md`):
 * - every method returns a promise; errors carry a Node-style `.code` (`ENOENT`, `EEXIST`,
 *   `ENOTDIR`, `EACCES`…);
 * - `readFile()` called with no argument must return a rejected promise, not throw: it is
 *   isomorphic-git's test for "this is a promise fs";
 * - `readFile(path, {encoding: 'utf8'})` (or `'utf8'`) resolves to a string, otherwise to bytes;
 * - paths are absolute and use `/`.
 */
export interface IFsLike {
  readFile(
    path: string,
    options?: { readonly encoding?: 'utf8' } | 'utf8'
  ): Promise<Uint8Array | string>;
  writeFile(
    path: string,
    data: Uint8Array | string,
    options?: IWriteFileOptions | 'utf8'
  ): Promise<void>;
  mkdir(path: string, options?: { readonly mode?: number }): Promise<unknown>;
  rmdir(path: string): Promise<void>;
  unlink(path: string): Promise<void>;
  stat(path: string): Promise<IFsStats>;
  lstat(path: string): Promise<IFsStats>;
  readdir(path: string): Promise<string[]>;
  readlink(path: string): Promise<string>;
  symlink(target: string, path: string): Promise<void>;
  /**
   * Optional atomic rename. With it the core completes git's lock protocol (`X.lock` →
   * `X`); without it the core writes `X` in place after taking the lock.
   */
  rename?(oldPath: string, newPath: string): Promise<void>;
  /**
   * Optional server-side compare-and-swap, for transports that cannot hold a `*.lock` file
   * across requests (the JupyterLab bridge). When present the core uses it for every write of
   * a branch ref or of `.git/index` instead of doing the lock protocol itself.
   *
   * It must replace `path` with `data` only if the current value is `expected`: for a ref, the
   * 40-hex oid it resolves to (loose or packed; `null`: the ref must not exist); for the index,
   * the hex SHA-1 trailer of the current file (`null`: no index). It rejects with `.code`
   * `ESTALE` when the value differs and `ELOCKED` when another writer holds the lock.
   */
  compareAndSwap?(args: ICompareAndSwap): Promise<void>;
}

/** The arguments of {@link IFsLike.compareAndSwap}. */
export interface ICompareAndSwap {
  readonly kind: 'ref' | 'index';
  /** Absolute path of the file (`<gitdir>/refs/heads/main`, `<gitdir>/index`). */
  readonly path: string;
  readonly data: Uint8Array;
  readonly expected: string | null;
}

/** The name the design documents use for the port. */
export type FsLike = IFsLike;

/**
 * isomorphic-git's shared cache: pass the same object to every call of one operation so the
 * index and the packfiles are parsed once. Opaque to us.
 */
export type GitCache = Record<string | symbol, unknown>;
