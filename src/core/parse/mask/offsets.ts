/**
 * Mapping positions between the masked Python and the original cell through the segment map.
 */
import { lineColumnAt, splitLines } from '../lines';
import { ISegment, IMaskedSource } from './types';

/** Index of the segment holding python offset `offset` (the last one starting at or before it). */
export function segmentAt(
  segments: readonly ISegment[],
  offset: number
): number {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid].python <= offset) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

/**
 * Maps an offset in `masked.python` to the original source. Offsets in copied text map
 * exactly; offsets in synthetic text (`pass`, `None`) map to the start of the construct.
 */
export function toOriginalOffset(
  masked: IMaskedSource,
  offset: number
): number {
  const segs = masked.segments;
  if (segs.length === 0) {
    return 0;
  }
  const off = Math.max(0, Math.min(offset, masked.python.length));
  const s = segs[segmentAt(segs, off)];
  if (!s.exact) {
    return s.original;
  }
  return Math.min(s.original + (off - s.python), masked.original.length);
}

/**
 * Maps an offset in the original source to `masked.python`, or null when that text was masked
 * (it is not Python).
 */
export function toPythonOffset(
  masked: IMaskedSource,
  offset: number
): number | null {
  // Linear: a cell has one segment per construct or two, not thousands.
  for (const s of masked.segments) {
    if (s.exact && offset >= s.original && offset < s.original + s.length) {
      return s.python + (offset - s.original);
    }
  }
  return offset === masked.original.length && masked.python === masked.original
    ? offset
    : null;
}

/**
 * Maps a 0-based line and column of `masked.python` to the original source. Lines are the
 * same in both; only columns move (`%time lr = 0.01`).
 */
export function toOriginalPosition(
  masked: IMaskedSource,
  line: number,
  column: number
): { line: number; column: number } {
  const py = splitLines(masked.python);
  const l = Math.max(0, Math.min(line, py.start.length - 1));
  const off = Math.min(py.start[l] + Math.max(0, column), py.end[l]);
  return lineColumnAt(
    splitLines(masked.original),
    toOriginalOffset(masked, off)
  );
}
