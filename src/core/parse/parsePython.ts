/**
 * Parses a cell with `@lezer/python` after masking its IPython syntax, and reports the first
 * syntax error at its position in the cell as written.
 *
 * lezer recovers from errors (it never throws in non-strict mode) and also accepts a few Python 2
 * forms (`print x`, `<>`, `raise E, msg`, `except E, e`); those count as errors here because the
 * kernel (Python 3) rejects them.
 */

import type { SyntaxNode, Tree, TreeCursor } from '@lezer/common';
import { parser } from '@lezer/python';
import { recentCache, type IRecentCache } from '../util/recentCache';

import type { IParseError } from '../types';
import { editedTree, type ITextEdit } from './editedTree';
import { isLezerGap } from './lezerGaps';
import { lineColumnAt, splitLines } from './lines';
import { IMaskedSource, maskIpython, toOriginalOffset } from './maskIpython';
import type { SyntaxProblem } from './syntaxProblem';

/** A parsed cell. */
export interface IParsedCell {
  /** The masking that produced the parsed text (`masked.python`). */
  readonly masked: IMaskedSource;
  /** lezer tree of `masked.python`; positions are offsets into that string. */
  readonly tree: Tree;
  /** The first syntax error, positioned in the original source; null when the cell parses. */
  readonly error: IParseError | null;
}

/**
 * Masks and parses one cell. Never throws. The most recent cells are kept: the verdicts' facts
 * and the environment/data walk (`verdicts/pillars`) both parse a notebook's cells one after
 * the other, so the second asks for trees the first just built.
 */
export const parsePython: IRecentCache<IParsedCell> = recentCache(512, source =>
  parseMasked(maskIpython(source))
);

/**
 * `parsePython(source)` for `source`, which is `base` with `edits` applied (sorted, not
 * overlapping): an export's rewritten cells, whose literals became parameters. Only the
 * statements holding an edit are parsed again (`editedTree`); the result is the same and is
 * cached as `parsePython(source)`'s, for the imports, the emitter and the data paths that
 * ask for it next. Cells with IPython syntax (masking moves offsets) or a syntax error (whose
 * recovery may look past a statement) are parsed whole.
 */
export function parseEdited(
  base: string,
  edits: readonly ITextEdit[],
  source: string
): IParsedCell {
  const hit = parsePython.peek(source);
  if (hit !== undefined) {
    return hit;
  }
  const before = parsePython(base);
  const masked = maskIpython(source);
  if (
    before.error === null &&
    before.masked.python === base &&
    masked.python === source
  ) {
    const tree = editedTree(before.tree, base, source, edits);
    const parsed = tree === null ? null : withTree(masked, tree);
    if (parsed !== null && parsed.error === null) {
      parsePython.put(source, parsed);
      return parsed;
    }
  }
  return parsePython(source);
}

/** Parses an already masked cell. Never throws. */
export function parseMasked(masked: IMaskedSource): IParsedCell {
  return withTree(masked, parser.parse(masked.python));
}

/** The parsed cell of `masked` and lezer's `tree` of it: finds the first syntax error. */
function withTree(masked: IMaskedSource, tree: Tree): IParsedCell {
  const found = firstError(tree, masked.python);
  let error: IParseError | null = null;
  if (found) {
    const pos = lineColumnAt(
      splitLines(masked.original),
      toOriginalOffset(masked, found.at)
    );
    error = { line: pos.line + 1, column: pos.column, problem: found.problem };
  }
  return { masked, tree, error };
}

interface IFound {
  readonly at: number;
  readonly problem: SyntaxProblem;
}

/** Names the problem with the character at `at` when lezer stopped there. */
function unexpected(text: string, at: number, empty: boolean): SyntaxProblem {
  if (at >= text.length) {
    return { id: 'end-of-input' };
  }
  const code = text.codePointAt(at) ?? 0;
  if (code > 126 || (code < 32 && code !== 9 && code !== 10 && code !== 13)) {
    const hex = code.toString(16).toUpperCase().padStart(4, '0');
    return { id: 'invalid-character', code: `U+${hex}` };
  }
  return !empty && text[at] === '`'
    ? { id: 'backticks' }
    : { id: 'invalid-syntax' };
}

/** Leading zeros in a decimal integer (`0777`): octal in Python 2, an error in Python 3. */
function isLegacyOctal(text: string): boolean {
  if (text.length < 2 || text.charCodeAt(0) !== 48) {
    return false;
  }
  let nonZero = false;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 95) {
      continue;
    }
    if (c < 48 || c > 57) {
      return false; // 0x…, 0.5, 0e1, 0j
    }
    nonZero = nonZero || c !== 48;
  }
  return nonZero;
}

/** Column of offset `at` in `text` (distance to the previous line break). */
function columnOf(text: string, at: number): number {
  let i = at - 1;
  while (i >= 0) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      break;
    }
    i--;
  }
  return at - i - 1;
}

/**
 * lezer accepts an indented statement at top level; Python does not (IPython only strips the
 * indentation of the whole cell, measured on its first line).
 */
function topLevelIndent(tree: Tree, text: string): IFound | null {
  let base = -1;
  for (
    let n: SyntaxNode | null = tree.topNode.firstChild;
    n;
    n = n.nextSibling
  ) {
    if (n.type.isError || n.name === 'Comment' || n.from === n.to) {
      continue;
    }
    const col = columnOf(text, n.from);
    if (base < 0) {
      base = col;
    } else if (col !== base) {
      return {
        at: n.from,
        problem: { id: col > base ? 'unexpected-indent' : 'unindent' }
      };
    }
  }
  return null;
}

/** The first problem in document order, or null. */
function firstError(tree: Tree, text: string): IFound | null {
  let best: IFound | null = null;
  const consider = (f: IFound): void => {
    if (!best || f.at < best.at) {
      best = f;
    }
  };
  const c: TreeCursor = tree.cursor();
  for (;;) {
    if (best && c.from > (best as IFound).at) {
      break; // pre-order: nothing later can start earlier
    }
    const name = c.name;
    if (c.type.isError) {
      // Valid Python that lezer's grammar lacks is no error: the tree around it is whole.
      if (!isLezerGap(c.node, text)) {
        consider({
          at: c.from,
          problem: unexpected(text, c.from, c.from === c.to)
        });
      }
    } else if (name === 'PrintStatement') {
      consider({
        at: c.from,
        problem: { id: 'print-statement' }
      });
    } else if (name === 'CompareOp') {
      if (c.to - c.from === 2 && text.startsWith('<>', c.from)) {
        consider({ at: c.from, problem: { id: 'diamond-operator' } });
      }
    } else if (name === 'Number') {
      if (isLegacyOctal(text.slice(c.from, c.to))) {
        consider({
          at: c.from,
          problem: { id: 'leading-zeros' }
        });
      }
    } else if (name === 'RaiseStatement' || name === 'TryStatement') {
      const comma = directComma(c);
      if (comma >= 0) {
        consider({
          at: comma,
          problem: {
            id: name === 'RaiseStatement' ? 'raise-comma' : 'except-comma'
          }
        });
      }
    }
    if (!c.next()) {
      break;
    }
  }
  const indent = topLevelIndent(tree, text);
  if (indent) {
    consider(indent);
  }
  return best;
}

/** Offset of a `,` token directly under the cursor's node, or -1 (the cursor is restored). */
function directComma(c: TreeCursor): number {
  let at = -1;
  if (c.firstChild()) {
    do {
      if (c.name === ',') {
        at = c.from;
        break;
      }
    } while (c.nextSibling());
    c.parent();
  }
  return at;
}
