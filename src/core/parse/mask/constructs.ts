/**
 * Finding the IPython constructs of a cell, following IPython's input transformers: escapes at
 * the start of a logical line, cell magics, automagics, help, backslash continuations.
 */
import { ILines } from '../lines';
import { AUTOMAGICS } from '../magicNames';
import { MagicKind } from './types';
import {
  HASH,
  BACKSLASH,
  PERCENT,
  BANG,
  QUESTION,
  EQUALS,
  isSpace,
  isIdentStart,
  isIdentChar,
  IScan,
  nameEnd,
  scanLine,
  skipSpaces
} from './scanLine';

/** A construct before it becomes an `IMagic`: line range plus how to rewrite it. */
export interface IConstruct {
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
export function continuedEnd(
  text: string,
  lines: ILines,
  line: number
): number {
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
export function joinedArgs(
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

export const PY_KEYWORDS_AFTER = new Set([
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
export function automagicRest(
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
export function classifyStart(
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

export function lastNonSpace(text: string, from: number, to: number): number {
  let i = to - 1;
  while (i >= from && isSpace(text.charCodeAt(i))) {
    i--;
  }
  return i;
}

export function helpConstruct(
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
export function helpObject(raw: string): string {
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
export function findConstructs(
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
