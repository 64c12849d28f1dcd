/**
 * The one rule for hashing data files (`dataRule.json`): the size budget, the folder limits,
 * what is skipped and what is said. The CLI applies it in `hashData.ts`; the lab sends the same
 * table to the kernel companion, whose Python applies it in the kernel.
 */
import type { FingerprintRefusal } from '../../companion/types';
import rule from './dataRule.json';

/** The table's shape. */
export interface IDataRule {
  /** Bytes read per export, over all files; files beyond it are listed without a hash. */
  readonly maxBytes: number;
  /** A folder with more files is listed without a hash. */
  readonly maxFilesPerFolder: number;
  /** Read size when hashing. */
  readonly chunkBytes: number;
  /** Folder names never descended into (DVC's default ignores). */
  readonly ignoredFolders: readonly string[];
  /** File names never hashed inside a folder. */
  readonly ignoredFiles: readonly string[];
  /** What is said for each path not hashed, by reason (`{path}`, `{reason}`, `{message}`, limits). */
  readonly notes: Readonly<Record<string, string>>;
}

/** The rule every export uses. */
export const DATA_RULE: IDataRule = rule;

/**
 * Why a path is not hashed at all, or null: only paths inside the notebook's folder are (the
 * same lexical test as the companion's `_refusal`).
 */
export function refusalOf(path: string): FingerprintRefusal | null {
  if (path === '') {
    return 'empty';
  }
  if (path.includes('\0')) {
    return 'invalid';
  }
  if (path.includes('://')) {
    return 'url';
  }
  if (path.startsWith('~')) {
    return 'home';
  }
  if (/^[/\\]/.test(path) || /^[A-Za-z]:/.test(path)) {
    return 'absolute';
  }
  if (path.split(/[\\/]+/).includes('..')) {
    return 'parent';
  }
  return null;
}

/** The rule's note for `key`, with its placeholders filled. */
export function dataNote(
  rule: IDataRule,
  key: string,
  values: Readonly<Record<string, string>>
): string {
  const all: Record<string, string> = {
    maxBytes: String(rule.maxBytes),
    maxFilesPerFolder: String(rule.maxFilesPerFolder),
    ...values
  };
  return (rule.notes[key] ?? `data {path}: ${key}`).replace(
    /\{(\w+)\}/g,
    (m, name: string) => all[name] ?? m
  );
}
