/**
 * Cheap superset tests of what the masker's line scan finds: most cells hold neither IPython
 * syntax nor a `1.` float, and need not be scanned line by line at all.
 */
import { AUTOMAGICS } from '../magicNames';

/**
 * An escape at a line's start, an `x = !cmd` / `x = %magic` form, a trailing `?`, or an
 * automagic word starting a line: every construct `findConstructs` can find has one.
 */
const IPYTHON_HINT = new RegExp(
  `^[ \\t\\f]*(?:[%!?]|(?:${[...AUTOMAGICS].join('|')})(?![\\w.(\\[=]))|=[ \\t\\f]*[!%]|\\?[ \\t\\f]*(?:#.*)?$`,
  'm'
);

/**
 * A number ending in a dot (`1.`, `1.e5`), which the masker completes to `1.0` for lezer:
 * digits (and `_`) not inside a name nor after a dot, then a dot without a digit after it.
 */
const TRAILING_DOT_HINT = /(?<![\w\u00a1-\uffff.])\d[\d_]*\.(?!\d)/;

/** False only when `source` has no IPython syntax (see `IPYTHON_HINT`). */
export function mayHaveIpython(source: string): boolean {
  return IPYTHON_HINT.test(source);
}

/** False only when masking `source` would leave it as it is (no construct, no float fix). */
export function mayNeedMasking(source: string): boolean {
  return IPYTHON_HINT.test(source) || TRAILING_DOT_HINT.test(source);
}
