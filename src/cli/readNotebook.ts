/**
 * The one notebook reader of every command (check, export, params, verify): the same size
 * limit, the same strict UTF-8 (a bad byte is refused and located, as Python's json does),
 * the same byte order mark handling, the same messages. Messages do not repeat the path:
 * each command prints it once in front.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import {
  closeSync,
  openSync,
  readSync,
  statSync,
  type BigIntStats
} from 'node:fs';
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
 * The buffer notebooks are read into, reused: a run reads hundreds, and a buffer the size of
 * each, dropped at once, costs the garbage collector more than the reading (472 notebooks:
 * ~20 ms). A file larger than {@link POOL_MAX} gets a buffer of its own.
 */
let pool = Buffer.allocUnsafe(0);
const POOL_MAX = 16 * 1024 * 1024;

/**
 * `path`'s bytes, `size` expected: a view of the pool, valid until the next read (or a
 * buffer of its own). Reads to the end even if the file grew since its stat (or has no
 * size: a pipe), but stops once it holds more than {@link MAX_NOTEBOOK_BYTES}.
 */
function readBytes(path: string, size: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    // One byte more than expected: a file that grew shows it without a second buffer.
    const want = size + 1;
    if (want <= POOL_MAX && pool.length < want) {
      pool = Buffer.allocUnsafe(
        Math.min(POOL_MAX, Math.max(want, 2 * pool.length))
      );
    }
    let buf = want <= POOL_MAX ? pool : Buffer.allocUnsafe(want);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > MAX_NOTEBOOK_BYTES) {
          break;
        }
        // Never more than one byte over the limit: that byte says "too large".
        const bigger = Buffer.allocUnsafe(
          Math.min(2 * buf.length, MAX_NOTEBOOK_BYTES + 1)
        );
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const k = readSync(fd, buf, n, buf.length - n, null);
      if (k === 0) {
        break;
      }
      n += k;
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * {@link readNotebookFile}, also returning the decoded text (output formats that point at
 * lines of the `.ipynb` need it) and, with `digest`, the SHA-256 of the file's bytes (what
 * `export` keys a stored plan by).
 */
export function readNotebookFileText(
  path: string,
  options: { readonly digest?: boolean } = {}
): {
  notebook: INotebookSnapshot;
  text: string;
  /** With `options.digest`: `sha256:` and the hex digest of the bytes the text was decoded from. */
  digest?: string;
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
    bytes = readBytes(path, Number(st.size));
    if (bytes.length > MAX_NOTEBOOK_BYTES) {
      throw new NotebookFormatError(
        `too large (it grew past the limit of ${MAX_NOTEBOOK_BYTES / 1048576} MB while read)`,
        { path }
      );
    }
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
  const digest =
    options.digest === true
      ? `sha256:${createHash('sha256').update(bytes).digest('hex')}`
      : undefined;
  const text = bytes.toString('utf8');
  try {
    // The byte order mark is kept by the decoder and dropped by fromIpynbText, once.
    return {
      notebook: fromIpynbText(text),
      text,
      ...(digest !== undefined ? { digest } : {}),
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
