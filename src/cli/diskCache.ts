/**
 * A persistent key-value cache of structured-clonable values in the user's cache folder (the
 * folder of the probe and code caches, see `cacheFolder`), one file per entry so that a run
 * reads only the entries it asks for: a pre-commit hook checking one notebook opens one file.
 *
 * Entries are keyed by a hash of the key, the tool's version and the running code file (a
 * rebuilt bundle never reads what an older one wrote). Values are written with V8's
 * serializer (exact for every value JSON would change: `undefined`, `-0`, `Infinity`, Maps),
 * to a temporary file renamed into place, so processes sharing the folder never read half an
 * entry; an entry that cannot be read back (truncated, corrupt, another key) counts as a miss
 * and is replaced. The folder is bounded: after a run that wrote, the oldest entries are
 * removed until the rest fit in three quarters of the bound.
 */
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { threadId } from 'node:worker_threads';
import { cacheFolder } from './cacheFolder';
import { VERSION } from './version';

/** What `get` answers for a missing or unreadable entry. */
export const MISS: unique symbol = Symbol('miss');

/** Identifies the running code: its version and the file it was loaded from. */
function codeIdentity(): string {
  try {
    const st = statSync(__filename);
    return `${VERSION}:${st.size}:${st.mtimeMs}`;
  } catch {
    return VERSION;
  }
}

export class DiskCache {
  /** Entries written by this process (a sweep is only needed after writes). */
  private written = 0;
  private readonly identity: string;
  /** The folder was made by this process (one `mkdir` per run, not per entry). */
  private made = false;

  /**
   * @param dir the entries' folder (`<cache folder>/<name>`)
   * @param maxBytes bound of the folder's size
   */
  constructor(
    readonly dir: string,
    readonly maxBytes: number
  ) {
    this.identity = codeIdentity();
  }

  /**
   * The cache `name` in the user's cache folder, or null when caching is off
   * (`--no-cache`, LINEARIZE_NO_CACHE=1).
   */
  static open(
    name: string,
    maxBytes: number,
    env: NodeJS.ProcessEnv = process.env,
    argv: readonly string[] = process.argv
  ): DiskCache | null {
    const folder = cacheFolder(env, argv);
    return folder === null ? null : new DiskCache(join(folder, name), maxBytes);
  }

  /** The last key hashed and its hash: a miss's `get` is followed by the `set` of that key. */
  private lastKey: string | null = null;
  private lastHash = '';

  private hash(key: string): string {
    if (key === this.lastKey) {
      return this.lastHash;
    }
    const hash = createHash('sha256')
      .update(this.identity)
      .update('\u0000')
      .update(key)
      .digest('hex')
      .slice(0, 40);
    this.lastKey = key;
    this.lastHash = hash;
    return hash;
  }

  /**
   * The name of the file that holds `key` in `dir`; `tag` starts the name, so that kinds of
   * entries sharing the folder (and its bound) can be told apart by a person or a test.
   */
  fileNameOf(key: string, tag = ''): string {
    return `${tag}${this.hash(key)}.bin`;
  }

  private file(hash: string, tag: string): string {
    return join(this.dir, `${tag}${hash}.bin`);
  }

  /** The value stored under `key` (with `tag`), or MISS. Never throws. */
  get(key: string, tag = ''): unknown {
    const hash = this.hash(key);
    try {
      const entry = deserialize(readFileSync(this.file(hash, tag))) as unknown;
      if (
        typeof entry === 'object' &&
        entry !== null &&
        (entry as { h?: unknown }).h === hash &&
        'v' in entry
      ) {
        return (entry as { v: unknown }).v;
      }
    } catch {
      // Missing, truncated or not ours: a miss, replaced by the next `set`.
    }
    return MISS;
  }

  /** Stores `value` under `key` (with `tag`) atomically. Never throws: a cache we cannot write only costs time. */
  set(key: string, value: unknown, tag = ''): void {
    const hash = this.hash(key);
    const file = this.file(hash, tag);
    // Unique per process and thread: `check`'s workers share a process.
    const tmp = `${file}.${process.pid}.${threadId}.${this.written}.tmp`;
    try {
      const data = serialize({ h: hash, v: value });
      if (data.length > this.maxBytes / 8) {
        return;
      }
      if (!this.made) {
        mkdirSync(this.dir, { recursive: true });
        this.made = true;
      }
      writeFileSync(tmp, data);
      renameSync(tmp, file);
      this.written++;
    } catch {
      rmSync(tmp, { force: true });
    }
  }

  /** Counts entries other threads wrote into the same folder (so that `sweep` runs). */
  addWrites(count: number): void {
    this.written += count;
  }

  /** How many entries this process wrote. */
  get writes(): number {
    return this.written;
  }

  /**
   * Keeps the folder under its bound: when it holds more, removes the oldest entries (and
   * temporary files left by killed processes) until the rest fit in three quarters of it.
   * Only after a run that wrote. Never throws.
   */
  sweep(force = false): void {
    if (this.written === 0 && !force) {
      return;
    }
    try {
      const now = Date.now();
      const files: { path: string; size: number; time: number }[] = [];
      let total = 0;
      for (const name of readdirSync(this.dir)) {
        const path = join(this.dir, name);
        try {
          const st = statSync(path);
          if (name.endsWith('.tmp')) {
            // Another process may be writing it; a minute-old one was abandoned.
            if (now - st.mtimeMs > 60_000) {
              rmSync(path, { force: true });
            }
            continue;
          }
          files.push({ path, size: st.size, time: st.mtimeMs });
          total += st.size;
        } catch {
          // Removed meanwhile by another process.
        }
      }
      if (total <= this.maxBytes) {
        return;
      }
      files.sort((a, b) => a.time - b.time);
      for (const f of files) {
        if (total <= (this.maxBytes * 3) / 4) {
          break;
        }
        rmSync(f.path, { force: true });
        total -= f.size;
      }
    } catch {
      // A folder we cannot list is not ours to fix.
    }
  }
}

/** Bound of the persistent facts cache (`<cache folder>/facts`); README says it. */
export const FACTS_CACHE_BYTES = 256 * 1024 * 1024;

/**
 * The facts cache `check` and `export` share, or null when caching is off (`--no-cache`,
 * LINEARIZE_NO_CACHE=1).
 */
export function openFactsCache(): DiskCache | null {
  return DiskCache.open('facts', FACTS_CACHE_BYTES);
}
