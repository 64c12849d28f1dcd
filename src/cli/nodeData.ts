/**
 * The data rule's file-system port on Node (`fingerprintFiles` in the core does the rest):
 * paths relative to the notebook's folder, md5 by Node's crypto.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  fingerprintFiles,
  type DataHasher,
  type DataKind,
  type IDataFiles
} from '../core';

function kindOf(st: { isFile(): boolean; isDirectory(): boolean }): DataKind {
  return st.isFile() ? 'file' : st.isDirectory() ? 'folder' : 'other';
}

/** The port rooted at `dir`. */
export function nodeDataFiles(dir: string): IDataFiles {
  const full = (p: string) => resolve(dir, p);
  return {
    stat: async path => {
      try {
        const st = await fsp.stat(full(path));
        return { kind: kindOf(st), size: st.size };
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT') {
          return null;
        }
        throw e;
      }
    },
    list: async path => {
      const entries = await fsp.readdir(full(path), { withFileTypes: true });
      const out: { name: string; kind: DataKind }[] = [];
      for (const e of entries) {
        if (e.isSymbolicLink()) {
          // Followed to a file, never descended into a folder (as DVC does).
          const st = await fsp.stat(join(full(path), e.name)).catch(() => null);
          out.push({ name: e.name, kind: st?.isFile() ? 'file' : 'other' });
        } else {
          out.push({ name: e.name, kind: kindOf(e) });
        }
      }
      return out;
    },
    md5File: async (path, chunkBytes) => {
      const hash = createHash('md5');
      const handle = await fsp.open(full(path), 'r');
      try {
        const buf = Buffer.allocUnsafe(chunkBytes);
        for (;;) {
          const { bytesRead } = await handle.read(buf, 0, buf.length, null);
          if (bytesRead === 0) {
            break;
          }
          hash.update(buf.subarray(0, bytesRead));
        }
      } finally {
        await handle.close();
      }
      return hash.digest('hex');
    },
    md5Text: async text => createHash('md5').update(text).digest('hex')
  };
}

/** The CLI's data hasher: the core's rule on Node's file system. */
export function nodeDataHasher(dir: string): DataHasher {
  const files = nodeDataFiles(dir);
  return (paths, rule) => fingerprintFiles(files, paths, rule);
}
