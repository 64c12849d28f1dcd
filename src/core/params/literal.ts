/**
 * Evaluates a lezer expression node as a Python literal, or says why it is not one.
 *
 * The structure comes from lezer; only tokens (numbers, strings) are re-read by the Python
 * rules in `pyNumber.ts` and `pyString.ts`, because lezer's tokens are looser than Python's.
 */
import type { SyntaxNode } from '@lezer/common';
import { NO_ARGS, paramSkip, type ParamText } from './paramMessages';
import { isNumberText, negate, readNumber } from './pyNumber';
import { decodeString } from './pyString';
import { pyEquals, type PyValue } from './pyValue';
import type { ISkip, SkipCode } from './types';

/** The value of a literal, or the reason it is not one. */
export type LiteralResult =
  | { readonly ok: true; readonly value: PyValue }
  | ({ readonly ok: false } & ISkip);

/** Nesting beyond this is refused, so hostile input cannot exhaust the stack. */
const MAX_DEPTH = 100;

/** Node names that can hold a literal and deserve a skip reason when they are not one. */
const LITERAL_LIKE = new Set([
  'Number',
  'String',
  'ContinuedString',
  'FormatString',
  'Boolean',
  'None',
  'Ellipsis',
  'UnaryExpression',
  'ParenthesizedExpression',
  'TupleExpression',
  'ArrayExpression',
  'DictionaryExpression',
  'SetExpression',
  'BinaryExpression',
  'ConditionalExpression'
]);

const LEAVES = new Set([
  'Number',
  'String',
  'FormatString',
  'Boolean',
  'None',
  'Ellipsis'
]);

/** Containers, which count as a literal leaf when empty (`[]`, `()`, `{}`). */
const CONTAINERS = new Set([
  'ArrayExpression',
  'TupleExpression',
  'DictionaryExpression'
]);

/** Punctuation and comments inside containers: not elements. */
const SEPARATORS = new Set(['(', ')', '[', ']', '{', '}', ',', ':', 'Comment']);

/**
 * True when a node that is not a literal still looks like an attempt at one (`[1, x]`,
 * `"a" + b`, `2**10`): such nodes are listed as skipped with a reason. Plain code
 * (`f(x)`, `df.shape`, `a + b`) is not a candidate at all.
 */
export function isLiteralLike(node: SyntaxNode): boolean {
  if (!LITERAL_LIKE.has(node.name) && !isNumberQuirk(node, null)) {
    return false;
  }
  const c = node.cursor();
  do {
    if (LEAVES.has(c.name)) {
      return true;
    }
    if (CONTAINERS.has(c.name) && c.to - c.from <= 64) {
      const inner = c.node.firstChild?.nextSibling;
      if (inner && inner.nextSibling === null && inner.name !== 'Comment') {
        return true; // only the opening and closing bracket
      }
    }
  } while (c.next() && c.from < node.to);
  return false;
}

/** Evaluates the literal at `node` in `source` (the text the tree was parsed from). */
export function evalLiteral(node: SyntaxNode, source: string): LiteralResult {
  return evalNode(node, source, 0);
}

/**
 * Evaluates a bare tuple: the value nodes of `x = 1, 2` (`trailingComma` for `x = 1,`).
 */
export function evalBareTuple(
  nodes: readonly SyntaxNode[],
  source: string
): LiteralResult {
  const items = evalItems(nodes, source, 1);
  return items.ok
    ? { ok: true, value: { kind: 'tuple', items: items.values } }
    : items;
}

function evalNode(node: SyntaxNode, src: string, depth: number): LiteralResult {
  if (depth > MAX_DEPTH) {
    return skip('too-deep', { id: 'too-deep', args: { depth: MAX_DEPTH } });
  }
  const text = (): string => src.slice(node.from, node.to);
  switch (node.name) {
    case 'Number': {
      const n = readNumber(text());
      return n.ok ? { ok: true, value: n.value } : n;
    }
    case 'String':
    case 'FormatString':
      return evalString([node], src);
    case 'ContinuedString':
      return evalString(children(node), src);
    case 'Boolean':
      return { ok: true, value: { kind: 'bool', value: text() === 'True' } };
    case 'None':
      return { ok: true, value: { kind: 'none' } };
    case 'UnaryExpression':
      return evalUnary(node, src, depth);
    case 'ParenthesizedExpression': {
      const inner = children(node);
      return inner.length === 1
        ? evalNode(inner[0], src, depth + 1)
        : skip('not-literal', {
            id: 'not-literal',
            args: { excerpt: short(text()) }
          });
    }
    case 'TupleExpression':
    case 'ArrayExpression': {
      const items = evalItems(children(node), src, depth + 1);
      if (!items.ok) {
        return items;
      }
      const kind = node.name === 'TupleExpression' ? 'tuple' : 'list';
      return { ok: true, value: { kind, items: items.values } };
    }
    case 'DictionaryExpression':
      return evalDict(node, src, depth + 1);
    case 'SetExpression':
      return skip('set', { id: 'set', args: NO_ARGS });
    case 'ConditionalExpression':
      return skip('conditional', {
        id: 'conditional',
        args: { excerpt: short(text()) }
      });
    case 'Ellipsis':
      return skip('not-literal', { id: 'ellipsis', args: NO_ARGS });
    default: {
      const quirk = isNumberQuirk(node, src);
      if (quirk !== null) {
        return quirk;
      }
      if (node.name === 'BinaryExpression') {
        return evalBinary(node, src);
      }
      return skip('not-literal', {
        id: 'not-literal',
        args: { excerpt: short(text()) }
      });
    }
  }
}

/**
 * lezer reads `5.` as `5` plus a member access and `5.e-3` as a subtraction; Python reads one
 * float token. When the node's whole text (after unary signs) is one Python number token,
 * return its value; null otherwise. With `src === null` only answers "is it such a node".
 */
function isNumberQuirk(
  node: SyntaxNode,
  src: string | null
): LiteralResult | null {
  if (node.name !== 'MemberExpression' && node.name !== 'BinaryExpression') {
    return null;
  }
  let first: SyntaxNode = node;
  while (first.firstChild) {
    first = first.firstChild;
  }
  if (first.name !== 'Number' && first.name !== 'ArithOp') {
    return null;
  }
  if (src === null) {
    return { ok: true, value: { kind: 'none' } };
  }
  const m = /^((?:[+-][ \t]*)*)([\s\S]*)$/.exec(src.slice(node.from, node.to));
  if (!m || !isNumberText(m[2])) {
    return null;
  }
  const n = readNumber(m[2]);
  if (!n.ok) {
    return n;
  }
  const minus = (m[1].match(/-/g) ?? []).length;
  return { ok: true, value: minus % 2 === 1 ? negate(n.value) : n.value };
}

function evalUnary(
  node: SyntaxNode,
  src: string,
  depth: number
): LiteralResult {
  const op = node.firstChild;
  const operand = node.lastChild;
  const text = src.slice(node.from, node.to);
  if (!op || !operand || op === operand) {
    return skip('not-literal', {
      id: 'not-literal',
      args: { excerpt: short(text) }
    });
  }
  const sign = src.slice(op.from, op.to);
  if (op.name !== 'ArithOp' || (sign !== '-' && sign !== '+')) {
    return skip('not-literal', {
      id: 'expression',
      args: { excerpt: short(text) }
    });
  }
  const inner = evalNode(operand, src, depth + 1);
  if (!inner.ok) {
    return inner;
  }
  const v = inner.value;
  if (v.kind !== 'int' && v.kind !== 'float') {
    // `-True` is the int -1 in Python: an expression on a bool, not a number literal.
    return skip('not-literal', {
      id: 'unary-not-number',
      args: { sign, kind: v.kind }
    });
  }
  return { ok: true, value: sign === '-' ? negate(v) : v };
}

function evalBinary(node: SyntaxNode, src: string): LiteralResult {
  const text = src.slice(node.from, node.to);
  const op = node.getChild('ArithOp') ?? node.getChild('BitOp');
  const opText = op ? src.slice(op.from, op.to) : '';
  if (opText === '+') {
    return skip('concatenation', {
      id: 'concatenation',
      args: { excerpt: short(text) }
    });
  }
  if (op) {
    return skip('arithmetic', {
      id: 'arithmetic',
      args: { excerpt: short(text) }
    });
  }
  return skip('not-literal', {
    id: 'expression',
    args: { excerpt: short(text) }
  });
}

function evalString(parts: readonly SyntaxNode[], src: string): LiteralResult {
  let value = '';
  for (const p of parts) {
    if (p.name !== 'String' && p.name !== 'FormatString') {
      continue;
    }
    const d = decodeString(src.slice(p.from, p.to));
    if (!d.ok) {
      return d;
    }
    value += d.value;
  }
  return { ok: true, value: { kind: 'str', value } };
}

type Items = { ok: true; values: PyValue[] } | ({ ok: false } & ISkip);

function evalItems(
  nodes: readonly SyntaxNode[],
  src: string,
  depth: number
): Items {
  const values: PyValue[] = [];
  for (const n of nodes) {
    if (n.name === '*' || n.name === '**') {
      return skip('starred', { id: 'starred', args: NO_ARGS });
    }
    const r = evalNode(n, src, depth);
    if (!r.ok) {
      return r;
    }
    values.push(r.value);
  }
  return { ok: true, values };
}

function evalDict(node: SyntaxNode, src: string, depth: number): LiteralResult {
  const parts = children(
    node,
    new Set(['(', ')', '[', ']', '{', '}', ',', 'Comment'])
  );
  const entries: (readonly [PyValue, PyValue])[] = [];
  for (let i = 0; i < parts.length;) {
    if (parts[i].name === '**') {
      return skip('starred', { id: 'starred-mapping', args: NO_ARGS });
    }
    const keyNode = parts[i];
    if (parts[i + 1]?.name !== ':' || !parts[i + 2]) {
      return skip('not-literal', { id: 'malformed-dict', args: NO_ARGS });
    }
    const k = evalNode(keyNode, src, depth);
    if (!k.ok) {
      return k;
    }
    if (
      k.value.kind === 'tuple' ||
      k.value.kind === 'list' ||
      k.value.kind === 'dict'
    ) {
      return skip('unhashable-key', {
        id: 'unhashable-key',
        args: { excerpt: short(src.slice(keyNode.from, keyNode.to)) }
      });
    }
    const v = evalNode(parts[i + 2], src, depth);
    if (!v.ok) {
      return v;
    }
    if (entries.some(([other]) => pyEquals(other, k.value))) {
      return skip('duplicate-key', {
        id: 'duplicate-key',
        args: { excerpt: short(src.slice(keyNode.from, keyNode.to)) }
      });
    }
    entries.push([k.value, v.value]);
    i += 3;
  }
  return { ok: true, value: { kind: 'dict', entries } };
}

/** Child nodes that are elements (not punctuation or comments). */
function children(
  node: SyntaxNode,
  separators: ReadonlySet<string> = SEPARATORS
): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (!separators.has(c.name)) {
      out.push(c);
    }
  }
  return out;
}

function skip(code: SkipCode, text: ParamText): { ok: false } & ISkip {
  return { ok: false, ...paramSkip(code, text) };
}

/** A short, one-line excerpt of source for messages. */
export function short(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 39)}…` : one;
}
