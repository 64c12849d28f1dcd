/**
 * The export writer on Node's file system (`ExportWriter`, core `writeExport`).
 *
 * One file (`writeFileAtomic`, also used by `params -o`): written to a temporary file in the
 * same folder with every byte counted, flushed to disk, renamed over the target, the folder
 * flushed. A failure removes the temporary file and leaves the old file as it was.
 *
 * Several files (`writeAll`): all or nothing, also under `kill -9`. Each file is staged in a
 * private folder and flushed; then that folder is renamed to a commit name (the commit point:
 * one atomic rename, the folder's entries being the list of files to move); then the files
 * are renamed over the targets and the emptied folder removed. A process killed before the
 * commit point leaves only its staging folder, which the next export removes (old files
 * kept); one killed after it leaves the commit folder, and the next export finishes the
 * renames (new files). Leftovers of live processes are never touched.
 *
 * The moves run under the folder's export lock. A dead holder's lock is taken over without
 * ever removing a live one's, and a writer checks that its lock is still its own just
 * before the commit point.
 */
import {
  closeSync,
  existsSync,
  fchmodSync,
  fsync,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmdirSync,
  rmSync,
  type Stats,
  unlinkSync,
  writeSync
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isGenerated, type IExportWriter } from '../core/export';

let counter = 0;

/** A short reason for a Node file-system error (`EACCES` → "permission denied"). */
export function describeWriteError(e: unknown): string {
  switch (codeOf(e)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'ENOENT':
      return 'the folder does not exist';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a parent is not a folder';
    case 'EIO':
      return 'input/output error';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

function codeOf(e: unknown): string | undefined {
  const code =
    e !== null && typeof e === 'object' && 'code' in e
      ? (e as { code: unknown }).code
      : undefined;
  return typeof code === 'string' ? code : undefined;
}

function failure(e: unknown): Error {
  const err = new Error(describeWriteError(e));
  const code = codeOf(e);
  if (code !== undefined) {
    (err as Error & { code: string }).code = code;
  }
  return err;
}

function errno(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** Our temporary names all carry the writing process's id, so a later run knows whose they are. */
const TMP = /^\..*\.linearize-(\d+)-\d+\.tmp$/;
const STAGING = /^\.linearize-staging-(\d+)-[0-9a-z]+$/;
const COMMIT = /^\.linearize-commit-(\d+)-[0-9a-z]+$/;
/** Earlier builds' commit point (see {@link IJournal}), still replayed. */
const JOURNAL = /^\.linearize-journal-(\d+)-[0-9a-z]+\.json$/;
const JOURNAL_TMP = /^\.linearize-journal-(\d+)-[0-9a-z]+\.json\.tmp$/;
/** Held while a set of files is renamed into place or a folder is recovered. */
const LOCK = '.linearize-export.lock';
/** A lock moved aside by an earlier build's takeover, named after the process moving it. */
const STALE = /^\.linearize-export\.lock\.stale-(\d+)-\d+$/;
/** How long to wait for another export's renames (a few milliseconds each) before giving up. */
const LOCK_WAIT_MS = 10000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A held export lock. */
interface ILock {
  readonly release: () => void;
  /** It was taken over from a dead process, which may have died writing (leftovers to recover). */
  readonly tookOver: boolean;
  /** Throws `ELOCKED` unless the lock in the folder is still this one (checked before a commit). */
  readonly check: () => void;
}

/**
 * A lock file's identity. Its descriptor is kept open meanwhile, so its inode is not reused;
 * read as bigints, since a 64-bit file id may not fit a number exactly.
 */
interface IFileId {
  readonly dev: bigint;
  readonly ino: bigint;
}

/** Whether the file `id` is (still) the one at `path`. */
function isAt(path: string, id: IFileId): boolean {
  const st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  return st !== undefined && st.dev === id.dev && st.ino === id.ino;
}

function lockedError(): Error {
  return errno(
    'ELOCKED',
    `another linearize export is writing into this folder (${LOCK} exists)`
  );
}

/**
 * Creates the lock at `path` exclusively, holding our pid; `null` when one is there. Its
 * descriptor stays open until release (see {@link IFileId}).
 */
function createLock(path: string): { fd: number; id: IFileId } | null {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (e) {
    if (codeOf(e) === 'EEXIST') {
      return null;
    }
    throw e;
  }
  const id = fstatSync(fd, { bigint: true });
  try {
    writeSync(fd, String(process.pid));
  } catch (e) {
    // An empty lock would hold the folder for 2 s: it is ours, so it goes.
    releaseLock(path, fd, id);
    throw e;
  }
  return { fd, id };
}

/** Removes the lock at `path` only if it is still ours (it may have been taken over). */
function releaseLock(path: string, fd: number, id: IFileId): void {
  try {
    if (isAt(path, id)) {
      rmSync(path, { force: true });
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The lock now at `path`, if its holder is gone: the pid it holds is dead, or it is empty
 * (killed between creating it and writing its pid) and older than 2 s. Returns its identity
 * and its still open descriptor, or `null` (live, or released meanwhile).
 */
function deadLock(path: string): { fd: number; id: IFileId } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  const st = fstatSync(fd, { bigint: true });
  let holder = NaN;
  try {
    holder = Number(readFileSync(fd, 'utf8'));
  } catch {
    // unreadable: judged by its age, as an empty one
  }
  const dead =
    Number.isInteger(holder) && holder > 0
      ? !isAlive(holder)
      : Date.now() - Number(st.mtimeMs) > 2000;
  if (!dead) {
    closeSync(fd);
    return null;
  }
  return { fd, id: st };
}

/** The guard that serializes takeovers of the lock (or of a guard) at `path`. */
const guardOf = (path: string): string => `${path}.takeover`;

/**
 * How many guards may stack over the lock, one more for each takeover killed while it held
 * its guard. Past that, nothing is taken over: exports wait, then fail with `ELOCKED`.
 */
const MAX_GUARDS = 4;

/**
 * Removes the dead lock `id` from `path`, never another. Takeovers run one at a time under a
 * guard (`guardOf(path)`, created `O_EXCL` like the lock): under it, nothing else can remove
 * the dead lock, so it is unlinked only if it is still the one at `path`, and a lock taken
 * meanwhile is never moved or removed. A dead takeover's guard is itself taken over the same
 * way, one level up (`depth`). Returns whether `path` is free.
 */
function removeDeadLock(path: string, id: IFileId, depth = 0): boolean {
  if (depth >= MAX_GUARDS) {
    return false;
  }
  const guardPath = guardOf(path);
  const guard = createLock(guardPath);
  if (guard === null) {
    const dead = deadLock(guardPath);
    if (dead !== null) {
      try {
        removeDeadLock(guardPath, dead.id, depth + 1);
      } finally {
        closeSync(dead.fd);
      }
    }
    return false; // a takeover is under way (or its dead guard was just cleared): try again
  }
  try {
    if (isAt(path, id)) {
      unlinkSync(path);
      return true;
    }
    return !existsSync(path);
  } finally {
    releaseLock(guardPath, guard.fd, guard.id);
  }
}

/**
 * Removes the guards of takeovers killed while holding them ({@link removeDeadLock}), the
 * deepest first (a dead guard over a guard keeps the lower one's takeover out), each through
 * the same protocol: a takeover under way is never disturbed. Returns the names removed.
 */
function removeDeadGuards(lockPath: string): string[] {
  const guards: string[] = [];
  for (let path = guardOf(lockPath); guards.length < MAX_GUARDS - 1;) {
    guards.push(path);
    path = guardOf(path);
  }
  const removed: string[] = [];
  for (let depth = guards.length; depth >= 1; depth--) {
    const path = guards[depth - 1];
    const dead = deadLock(path);
    if (dead === null) {
      continue;
    }
    try {
      if (removeDeadLock(path, dead.id, depth)) {
        removed.push(basename(path));
      }
    } finally {
      closeSync(dead.fd);
    }
  }
  return removed;
}

/**
 * Takes `dir`'s export lock (`O_EXCL`, holding our pid): two exports into one folder then
 * cannot interleave their renames, nor a recovery with either. A lock whose process is gone
 * is taken over ({@link removeDeadLock}).
 */
function takeLock(dir: string): ILock {
  const path = join(dir, LOCK);
  const deadline = Date.now() + LOCK_WAIT_MS;
  let tookOver = false;
  for (;;) {
    const mine = createLock(path);
    if (mine !== null) {
      const { fd, id } = mine;
      return {
        release: () => releaseLock(path, fd, id),
        tookOver,
        check: () => {
          if (!isAt(path, id)) {
            throw lockedError();
          }
        }
      };
    }
    const dead = deadLock(path);
    if (dead !== null) {
      tookOver = true;
      let free: boolean;
      try {
        free = removeDeadLock(path, dead.id);
      } finally {
        closeSync(dead.fd);
      }
      if (free) {
        continue;
      }
    }
    if (Date.now() > deadline) {
      throw lockedError();
    }
    sleep(20);
  }
}

/** Runs `body` holding `dir`'s export lock ({@link takeLock}). */
function withLock<T>(dir: string, body: () => T): T {
  const lock = takeLock(dir);
  try {
    return body();
  } finally {
    lock.release();
  }
}

function tmpNameFor(target: string): string {
  return join(
    dirname(target),
    `.${basename(target)}.linearize-${process.pid}-${++counter}.tmp`
  );
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) {
    return true;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another user.
    return codeOf(e) === 'EPERM';
  }
}

/** Writes all of `data` to `fd`, counting bytes: a short write is retried, no progress is an error. */
function writeAllBytes(fd: number, data: Uint8Array): void {
  let done = 0;
  while (done < data.length) {
    const n = writeSync(fd, data, done, data.length - done);
    if (!Number.isInteger(n) || n <= 0) {
      throw errno(
        'ENOSPC',
        `wrote ${done} of ${data.length} bytes, then the device accepted no more`
      );
    }
    done += n;
  }
}

/** Flushes a folder's entries (a rename is durable only once its folder is). Best effort. */
function syncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the rename itself is still atomic.
  } finally {
    if (fd !== null) {
      closeSync(fd);
    }
  }
}

/**
 * The mode a new file gets over what `lstat` found at its target (`undefined`: nothing): an
 * existing regular file keeps its own; anything else (a new file, a symlink being replaced)
 * gets 0666 less the umask, as any editor would.
 */
function modeOf(target: string, st: Stats | undefined): number | null {
  if (st === undefined) {
    return null;
  }
  if (st.isDirectory()) {
    throw errno('EISDIR', `${target} is a folder`);
  }
  return st.isFile() ? st.mode & 0o7777 : null;
}

/** {@link modeOf} the file now at `target`. */
function modeFor(target: string): number | null {
  // No error object for a missing file (the usual case: a first export).
  return modeOf(target, lstatSync(target, { throwIfNoEntry: false }));
}

/**
 * Creates `path` exclusively with `data` and `mode` (or 0666 less the umask), not yet
 * flushed; returns its open descriptor (the caller flushes and closes it).
 */
function writeUnflushed(
  path: string,
  data: Uint8Array,
  mode: number | null
): number {
  const fd = openSync(path, 'wx', 0o666);
  try {
    if (mode !== null) {
      fchmodSync(fd, mode);
    }
    writeAllBytes(fd, data);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  return fd;
}

/** `fsync` off the main thread (libuv's pool), so several run at once. */
function fsyncAsync(fd: number): Promise<void> {
  return new Promise((done, fail) =>
    fsync(fd, e => (e === null ? done() : fail(e)))
  );
}

/** {@link syncDir}, asynchronously. Best effort, never rejects. */
async function syncDirAsync(dir: string): Promise<void> {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    await fsyncAsync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the rename itself is still atomic.
  } finally {
    if (fd !== null) {
      closeSync(fd);
    }
  }
}

/** Creates `path` exclusively with `data`, flushed, with `mode` (or 0666 less the umask). */
function writeFlushed(
  path: string,
  data: Uint8Array,
  mode: number | null
): void {
  const fd = writeUnflushed(path, data, mode);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces (or creates) `target` with `text` so a reader, or the disk after a crash, holds
 * the old file or the new one, never a mix. A symlink named `target` is replaced by a
 * regular file, never written through. On failure nothing is left behind and the old file
 * is unchanged; the error's message says why in words and `code` is Node's.
 */
export function writeFileAtomic(
  target: string,
  text: string | Uint8Array
): void {
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const tmp = tmpNameFor(target);
  try {
    writeFlushed(tmp, data, modeFor(target));
    renameSync(tmp, target);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // never created, or already renamed
    }
    throw failure(e);
  }
  syncDir(dirname(target));
}

/** What {@link recoverExports} did in a folder. */
export interface IRecovery {
  /** Files of interrupted exports moved into place from their commit folder (or journal). */
  readonly completed: string[];
  /** Leftovers of dead processes removed (temporary files, staging and commit folders). */
  readonly removed: string[];
}

/** Earlier builds' commit point: a journal naming the staging folder (a killed one may be left). */
interface IJournal {
  readonly version: 1;
  readonly staging: string;
  readonly files: string[];
}

function readJournal(path: string): IJournal | null {
  try {
    const j = JSON.parse(readFileSync(path, 'utf8')) as Partial<IJournal>;
    if (
      j.version === 1 &&
      typeof j.staging === 'string' &&
      STAGING.test(j.staging) &&
      Array.isArray(j.files) &&
      j.files.every(
        f => typeof f === 'string' && !f.includes('/') && !f.startsWith('.')
      )
    ) {
      return j as IJournal;
    }
  } catch {
    // unreadable: handled below
  }
  return null;
}

/**
 * Finishes or undoes what exports killed while writing into `dir` left behind: a commit folder
 * (or an earlier build's journal) is rolled forward, its files renamed into place; a staging
 * folder, not committed, is removed; so are temporary files of dead processes. Idempotent;
 * safe while other processes export (their leftovers are not touched while they live).
 */
export function recoverExports(dir: string): IRecovery {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return { completed: [], removed: [] };
  }
  // The usual case, nothing to recover, costs one readdir and takes no lock.
  if (!names.some(n => n.startsWith('.') && n.includes('.linearize'))) {
    return { completed: [], removed: [] };
  }
  return withLock(dir, () => recoverUnlocked(dir));
}

function recoverUnlocked(dir: string): IRecovery {
  const completed: string[] = [];
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return { completed, removed };
  }
  const dead = (re: RegExp, name: string): boolean => {
    const m = re.exec(name);
    return m !== null && !isAlive(Number(m[1]));
  };
  // Committed sets first: their files are the new export, to be moved into place.
  for (const name of names) {
    if (dead(COMMIT, name)) {
      completed.push(...moveOut(dir, name, readdirSync(join(dir, name))));
      removeEmptied(join(dir, name));
      removed.push(name);
    } else if (dead(JOURNAL, name)) {
      const journal = readJournal(join(dir, name));
      if (journal !== null) {
        completed.push(...moveOut(dir, journal.staging, journal.files));
      }
      rmSync(join(dir, name), { force: true });
      removed.push(name);
    }
  }
  for (const name of readdirSync(dir)) {
    if (dead(STAGING, name)) {
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    } else if (
      dead(TMP, name) ||
      dead(JOURNAL_TMP, name) ||
      dead(STALE, name)
    ) {
      rmSync(join(dir, name), { force: true });
      removed.push(name);
    }
  }
  removed.push(...removeDeadGuards(join(dir, LOCK)));
  if (removed.length > 0) {
    syncDir(dir);
  }
  return { completed, removed };
}

/**
 * Renames `files` from the committed folder `from` over their targets in `dir`, then flushes
 * `dir`; a file already moved before a kill is skipped. Names that are not plain file names
 * (never ours) are left where they are. Returns the names moved.
 */
function moveOut(
  dir: string,
  from: string,
  files: readonly string[]
): string[] {
  const moved: string[] = [];
  for (const file of files) {
    if (file.includes('/') || file.startsWith('.')) {
      continue;
    }
    try {
      renameSync(join(dir, from, file), join(dir, file));
      moved.push(file);
    } catch (e) {
      if (codeOf(e) !== 'ENOENT') {
        throw failure(e);
      }
      // already renamed before the kill
    }
  }
  syncDir(dir);
  return moved;
}

/**
 * Writes every file of `files` into `dir`, all or nothing (see the module comment). Throws
 * with the failing file's name in `file` (Node's `code` kept) when it cannot; nothing of
 * the new set is then in place. `lock` is the folder's, taken by the caller: it must still
 * be ours at the commit point.
 */
async function writeAllUnlocked(
  dir: string,
  files: readonly { readonly name: string; readonly text: string }[],
  modes: readonly (number | null)[],
  lock: ILock
): Promise<void> {
  const id = `${process.pid}-${Date.now().toString(36)}${(++counter).toString(36)}`;
  const stagingDir = join(dir, `.linearize-staging-${id}`);
  const commitDir = join(dir, `.linearize-commit-${id}`);
  let current = '';
  const named = (e: unknown): Error =>
    Object.assign(failure(e), { file: current });
  try {
    mkdirSync(stagingDir, { mode: 0o700 });
  } catch (e) {
    throw named(e);
  }
  try {
    const fds: number[] = [];
    try {
      files.forEach((file, i) => {
        current = file.name;
        fds.push(
          writeUnflushed(
            join(stagingDir, file.name),
            Buffer.from(file.text, 'utf8'),
            modes[i]
          )
        );
      });
      // Every staged file and the staging folder's entries flushed at once, before the
      // commit point: the disk groups concurrent flushes into one commit, where flushes one
      // after another would each wait for their own.
      await Promise.all([
        ...fds.map((fd, i) =>
          fsyncAsync(fd).catch((e: unknown) => {
            current = files[i].name;
            throw e;
          })
        ),
        syncDirAsync(stagingDir)
      ]);
    } finally {
      fds.forEach(fd => closeSync(fd));
    }
    current = '';
    // Our lock may have been taken from us meanwhile (a takeover that moved it as it was
    // being replaced, see `removeDeadLock`): then another export may be writing, and ours
    // must not land among its files.
    lock.check();
    // The commit point: once the folder has its commit name, the new set wins. A folder
    // holding only our staged files needs no separate list of them (a journal file would
    // cost a create, a flush and a removal more).
    renameSync(stagingDir, commitDir);
  } catch (e) {
    rmSync(stagingDir, { recursive: true, force: true });
    throw named(e);
  }
  await syncDirAsync(dir);
  for (const file of files) {
    renameSync(join(commitDir, file.name), join(dir, file.name));
  }
  // The renames are durable before the commit folder goes: lost, it would be replayed.
  await syncDirAsync(dir);
  removeEmptied(commitDir);
  // Not flushed again: if the folder's removal is lost in a crash, the next export finds it
  // empty, has nothing to rename, and removes it.
}

/**
 * Removes a commit folder whose files were all renamed out: one `rmdir`, where a recursive
 * removal first lists and stats it. Anything left in it (never expected) is removed too.
 */
function removeEmptied(folder: string): void {
  try {
    rmdirSync(folder);
  } catch {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Each target's mode for its new file ({@link modeOf}), read under the lock. Unless `force`,
 * refuses a target that is there and not ours: the export checked every target before
 * planning to write (`writeExport`), but a file of the user's (or a link) may have been put
 * at its name since, by another process, while the export or its batch waited. Under the
 * lock, nothing of ours can change it before the commit.
 */
function targetModes(
  dir: string,
  files: readonly { readonly name: string }[],
  force: boolean
): (number | null)[] {
  const head = Buffer.alloc(64);
  return files.map(f => {
    const target = join(dir, f.name);
    const st = lstatSync(target, { throwIfNoEntry: false });
    if (st !== undefined && !force) {
      let ours = false;
      if (st.isFile()) {
        const fd = openSync(target, 'r');
        try {
          const n = readSync(fd, head, 0, head.length, 0);
          ours = isGenerated(head.subarray(0, n).toString('utf8'));
        } finally {
          closeSync(fd);
        }
      }
      if (!ours) {
        throw Object.assign(
          errno(
            'EEXIST',
            'it changed while exporting and is not a file linearize generated (use --force to overwrite)'
          ),
          { file: f.name }
        );
      }
    }
    try {
      return modeOf(target, st);
    } catch (e) {
      throw Object.assign(failure(e), { file: f.name });
    }
  });
}

/**
 * {@link writeAllUnlocked} holding the folder's export lock. A lock taken over from a dead
 * process means it may have died writing: what it left is recovered first, under the lock,
 * so that its older files can never land after ours (a writer that recovered the folder
 * before planning, `FolderBatch`, would otherwise not see them). Unless `force`, every
 * target is checked again under the lock ({@link targetModes}).
 */
export async function writeAllAtomic(
  dir: string,
  files: readonly { readonly name: string; readonly text: string }[],
  options: { readonly force?: boolean } = {}
): Promise<void> {
  try {
    const lock = takeLock(dir);
    try {
      if (lock.tookOver) {
        recoverUnlocked(dir);
      }
      const modes = targetModes(dir, files, options.force === true);
      await writeAllUnlocked(dir, files, modes, lock);
    } finally {
      lock.release();
    }
  } catch (e) {
    throw Object.assign(failure(e), {
      file: (e as { file?: unknown }).file ?? ''
    });
  }
}

/**
 * A writer for files in `dir` (which must exist). `force`: the user's `--force`, which lets
 * `writeAll` replace files linearize did not generate.
 */
export function nodeWriter(
  dir: string,
  options: { readonly force?: boolean } = {}
): IExportWriter {
  const at = (name: string): string => join(dir, name);
  return {
    async exists(name: string): Promise<boolean> {
      try {
        return lstatSync(at(name), { throwIfNoEntry: false }) !== undefined;
      } catch (e) {
        throw failure(e);
      }
    },
    async read(name: string): Promise<string> {
      try {
        // A symlink is never read through (its target may be anywhere): we never write
        // links, so it is not ours, and it is refused as such unless forced.
        if (lstatSync(at(name)).isSymbolicLink()) {
          return '';
        }
        return readFileSync(at(name), 'utf8');
      } catch (e) {
        throw failure(e);
      }
    },
    async writeAtomic(name: string, text: string): Promise<void> {
      writeFileAtomic(at(name), text);
    },
    async writeAll(files): Promise<void> {
      await writeAllAtomic(dir, files, options);
    },
    async recover(): Promise<void> {
      recoverExports(dir);
    },
    async remove(name: string): Promise<void> {
      try {
        unlinkSync(at(name));
      } catch (e) {
        throw failure(e);
      }
    }
  };
}
