/**
 * From companion answers to the export manifest's fields (export-rules.md §5): `data[]` with
 * DVC's names, so `dvc add` of the same path records the same `md5`, `size` and `nfiles`.
 */

import type { IDataEntry, IFingerprint } from './types';

/** The manifest `data[]` entries of the fingerprints that have one, in the given order. */
export function dataEntries(
  fingerprints: readonly IFingerprint[]
): IDataEntry[] {
  const out: IDataEntry[] = [];
  for (const f of fingerprints) {
    if (f.kind === 'file') {
      out.push({ path: f.path, md5: f.md5, size: f.size });
    } else if (f.kind === 'folder') {
      out.push({ path: f.path, md5: f.md5, size: f.size, nfiles: f.nfiles });
    }
  }
  return out;
}
