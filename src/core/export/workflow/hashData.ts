/**
 * The data rule (`dataRule.ts`) applied on a file-system port: DVC-compatible fingerprints of
 * the paths the code reads, exactly as the kernel companion computes them in Python
 * (`kernelCompanion.py` `_fingerprint`): files are the md5 of their bytes (DVC 3); folders
 * DVC's `.dir` id, the md5 of `json.dumps(sorted [{md5, relpath}], sort_keys=True)` plus
 * `.dir`. Symlinked files are followed, symlinked folders are not descended (as DVC does).
 */
import type { IFingerprint } from '../../companion/types';
import { refusalOf, type IDataRule } from './dataRule';

/** What a path is, following symlinks. */
export type DataKind = 'file' | 'folder' | 'other';

/** The file system the rule reads, paths relative to the notebook's folder, `/`-separated. */
export interface IDataFiles {
  /** Following symlinks; null when nothing is there. */
  stat(path: string): Promise<{ kind: DataKind; size: number } | null>;
  /**
   * The entries of a folder: `folder` only for a real folder (a symlinked one is `other`),
   * `file` for a regular file or a symlink to one.
   */
  list(path: string): Promise<{ name: string; kind: DataKind }[]>;
  /** md5 hex of a file's bytes. */
  md5File(path: string, chunkBytes: number): Promise<string>;
  /** md5 hex of an ASCII text. */
  md5Text(text: string): Promise<string>;
}

class Limit extends Error {}

/** `json.dumps(s)` of Python (ensure_ascii): non-ASCII as `\uXXXX`, as DVC hashes it. */
function pyJsonString(s: string): string {
  return JSON.stringify(s).replace(
    /[\u0080-\uffff]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  );
}

/** Fingerprints of `paths`, in order, within the rule's budget. Never throws. */
export async function fingerprintFiles(
  files: IDataFiles,
  paths: readonly string[],
  rule: IDataRule
): Promise<IFingerprint[]> {
  let budget = rule.maxBytes;
  const hashFile = async (path: string, size: number): Promise<string> => {
    if (size > budget) {
      throw new Limit('too-large');
    }
    const md5 = await files.md5File(path, rule.chunkBytes);
    budget -= size;
    return md5;
  };
  const hashFolder = async (top: string) => {
    const entries: { rel: string; md5: string }[] = [];
    let size = 0;
    const walk = async (dir: string, prefix: string): Promise<void> => {
      const children = await files.list(`${top}${dir}`);
      children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const c of children) {
        if (c.kind === 'folder') {
          if (!rule.ignoredFolders.includes(c.name)) {
            await walk(`${dir}/${c.name}`, `${prefix}${c.name}/`);
          }
        } else if (c.kind === 'file' && !rule.ignoredFiles.includes(c.name)) {
          if (entries.length >= rule.maxFilesPerFolder) {
            throw new Limit('too-many-files');
          }
          const path = `${top}${dir}/${c.name}`;
          const st = await files.stat(path);
          if (st === null || st.kind !== 'file') {
            continue;
          }
          entries.push({
            rel: `${prefix}${c.name}`,
            md5: await hashFile(path, st.size)
          });
          size += st.size;
        }
      }
    };
    await walk('', '');
    entries.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
    const listing = `[${entries
      .map(e => `{"md5": "${e.md5}", "relpath": ${pyJsonString(e.rel)}}`)
      .join(', ')}]`;
    return {
      md5: `${await files.md5Text(listing)}.dir`,
      size,
      nfiles: entries.length
    };
  };

  const out: IFingerprint[] = [];
  for (const path of paths) {
    const refused = refusalOf(path);
    if (refused !== null) {
      out.push({ kind: 'refused', path, reason: refused });
      continue;
    }
    const clean = path.replace(/\/+$/, '');
    try {
      const st = await files.stat(clean);
      if (st === null) {
        out.push({ kind: 'missing', path });
      } else if (st.kind === 'folder') {
        out.push({ kind: 'folder', path, ...(await hashFolder(clean)) });
      } else if (st.kind === 'file') {
        out.push({
          kind: 'file',
          path,
          md5: await hashFile(clean, st.size),
          size: st.size
        });
      } else {
        out.push({ kind: 'error', path, reason: 'unsupported' });
      }
    } catch (e) {
      out.push(
        e instanceof Limit
          ? {
              kind: 'error',
              path,
              reason: e.message as 'too-large' | 'too-many-files'
            }
          : {
              kind: 'error',
              path,
              reason: 'unreadable',
              message: e instanceof Error ? e.message : String(e)
            }
      );
    }
  }
  return out;
}
