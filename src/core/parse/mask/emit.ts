/**
 * Writing the masked Python: each construct replaced by code that binds and reads what IPython
 * would, with the segment map from the masked text back to the cell.
 */
import { ILines, splitLines } from '../lines';
import {
  LIVE_CELL_MAGICS,
  LIVE_LINE_MAGICS,
  OPAQUE_MAGICS
} from '../magicNames';
import { IInterpolation, IMagic, ISegment, IMaskedSource } from './types';
import {
  IConstruct,
  joinedArgs,
  lastNonSpace,
  helpObject,
  findConstructs
} from './constructs';
import { findInterpolations, skipOptions } from './interpolations';
import { mayNeedMasking } from './quickCheck';
import { recentCache } from '../../util/recentCache';
import { nameEnd, skipSpaces } from './scanLine';

/** Builds the masked string and its segment map. */
export class Builder {
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
export function emitExpressions(
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
 * The cells masked most recently: an export masks a cell with IPython syntax three times (its
 * parse, its pip installs, its translation).
 */
const recentMasks = recentCache(256, scanAndMask);

/**
 * Masks the IPython syntax of one cell. Never throws; a cell without IPython syntax comes back
 * with `python === source` and a single exact segment.
 */
export function maskIpython(source: string): IMaskedSource {
  const text = typeof source === 'string' ? source : '';
  return mayNeedMasking(text) ? recentMasks(text) : unmasked(text);
}

/** `maskIpython` of a cell the quick checks could not clear: the full line scan. */
function scanAndMask(text: string): IMaskedSource {
  const lines = splitLines(text);
  const floatFixes: number[] = [];
  const constructs = findConstructs(text, lines, floatFixes);
  if (constructs.length === 0 && floatFixes.length === 0) {
    return unmasked(text);
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

/** A cell the masker leaves as it is. */
function unmasked(text: string): IMaskedSource {
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

/** Writes the Python replacement of one construct and describes it. */
export function emitConstruct(
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
