import type { IFsLike, IFsStats, IWriteFileOptions } from './ports';
import { relativeInside } from './posixPath';

/** An error with a Node-style `code`, as isomorphic-git and the core's callers expect. */
export interface IErrnoLike extends Error {
  code?: string;
}

/** Makes an `Error` with a Node-style `code`. */
export function errno(code: string, message: string): IErrnoLike {
  const error: IErrnoLike = new Error(`${code}: ${message}`);
  error.code = code;
  return error;
}

/** The `code` of an unknown thrown value, if it has one. */
export function codeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** True for the codes isomorphic-git and the core treat as "not there". */
export function isNotFound(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * A view of `fs` with the read methods only; every write rejects with `EROFS`.
 *
 * Why: isomorphic-git rewrites `.git/index` when a working-tree file's stats differ from
 * the index (`shared/design/git.md`). The core passes `refresh: false`, and this wrapper
 * turns any write it may still attempt into a loud failure instead of a silent change to
 * the user's repository.
 *
 * The methods are `async` so that `readFile()` with no argument returns a rejected promise
 * (isomorphic-git's promise-fs sniff); `rmdir` takes one parameter on purpose, because
 * isomorphic-git treats a two-parameter `rmdir` as a recursive `rm`.
 */
export function readOnlyFs(fs: IFsLike): IFsLike {
  const refuse = async (path: string): Promise<never> => {
    throw errno(
      'EROFS',
      `linearize: read-only git check must not write ${path}`
    );
  };
  return {
    readFile: async (path, options) => fs.readFile(path, options),
    stat: async path => fs.stat(path),
    lstat: async path => fs.lstat(path),
    readdir: async path => fs.readdir(path),
    readlink: async path => fs.readlink(path),
    writeFile: async path => refuse(path),
    mkdir: async path => refuse(path),
    rmdir: async (path: string) => refuse(path),
    unlink: async path => refuse(path),
    symlink: async (_target, path) => refuse(path)
  };
}

/**
 * A view of `fs` for committing: it lets isomorphic-git write loose objects (and their
 * `objects/xx` folders) and `.git/index`, and refuses everything else with `EROFS`.
 * Writes of the index go through `writeIndex`, which does the compare-and-swap.
 */
export function commitFs(
  fs: IFsLike,
  gitdir: string,
  writeIndex: (data: Uint8Array) => Promise<void>
): IFsLike {
  const indexPath = `${gitdir}/index`;
  const objects = `${gitdir}/objects`;
  const isObjectPath = (path: string): boolean => {
    const rel = relativeInside(objects, path);
    return rel !== null && /^[0-9a-f]{2}(\/[0-9a-f]{38})?$/.test(rel);
  };
  const refuse = async (path: string): Promise<never> => {
    throw errno(
      'EROFS',
      `linearize: committing the export must not write ${path}`
    );
  };
  return {
    readFile: async (path, options) => fs.readFile(path, options),
    stat: async path => fs.stat(path),
    lstat: async path => fs.lstat(path),
    readdir: async path => fs.readdir(path),
    readlink: async path => fs.readlink(path),
    writeFile: async (
      path: string,
      data: Uint8Array | string,
      options?: IWriteFileOptions | 'utf8'
    ) => {
      if (path === indexPath && typeof data !== 'string') {
        return writeIndex(data);
      }
      if (isObjectPath(path)) {
        return fs.writeFile(path, data, options);
      }
      return refuse(path);
    },
    mkdir: async (path, options) => {
      if (isObjectPath(path)) {
        return fs.mkdir(path, options);
      }
      // isomorphic-git's mkdirp walks up and tolerates EEXIST: answer that for folders that exist.
      const stats: IFsStats | undefined = await fs
        .stat(path)
        .catch(() => undefined);
      if (stats?.isDirectory()) {
        throw errno('EEXIST', path);
      }
      return refuse(path);
    },
    rmdir: async (path: string) => refuse(path),
    unlink: async path => refuse(path),
    symlink: async (_target, path) => refuse(path)
  };
}
