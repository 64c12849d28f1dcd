/**
 * One code cell (or one run of a cell) → the lines of Python that stand for it in the
 * script. IPython syntax is translated construct by construct (`translateMagic`); every
 * other line is copied byte for byte. A cell that does not parse as Python 3 is exported
 * commented out with a diagnostic, never as broken code: the result always compiles.
 */
import { getFacts } from '../facts/factsCache';
import { lineColumnAt, splitLines } from '../parse/lines';
import { maskIpython, mayHaveIpython, type IMagic } from '../parse/maskIpython';
import { parsePython, type IParsedCell } from '../parse/parsePython';
import {
  describeSyntax,
  type CommentedOutCause,
  type SyntaxProblem
} from '../parse/syntaxProblem';
import { parser as pyParser } from '@lezer/python';
import type { ICellFacts, IParseError } from '../types';
import { ipythonCleanup } from './cleanup';
import { compileErrors, mayHaveCompileErrors } from './compileChecks';
import type { Needs } from './imports';
import {
  commentLines,
  escapeMarkerLine,
  IPYTHON_COMMENT,
  IPYTHON_REPLACED,
  isMarkerLike,
  NOTE,
  oneLine
} from './markers';
import { applyHistoryPlan, type IHistoryPlan } from './historyValues';
import { translateMagic, type ITranslateContext } from './translateMagic';
import type { ExportWarningCode, IExportUnit, ShellCellPolicy } from './types';

/** What a cell's translation needs from the whole export. */
export interface ICellContext {
  readonly ipython: boolean;
  readonly shellCells: ShellCellPolicy;
  /** Names the exported code binds anywhere. */
  readonly bound: ReadonlySet<string>;
  /** Names bound by the units before this one (history variables, `get_ipython`). */
  readonly boundBefore: ReadonlySet<string>;
  /** True when a unit after this one reads `name`. */
  readonly usedLater: (name: string) => boolean;
  readonly pathName: string;
  readonly needs: Needs;
  readonly warn: (
    code: ExportWarningCode,
    message: string,
    line: number | null,
    cause?: CommentedOutCause
  ) => void;
  readonly requirement: (req: string) => void;
  /** Records `from __future__` features; the script imports them once, at its top. */
  readonly future: (features: readonly string[]) => void;
  /** How this cell's `_`/`Out[N]` reads and last expression are translated (`historyValues`). */
  readonly history?: IHistoryPlan | null;
  /** `ipythonCleanup(normalizeSource(unit.source)).source` when the caller has it already. */
  readonly cleaned?: string;
}

/** Names IPython puts in the user namespace that plain Python lacks. */
const IPYTHON_ONLY = ['get_ipython', 'display'];

/**
 * Source as Python reads it: `\r\n` and `\r` become `\n` (the tokenizer does the same, so
 * nothing changes meaning). Returns the same string when there is no CR, so the facts cache
 * hits the entry the analysis made.
 */
export function normalizeSource(source: string): string {
  return source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
}

/** A code unit's source as the script runs it: the source the script's facts are of. */
export function scriptSource(source: string): string {
  return ipythonCleanup(normalizeSource(source)).source;
}

/** Drops trailing whitespace-only lines. */
function trimEnd(lines: string[]): string[] {
  let n = lines.length;
  while (n > 0 && lines[n - 1].trim() === '') {
    n--;
  }
  return n === lines.length ? lines : lines.slice(0, n);
}

/** The Python lines for one code unit (without its `# %%` marker). Never throws. */
export function emitCode(unit: IExportUnit, cx: ICellContext): string[] {
  if (unit.missing === true) {
    cx.warn(
      'missing-source',
      'the record lacks the source of this run; it is left out',
      null
    );
    return [
      `${NOTE}missing-source: the execution record lacks the source of this run.`
    ];
  }
  const cleaned =
    cx.cleaned ?? ipythonCleanup(normalizeSource(unit.source)).source;
  if (cleaned.trim() === '') {
    return [];
  }
  if (unit.status === 'error') {
    cx.warn(
      'errored-run',
      'this run raised an error in the kernel: exported commented out',
      null
    );
    return commentedOut(
      cleaned,
      'errored-run: this run raised an error in the kernel (statements before the error did run)'
    );
  }
  if (cleaned.includes('\0')) {
    return syntaxError(cleaned, cx, 1, 0, { id: 'null-bytes' });
  }
  const facts = getFacts(cleaned);
  if (facts.parseError !== null) {
    const e = facts.parseError;
    return syntaxError(cleaned, cx, e.line, e.column, e.problem);
  }
  const masked = mayHaveIpython(cleaned) ? maskIpython(cleaned) : null;
  const lines = cleaned.split('\n');
  let out: string[];
  if (masked === null || masked.magics.length === 0) {
    // The history plan only touches cells without IPython syntax (offsets are the source's).
    out =
      cx.history === undefined || cx.history === null
        ? lines
        : applyHistoryPlan(cleaned, cx.history).split('\n');
  } else {
    const pyLines = masked.python.split('\n');
    const tcx: ITranslateContext = {
      ipython: cx.ipython,
      shellCells: cx.shellCells,
      bound: cx.bound,
      usedLater: cx.usedLater,
      pathName: cx.pathName,
      liveLines: m => pyLines.slice(m.startLine, m.endLine + 1),
      stringLines: text => stringLines(parsePython(text))
    };
    out = [];
    let next = 0;
    for (const m of masked.magics) {
      out.push(...lines.slice(next, m.startLine));
      out.push(...renderMagic(m, lines, tcx, cx));
      next = m.endLine + 1;
    }
    out.push(...lines.slice(next));
  }
  return finish(
    trimEnd(out),
    cleaned,
    masked !== null && masked.magics.length > 0,
    facts,
    cx
  );
}

/** The construct's lines in the script, per its translation. */
function renderMagic(
  m: IMagic,
  lines: readonly string[],
  tcx: ITranslateContext,
  cx: ICellContext
): string[] {
  const t = translateMagic(m, tcx);
  for (const w of t.warnings) {
    cx.warn(w.code, w.message, m.startLine + 1);
  }
  for (const r of t.requirements) {
    cx.requirement(r);
  }
  cx.needs.add(...t.needs);
  const original = lines.slice(m.startLine, m.endLine + 1);
  if (t.mode === 'keep') {
    return original;
  }
  const ind = m.indent;
  const rest = (line: string): string =>
    line.startsWith(ind) ? line.slice(ind.length) : line.trimStart();
  if (t.mode === 'comment') {
    return original.map((line, i) => {
      // A magic alone in an indented block must leave a statement behind.
      const lead = i === 0 && ind !== '' ? 'pass  ' : '';
      return `${ind}${lead}${IPYTHON_COMMENT}${rest(line)}`;
    });
  }
  // Replaced: cell magics keep their whole first line as the marker (the body follows).
  const head = m.kind === 'cell-magic' ? [original[0]] : original;
  return [
    ...head.map(line => `${ind}${IPYTHON_REPLACED}${rest(line)}`),
    ...t.lines.map(line => (line === '' ? '' : `${ind}${line}`))
  ];
}

/** Checks the translated lines, escapes marker-like lines, and adds history notes. */
function finish(
  out: string[],
  cleaned: string,
  translated: boolean,
  facts: ICellFacts,
  cx: ICellContext
): string[] {
  const text = out.join('\n');
  // Every marker-like line holds `%%`: most cells have none and skip the per-line test.
  const markerLines = text.includes('%%') && out.some(isMarkerLike);
  const hasFuture = text.includes('__future__');
  let parsed: IParsedCell | null = null;
  if (translated || markerLines || hasFuture || mayHaveCompileErrors(text)) {
    parsed = parsePython(text);
    const e = parsed.error ?? (translated ? leftover(parsed, text) : null);
    if (e !== null && translated) {
      const said = describeSyntax(e.problem);
      cx.warn(
        'syntax-error',
        `the translated IPython syntax does not parse (${said}); exported commented out`,
        null,
        { kind: 'translated', problem: e.problem }
      );
      return commentedOut(
        cleaned,
        `syntax-error: the cell's IPython syntax could not be translated to valid Python (${oneLine(said)}); the cell is commented out`
      );
    }
    const ce = compileErrors(parsed.tree);
    if (ce !== null) {
      const at = lineColumnAt(splitLines(parsed.masked.python), ce.at);
      return syntaxError(cleaned, cx, at.line + 1, at.column, ce.problem);
    }
  }
  if (hasFuture && parsed !== null) {
    out = hoistFuture(out, parsed, cx);
  }
  if (markerLines && parsed !== null) {
    const inString = stringLines(parsed);
    out = out.map((line, i) => {
      if (!isMarkerLike(line)) {
        return line;
      }
      if (inString.has(i)) {
        cx.warn(
          'marker-in-string',
          `line ${i + 1} looks like a "# %%" cell marker but is inside a string: kept as is`,
          i + 1
        );
        return line;
      }
      return escapeMarkerLine(line);
    });
  }
  const notes: string[] = [];
  const done = cx.history?.translated;
  const history = facts.history.filter(
    n => !cx.boundBefore.has(n) && done?.has(n) !== true
  );
  if (history.length > 0) {
    const names = history.join(', ');
    cx.warn(
      'history-var',
      `reads ${names}: IPython's output history, which depends on execution order and does not exist in a script; assign the value to a name instead`,
      null
    );
    notes.push(
      `${NOTE}history-var: this cell reads ${names} (IPython's output history); name the value instead.`
    );
  }
  if (!cx.ipython) {
    for (const name of IPYTHON_ONLY) {
      if (
        !cx.boundBefore.has(name) &&
        !facts.defs.includes(name) &&
        readsName(facts, name)
      ) {
        if (name === 'display') {
          cx.needs.add('display');
        } else {
          cx.warn(
            'needs-ipython',
            `calls ${name}(), which only exists inside IPython`,
            null
          );
          notes.push(
            `${NOTE}needs-ipython: ${name}() only exists inside IPython; run this script with ipython.`
          );
        }
      }
    }
  }
  return notes.length > 0 ? [...notes, ...out] : out;
}

/**
 * A kernel compiles each cell alone, so `from __future__ import …` may open any cell; in a
 * script it must come before all other code. The statement moves to the top of the script
 * (`emitScript`) and leaves a note in its cell. Only whole-line statements at top level move.
 */
function hoistFuture(
  out: string[],
  parsed: IParsedCell,
  cx: ICellContext
): string[] {
  const py = parsed.masked.python;
  const lines = splitLines(py);
  const moved = new Map<number, { last: number; text: string }>();
  for (let n = parsed.tree.topNode.firstChild; n !== null; n = n.nextSibling) {
    const stmt = py.slice(n.from, n.to);
    const m = /^from\s+__future__\s+import\s+\(?([\s\S]*?)\)?\s*$/.exec(stmt);
    if (n.name !== 'ImportStatement' || m === null) {
      continue;
    }
    const first = lineColumnAt(lines, n.from);
    const last = lineColumnAt(lines, n.to);
    if (
      first.column !== 0 ||
      py.slice(n.to, lines.contentEnd[last.line]).trim() !== ''
    ) {
      continue;
    }
    const features = m[1]
      .split(',')
      .map(f => f.trim().split(/\s+/)[0])
      .filter(f => /^[A-Za-z_]\w*$/.test(f));
    cx.future(features);
    moved.set(first.line, {
      last: last.line,
      text: oneLine(stmt).replace(/\s+/g, ' ')
    });
  }
  if (moved.size === 0) {
    return out;
  }
  const result: string[] = [];
  for (let i = 0; i < out.length; i++) {
    const mv = moved.get(i);
    if (mv === undefined) {
      result.push(out[i]);
      continue;
    }
    result.push(
      `${NOTE}moved to the top of the script (it must come first there): ${mv.text}`
    );
    i = mv.last;
  }
  return result;
}

/**
 * The masker reads IPython syntax into the translated text only where a construct was kept
 * as Python on purpose (an automagic word the notebook binds, as `cd = 3` then `cd data`):
 * plain Python must accept those lines as they are, so they are checked without masking.
 */
function leftover(parsed: IParsedCell, text: string): IParseError | null {
  if (parsed.masked.magics.length === 0) {
    return null;
  }
  let found: IParseError | null = null;
  const tree = pyParser.parse(text);
  tree.iterate({
    enter: n => {
      if (found === null && n.type.isError) {
        const at = lineColumnAt(splitLines(text), n.from);
        found = {
          line: at.line + 1,
          column: at.column,
          problem: { id: 'invalid-syntax' }
        };
      }
      return found === null;
    }
  });
  return found;
}

/** The cell or one of its functions reads `name`. */
function readsName(facts: ICellFacts, name: string): boolean {
  if (facts.reads.includes(name)) {
    return true;
  }
  return Object.values(facts.functions).some(f => f.reads.includes(name));
}

function syntaxError(
  cleaned: string,
  cx: ICellContext,
  line: number,
  column: number,
  problem: SyntaxProblem
): string[] {
  const said = oneLine(describeSyntax(problem));
  cx.warn(
    'syntax-error',
    `does not parse as Python 3 (line ${line}, column ${column + 1}: ${said}); exported commented out`,
    line,
    { kind: 'parse', line, column: column + 1, problem }
  );
  return commentedOut(
    cleaned,
    `syntax-error at line ${line}, column ${column + 1}: ${said}; the cell is commented out`
  );
}

function commentedOut(cleaned: string, diagnostic: string): string[] {
  return [`${NOTE}${diagnostic}`, ...commentLines(cleaned.trimEnd())];
}

/**
 * 0-based lines of the parsed text that start inside a string literal (the second and later
 * lines of a multi-line string): re-indenting or escaping them would change the value.
 */
export function stringLines(parsed: IParsedCell): ReadonlySet<number> {
  const text = parsed.masked.python;
  const lines = splitLines(text);
  const out = new Set<number>();
  const cursor = parsed.tree.cursor();
  do {
    if (cursor.name === 'String' || cursor.name === 'FormatString') {
      const from = cursor.from;
      const to = cursor.to;
      if (text.slice(from, to).includes('\n')) {
        const first = lineColumnAt(lines, from).line;
        const last = lineColumnAt(lines, to).line;
        for (let l = first + 1; l <= last; l++) {
          out.add(l);
        }
      }
    }
  } while (cursor.next());
  return out;
}
