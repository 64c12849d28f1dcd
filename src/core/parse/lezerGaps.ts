/**
 * Valid Python 3 that `@lezer/python` (1.1.19) marks with an error node, though the tree
 * around it is whole: without this, `check` would warn "does not parse" and `export` would
 * comment the cell out (losing what it defines). Each gap is recognised by its exact shape,
 * so a real error next to the same tokens still counts.
 */
import type { SyntaxNode } from '@lezer/common';

/**
 * True when the error node `err` is one of lezer's gaps:
 * - a bare `yield` (`yield`, `x = yield`, `(yield)`): an empty error after the keyword;
 * - a class pattern without arguments (`case Point():`): an empty `LiteralPattern` error
 *   between the parentheses;
 * - a starred subscript (`a[*idx]`, Python 3.11's PEP 646): an error holding only the `*`
 *   right after `[` or `,`.
 */
export function isLezerGap(err: SyntaxNode, text: string): boolean {
  const parent = err.parent;
  if (parent === null) {
    return false;
  }
  if (err.from === err.to) {
    if (parent.name === 'YieldStatement' || parent.name === 'YieldExpression') {
      return previousToken(err)?.name === 'yield';
    }
    if (parent.name === 'LiteralPattern' && parent.from === parent.to) {
      return (
        parent.parent?.name === 'PatternArgList' &&
        parent.prevSibling?.name === '(' &&
        parent.nextSibling?.name === ')'
      );
    }
    return false;
  }
  if (
    parent.name === 'MemberExpression' &&
    err.to - err.from === 1 &&
    text.charCodeAt(err.from) === 42 // '*'
  ) {
    const before = previousToken(err)?.name;
    const after = err.nextSibling?.name;
    return (
      (before === '[' || before === ',') &&
      after !== undefined &&
      after !== ']' &&
      after !== ',' &&
      after !== 'Comment'
    );
  }
  return false;
}

/** The sibling before `n`, skipping comments. */
function previousToken(n: SyntaxNode): SyntaxNode | null {
  let p = n.prevSibling;
  while (p !== null && p.name === 'Comment') {
    p = p.prevSibling;
  }
  return p;
}
