/**
 * The one notebook reader of every command (check, export, params, verify): the same size
 * limit, the same strict UTF-8 (a bad byte is refused and located, as Python's json does),
 * the same byte order mark handling, the same messages. Messages do not repeat the path:
 * each command prints it once in front.
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync, type BigIntStats } from 'node:fs';
import {
  fromIpynbText,
  NotebookFormatError,
  utf8Problem,
  type INotebookSnapshot
} from '../core';
import { describeFsError } from './walk';

/** Notebooks larger than this are refused rather than read into memory. */
export const MAX_NOTEBOOK_BYTES = 256 * 1024 * 1024;

/**
 * Reads and parses `path`.
 *
 * @throws {NotebookFormatError} naming what is wrong (not the path; `data.path` has it).
 */
export function readNotebookFile(path: string): INotebookSnapshot {
  return readNotebookFileText(path).notebook;
}

/**
 * {@link readNotebookFile}, also returning the decoded text (output formats that point at
 * lines of the `.ipynb` need it).
 */
export function readNotebookFileText(path: string): {
  notebook: INotebookSnapshot;
  text: string;
  /** The file's bytes, as read (the text is their strict UTF-8 decoding). */
  bytes: Buffer;
  /** The file's stat, taken before its bytes were read (a later change shows in the next one). */
  stat: BigIntStats;
  /** When (ms since the epoch) that stat was taken. */
  statAt: number;
} {
  let bytes: Buffer;
  let st: BigIntStats;
  let statAt: number;
  try {
    statAt = Date.now();
    st = statSync(path, { bigint: true });
    if (st.isDirectory()) {
      throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    }
    if (st.size > BigInt(MAX_NOTEBOOK_BYTES)) {
      throw new NotebookFormatError(
        `too large (${Math.round(Number(st.size) / 1048576)} MB; the limit is ${MAX_NOTEBOOK_BYTES / 1048576} MB)`,
        { path }
      );
    }
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof NotebookFormatError) {
      throw e;
    }
    throw new NotebookFormatError(`cannot read it: ${describeFsError(e)}`, {
      path
    });
  }
  // As strict as a fatal TextDecoder (surrogates and overlongs are refused), at a fraction
  // of its cost; a byte order mark is kept here too.
  if (!isUtf8(bytes)) {
    throw new NotebookFormatError(
      utf8Problem(bytes) ?? 'not UTF-8 (nbformat files are UTF-8)',
      { path }
    );
  }
  const text = bytes.toString('utf8');
  try {
    // The byte order mark is kept by the decoder and dropped by fromIpynbText, once.
    return {
      notebook: fromIpynbText(text),
      text,
      bytes,
      stat: st,
      statAt
    };
  } catch (e) {
    if (e instanceof NotebookFormatError) {
      throw new NotebookFormatError(e.message, { path });
    }
    throw e;
  }
}
