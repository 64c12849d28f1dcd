/**
 * The export writer on Node's file system (`ExportWriter`, core `writeExport`): each file is
 * written to a temporary file in the same folder, flushed to disk, then renamed over the
 * target, so a reader sees the old or the new file, never half of one. A failure removes the
 * temporary file and rejects with a message that says what went wrong in plain words.
 */
import { mkdirSync, promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { IExportWriter } from '../core/export';

let counter = 0;

/** A short reason for a Node file-system error (`EACCES` → "permission denied"). */
export function describeWriteError(e: unknown): string {
  const code =
    e !== null && typeof e === 'object' && 'code' in e
      ? String((e as { code: unknown }).code)
      : '';
  switch (code) {
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
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

function failure(e: unknown): Error {
  const err = new Error(describeWriteError(e));
  const code =
    e !== null && typeof e === 'object' && 'code' in e
      ? (e as { code: unknown }).code
      : undefined;
  if (typeof code === 'string') {
    (err as Error & { code: string }).code = code;
  }
  return err;
}

/** A writer for files in `dir` (which must exist). */
export function nodeWriter(dir: string): IExportWriter {
  const at = (name: string): string => join(dir, name);
  return {
    async exists(name: string): Promise<boolean> {
      try {
        await fsp.lstat(at(name));
        return true;
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT') {
          return false;
        }
        throw failure(e);
      }
    },
    async read(name: string): Promise<string> {
      try {
        return await fsp.readFile(at(name), 'utf8');
      } catch (e) {
        throw failure(e);
      }
    },
    async writeAtomic(name: string, text: string): Promise<void> {
      const target = at(name);
      const st = await fsp.lstat(target).catch(() => null);
      if (st !== null && st.isDirectory()) {
        throw failure(Object.assign(new Error('EISDIR'), { code: 'EISDIR' }));
      }
      const tmp = join(
        dirname(target),
        `.${basename(target)}.linearize-${process.pid}-${++counter}.tmp`
      );
      let handle: fsp.FileHandle | null = null;
      try {
        handle = await fsp.open(
          tmp,
          'wx',
          st !== null ? st.mode & 0o777 : 0o644
        );
        await handle.writeFile(text, 'utf8');
        // Flushed before the rename: after a crash the target is the old file or the new one.
        await handle.sync();
        await handle.close();
        handle = null;
        await fsp.rename(tmp, target);
      } catch (e) {
        if (handle !== null) {
          await handle.close().catch(() => undefined);
        }
        await fsp.unlink(tmp).catch(() => undefined);
        throw failure(e);
      }
    },
    async remove(name: string): Promise<void> {
      try {
        await fsp.unlink(at(name));
      } catch (e) {
        throw failure(e);
      }
    }
  };
}

/**
 * Creates the output folder (`-o DIR`) when the writer is first used, after planning: an export
 * refused before writing (a non-Python notebook) leaves no folder behind.
 */
export function creatingFolder(
  dir: string,
  writer: IExportWriter
): IExportWriter {
  let made = false;
  const ensure = () => {
    if (!made) {
      try {
        mkdirSync(dir, { recursive: true });
      } catch (e) {
        throw new Error(
          `cannot create the output folder ${dir}: ${describeWriteError(e)}`
        );
      }
      made = true;
    }
  };
  return {
    ...writer,
    exists: async name => {
      ensure();
      return writer.exists(name);
    }
  };
}
