/**
 * Expands the paths given to `linearize check` into notebook files: files as given,
 * folders walked recursively (sorted, so output is stable) for `*.ipynb`, skipping
 * `.ipynb_checkpoints`, `node_modules`, `__pycache__` and hidden folders, and never
 * following a symlinked folder twice (no loops).
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One notebook to check, or an argument that could not be used (`error` set). */
export interface IWalkItem {
  readonly path: string;
  readonly error: string | null;
}

/** What the paths expand to. */
export interface IWalkResult {
  /** In argument order, each folder's notebooks sorted; unusable paths in their place. */
  readonly items: IWalkItem[];
  /** Folders that held no notebook (worth a note, not an error). */
  readonly empty: string[];
}

const SKIP = new Set(['node_modules', '__pycache__', '.ipynb_checkpoints']);

/** Expand `paths` (files and folders) into notebook files. Never throws. */
export function findNotebooks(paths: readonly string[]): IWalkResult {
  const result: IWalkResult = { items: [], empty: [] };
  const fail = (path: string, message: string): void => {
    result.items.push({ path, error: message });
  };
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();
  const addFile = (path: string): void => {
    const key = realOrSelf(path);
    if (!seenFiles.has(key)) {
      seenFiles.add(key);
      result.items.push({ path, error: null });
    }
  };
  for (const path of paths) {
    let isDir: boolean;
    try {
      const st = statSync(path);
      isDir = st.isDirectory();
      if (!isDir && !st.isFile()) {
        fail(path, 'not a regular file or folder');
        continue;
      }
    } catch (e) {
      fail(path, describeFsError(e));
      continue;
    }
    if (!isDir) {
      addFile(path);
      continue;
    }
    const before = result.items.length;
    walkDir(path, seenDirs, addFile, fail);
    if (result.items.length === before) {
      result.empty.push(path);
    }
  }
  return result;
}

function walkDir(
  dir: string,
  seenDirs: Set<string>,
  addFile: (path: string) => void,
  fail: (path: string, message: string) => void
): void {
  const real = realOrSelf(dir);
  if (seenDirs.has(real)) {
    return;
  }
  seenDirs.add(real);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    fail(dir, describeFsError(e));
    return;
  }
  for (const name of names) {
    if (name.startsWith('.') || SKIP.has(name)) {
      continue;
    }
    const path = join(dir, name);
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      // A notebook link whose target is gone is reported, named; other dangling links are not ours.
      if (name.toLowerCase().endsWith('.ipynb')) {
        fail(
          path,
          (e as { code?: unknown }).code === 'ENOENT'
            ? 'a broken symbolic link (its target does not exist)'
            : describeFsError(e)
        );
      }
      continue;
    }
    if (st.isDirectory()) {
      walkDir(path, seenDirs, addFile, fail);
    } else if (st.isFile() && name.toLowerCase().endsWith('.ipynb')) {
      addFile(path);
    }
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** "no such file or directory" rather than a Node error with a stack. */
export function describeFsError(e: unknown): string {
  const code =
    typeof e === 'object' && e !== null
      ? (e as { code?: unknown }).code
      : undefined;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a notebook file';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}
