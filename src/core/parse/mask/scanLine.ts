/**
 * The lexical scan of one physical line of Python (strings, brackets, comments), carried from
 * line to line: where an IPython escape may start and where a line really ends.
 */

export const SPACE = 32;
export const TAB = 9;
export const HASH = 35;
export const BACKSLASH = 92;
export const SQUOTE = 39;
export const DQUOTE = 34;
export const PERCENT = 37;
export const BANG = 33;
export const QUESTION = 63;
export const EQUALS = 61;

export function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === 12;
}

export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 0xa1;
}

export function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** Characters that make a following `=` part of another operator (`<=`, `+=`, `:=`). */
export const COMPOUND_PREFIX = '=!<>:+-*/%&|^@';

/** Lexical state carried from one physical line to the next. */
export interface IScan {
  /** Open string quote char code, or 0. */
  quote: number;
  triple: boolean;
  depth: number;
  /** The previous line ended with a backslash outside a string. */
  continued: boolean;
}

/** What scanning one physical line of Python found. */
export interface ILineScan {
  /** Offset of the last character outside strings and comments, or -1. */
  lastSignificant: number;
  /** Offset of the `!`/`%` of an `x = !cmd` / `x = %magic` form, or -1. */
  assignEscape: number;
  /** Offset of that form's `=`, or -1. */
  assignAt: number;
}

/**
 * Scans `text[from, to)` as Python, updating `st`. When `findAssign` is set, also looks for
 * IPython's assignment forms: the first `=` at bracket depth 0 followed by `!` or `%name`.
 */
export function scanLine(
  text: string,
  from: number,
  to: number,
  st: IScan,
  findAssign: boolean,
  floatFixes: number[]
): ILineScan {
  let lastSignificant = -1;
  let lookForAssign = findAssign;
  st.continued = false;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (st.quote !== 0) {
      if (c === BACKSLASH) {
        if (i + 1 >= to) {
          // A backslash-newline continues any string.
          return { lastSignificant: i, assignEscape: -1, assignAt: -1 };
        }
        i += 2;
        continue;
      }
      if (c === st.quote) {
        if (!st.triple) {
          st.quote = 0;
          lastSignificant = i;
        } else if (
          text.charCodeAt(i + 1) === c &&
          text.charCodeAt(i + 2) === c &&
          i + 2 < to
        ) {
          st.quote = 0;
          st.triple = false;
          i += 3;
          lastSignificant = i - 1;
          continue;
        }
      }
      i++;
      continue;
    }
    if (c === HASH) {
      break;
    }
    if (c === SQUOTE || c === DQUOTE) {
      st.quote = c;
      st.triple =
        i + 2 < to &&
        text.charCodeAt(i + 1) === c &&
        text.charCodeAt(i + 2) === c;
      i += st.triple ? 3 : 1;
      lastSignificant = i - 1;
      continue;
    }
    if (c === BACKSLASH && i + 1 === to) {
      st.continued = true;
      break;
    }
    if (
      c >= 48 &&
      c <= 57 &&
      (i === from || !isIdentChar(text.charCodeAt(i - 1)))
    ) {
      const end = numberEnd(text, i, to, floatFixes);
      lastSignificant = end - 1;
      i = end;
      continue;
    }
    if (!isSpace(c)) {
      lastSignificant = i;
    }
    if (c === 40 || c === 91 || c === 123) {
      st.depth++;
    } else if (c === 41 || c === 93 || c === 125) {
      st.depth = Math.max(0, st.depth - 1);
    } else if (c === EQUALS && lookForAssign && st.depth === 0) {
      if (text.charCodeAt(i + 1) === EQUALS) {
        i += 2; // `==`
        continue;
      }
      const prev = i > from ? text.charCodeAt(i - 1) : 0;
      if (!COMPOUND_PREFIX.includes(String.fromCharCode(prev))) {
        // IPython only looks at the first plain `=` (`a = b = !ls` is not a system assign).
        lookForAssign = false;
        const j = skipSpaces(text, i + 1, to);
        const e = text.charCodeAt(j);
        if (
          (e === BANG && text.charCodeAt(j + 1) !== EQUALS) ||
          (e === PERCENT && isIdentStart(text.charCodeAt(j + 1)))
        ) {
          return { lastSignificant, assignEscape: j, assignAt: i };
        }
      }
    }
    i++;
  }
  if (st.quote !== 0 && !st.triple) {
    // An unterminated one-line string ends with its line (a syntax error Python reports).
    st.quote = 0;
  }
  return { lastSignificant, assignEscape: -1, assignAt: -1 };
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Skips a number literal starting at `from`. lezer's grammar has no `1.` (a float with a
 * trailing dot, common in numeric code): records the offset after such a dot so the masked
 * text can read `1.0` there.
 */
export function numberEnd(
  text: string,
  from: number,
  to: number,
  floatFixes: number[]
): number {
  let j = from + 1;
  const x = text.charCodeAt(j) | 32;
  if (text.charCodeAt(from) === 48 && (x === 120 || x === 111 || x === 98)) {
    while (j < to && isIdentChar(text.charCodeAt(j))) {
      j++; // 0x…, 0o…, 0b…
    }
    return j;
  }
  while (j < to && (isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) {
    j++;
  }
  if (
    text.charCodeAt(j) !== 46 ||
    (j > from && text.charCodeAt(from - 1) === 46)
  ) {
    return j;
  }
  const n = j + 1 < to ? text.charCodeAt(j + 1) : -1;
  if (isDigit(n)) {
    return j + 1; // an ordinary float: the digits after the dot are scanned next
  }
  const lower = n | 32;
  const exponent =
    lower === 101 &&
    (isDigit(text.charCodeAt(j + 2)) ||
      ((text.charCodeAt(j + 2) === 43 || text.charCodeAt(j + 2) === 45) &&
        isDigit(text.charCodeAt(j + 3))));
  const imaginary = lower === 106 && !isIdentChar(text.charCodeAt(j + 2));
  if (exponent || imaginary || !isIdentChar(n)) {
    floatFixes.push(j + 1);
  }
  return j + 1;
}

/** Reads a magic name (up to whitespace) starting at `from`; returns its end. */
export function nameEnd(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && !isSpace(text.charCodeAt(i))) {
    i++;
  }
  return i;
}

/** Ends of a leading run of whitespace. */
export function skipSpaces(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && isSpace(text.charCodeAt(i))) {
    i++;
  }
  return i;
}
