import { utf8Encode } from '../util/sha256';
import { LockedError, RefChangedError } from './errors';
import { codeOf, errno, isNotFound } from './guardFs';
import type { ICompareAndSwap, IFsLike } from './ports';
import { dirname, join } from './posixPath';

/** What `.git/HEAD` says: on a branch (`ref`, e.g. `refs/heads/main`) or detached (`oid`). */
export type HeadState =
  | { readonly kind: 'branch'; readonly ref: string }
  | { readonly kind: 'detached'; readonly oid: string };

/** Reads `.git/HEAD` without resolving it. */
export async function readHead(
  fs: IFsLike,
  gitdir: string
): Promise<HeadState> {
  const text = String(
    await fs.readFile(join(gitdir, 'HEAD'), { encoding: 'utf8' })
  ).trim();
  const symbolic = /^ref:\s*(\S+)$/.exec(text);
  if (symbolic) {
    return { kind: 'branch', ref: symbolic[1] };
  }
  return { kind: 'detached', oid: text };
}

/**
 * The oid a full ref name (`refs/heads/main`) points to, read fresh from the loose file and
 * then `packed-refs`, bypassing every cache: this is the "re-read just before writing" of
 * the compare-and-swap. `null` when the ref does not exist (an unborn branch).
 */
export async function readRef(
  fs: IFsLike,
  gitdir: string,
  ref: string
): Promise<string | null> {
  try {
    const text = String(
      await fs.readFile(join(gitdir, ref), { encoding: 'utf8' })
    ).trim();
    if (text !== '') {
      return text;
    }
  } catch (error) {
    if (!isNotFound(error) && codeOf(error) !== 'EISDIR') {
      throw error;
    }
  }
  let packed: string;
  try {
    packed = String(
      await fs.readFile(join(gitdir, 'packed-refs'), { encoding: 'utf8' })
    );
  } catch (error) {
    if (isNotFound(error)) {
      return null;
    }
    throw error;
  }
  for (const line of packed.split('\n')) {
    const match = /^([0-9a-f]{40}|[0-9a-f]{64}) (\S+)$/.exec(line.trim());
    if (match && match[2] === ref) {
      return match[1];
    }
  }
  return null;
}

/** The hex SHA-1 trailer of `.git/index` (its checksum, so its identity), `null` if absent. */
export async function readIndexChecksum(
  fs: IFsLike,
  gitdir: string
): Promise<string | null> {
  let data: Uint8Array | string;
  try {
    data = await fs.readFile(join(gitdir, 'index'));
  } catch (error) {
    if (isNotFound(error)) {
      return null;
    }
    throw error;
  }
  return indexChecksum(typeof data === 'string' ? utf8Encode(data) : data);
}

/** The last 20 bytes of an index file, in hex. */
export function indexChecksum(data: Uint8Array): string {
  let hex = '';
  for (const byte of data.subarray(Math.max(0, data.length - 20))) {
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

/**
 * Replaces a ref or the index only if it still holds `expected`, with git's lock protocol.
 *
 * With `fs.compareAndSwap` (the server bridge) the server does it in one request. Otherwise:
 * create `<path>.lock` exclusively (so a concurrent git command, or another export, fails
 * instead of interleaving), re-read the current value under the lock, compare, then rename
 * the lock over the file (or, without `rename`, write the file and drop the lock).
 *
 * @param current reads the current value (`readRef` or `readIndexChecksum`).
 * @throws {LockedError} when `<path>.lock` exists.
 * @throws an error with code `ESTALE` and `actual` when the value changed (callers turn it
 *   into {@link RefChangedError} or their own message).
 */
export async function compareAndSwap(
  fs: IFsLike,
  args: ICompareAndSwap,
  current: () => Promise<string | null>
): Promise<void> {
  if (fs.compareAndSwap) {
    try {
      await fs.compareAndSwap(args);
    } catch (error) {
      const code = codeOf(error);
      if (code === 'ELOCKED' || code === 'EEXIST') {
        throw new LockedError(args.path);
      }
      if (code === 'ESTALE') {
        throw staleError(args.path, await current());
      }
      throw error;
    }
    return;
  }
  const lock = `${args.path}.lock`;
  try {
    await fs.writeFile(lock, args.data, { flag: 'wx' });
  } catch (error) {
    if (codeOf(error) === 'EEXIST') {
      throw new LockedError(args.path);
    }
    if (!isNotFound(error)) {
      throw error;
    }
    // A new branch in a new folder (`refs/heads/feature/x`): make the folder, then lock.
    await mkdirs(fs, dirname(args.path));
    try {
      await fs.writeFile(lock, args.data, { flag: 'wx' });
    } catch (retry) {
      throw codeOf(retry) === 'EEXIST' ? new LockedError(args.path) : retry;
    }
  }
  try {
    const actual = await current();
    if (actual !== args.expected) {
      throw staleError(args.path, actual);
    }
    if (fs.rename) {
      await fs.rename(lock, args.path);
    } else {
      await fs.writeFile(args.path, args.data);
      await fs.unlink(lock);
    }
  } catch (error) {
    await fs.unlink(lock).catch(() => undefined);
    throw error;
  }
}

/** Throws a `RefChangedError` for a stale compare-and-swap on a ref. */
export function refChanged(
  ref: string,
  expected: string | null,
  error: unknown
): never {
  if (codeOf(error) === 'ESTALE') {
    const actual = (error as { actual?: string | null }).actual ?? null;
    throw new RefChangedError(ref, expected, actual);
  }
  throw error;
}

function staleError(path: string, actual: string | null): Error {
  const error = errno('ESTALE', `${path} changed underneath`) as Error & {
    actual?: string | null;
  };
  error.actual = actual;
  return error;
}

async function mkdirs(fs: IFsLike, path: string): Promise<void> {
  try {
    await fs.mkdir(path);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'EEXIST') {
      return;
    }
    if (code !== 'ENOENT' || dirname(path) === path) {
      throw error;
    }
    await mkdirs(fs, dirname(path));
    await fs.mkdir(path).catch((again: unknown) => {
      if (codeOf(again) !== 'EEXIST') {
        throw again;
      }
    });
  }
}
