/**
 * Turns a cell of IPython source into plain Python the analysis can parse, and lists every
 * IPython construct it replaced (shared/design/export-rules.md §1).
 *
 * The masked code keeps the line count, and every untouched line byte for byte, so positions
 * found in the Python map back to the cell exactly (see `toOriginalOffset`). Detection follows
 * IPython's own input transformers: an escape (`%`, `!`, `?`) only counts at the start of a
 * logical line, never inside a string or brackets, and a magic extends over backslash-continued
 * lines only.
 */

import { ILines, lineColumnAt, splitLines } from './lines';
import {
  AUTOMAGICS,
  ILiveMagic,
  LIVE_CELL_MAGICS,
  LIVE_LINE_MAGICS,
  OPAQUE_MAGICS
} from './magicNames';

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

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const BACKSLASH = 92;
const SQUOTE = 39;
const DQUOTE = 34;
const PERCENT = 37;
const BANG = 33;
const QUESTION = 63;
const EQUALS = 61;

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === 12;
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 0xa1;
}

function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** Characters that make a following `=` part of another operator (`<=`, `+=`, `:=`). */
const COMPOUND_PREFIX = '=!<>:+-*/%&|^@';

/** Lexical state carried from one physical line to the next. */
interface IScan {
  /** Open string quote char code, or 0. */
  quote: number;
  triple: boolean;
  depth: number;
  /** The previous line ended with a backslash outside a string. */
  continued: boolean;
}

/** What scanning one physical line of Python found. */
interface ILineScan {
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
function scanLine(
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

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Skips a number literal starting at `from`. lezer's grammar has no `1.` (a float with a
 * trailing dot, common in numeric code): records the offset after such a dot so the masked
 * text can read `1.0` there.
 */
function numberEnd(
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

/** A construct before it becomes an `IMagic`: line range plus how to rewrite it. */
interface IConstruct {
  readonly kind: MagicKind;
  readonly name: string;
  readonly startLine: number;
  readonly endLine: number;
  /** Original offset where the construct's own text begins (the `%`, `!`, the word). */
  readonly anchor: number;
  /** Original offset of the arguments' first character (after the name). */
  readonly argsFrom: number;
  /** For assignment forms: original offset where the kept left-hand side ends (the escape). */
  readonly lhsEnd: number;
  /** For assignment forms: offset of the `=`. */
  readonly assignAt: number;
  readonly cell: boolean;
}

/** Where the backslash-continued line starting at `line` ends. */
function continuedEnd(text: string, lines: ILines, line: number): number {
  let end = line;
  const last = lines.start.length - 1;
  while (end < last) {
    const ce = lines.contentEnd[end];
    if (ce > lines.start[end] && text.charCodeAt(ce - 1) === BACKSLASH) {
      end++;
    } else {
      break;
    }
  }
  return end;
}

/** IPython joins backslash-continued magic lines with a space. */
function joinedArgs(
  text: string,
  lines: ILines,
  from: number,
  endLine: number,
  firstLine: number
): string {
  if (endLine === firstLine) {
    return text.slice(from, lines.contentEnd[firstLine]).trim();
  }
  const parts: string[] = [];
  for (let l = firstLine; l <= endLine; l++) {
    const s = l === firstLine ? from : lines.start[l];
    let e = lines.contentEnd[l];
    if (l < endLine) {
      e--; // drop the backslash
    }
    parts.push(text.slice(s, e));
  }
  return parts.join(' ').trim();
}

/** Reads a magic name (up to whitespace) starting at `from`; returns its end. */
function nameEnd(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && !isSpace(text.charCodeAt(i))) {
    i++;
  }
  return i;
}

/** Ends of a leading run of whitespace. */
function skipSpaces(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && isSpace(text.charCodeAt(i))) {
    i++;
  }
  return i;
}

const PY_KEYWORDS_AFTER = new Set([
  'if',
  'else',
  'and',
  'or',
  'in',
  'is',
  'not',
  'for'
]);

/**
 * Decides whether `word rest…` at a statement start is an automagic (`cd data`, `ls -la`)
 * rather than Python (`cat = 3`, `ls - la`, `time.sleep(1)`).
 */
function automagicRest(
  text: string,
  wordEnd: number,
  to: number,
  singleLineCell: boolean
): boolean {
  const restAt = skipSpaces(text, wordEnd, to);
  if (restAt === to || text.charCodeAt(restAt) === HASH) {
    // A bare word is a valid expression; IPython only expands it in a one-line cell.
    return singleLineCell;
  }
  if (restAt === wordEnd) {
    return false; // `ls(`, `time.sleep`, `cd=`: Python
  }
  const c = String.fromCharCode(text.charCodeAt(restAt));
  const c2 = String.fromCharCode(text.charCodeAt(restAt + 1));
  if ('=,;:([)]}'.includes(c)) {
    return false;
  }
  if (c === '.' && isIdentStart(text.charCodeAt(restAt + 1))) {
    return false;
  }
  if ('+-*/%&|^@<>!'.includes(c)) {
    if (c2 === '=') {
      return false; // augmented assignment or comparison
    }
    let k = restAt + 1;
    if ((c === '*' || c === '/' || c === '<' || c === '>') && c2 === c) {
      k++;
      if (text.charCodeAt(k) === EQUALS) {
        return false;
      }
    }
    // `ls - la` is arithmetic; `ls -la`, `cd /tmp`, `ls *.csv` are commands.
    return !(k >= to || isSpace(text.charCodeAt(k)));
  }
  if (isIdentStart(text.charCodeAt(restAt))) {
    let k = restAt;
    while (k < to && isIdentChar(text.charCodeAt(k))) {
      k++;
    }
    const w = text.slice(restAt, k);
    if (PY_KEYWORDS_AFTER.has(w) && (k >= to || isSpace(text.charCodeAt(k)))) {
      return false;
    }
  }
  return true;
}

/** Finds the IPython construct starting logical line `line`, if any. */
function classifyStart(
  text: string,
  lines: ILines,
  line: number,
  firstCodeLine: number,
  singleLineCell: boolean
): IConstruct | null {
  const ls = lines.start[line];
  const ce = lines.contentEnd[line];
  const at = skipSpaces(text, ls, ce);
  if (at >= ce) {
    return null;
  }
  const c = text.charCodeAt(at);
  const c2 = text.charCodeAt(at + 1);
  const base = {
    anchor: at,
    lhsEnd: -1,
    assignAt: -1,
    cell: false
  };
  if (c === PERCENT || c === BANG) {
    const endLine = continuedEnd(text, lines, line);
    const double = c2 === c;
    if (c === PERCENT && double && line === firstCodeLine) {
      const ne = nameEnd(text, at + 2, ce);
      return {
        ...base,
        kind: 'cell-magic',
        name: text.slice(at + 2, ne),
        startLine: line,
        endLine: lines.start.length - 1,
        argsFrom: ne,
        cell: true
      };
    }
    if (c === PERCENT) {
      const ne = nameEnd(text, at + 1, ce);
      const trimmedEnd = lastNonSpace(text, at, lines.contentEnd[endLine]);
      if (endLine === line && text.charCodeAt(trimmedEnd) === QUESTION) {
        return helpConstruct(text, lines, line, line, at);
      }
      return {
        ...base,
        kind: 'line-magic',
        name: text.slice(at + 1, ne),
        startLine: line,
        endLine,
        argsFrom: ne
      };
    }
    const from = at + (double ? 2 : 1);
    return {
      ...base,
      kind: 'shell',
      name: double ? '!!' : '!',
      startLine: line,
      endLine,
      argsFrom: from
    };
  }
  if (c === QUESTION) {
    return helpConstruct(text, lines, line, line, at);
  }
  if (isIdentStart(c)) {
    let we = at;
    while (we < ce && isIdentChar(text.charCodeAt(we))) {
      we++;
    }
    const word = text.slice(at, we);
    if (AUTOMAGICS.has(word) && automagicRest(text, we, ce, singleLineCell)) {
      return {
        ...base,
        kind: 'automagic',
        name: word,
        startLine: line,
        endLine: continuedEnd(text, lines, line),
        argsFrom: we
      };
    }
  }
  return null;
}

function lastNonSpace(text: string, from: number, to: number): number {
  let i = to - 1;
  while (i >= from && isSpace(text.charCodeAt(i))) {
    i--;
  }
  return i;
}

function helpConstruct(
  text: string,
  lines: ILines,
  startLine: number,
  endLine: number,
  anchor: number
): IConstruct {
  const last = lastNonSpace(text, anchor, lines.contentEnd[endLine]);
  const double =
    text.charCodeAt(last) === QUESTION &&
    text.charCodeAt(last - 1) === QUESTION;
  const leadingDouble =
    text.charCodeAt(anchor) === QUESTION &&
    text.charCodeAt(anchor + 1) === QUESTION;
  return {
    kind: 'help',
    name: double || leadingDouble ? '??' : '?',
    startLine,
    endLine,
    anchor,
    argsFrom: anchor,
    lhsEnd: -1,
    assignAt: -1,
    cell: false
  };
}

/** Strips help escapes from both ends of a help construct's text. */
function helpObject(raw: string): string {
  let s = raw.trim();
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) === QUESTION) {
    a++;
  }
  while (b > a && s.charCodeAt(b - 1) === QUESTION) {
    b--;
  }
  s = s.slice(a, b).trim();
  return s;
}

/** Finds the constructs of a cell, in order. */
function findConstructs(
  text: string,
  lines: ILines,
  floatFixes: number[]
): IConstruct[] {
  const count = lines.start.length;
  let firstCodeLine = -1;
  let codeLines = 0;
  for (let l = 0; l < count; l++) {
    const at = skipSpaces(text, lines.start[l], lines.contentEnd[l]);
    if (at < lines.contentEnd[l]) {
      if (firstCodeLine < 0) {
        firstCodeLine = l;
      }
      if (text.charCodeAt(at) !== HASH) {
        codeLines++;
      }
    }
  }
  const out: IConstruct[] = [];
  const st: IScan = { quote: 0, triple: false, depth: 0, continued: false };
  let logicalStart = 0;
  let l = 0;
  while (l < count) {
    const clean = st.quote === 0 && st.depth === 0 && !st.continued;
    if (clean) {
      logicalStart = l;
      const c = classifyStart(text, lines, l, firstCodeLine, codeLines === 1);
      if (c) {
        out.push(c);
        l = c.endLine + 1;
        continue;
      }
    }
    const scan = scanLine(
      text,
      lines.start[l],
      lines.contentEnd[l],
      st,
      clean,
      floatFixes
    );
    if (scan.assignEscape >= 0) {
      const endLine = continuedEnd(text, lines, l);
      const isShell = text.charCodeAt(scan.assignEscape) === BANG;
      const ne = isShell
        ? scan.assignEscape + 1
        : nameEnd(text, scan.assignEscape + 1, lines.contentEnd[l]);
      out.push({
        kind: isShell ? 'shell' : 'line-magic',
        name: isShell ? '!' : text.slice(scan.assignEscape + 1, ne),
        startLine: l,
        endLine,
        anchor: scan.assignEscape,
        argsFrom: ne,
        lhsEnd: scan.assignEscape,
        assignAt: scan.assignAt,
        cell: false
      });
      st.quote = 0;
      st.depth = 0;
      st.continued = false;
      l = endLine + 1;
      continue;
    }
    if (
      st.quote === 0 &&
      st.depth === 0 &&
      !st.continued &&
      scan.lastSignificant >= 0 &&
      text.charCodeAt(scan.lastSignificant) === QUESTION
    ) {
      out.push(
        helpConstruct(
          text,
          lines,
          logicalStart,
          l,
          skipSpaces(
            text,
            lines.start[logicalStart],
            lines.contentEnd[logicalStart]
          )
        )
      );
    }
    l++;
  }
  return out;
}

/** Python expressions IPython would expand in a command: `{name.attr[0]}` and `$name`. */
function findInterpolations(
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
function simpleBraceEnd(text: string, from: number, to: number): number {
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
function skipOptions(
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

/** Builds the masked string and its segment map. */
class Builder {
  readonly parts: string[] = [];
  readonly segments: ISegment[] = [];
  length = 0;

  private nextFix = 0;

  constructor(
    private readonly text: string,
    private readonly floatFixes: readonly number[] = []
  ) {}

  /** Copies Python lines, completing `1.` to `1.0` (the `0` maps to just after the dot). */
  keepPython(from: number, to: number): void {
    const fixes = this.floatFixes;
    while (this.nextFix < fixes.length && fixes[this.nextFix] < from) {
      this.nextFix++;
    }
    let at = from;
    while (this.nextFix < fixes.length && fixes[this.nextFix] <= to) {
      const fix = fixes[this.nextFix++];
      this.keep(at, fix);
      this.synth('0', fix);
      at = fix;
    }
    this.keep(at, to);
  }

  keep(from: number, to: number): void {
    if (to <= from) {
      return;
    }
    const last = this.segments[this.segments.length - 1];
    if (
      last &&
      last.exact &&
      last.original + last.length === from &&
      last.python + last.length === this.length
    ) {
      this.segments[this.segments.length - 1] = {
        ...last,
        length: last.length + (to - from)
      };
    } else {
      this.segments.push({
        python: this.length,
        original: from,
        length: to - from,
        exact: true
      });
    }
    this.parts.push(this.text.slice(from, to));
    this.length += to - from;
  }

  endsWithCR(): boolean {
    const last = this.parts[this.parts.length - 1];
    return last !== undefined && last.charCodeAt(last.length - 1) === 13;
  }

  synth(s: string, anchor: number): void {
    if (s.length === 0) {
      return;
    }
    this.segments.push({
      python: this.length,
      original: anchor,
      length: s.length,
      exact: false
    });
    this.parts.push(s);
    this.length += s.length;
  }
}

/** Emits `(a, b,)` for interpolations, or `fallback` when there are none. */
function emitExpressions(
  b: Builder,
  interps: readonly IInterpolation[],
  anchor: number,
  fallback: string
): void {
  const live = interps.filter(it => !it.shellVariable);
  if (live.length === 0) {
    b.synth(fallback, anchor);
    return;
  }
  b.synth('(', anchor);
  for (const it of live) {
    b.keep(it.offset, it.offset + it.expression.length);
    b.synth(', ', anchor);
  }
  b.synth(')', anchor);
}

/**
 * Masks the IPython syntax of one cell. Never throws; a cell without IPython syntax comes back
 * with `python === source` and a single exact segment.
 */
export function maskIpython(source: string): IMaskedSource {
  const text = typeof source === 'string' ? source : '';
  const lines = splitLines(text);
  const floatFixes: number[] = [];
  const constructs = findConstructs(text, lines, floatFixes);
  if (constructs.length === 0 && floatFixes.length === 0) {
    return {
      original: text,
      python: text,
      magics: [],
      segments:
        text.length > 0
          ? [{ python: 0, original: 0, length: text.length, exact: true }]
          : [],
      opaque: false
    };
  }
  const b = new Builder(text, floatFixes);
  const magics: IMagic[] = [];
  let opaque = false;
  let line = 0;
  for (const c of constructs) {
    // Untouched Python lines before this construct.
    b.keepPython(lines.start[line], lines.start[c.startLine]);
    const m = emitConstruct(text, lines, c, b);
    magics.push(m);
    opaque = opaque || m.opaque;
    line = c.endLine + 1;
  }
  if (line < lines.start.length) {
    b.keepPython(lines.start[line], text.length);
  }
  return {
    original: text,
    python: b.parts.join(''),
    magics,
    segments: b.segments,
    opaque
  };
}

/** Writes the Python replacement of one construct and describes it. */
function emitConstruct(
  text: string,
  lines: ILines,
  c: IConstruct,
  b: Builder
): IMagic {
  const ls = lines.start[c.startLine];
  const firstEnd = lines.contentEnd[c.startLine];
  const indentEnd = skipSpaces(text, ls, firstEnd);
  const indent = text.slice(ls, indentEnd);
  const lastEnd = lines.contentEnd[c.endLine];
  const common = {
    kind: c.kind,
    name: c.name,
    startLine: c.startLine,
    endLine: c.endLine,
    start: ls,
    end: lastEnd,
    indent,
    text: text.slice(ls, lastEnd)
  };
  // The rest of the construct's lines: blank in the Python, line breaks kept.
  const blankRest = (from: number): void => {
    for (let l = from; l <= c.endLine; l++) {
      if (b.endsWithCR() && text.charCodeAt(lines.contentEnd[l]) === 10) {
        // A lone `\r` followed by an emptied line would fuse into one `\r\n` break.
        b.synth(' ', lines.start[l]);
      }
      b.keep(lines.contentEnd[l], lines.end[l]);
    }
  };

  if (c.cell) {
    const live = LIVE_CELL_MAGICS.get(c.name);
    const args = text.slice(c.argsFrom, firstEnd).trim();
    const body =
      c.endLine > c.startLine
        ? text.slice(lines.start[c.startLine + 1], lastEnd)
        : '';
    b.keep(ls, indentEnd);
    let target: string | null = null;
    let interps: IInterpolation[] = [];
    if (live) {
      const stmt = skipOptions(
        text,
        c.argsFrom,
        firstEnd,
        live,
        c.name !== 'timeit'
      );
      const stmtEnd = lastNonSpace(text, stmt, firstEnd) + 1;
      if (c.name === 'capture' && stmt < stmtEnd) {
        // `%%capture out` binds `out` (a CapturedIO).
        const ne = nameEnd(text, stmt, stmtEnd);
        target = text.slice(stmt, ne);
        b.keep(stmt, ne);
        b.synth(' = None', c.anchor);
      } else if ((c.name === 'timeit' || c.name === 'prun') && stmt < stmtEnd) {
        b.keep(stmt, stmtEnd); // timeit's setup statement runs too
      } else {
        b.synth('pass', c.anchor);
      }
      b.keep(firstEnd, lines.end[c.startLine]);
      if (c.endLine > c.startLine) {
        b.keep(lines.start[c.startLine + 1], lines.end[c.endLine]);
      }
    } else {
      interps = findInterpolations(text, c.argsFrom, firstEnd);
      emitExpressions(b, interps, c.anchor, 'pass');
      b.keep(firstEnd, lines.end[c.startLine]);
      blankRest(c.startLine + 1);
    }
    return {
      ...common,
      args,
      target,
      live: live !== undefined,
      keepsBindings: live ? live.keepsBindings : false,
      opaque: OPAQUE_MAGICS.has(c.name),
      body,
      interpolations: interps
    };
  }

  if (c.kind === 'help') {
    b.keep(ls, indentEnd);
    b.synth('pass', c.anchor);
    blankRest(c.startLine);
    return {
      ...common,
      args: helpObject(text.slice(c.anchor, lastEnd)),
      target: null,
      live: false,
      keepsBindings: false,
      opaque: false,
      body: '',
      interpolations: []
    };
  }

  const args = joinedArgs(text, lines, c.argsFrom, c.endLine, c.startLine);
  const assigned = c.lhsEnd >= 0;
  const target = assigned ? text.slice(ls, c.assignAt).trim() : null;
  b.keep(ls, assigned ? c.lhsEnd : indentEnd);
  const live = c.kind === 'shell' ? undefined : LIVE_LINE_MAGICS.get(c.name);
  if (live) {
    const stmt = skipOptions(
      text,
      c.argsFrom,
      firstEnd,
      live,
      c.name === 'time'
    );
    if (stmt < firstEnd && !(assigned && c.name !== 'time')) {
      // `%time lr = 0.01` runs `lr = 0.01`: keep it live, continuation lines included.
      b.keep(stmt, lines.end[c.endLine]);
      return {
        ...common,
        args,
        target,
        live: true,
        keepsBindings: live.keepsBindings,
        opaque: false,
        body: '',
        interpolations: []
      };
    }
  }
  const interps = findInterpolations(text, c.argsFrom, lastEnd);
  emitExpressions(b, interps, c.anchor, assigned ? 'None' : 'pass');
  b.keep(firstEnd, lines.end[c.startLine]);
  blankRest(c.startLine + 1);
  const storeRestore = c.name === 'store' && /(^|\s)-r\b/.test(args);
  return {
    ...common,
    args,
    target,
    live: false,
    keepsBindings: false,
    opaque: c.kind !== 'shell' && (OPAQUE_MAGICS.has(c.name) || storeRestore),
    body: '',
    interpolations: interps
  };
}

/** Index of the segment holding python offset `offset` (the last one starting at or before it). */
function segmentAt(segments: readonly ISegment[], offset: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid].python <= offset) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

/**
 * Maps an offset in `masked.python` to the original source. Offsets in copied text map
 * exactly; offsets in synthetic text (`pass`, `None`) map to the start of the construct.
 */
export function toOriginalOffset(
  masked: IMaskedSource,
  offset: number
): number {
  const segs = masked.segments;
  if (segs.length === 0) {
    return 0;
  }
  const off = Math.max(0, Math.min(offset, masked.python.length));
  const s = segs[segmentAt(segs, off)];
  if (!s.exact) {
    return s.original;
  }
  return Math.min(s.original + (off - s.python), masked.original.length);
}

/**
 * Maps an offset in the original source to `masked.python`, or null when that text was masked
 * (it is not Python).
 */
export function toPythonOffset(
  masked: IMaskedSource,
  offset: number
): number | null {
  // Linear: a cell has one segment per construct or two, not thousands.
  for (const s of masked.segments) {
    if (s.exact && offset >= s.original && offset < s.original + s.length) {
      return s.python + (offset - s.original);
    }
  }
  return offset === masked.original.length && masked.python === masked.original
    ? offset
    : null;
}

/**
 * Maps a 0-based line and column of `masked.python` to the original source. Lines are the
 * same in both; only columns move (`%time lr = 0.01`).
 */
export function toOriginalPosition(
  masked: IMaskedSource,
  line: number,
  column: number
): { line: number; column: number } {
  const py = splitLines(masked.python);
  const l = Math.max(0, Math.min(line, py.start.length - 1));
  const off = Math.min(py.start[l] + Math.max(0, column), py.end[l]);
  return lineColumnAt(
    splitLines(masked.original),
    toOriginalOffset(masked, off)
  );
}
