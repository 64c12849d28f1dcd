/**
 * The data `maskIpython` returns: the IPython constructs it found and the segment map from
 * the masked Python back to the cell.
 */

/** What kind of IPython construct a line holds. */
export type MagicKind =
  'line-magic' | 'cell-magic' | 'shell' | 'help' | 'automagic';

/** A Python expression IPython interpolates into a command (`{expr}` or `$name`). */
export interface IInterpolation {
  /** The expression text (`var`, `cfg.path`, `files[0]`). */
  readonly expression: string;
  /** Offset of the expression in the original source (after `{` or `$`). */
  readonly offset: number;
  /**
   * `$NAME` in capitals: by convention a shell environment variable (`$HOME`), which IPython
   * leaves to the shell when no Python name matches; not made live in `python`.
   */
  readonly shellVariable: boolean;
}

/** One IPython construct found in a cell. */
export interface IMagic {
  readonly kind: MagicKind;
  /**
   * Magic name without `%`/`%%` (`matplotlib`, `time`); `!` or `!!` for shell escapes;
   * `?` or `??` for help; the bare word for automagics (`cd`).
   */
  readonly name: string;
  /**
   * Line magics and automagics: the text after the name (continued lines joined with a space,
   * as IPython does), trimmed. Cell magics: the rest of the `%%name` line. Shell: the command.
   * Help: the object asked about (`len`, `np.*load*`, `%timeit`).
   */
  readonly args: string;
  /** `x = !cmd`, `x = %magic`: the assignment target text (`x`, `a, b`); `%%capture var`: `var`. */
  readonly target: string | null;
  /** 0-based first and last (inclusive) line of the construct in the original source. */
  readonly startLine: number;
  readonly endLine: number;
  /** Original offsets of the construct: from its first line's start to its last line's content end. */
  readonly start: number;
  readonly end: number;
  /** Leading whitespace of the first line. */
  readonly indent: string;
  /** True when the Python inside (`%time stmt`, a `%%time` body) stays live in `python`. */
  readonly live: boolean;
  /** False when IPython runs the Python but drops what it binds (`%timeit`, `%%timeit`). */
  readonly keepsBindings: boolean;
  /** `%run`, `%load`, `%%cython`, `%store -r`: the construct may bind any name. */
  readonly opaque: boolean;
  /** Cell magics: the body (every line after the first), verbatim; empty otherwise. */
  readonly body: string;
  /** Python expressions IPython expands into the command text; kept live in `python`. */
  readonly interpolations: readonly IInterpolation[];
  /** The original text of lines startLine..endLine (without the final line break). */
  readonly text: string;
}

/**
 * A piece of the masked Python and where it came from. `exact` pieces are copied from the
 * original byte for byte; the others are synthetic (`pass`, `None`) and map to `original`.
 */
export interface ISegment {
  readonly python: number;
  readonly original: number;
  readonly length: number;
  readonly exact: boolean;
}

/** The result of `maskIpython`. */
export interface IMaskedSource {
  /** The cell as written. */
  readonly original: string;
  /**
   * Plain Python with the same line count. Equal to `original` when the cell has no IPython
   * syntax and no `1.`-style float (completed to `1.0` because lezer lacks that literal).
   */
  readonly python: string;
  /** Every IPython construct, in source order. */
  readonly magics: readonly IMagic[];
  /** Covers `python` without gaps, in order (see `toOriginalOffset`). */
  readonly segments: readonly ISegment[];
  /** Some magic may bind any name (`%run`, `%load`, …). */
  readonly opaque: boolean;
}
