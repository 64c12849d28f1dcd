/**
 * Expands the paths given to `linearize check` into notebook files: files as given,
 * folders walked recursively (sorted, so output is stable) for `*.ipynb`, skipping
 * `.ipynb_checkpoints`, `node_modules`, `__pycache__` and hidden folders, and never
 * following a symlinked folder twice (no loops).
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A path that could not be used, with a one-line reason. */
export interface IPathError {
  readonly path: string;
  readonly message: string;
}

/** What the paths expand to. */
export interface IWalkResult {
  /** Notebook files, in argument order, each folder's files sorted. */
  readonly files: string[];
  readonly errors: IPathError[];
  /** Folders that held no notebook (worth a note, not an error). */
  readonly empty: string[];
}

const SKIP = new Set(['node_modules', '__pycache__', '.ipynb_checkpoints']);

/** Expand `paths` (files and folders) into notebook files. Never throws. */
export function findNotebooks(paths: readonly string[]): IWalkResult {
  const result: IWalkResult = { files: [], errors: [], empty: [] };
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();
  const addFile = (path: string): void => {
    const key = realOrSelf(path);
    if (!seenFiles.has(key)) {
      seenFiles.add(key);
      result.files.push(path);
    }
  };
  for (const path of paths) {
    let isDir: boolean;
    try {
      const st = statSync(path);
      isDir = st.isDirectory();
      if (!isDir && !st.isFile()) {
        result.errors.push({ path, message: 'not a regular file or folder' });
        continue;
      }
    } catch (e) {
      result.errors.push({ path, message: describeFsError(e) });
      continue;
    }
    if (!isDir) {
      addFile(path);
      continue;
    }
    const before = result.files.length;
    walkDir(path, seenDirs, addFile, result.errors);
    if (result.files.length === before) {
      result.empty.push(path);
    }
  }
  return result;
}

function walkDir(
  dir: string,
  seenDirs: Set<string>,
  addFile: (path: string) => void,
  errors: IPathError[]
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
    errors.push({ path: dir, message: describeFsError(e) });
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
    } catch {
      continue; // a dangling symlink inside a folder is not the user's argument: skip it.
    }
    if (st.isDirectory()) {
      walkDir(path, seenDirs, addFile, errors);
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
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}
