/**
 * The one way the CLI reads a notebook file (check, export, verify, params): a size limit, the
 * file system's error in words, then the core's `fromIpynb`. Every failure is a
 * `NotebookFormatError` whose `data.reason` says why without the path (check prints it beside
 * the path) and whose message names the path (the other commands print it as is).
 */
import { readFileSync, statSync } from 'node:fs';
import {
  fromIpynb,
  LinearizeError,
  NotebookFormatError,
  type INotebookSnapshot
} from '../core';
import { describeFsError } from './walk';

/** Files larger than this are refused with a message rather than read into memory. */
export const MAX_NOTEBOOK_BYTES = 256 * 1024 * 1024;

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
}

/** @throws {NotebookFormatError} `data: {path, reason}`. */
export function readNotebookFile(path: string): INotebookSnapshot {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_NOTEBOOK_BYTES) {
      const reason = `too large (${mb(size)}; the limit is ${mb(MAX_NOTEBOOK_BYTES)})`;
      throw new NotebookFormatError(`${path} is ${reason}`, { path, reason });
    }
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof LinearizeError) {
      throw e;
    }
    const reason = describeFsError(e);
    throw new NotebookFormatError(`cannot read ${path}: ${reason}`, {
      path,
      reason
    });
  }
  try {
    // A UTF-8 byte order mark is legal in a file but not in JSON.
    return fromIpynb(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    if (e instanceof LinearizeError) {
      throw new NotebookFormatError(`${path}: ${e.message}`, {
        path,
        reason: e.message
      });
    }
    throw e;
  }
}
