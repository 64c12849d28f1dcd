/** Where a finding is, in the file: shared by the SARIF and GitHub formats. */
import { isAbsolute, relative, sep } from 'node:path';
import type { IFinding } from '../../core';
import type { ICheckedNotebook } from '../report';

/** The 1-based line of the flagged cell's source; 1 for notebook-level findings and deleted cells. */
export function findingLine(f: IFinding, r: ICheckedNotebook): number {
  if (f.cell === null || f.cell.index === null) {
    return 1;
  }
  return r.lines?.[f.cell.index] ?? 1;
}

/** `path` relative to `cwd` with `/` separators (as CI tools expect), or as given when outside it. */
export function relativePath(path: string, cwd: string): string {
  const rel = isAbsolute(path) ? relative(cwd, path) : path;
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  const chosen = inside ? rel : path;
  return chosen.split(sep).join('/').replace(/^\.\//, '');
}

/** A relative URI reference for `path` (each segment percent-encoded). */
export function relativeUri(path: string, cwd: string): string {
  const p = relativePath(path, cwd);
  const encoded = p.split('/').map(encodeURIComponent).join('/');
  return isAbsolute(p) ? `file://${encoded}` : encoded;
}
