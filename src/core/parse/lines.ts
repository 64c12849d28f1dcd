/**
 * Physical lines of a source string, with the same line breaks lezer and Python use
 * (`\n`, `\r\n`, `\r`). Offsets are UTF-16 code units, like JavaScript strings and lezer.
 */

/** Start offsets of each line, plus where its content and its terminator end. */
export interface ILines {
  /** Offset of the first character of line i. */
  readonly start: readonly number[];
  /** Offset just past the content of line i (before its line break). */
  readonly contentEnd: readonly number[];
  /** Offset just past the line break of line i (equals contentEnd for the last line). */
  readonly end: readonly number[];
}

const LF = 10;
const CR = 13;

/** Splits `text` into physical lines; an empty string has one empty line. */
export function splitLines(text: string): ILines {
  const start: number[] = [];
  const contentEnd: number[] = [];
  const end: number[] = [];
  let lineStart = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) {
      start.push(lineStart);
      contentEnd.push(i);
      if (c === CR && i + 1 < n && text.charCodeAt(i + 1) === LF) {
        i++;
      }
      end.push(i + 1);
      lineStart = i + 1;
    }
  }
  start.push(lineStart);
  contentEnd.push(n);
  end.push(n);
  return { start, contentEnd, end };
}

/** 0-based line and column of `offset` in `lines` (binary search). */
export function lineColumnAt(
  lines: ILines,
  offset: number
): { line: number; column: number } {
  let lo = 0;
  let hi = lines.start.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines.start[mid] <= offset) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return { line: lo, column: Math.max(0, offset - lines.start[lo]) };
}
