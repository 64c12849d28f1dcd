/**
 * Exports into one folder, written together. Each notebook's export is all or nothing
 * (`writeAllAtomic`: a lock, a staging folder flushed, one rename as the commit point, the
 * folder flushed before and after the files are moved into place). Those steps cost more
 * than writing the files themselves when a run exports many notebooks into one folder, so a
 * batch puts the files of several exports into one such transaction: the batch is all or
 * nothing, so each of its exports still is.
 *
 * An export's writer sees the files already in the batch as written: the next notebook in the
 * folder finds the shared runtime file unchanged, as when the one before had landed, so the
 * outcomes and the files are those of a one-at-a-time run. That holds only while nothing else
 * looks at the folder between two exports: the caller batches only exports that read no git
 * status and hash no data (either may read a file the batch has not written yet).
 */
import type { IExportWriter } from '../core/export';
import { nodeWriter, recoverExports, writeAllAtomic } from './nodeWriter';

/** A batch is written once it holds this many exports… */
const MAX_EXPORTS = 32;
/** …or this many characters of files (what it keeps in memory until then). */
const MAX_CHARS = 8 * 1024 * 1024;

interface IWaiter {
  readonly names: readonly string[];
  readonly done: () => void;
  readonly fail: (e: unknown) => void;
}

export class FolderBatch {
  /** Pending files by name, in the order they joined (a later export's file replaces an earlier one's). */
  private files = new Map<string, string>();
  private waiters: IWaiter[] = [];
  private chars = 0;
  private readonly disk: IExportWriter;

  /**
   * @param dir the folder, which must exist when the first export is written
   * @param force the user's `--force` (see `writeAllAtomic`)
   */
  constructor(
    readonly dir: string,
    private readonly force = false
  ) {
    this.disk = nodeWriter(dir, { force });
  }

  /** True when the batch should be written before another export joins it. */
  get full(): boolean {
    return this.waiters.length >= MAX_EXPORTS || this.chars >= MAX_CHARS;
  }

  /**
   * The writer of one export. `joined` is called when its files join the batch; its
   * `writeAll` then settles when the batch is written ({@link flush}).
   */
  writer(joined: () => void): IExportWriter {
    const { disk } = this;
    return {
      exists: async name => this.files.has(name) || disk.exists(name),
      read: async name => this.files.get(name) ?? disk.read(name),
      writeAtomic: async (name, text) => {
        await this.flush();
        return disk.writeAtomic(name, text);
      },
      writeAll: files =>
        new Promise<void>((done, fail) => {
          for (const f of files) {
            this.chars += f.text.length - (this.files.get(f.name)?.length ?? 0);
            // Deleted first: the name takes its place in the order of this export.
            this.files.delete(f.name);
            this.files.set(f.name, f.text);
          }
          this.waiters.push({ names: files.map(f => f.name), done, fail });
          joined();
        }),
      // What killed exports left is cleaned up before a batch starts; within one, the lock
      // is ours to take over from a dead holder (and `writeAllAtomic` recovers then).
      recover: async () => {
        if (this.waiters.length === 0) {
          recoverExports(this.dir);
        }
      }
    };
  }

  /** Writes the pending files as one transaction and settles their exports' `writeAll`. */
  async flush(): Promise<void> {
    if (this.waiters.length === 0) {
      return;
    }
    const files = [...this.files].map(([name, text]) => ({ name, text }));
    const waiters = this.waiters;
    this.files = new Map();
    this.waiters = [];
    this.chars = 0;
    try {
      await writeAllAtomic(this.dir, files, { force: this.force });
    } catch (e) {
      const file = (e as { file?: unknown }).file;
      for (const w of waiters) {
        // The failing file is named only to the export it belongs to; the others learn
        // that theirs were not written either, and why.
        w.fail(
          Object.assign(new Error((e as Error).message), {
            code: (e as { code?: unknown }).code,
            file: typeof file === 'string' && w.names.includes(file) ? file : ''
          })
        );
      }
      return;
    }
    waiters.forEach(w => w.done());
  }
}
