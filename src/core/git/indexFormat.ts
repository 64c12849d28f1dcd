/**
 * Whether isomorphic-git can rewrite `.git/index` without losing anything. It reads versions
 * 2 and 3 and writes entries only: dropping an optional cache extension (`TREE`, `UNTR`,
 * `FSMN`, `EOIE`, `IEOT`, `REUC`: git rebuilds or ignores them) is harmless, dropping a
 * required one (lower-case signature: `link` of a split index, `sdir` of a sparse index) is
 * not — without `link` git reads the index as holding only the split part's few entries, and
 * `git status` shows every other tracked file deleted.
 */
import { codeOf } from './guardFs';
import type { IFsLike } from './ports';
import { join } from './posixPath';

/** `null` when isomorphic-git can update the index safely; else why not, in words. */
export async function unsafeIndexReason(
  fs: IFsLike,
  gitdir: string
): Promise<string | null> {
  let data: Uint8Array;
  try {
    const raw = await fs.readFile(join(gitdir, 'index'));
    if (typeof raw === 'string') {
      return 'not readable as bytes';
    }
    data = raw;
  } catch (e) {
    // No index yet (a fresh repository): isomorphic-git creates a plain one.
    return codeOf(e) === 'ENOENT' ? null : `unreadable (${codeOf(e) ?? e})`;
  }
  return indexFormatProblem(data);
}

/** The parsing half of {@link unsafeIndexReason}, for bytes already read. */
export function indexFormatProblem(data: Uint8Array): string | null {
  const u32 = (at: number): number =>
    ((data[at] << 24) |
      (data[at + 1] << 16) |
      (data[at + 2] << 8) |
      data[at + 3]) >>>
    0;
  const u16 = (at: number): number => (data[at] << 8) | data[at + 1];
  if (
    data.length < 32 ||
    String.fromCharCode(...data.subarray(0, 4)) !== 'DIRC'
  ) {
    return 'not a git index (bad signature)';
  }
  const version = u32(4);
  if (version === 4) {
    return 'an index of version 4 (path-compressed)';
  }
  if (version !== 2 && version !== 3) {
    return `an index of version ${version}`;
  }
  const count = u32(8);
  let at = 12;
  for (let i = 0; i < count; i++) {
    if (at + 62 > data.length - 20) {
      return 'a truncated index';
    }
    const flags = u16(at + 60);
    let end = at + 62;
    if (flags & 0x4000) {
      if (version < 3) {
        return 'an index with extended flags in version 2';
      }
      const extended = u16(end);
      end += 2;
      // Only skip-worktree and intent-to-add are understood by isomorphic-git.
      if (extended & ~(0x4000 | 0x2000)) {
        return 'an index with entry flags only git understands';
      }
    }
    const nul = data.indexOf(0, end);
    if (nul < 0) {
      return 'a truncated index';
    }
    const pathLength = nul - end;
    // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
    at += Math.floor((62 + (end - at - 62) + pathLength + 8) / 8) * 8;
  }
  while (at + 8 <= data.length - 20) {
    const signature = String.fromCharCode(...data.subarray(at, at + 4));
    const size = u32(at + 4);
    if (signature === 'link') {
      return 'a split index (core.splitIndex)';
    }
    if (signature === 'sdir') {
      return 'a sparse index';
    }
    if (/^[a-z]/.test(signature)) {
      return `an index with the required extension "${signature}"`;
    }
    at += 8 + size;
  }
  return null;
}
