/**
 * The Python expressions IPython expands in a command (`{expr}`, `$name`) and the options
 * before a statement magic's statement.
 */
import { ILiveMagic } from '../magicNames';
import { IInterpolation } from './types';
import {
  SQUOTE,
  DQUOTE,
  isSpace,
  isIdentStart,
  isIdentChar,
  nameEnd,
  skipSpaces
} from './scanLine';

/** Python expressions IPython would expand in a command: `{name.attr[0]}` and `$name`. */
export function findInterpolations(
  text: string,
  from: number,
  to: number
): IInterpolation[] {
  const out: IInterpolation[] = [];
  let inSingle = false;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === SQUOTE) {
      inSingle = !inSingle; // IPython ignores `$name` inside single quotes
      i++;
      continue;
    }
    if (c === 123) {
      if (text.charCodeAt(i + 1) === 123) {
        i += 2; // `{{` is a literal brace
        continue;
      }
      const close = simpleBraceEnd(text, i + 1, to);
      if (close > 0) {
        const expr = text.slice(i + 1, close).trim();
        const lead =
          text.slice(i + 1, close).length -
          text.slice(i + 1, close).trimStart().length;
        out.push({
          expression: expr,
          offset: i + 1 + lead,
          shellVariable: false
        });
        i = close + 1;
        continue;
      }
    } else if (c === 36 && !inSingle) {
      if (text.charCodeAt(i + 1) === 36) {
        i += 2; // `$$` is a literal dollar
        continue;
      }
      if (
        isIdentStart(text.charCodeAt(i + 1)) &&
        text.charCodeAt(i + 1) < 128
      ) {
        let k = i + 1;
        for (;;) {
          while (k < to && isIdentChar(text.charCodeAt(k))) {
            k++;
          }
          if (
            text.charCodeAt(k) === 46 &&
            isIdentStart(text.charCodeAt(k + 1))
          ) {
            k++;
            continue;
          }
          break;
        }
        const expression = text.slice(i + 1, k);
        out.push({
          expression,
          offset: i + 1,
          shellVariable: expression === expression.toUpperCase()
        });
        i = k;
        continue;
      }
    }
    i++;
  }
  return out;
}

/**
 * End (the `}`) of a `{…}` holding a simple Python expression (names, attributes, literal
 * subscripts), or -1. Anything richer (`{print $1}` in awk) is left alone rather than risk
 * feeding shell text to the Python parser.
 */
export function simpleBraceEnd(text: string, from: number, to: number): number {
  let i = skipSpaces(text, from, to);
  if (i >= to || !isIdentStart(text.charCodeAt(i))) {
    return -1;
  }
  let brackets = 0;
  let quote = 0;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) {
        quote = 0;
      }
      continue;
    }
    if (c === SQUOTE || c === DQUOTE) {
      if (brackets === 0) {
        return -1;
      }
      quote = c;
    } else if (c === 91) {
      brackets++;
    } else if (c === 93) {
      if (--brackets < 0) {
        return -1;
      }
    } else if (c === 125) {
      return brackets === 0 ? i : -1;
    } else if (!(
      isIdentChar(c) ||
      c === 46 ||
      isSpace(c) ||
      (brackets > 0 && (c === 45 || c === 58 || c === 44))
    )) {
      return -1;
    }
    if (isSpace(c) && brackets === 0) {
      // `{a b}` is not an expression; only trailing space before `}` is allowed.
      const k = skipSpaces(text, i, to);
      return text.charCodeAt(k) === 125 ? k : -1;
    }
  }
  return -1;
}

/** Skips IPython-style options (`-n 10 -r3 -o`, `--no-stdout`) and returns the statement start. */
export function skipOptions(
  text: string,
  from: number,
  to: number,
  live: ILiveMagic,
  longOnly: boolean
): number {
  let i = skipSpaces(text, from, to);
  while (i < to && text.charCodeAt(i) === 45) {
    const isLong = text.charCodeAt(i + 1) === 45;
    if (longOnly && !isLong) {
      break;
    }
    const te = nameEnd(text, i, to);
    const flag = text.slice(i + 1, te);
    i = skipSpaces(text, te, to);
    if (!isLong && flag.length === 1 && live.valued.has(flag)) {
      i = skipSpaces(text, nameEnd(text, i, to), to);
    }
  }
  return i;
}
