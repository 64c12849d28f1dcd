/**
 * Turns a cell of IPython source into plain Python the analysis can parse, and lists every
 * IPython construct it replaced (shared/design/export-rules.md §1).
 *
 * The masked code keeps the line count, and every untouched line byte for byte, so positions
 * found in the Python map back to the cell exactly (see `toOriginalOffset`). Detection follows
 * IPython's own input transformers: an escape (`%`, `!`, `?`) only counts at the start of a
 * logical line, never inside a string or brackets, and a magic extends over backslash-continued
 * lines only.
 *
 * The work is split by job under `mask/`: the line scanner, finding constructs, command
 * interpolations, writing the masked Python, and mapping offsets back.
 */
export type {
  IInterpolation,
  IMagic,
  IMaskedSource,
  ISegment,
  MagicKind
} from './mask/types';
export { maskIpython } from './mask/emit';
export { mayHaveIpython, mayNeedMasking } from './mask/quickCheck';
export {
  toOriginalOffset,
  toOriginalPosition,
  toPythonOffset
} from './mask/offsets';
