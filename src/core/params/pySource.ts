/**
 * Python source for values: what `repr` would print, so generated code (the parameters cell,
 * the config prelude) means exactly the value it was generated from.
 */
import { pyFloatRepr, pyIntSource } from './pyNumber';
import type { PyValue } from './pyValue';

/**
 * Characters both our Python and YAML string writers escape: quote, backslash, C0, DEL, C1,
 * line and paragraph separators, BOM, the two non-characters and any surrogate (pairs are
 * then checked one by one).
 */
export const NEEDS_ESCAPE =
  // eslint-disable-next-line no-control-regex
  /["\\\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;

const NAMED: Readonly<Record<number, string>> = {
  0x09: '\\t',
  0x0a: '\\n',
  0x0d: '\\r',
  0x22: '\\"',
  0x5c: '\\\\'
};

/**
 * A double-quoted Python string literal for `s`: control characters, line separators, the BOM
 * and lone surrogates escaped, so the source is one line of printable text.
 */
export function pyStringSource(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) {
    return `"${s}"`;
  }
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i] + s[i + 1];
        i++;
        continue;
      }
    }
    if (NAMED[c] !== undefined) {
      out += NAMED[c];
    } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      out += `\\x${c.toString(16).padStart(2, '0')}`;
    } else if (
      (c >= 0xd800 && c <= 0xdfff) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0xfeff ||
      c === 0xfffe ||
      c === 0xffff
    ) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else {
      out += s[i];
    }
  }
  return `${out}"`;
}

/** Python source for a float: its repr, or `float("inf")`-style calls for the non-finite. */
export function pyFloatSource(x: number): string {
  const r = pyFloatRepr(x);
  return r === 'nan' || r === 'inf' || r === '-inf' ? `float("${r}")` : r;
}

/** Python source that evaluates to `v` (ints keep their radix, tuples their commas). */
export function pySource(v: PyValue): string {
  switch (v.kind) {
    case 'int':
      return pyIntSource(v);
    case 'float':
      return pyFloatSource(v.value);
    case 'str':
      return pyStringSource(v.value);
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'list':
      return `[${v.items.map(pySource).join(', ')}]`;
    case 'tuple':
      return v.items.length === 1
        ? `(${pySource(v.items[0])},)`
        : `(${v.items.map(pySource).join(', ')})`;
    case 'dict':
      return `{${v.entries.map(([k, x]) => `${pySource(k)}: ${pySource(x)}`).join(', ')}}`;
  }
}
