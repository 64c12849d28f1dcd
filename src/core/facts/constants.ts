/**
 * Constant folding of conditions, so that code which can never run (`if False:`, `if DEBUG:`
 * with `DEBUG = False` above, `if (n := 3) > 5:`) adds no reads and no bindings. Only
 * literals, names bound to a literal, `not`/`and`/`or` and comparisons of those fold;
 * anything else is unknown, and an unknown condition keeps both branches (the old rule).
 */
import type { SyntaxNode } from '@lezer/common';

/** A Python literal value the folder understands. */
export type ConstValue = boolean | number | string | null;

/** Names known to hold a literal at some point (absent: unknown). */
export type ConstEnv = ReadonlyMap<string, ConstValue>;

/** The folded value, or `undefined` when the expression is not a constant. */
export type Folded = { readonly value: ConstValue } | undefined;

/** In a notebook `__name__` is `'__main__'` unless the code rebinds it. */
const PREDEFINED: ConstEnv = new Map<string, ConstValue>([
  ['__name__', '__main__'],
  ['__debug__', true]
]);

/** Python truthiness of a literal. */
export function truthy(v: ConstValue): boolean {
  return v !== null && v !== false && v !== 0 && v !== '';
}

/** The value of a plain string literal (no f-string, bytes or escapes), or undefined. */
export function stringValue(text: string): string | undefined {
  const m = /^([rRuU]?)('''|"""|'|")([\s\S]*)\2$/.exec(text);
  if (m === null) {
    return undefined;
  }
  const body = m[3];
  if (m[1] === '' || m[1] === 'u' || m[1] === 'U') {
    if (body.includes('\\')) {
      return undefined;
    }
  }
  return body;
}

/** The value of an int or float literal (no complex), or undefined. */
function numberValue(text: string): number | undefined {
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) {
    return undefined;
  }
  const v = /^0[xob]/i.test(t) ? Number(t) : Number.parseFloat(t);
  return Number.isFinite(v) ? v : undefined;
}

/** A literal node's value: the key of an element-level subscript (`cfg['lr']`, `xs[0]`). */
export function literalKey(node: SyntaxNode, text: string): string | undefined {
  const raw = text.slice(node.from, node.to);
  if (node.name === 'String') {
    const s = stringValue(raw);
    return s === undefined ? undefined : `s:${s}`;
  }
  if (node.name === 'Number') {
    const n = numberValue(raw);
    return n === undefined || !Number.isInteger(n) ? undefined : `n:${n}`;
  }
  return undefined;
}

/**
 * Folds `node`. `lookup` gives the constant value of a name (or undefined); names not
 * known there fall back to `__name__`/`__debug__`.
 */
export function fold(
  node: SyntaxNode | null,
  text: string,
  lookup: (name: string) => Folded
): Folded {
  if (node === null) {
    return undefined;
  }
  const raw = (): string => text.slice(node.from, node.to);
  switch (node.name) {
    case 'Boolean':
      return { value: raw() === 'True' };
    case 'None':
      return { value: null };
    case 'Number': {
      const n = numberValue(raw());
      return n === undefined ? undefined : { value: n };
    }
    case 'String': {
      const s = stringValue(raw());
      return s === undefined ? undefined : { value: s };
    }
    case 'VariableName': {
      const name = raw();
      const known = lookup(name);
      if (known !== undefined) {
        return known;
      }
      return PREDEFINED.has(name)
        ? { value: PREDEFINED.get(name) as ConstValue }
        : undefined;
    }
    case 'ParenthesizedExpression': {
      const kids = kidsOf(node);
      return kids.length === 3 ? fold(kids[1], text, lookup) : undefined;
    }
    case 'NamedExpression': {
      const kids = kidsOf(node);
      return kids.length === 3 ? fold(kids[2], text, lookup) : undefined;
    }
    case 'UnaryExpression': {
      const kids = kidsOf(node);
      if (kids.length !== 2) {
        return undefined;
      }
      const v = fold(kids[1], text, lookup);
      if (v === undefined) {
        return undefined;
      }
      const op = text.slice(kids[0].from, kids[0].to);
      if (op === 'not') {
        return { value: !truthy(v.value) };
      }
      if (typeof v.value === 'number' && (op === '-' || op === '+')) {
        return { value: op === '-' ? -v.value : v.value };
      }
      return undefined;
    }
    case 'BinaryExpression':
      return binary(kidsOf(node), text, lookup);
    default:
      return undefined;
  }
}

function binary(
  kids: SyntaxNode[],
  text: string,
  lookup: (name: string) => Folded
): Folded {
  if (kids.length < 3) {
    return undefined;
  }
  const left = kids[0];
  const right = kids[kids.length - 1];
  const ops = kids
    .slice(1, -1)
    .map(k => text.slice(k.from, k.to))
    .join(' ');
  if (ops === 'and' || ops === 'or') {
    const l = fold(left, text, lookup);
    if (l === undefined) {
      // `unknown and False` is falsy, `unknown or True` truthy, whatever the left side.
      const r = fold(right, text, lookup);
      if (r !== undefined && truthy(r.value) === (ops === 'or')) {
        return { value: ops === 'or' };
      }
      return undefined;
    }
    if (truthy(l.value) === (ops === 'or')) {
      return l;
    }
    return fold(right, text, lookup);
  }
  const l = fold(left, text, lookup);
  const r = fold(right, text, lookup);
  if (l === undefined || r === undefined) {
    return undefined;
  }
  const a = l.value;
  const b = r.value;
  switch (ops) {
    case '==':
      return { value: a === b };
    case '!=':
      return { value: a !== b };
    case 'is':
      return a === null || b === null || typeof a === 'boolean'
        ? { value: a === b }
        : undefined;
    case 'is not':
      return a === null || b === null || typeof a === 'boolean'
        ? { value: a !== b }
        : undefined;
    case '<':
    case '<=':
    case '>':
    case '>=':
      return ordered(a, b, ops);
    default:
      return undefined;
  }
}

function ordered(a: ConstValue, b: ConstValue, op: string): Folded {
  const same =
    (typeof a === 'number' && typeof b === 'number') ||
    (typeof a === 'string' && typeof b === 'string');
  if (!same) {
    return undefined;
  }
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case '<':
      return { value: x < y };
    case '<=':
      return { value: x <= y };
    case '>':
      return { value: x > y };
    default:
      return { value: x >= y };
  }
}

function kidsOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name !== 'Comment') {
      out.push(c);
    }
  }
  return out;
}

/** The literal value an assignment's right-hand side folds to (literals only, no names). */
export function literalValue(node: SyntaxNode, text: string): Folded {
  return fold(node, text, () => undefined);
}
