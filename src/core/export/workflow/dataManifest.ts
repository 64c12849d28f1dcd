/**
 * From fingerprints (the CLI's `fingerprintFiles` or the kernel companion's answer) to the
 * manifest's `data[]` and what is said about the paths left out, by the one rule: hashed files
 * and folders are listed; a path hashing stopped on (a limit, an unreadable file) is listed
 * without a hash and said; paths outside the notebook's folder and unsupported ones are said and left out (URLs silently); missing ones
 * are listed with `missing: true`.
 */
import type { IFingerprint } from '../../companion/types';
import type { IDataFile } from '../types';
import { dataNote, type IDataRule } from './dataRule';

/** `data[]` and the notes, in the order of the fingerprints. */
export function dataManifest(
  fingerprints: readonly IFingerprint[],
  rule: IDataRule
): { data: IDataFile[]; notes: string[] } {
  const data: IDataFile[] = [];
  const notes: string[] = [];
  for (const f of fingerprints) {
    switch (f.kind) {
      case 'file':
        data.push({ path: f.path, md5: f.md5, size: f.size });
        break;
      case 'folder':
        data.push({ path: f.path, md5: f.md5, size: f.size, nfiles: f.nfiles });
        break;
      case 'missing':
        // Listed, never dropped (export-rules §5); a file the code writes before reading it
        // is an output, and the manifest leaves outputs out of data[].
        data.push({ path: f.path, md5: null, size: null, missing: true });
        break;
      case 'refused':
        // A URL is a network source, not a data file; an empty path is no path.
        if (f.reason === 'url' || f.reason === 'empty') {
          break;
        }
        notes.push(
          dataNote(rule, 'refused', { path: f.path, reason: f.reason })
        );
        break;
      case 'error':
        if (f.reason !== 'unsupported') {
          data.push({ path: f.path, md5: null, size: null });
        }
        notes.push(
          dataNote(rule, f.reason, {
            path: f.path,
            message: f.message ?? f.reason
          })
        );
        break;
    }
  }
  return { data, notes };
}
