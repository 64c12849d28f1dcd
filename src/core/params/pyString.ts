/**
 * Decodes the text of one Python string token exactly as CPython does (Lexical analysis,
 * "String and Bytes literals"), or says why it cannot.
 *
 * Refused rather than guessed: f-strings and t-strings (they run code), bytes (YAML has no
 * bytes), `\N{NAME}` (needs the Unicode name database, which is not bundled), and surrogate
 * escapes (`"\ud83d\ude00"` is two code points in Python but one character in JavaScript).
 */

import {
  NO_ARGS,
  paramSkip,
  type ParamArgs,
  type ParamText
} from './paramMessages';

/** Why a string token is not extracted. */
export type StringSkipCode =
  | 'f-string'
  | 'bytes'
  | 'unicode-name-escape'
  | 'surrogate'
  | 'invalid-literal';

/** The decoded value, or why the token is not extracted. */
export type DecodedString =
  | { readonly ok: true; readonly value: string }
  | {
      readonly ok: false;
      readonly code: StringSkipCode;
      readonly message: string;
      readonly text: ParamText;
    };

const PREFIX_RE = /^([A-Za-z]*)('''|"""|'|")/;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v'
};

/** Decodes one string token (`r"..."`, `'''...'''`, `u'...'`). */
export function decodeString(token: string): DecodedString {
  const m = PREFIX_RE.exec(token);
  if (!m) {
    return invalid({ id: 'not-a-string', args: { excerpt: short(token) } });
  }
  const prefix = m[1].toLowerCase();
  const quote = m[2];
  if (prefix.includes('f') || prefix.includes('t')) {
    const kind: ParamArgs<'f-string'>['prefix'] = prefix.includes('f')
      ? 'f'
      : 't';
    return {
      ok: false,
      ...paramSkip('f-string', { id: 'f-string', args: { prefix: kind } })
    };
  }
  if (prefix.includes('b')) {
    return { ok: false, ...paramSkip('bytes', { id: 'bytes', args: NO_ARGS }) };
  }
  if (!['', 'r', 'u'].includes(prefix)) {
    return invalid({ id: 'string-prefix', args: { prefix: m[1] } });
  }
  const start = m[0].length;
  const end = token.length - quote.length;
  if (end < start || !token.endsWith(quote)) {
    return invalid({ id: 'unterminated-string', args: NO_ARGS });
  }
  // Python reads source with universal newlines: a CRLF inside a triple-quoted string is `\n`.
  const body = token.slice(start, end).replace(/\r\n?/g, '\n');
  const decoded =
    prefix === 'r' ? { ok: true as const, value: body } : unescape(body);
  if (decoded.ok && hasLoneSurrogate(decoded.value)) {
    return {
      ok: false,
      ...paramSkip('surrogate', { id: 'lone-surrogate', args: NO_ARGS })
    };
  }
  return decoded;
}

/** Applies Python's escape sequences to the body of a non-raw `str` literal. */
function unescape(body: string): DecodedString {
  let out = '';
  let i = 0;
  const n = body.length;
  while (i < n) {
    const j = body.indexOf('\\', i);
    if (j < 0) {
      out += body.slice(i);
      break;
    }
    out += body.slice(i, j);
    if (j + 1 >= n) {
      return invalid({ id: 'lone-backslash', args: NO_ARGS });
    }
    const c = body[j + 1];
    i = j + 2;
    if (c === '\n') {
      continue; // backslash-newline: a line continuation inside the string
    }
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    if (c >= '0' && c <= '7') {
      // Up to three octal digits; values above 0o377 are still one code point in a str.
      let k = j + 1;
      while (k < n && k < j + 4 && body[k] >= '0' && body[k] <= '7') {
        k++;
      }
      out += String.fromCodePoint(parseInt(body.slice(j + 1, k), 8));
      i = k;
      continue;
    }
    if (c === 'x' || c === 'u' || c === 'U') {
      const width = c === 'x' ? 2 : c === 'u' ? 4 : 8;
      const hex = body.slice(i, i + width);
      if (hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) {
        return invalid({ id: 'truncated-escape', args: { escape: `\\${c}` } });
      }
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) {
        return invalid({
          id: 'beyond-unicode',
          args: { escape: `\\${c}${hex}` }
        });
      }
      if (code >= 0xd800 && code <= 0xdfff) {
        return {
          ok: false,
          ...paramSkip('surrogate', {
            id: 'surrogate-escape',
            args: { escape: `\\${c}${hex}` }
          })
        };
      }
      out += String.fromCodePoint(code);
      i += width;
      continue;
    }
    if (c === 'N') {
      return {
        ok: false,
        ...paramSkip('unicode-name-escape', {
          id: 'name-escape',
          args: NO_ARGS
        })
      };
    }
    // Unknown escapes keep their backslash (Python warns but keeps both characters).
    out += `\\${c}`;
  }
  return { ok: true, value: out };
}

/** True when `s` has a UTF-16 surrogate that is not part of a pair. */
export function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return true;
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      return true;
    }
  }
  return false;
}

function invalid(text: ParamText): DecodedString {
  return { ok: false, ...paramSkip('invalid-literal', text) };
}

function short(s: string): string {
  return s.length > 20 ? `${s.slice(0, 20)}…` : s;
}
