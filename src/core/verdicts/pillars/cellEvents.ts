/**
 * What one cell source does that matters to the environment, data and randomness verdicts,
 * as a list of events in execution order: imports, calls (with their path-like arguments
 * kept symbolic), bindings of names to paths or booleans, shell commands and `%cd`.
 *
 * Precision first: code that does not run top-down produces no events — bodies of
 * `if False:`/`while False:`, lambdas, class bodies, nested functions. A top-level
 * function's events are kept apart (`fn`) and replayed where the notebook calls it.
 * Events under an `if` whose test is not known are marked `uncertain`; those inside a
 * `try` whose handler catches the error (or under an `os.path.exists` test) are `guarded`.
 *
 * Per source, so cached like the facts; aliases are resolved later, per notebook.
 */

import type { SyntaxNode } from '@lezer/common';

import type { IMagic } from '../../parse/maskIpython';
import { toOriginalOffset } from '../../parse/maskIpython';
import { parsePython } from '../../parse/parsePython';
import { recentCache } from '../../util/recentCache';
import {
  argumentGroups,
  importParts,
  stringValue as literalString
} from '../../util/pythonSyntax';
import type { PathExpr } from './pathExpr';
import { MAY_REFERENCE_REMOVED, REMOVED_LAST_PARTS } from './removedApis';
import { importsUnits } from '../../util/importUnits';

/** A keyword or positional argument: its path expression and its literal value, if any. */
export interface IArg {
  readonly path: PathExpr | null;
  /** `True`/`False`/`None`/number/string literal value; undefined for anything else. */
  readonly lit?: string | number | boolean | null;
}

/** Why an event may not run, or may not fail when it runs. */
export interface IEventContext {
  /** The top-level function whose body holds the event; null at top level. */
  readonly fn: string | null;
  /** Conditions on names bound to booleans (`if DOWNLOAD:`): all must hold. */
  readonly conds: readonly { readonly name: string; readonly want: boolean }[];
  /** Under an `if` with an unknown test, in an `except` handler or `else` of a loop. */
  readonly uncertain: boolean;
  /** In a `try` whose handler catches ImportError (or wider). */
  readonly importGuard: boolean;
  /** In a `try` catching OSError (or wider), or under an existence test. */
  readonly fileGuard: boolean;
  /** 0-based line in the cell (for messages). */
  readonly line: number;
}

export type CellEvent = IEventContext &
  (
    | { readonly t: 'import'; readonly module: string }
    | {
        readonly t: 'alias';
        readonly name: string;
        readonly dotted: string;
      }
    | {
        readonly t: 'call';
        /** Dotted callee parts as written (`pd.read_csv` → ['pd', 'read_csv']); null if not dotted. */
        readonly parts: readonly string[] | null;
        /** For `<expr>.method(...)`: the method and the receiver as a path expression. */
        readonly method: string | null;
        readonly receiver: PathExpr | null;
        readonly pos: readonly IArg[];
        readonly kw: Readonly<Record<string, IArg>>;
        /** `*args` or `**kwargs` present: arguments not fully known. */
        readonly starred: boolean;
        /** Source text of the call (trimmed to one line), for messages. */
        readonly text: string;
      }
    | {
        readonly t: 'bind';
        readonly name: string;
        readonly value: PathExpr | null;
        /** A boolean literal (`DOWNLOAD = False`), for conditions. */
        readonly bool: boolean | null;
        /** The dotted callee when the value is a call (`pd.read_csv(…)` → ['pd', 'read_csv']). */
        readonly call: readonly string[] | null;
      }
    | {
        readonly t: 'def';
        readonly name: string;
        readonly params: readonly string[];
      }
    | {
        readonly t: 'shell';
        /** The command line(s), after `!` or in a `%%bash` body. */
        readonly command: string;
      }
    | { readonly t: 'cd'; readonly path: PathExpr | null }
    | {
        /** A reference to an attribute a library removed (`np.float`, `df.ix[…]`), not a call. */
        readonly t: 'ref';
        /** Dotted parts as written (`['np', 'float']`); null when the object is not dotted. */
        readonly parts: readonly string[] | null;
        readonly prop: string;
      }
    | {
        readonly t: 'magic';
        readonly name: string;
        readonly args: string;
      }
  );

/** Events of one source, with whether it parsed. */
export interface ICellEvents {
  readonly events: readonly CellEvent[];
  readonly parsed: boolean;
}

const FALSE_CTX: IEventContext = {
  fn: null,
  conds: [],
  uncertain: false,
  importGuard: false,
  fileGuard: false,
  line: 0
};

/** Events of `source`, computed once per distinct source (the 2,048 most recent kept). Never throws. */
export const cellEvents: (source: string) => ICellEvents = recentCache(
  2048,
  source => {
    try {
      return scan(source);
    } catch {
      return { events: [], parsed: false };
    }
  }
);

interface IScan {
  readonly text: string;
  readonly original: string;
  readonly toOriginal: (at: number) => number;
  readonly lineStarts: number[];
  readonly magicsByLine: Map<number, IMagic>;
  readonly out: CellEvent[];
  /** Called for a masked line that holds an IPython construct, with its context. */
  magicHook: ((m: IMagic, ctx: IEventContext) => void) | null;
  /** Lines of dead code (`if False:` bodies): IPython constructs there never run. */
  readonly deadLines: Set<number>;
  /** The text may reference a removed name: collect such references (`ref` events). */
  readonly refs: boolean;
}

function scan(source: string): ICellEvents {
  const cell = parsePython(source);
  const text = cell.masked.python;
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) {
    lineStarts.push(i + 1);
  }
  const magicsByLine = new Map<number, IMagic>();
  for (const m of cell.masked.magics) {
    magicsByLine.set(m.startLine, m);
  }
  const sc: IScan = {
    text,
    original: source,
    toOriginal: at => toOriginalOffset(cell.masked, at),
    lineStarts,
    magicsByLine,
    out: [],
    magicHook: null,
    deadLines: new Set(),
    refs: MAY_REFERENCE_REMOVED.test(text)
  };
  const seenMagics = new Set<IMagic>();
  const topMagic = (m: IMagic, ctx: IEventContext): void => {
    if (!seenMagics.has(m)) {
      seenMagics.add(m);
      magicEvents(m, { ...ctx, line: m.startLine }, sc);
    }
  };
  sc.magicHook = topMagic;
  body(cell.tree.topNode, FALSE_CTX, sc);
  // Magics the walk did not meet (a cell magic whose body is not Python): top level.
  for (const m of cell.masked.magics) {
    if (!seenMagics.has(m) && !sc.deadLines.has(m.startLine)) {
      topMagic(m, FALSE_CTX);
    }
  }
  return { events: byLine(sc.out), parsed: cell.error === null };
}

/** Events by line, in emission order within a line (most cells emit them in order already). */
function byLine(out: CellEvent[]): CellEvent[] {
  let sorted = true;
  for (let i = 1; i < out.length && sorted; i++) {
    sorted = out[i - 1].line <= out[i].line;
  }
  if (sorted) {
    return out;
  }
  const events = out.map((e, i) => ({ e, i }));
  events.sort((a, b) => a.e.line - b.e.line || a.i - b.i);
  return events.map(x => x.e);
}

function lineOf(sc: IScan, originalOffset: number): number {
  let lo = 0;
  let hi = sc.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sc.lineStarts[mid] <= originalOffset) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

function src(sc: IScan, n: SyntaxNode): string {
  return sc.text.slice(n.from, n.to);
}

function kids(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) {
    out.push(c);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Statements

function body(n: SyntaxNode, ctx: IEventContext, sc: IScan): void {
  for (let c = n.firstChild; c; c = c.nextSibling) {
    statement(c, ctx, sc);
  }
}

/** The first child named `name` (as `getChild`, without collecting every match). */
function child(n: SyntaxNode, name: string): SyntaxNode | null {
  for (let c = n.firstChild; c; c = c.nextSibling) {
    if (c.name === name) {
      return c;
    }
  }
  return null;
}

function at(ctx: IEventContext, n: SyntaxNode, sc: IScan): IEventContext {
  return withLine(ctx, lineOf(sc, sc.toOriginal(n.from)));
}

/**
 * `{ ...ctx, line }` written out: a spread copies through V8's generic path, and this runs for
 * every statement and event of the corpus. Same keys in the same order (FALSE_CTX's).
 */
function withLine(ctx: IEventContext, line: number): IEventContext {
  return {
    fn: ctx.fn,
    conds: ctx.conds,
    uncertain: ctx.uncertain,
    importGuard: ctx.importGuard,
    fileGuard: ctx.fileGuard,
    line
  };
}

/** A body's context: `ctx` with other conditions and flags, written out as {@link withLine}. */
function inBody(
  ctx: IEventContext,
  conds: IEventContext['conds'],
  uncertain: boolean,
  importGuard: boolean,
  fileGuard: boolean
): IEventContext {
  return {
    fn: ctx.fn,
    conds,
    uncertain,
    importGuard,
    fileGuard,
    line: ctx.line
  };
}

/** `ctx`, uncertain also when `more`. */
function uncertainIf(ctx: IEventContext, more: boolean): IEventContext {
  return inBody(
    ctx,
    ctx.conds,
    ctx.uncertain || more,
    ctx.importGuard,
    ctx.fileGuard
  );
}

function statement(n: SyntaxNode, ctx: IEventContext, sc: IScan): void {
  switch (n.name) {
    case 'Body':
      return body(n, ctx, sc);
    case 'PassStatement': {
      const line = lineOf(sc, sc.toOriginal(n.from));
      const m = sc.magicsByLine.get(line);
      if (m !== undefined && sc.magicHook) {
        sc.magicHook(m, ctx);
      }
      return;
    }
    case 'ImportStatement':
      return importStatement(n, at(ctx, n, sc), sc);
    case 'IfStatement':
      return ifStatement(n, ctx, sc);
    case 'WhileStatement':
      return whileStatement(n, ctx, sc);
    case 'ForStatement':
      return forStatement(n, ctx, sc);
    case 'TryStatement':
      return tryStatement(n, ctx, sc);
    case 'WithStatement':
      return withStatement(n, ctx, sc);
    case 'DecoratedStatement': {
      for (const c of kids(n)) {
        if (c.name === 'Decorator') {
          callsAt(c, ctx, sc);
        } else {
          statement(c, ctx, sc);
        }
      }
      return;
    }
    case 'FunctionDefinition':
      return functionDefinition(n, ctx, sc);
    case 'ClassDefinition':
      return classDefinition(n, ctx, sc);
    case 'AssignStatement':
      return assignStatement(n, ctx, sc);
    default:
      callsAt(n, ctx, sc);
  }
}

/**
 * A class: its bases run at definition. The methods of a top-level class are kept apart
 * like functions (`Net.__init__`, without `self`), replayed where the notebook makes an
 * instance or calls a method of one; the rest of the body is not followed.
 */
function classDefinition(n: SyntaxNode, ctx: IEventContext, sc: IScan): void {
  for (const c of kids(n)) {
    if (c.name === 'ArgList') {
      callsAt(c, ctx, sc);
    }
  }
  const name = child(n, 'VariableName');
  const b = child(n, 'Body');
  if (ctx.fn !== null || name === null || b === null) {
    return;
  }
  const cls = src(sc, name);
  for (let c = b.firstChild; c; c = c.nextSibling) {
    if (c.name === 'FunctionDefinition') {
      functionDefinition(c, ctx, sc, cls);
    }
  }
}

function functionDefinition(
  n: SyntaxNode,
  ctx: IEventContext,
  sc: IScan,
  /** The class whose method this is (its first parameter, `self`, is not a parameter). */
  cls: string | null = null
): void {
  const name = child(n, 'VariableName');
  const params = child(n, 'ParamList');
  const b = child(n, 'Body');
  if (name === null || b === null) {
    return;
  }
  if (params !== null) {
    // Default values run at definition.
    callsAt(params, ctx, sc);
  }
  if (ctx.fn !== null) {
    return; // a nested function: not followed
  }
  const fnName = cls === null ? src(sc, name) : `${cls}.${src(sc, name)}`;
  const paramNames =
    params === null
      ? []
      : kids(params)
          .filter(c => c.name === 'VariableName')
          .map(c => src(sc, c))
          .slice(cls === null ? 0 : 1);
  const here = at(ctx, n, sc);
  sc.out.push({
    fn: here.fn,
    conds: here.conds,
    uncertain: here.uncertain,
    importGuard: here.importGuard,
    fileGuard: here.fileGuard,
    line: here.line,
    t: 'def',
    name: fnName,
    params: paramNames
  });
  body(b, { ...FALSE_CTX, fn: fnName }, sc);
}

/** The truth of a test: a constant, a (possibly negated) name, or unknown. */
type Truth = boolean | { name: string; want: boolean } | null;

function truth(n: SyntaxNode, sc: IScan): Truth {
  if (n.name === 'Boolean') {
    return src(sc, n) === 'True';
  }
  if (n.name === 'Number') {
    const v = Number(src(sc, n).replace(/_/g, ''));
    return Number.isNaN(v) ? null : v !== 0;
  }
  if (n.name === 'None') {
    return false;
  }
  if (n.name === 'VariableName') {
    return { name: src(sc, n), want: true };
  }
  if (n.name === 'ParenthesizedExpression') {
    const inner = n.firstChild?.nextSibling;
    return inner ? truth(inner, sc) : null;
  }
  if (n.name === 'UnaryExpression' && n.firstChild?.name === 'not') {
    const inner = n.lastChild;
    const t = inner ? truth(inner, sc) : null;
    if (t === null) {
      return null;
    }
    return typeof t === 'boolean' ? !t : { name: t.name, want: !t.want };
  }
  const first = sc.text.charCodeAt(n.from);
  // Only a test that starts with `_` (or a blank) can be about `__name__`.
  if (n.name === 'BinaryExpression' && (first === 95 || first <= 32)) {
    // `__name__ == "__main__"`: true in a notebook.
    const s = src(sc, n).replace(/\s+/g, '');
    if (/^__name__==(['"])__main__\1$/.test(s)) {
      return true;
    }
    if (/^__name__!=(['"])__main__\1$/.test(s)) {
      return false;
    }
  }
  return null;
}

/** True when `n` calls something that tests for a file's existence. */
function testsExistence(n: SyntaxNode, sc: IScan): boolean {
  return /\b(exists|isfile|isdir|is_file|is_dir|glob|listdir|access)\s*\(/.test(
    src(sc, n)
  );
}

/** Mark the lines of a body that never runs. */
function dead(b: SyntaxNode, sc: IScan): void {
  const from = lineOf(sc, sc.toOriginal(b.from));
  const to = lineOf(sc, sc.toOriginal(b.to));
  for (let l = from; l <= to; l++) {
    sc.deadLines.add(l);
  }
}

function ifStatement(n: SyntaxNode, ctx: IEventContext, sc: IScan): void {
  const cs = kids(n);
  const fileGuard = cs.some(
    c => c.name !== 'Body' && c.name !== 'if' && testsExistence(c, sc)
  );
  let reached = true; // no earlier branch was certainly taken
  let certainBefore = true; // every earlier test was a constant
  const negs: { name: string; want: boolean }[] = [];
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    if (c.name === 'if' || c.name === 'elif') {
      const test = cs[i + 1];
      const b = cs[i + 2];
      if (test === undefined || b === undefined || b.name !== 'Body') {
        return;
      }
      i += 2;
      callsAt(test, ctx, sc);
      const t = truth(test, sc);
      if (!reached || t === false) {
        dead(b, sc);
        continue;
      }
      const inner = inBody(
        ctx,
        [
          ...ctx.conds,
          ...negs,
          ...(t !== null && typeof t !== 'boolean' ? [t] : [])
        ],
        ctx.uncertain || t === null || (!certainBefore && negs.length === 0),
        ctx.importGuard,
        ctx.fileGuard || fileGuard
      );
      body(b, inner, sc);
      if (t === true) {
        reached = false;
      } else if (t === null) {
        certainBefore = false;
      } else {
        negs.push({ name: t.name, want: !t.want });
      }
    } else if (c.name === 'else') {
      const b = cs[i + 1];
      i += 1;
      if (b === undefined) {
        continue;
      }
      if (!reached) {
        dead(b, sc);
        continue;
      }
      body(
        b,
        inBody(
          ctx,
          [...ctx.conds, ...negs],
          ctx.uncertain || !certainBefore,
          ctx.importGuard,
          ctx.fileGuard || fileGuard
        ),
        sc
      );
    }
  }
}

function whileStatement(n: SyntaxNode, ctx: IEventContext, sc: IScan): void {
  const cs = kids(n);
  const test = cs[1];
  if (test !== undefined) {
    callsAt(test, ctx, sc);
    if (truth(test, sc) === false) {
      cs.filter(c => c.name === 'Body').forEach(c => dead(c, sc));
      return;
    }
  }
  for (const c of cs.slice(2)) {
    if (c.name === 'Body') {
      body(c, uncertainIf(ctx, c !== cs[2]), sc);
    }
  }
}

function forStatement(n: SyntaxNode, ctx: IEventContext, sc: IScan): void {
  const cs = kids(n);
  const inAt = cs.findIndex(c => c.name === 'in');
  for (const t of cs.slice(1, inAt < 0 ? 1 : inAt)) {
    for (const v of targets(t, sc)) {
      sc.out.push(unknownBind(at(ctx, t, sc), v));
    }
  }
  let first = true;
  for (const c of cs.slice(inAt + 1)) {
    if (c.name === 'Body') {
      // The loop body (first Body) is taken to run; a `for … else` body is uncertain.
      body(c, uncertainIf(ctx, !first), sc);
      first = false;
    } else if (c.name !== ':' && c.name !== 'else') {
      callsAt(c, ctx, sc);
    }
  }
}

const IMPORT_ERRORS = new Set([
  'ImportError',
  'ModuleNotFoundError',
  'Exception',
  'BaseException'
]);
const FILE_ERRORS = new Set([
  'FileNotFoundError',
  'OSError',
  'IOError',
  'EnvironmentError',
  'Exception',
  'BaseException'
]);

function tryStatement(n: SyntaxNode, ctx: IEventContext, sc: IScan): void {
  const cs = kids(n);
  // Which errors the handlers catch: a bare `except:` catches everything.
  let importGuard = false;
  let fileGuard = false;
  for (let i = 0; i < cs.length; i++) {
    if (cs[i].name === 'except') {
      const next = cs[i + 1];
      if (next === undefined || next.name === 'Body') {
        importGuard = fileGuard = true;
      } else {
        const caught = src(sc, next).match(/[A-Za-z_][A-Za-z0-9_.]*/g) ?? [];
        for (const c of caught) {
          const last = c.split('.').pop() ?? c;
          importGuard ||= IMPORT_ERRORS.has(last);
          fileGuard ||= FILE_ERRORS.has(last);
        }
      }
    }
  }
  let seenBody = false;
  let inHandler = false;
  for (const c of cs) {
    if (c.name === 'except') {
      inHandler = true;
    } else if (c.name === 'Body') {
      if (!seenBody) {
        seenBody = true;
        body(
          c,
          inBody(
            ctx,
            ctx.conds,
            ctx.uncertain,
            ctx.importGuard || importGuard,
            ctx.fileGuard || fileGuard
          ),
          sc
        );
      } else {
        // Handlers, `else` and `finally`: a handler runs only when the body raised.
        body(c, uncertainIf(ctx, inHandler), sc);
      }
    } else if (c.name === 'else' || c.name === 'finally') {
      inHandler = false;
    }
  }
}

function withStatement(n: SyntaxNode, ctx: IEventContext, sc: IScan): void {
  for (const c of kids(n)) {
    if (c.name === 'Body') {
      body(c, ctx, sc);
    } else if (c.name === 'VariableName') {
      const prev = c.prevSibling;
      if (prev?.name === 'as') {
        sc.out.push(unknownBind(at(ctx, c, sc), src(sc, c)));
      }
    } else if (c.name !== 'with' && c.name !== 'as' && c.name !== ',') {
      callsAt(c, ctx, sc);
    }
  }
}

/** `name` bound to something not a path (a loop or `with … as` target), at `here`. */
function unknownBind(here: IEventContext, name: string): CellEvent {
  return bindEvent(here, name, null, null, null);
}

/** A `bind` event at `here`, written out (a spread of the context is V8's slow generic copy). */
function bindEvent(
  here: IEventContext,
  name: string,
  value: PathExpr | null,
  bool: boolean | null,
  call: readonly string[] | null
): CellEvent {
  return {
    fn: here.fn,
    conds: here.conds,
    uncertain: here.uncertain,
    importGuard: here.importGuard,
    fileGuard: here.fileGuard,
    line: here.line,
    t: 'bind',
    name,
    value,
    bool,
    call
  };
}

function targets(n: SyntaxNode, sc: IScan): string[] {
  if (n.name === 'VariableName') {
    return [src(sc, n)];
  }
  if (
    n.name === 'TupleExpression' ||
    n.name === 'ArrayExpression' ||
    n.name === 'ParenthesizedExpression'
  ) {
    return kids(n).flatMap(c => targets(c, sc));
  }
  return [];
}

function assignStatement(n: SyntaxNode, ctx: IEventContext, sc: IScan): void {
  const cs = kids(n);
  const ops = cs.filter(c => c.name === 'AssignOp' || c.name === 'TypeDef');
  const value = cs[cs.length - 1];
  if (value === undefined) {
    return;
  }
  const here = at(ctx, n, sc);
  calls(value, here, sc);
  // Plain `a = b = <value>`: every target gets the value; anything else binds to "unknown".
  const plain = ops.every(o => o.name === 'AssignOp' && src(sc, o) === '=');
  const pv = plain ? pathExpr(value, sc) : null;
  const b = plain ? truth(value, sc) : null;
  const callee =
    plain && value.name === 'CallExpression' ? value.firstChild : null;
  const call = callee ? dottedParts(callee, sc) : null;
  for (const c of cs.slice(0, -1)) {
    if (c.name === 'AssignOp' || c.name === 'TypeDef' || c.name === ',') {
      continue;
    }
    for (const name of targets(c, sc)) {
      sc.out.push(
        bindEvent(
          here,
          name,
          c.name === 'VariableName' ? pv : null,
          c.name === 'VariableName' && typeof b === 'boolean' ? b : null,
          c.name === 'VariableName' ? call : null
        )
      );
    }
    if (c.name !== 'VariableName') {
      calls(c, here, sc);
    }
  }
}

function importStatement(n: SyntaxNode, ctx: IEventContext, sc: IScan): void {
  const emit = (module: string): void => {
    if (module !== '' && module !== '__future__') {
      // Written out, as withLine: one of the most frequent events.
      sc.out.push({
        fn: ctx.fn,
        conds: ctx.conds,
        uncertain: ctx.uncertain,
        importGuard: ctx.importGuard,
        fileGuard: ctx.fileGuard,
        line: ctx.line,
        t: 'import',
        module
      });
    }
  };
  const alias = (name: string, dotted: string): void => {
    sc.out.push({
      fn: ctx.fn,
      conds: ctx.conds,
      uncertain: ctx.uncertain,
      importGuard: ctx.importGuard,
      fileGuard: ctx.fileGuard,
      line: ctx.line,
      t: 'alias',
      name,
      dotted
    });
  };
  const parts = importParts(n, c => src(sc, c));
  if (parts === null) {
    return; // relative import: a local module by construction
  }
  if (parts.from !== null) {
    if (importsUnits(parts.from) && parts.names.length > 0) {
      // `from google import colab`: each name is a unit of its own (not `*`).
      for (const { dotted } of parts.names) {
        emit(`${parts.from}.${dotted}`);
      }
    } else {
      emit(parts.from);
    }
    for (const { dotted, alias: as } of parts.names) {
      alias(as ?? dotted, `${parts.from}.${dotted}`);
    }
    return;
  }
  for (const { dotted, alias: as } of parts.names) {
    emit(dotted);
    const head = dotted.split('.')[0];
    alias(as ?? head, as !== null ? dotted : head);
  }
}

// ---------------------------------------------------------------------------------------------
// Calls inside an expression or simple statement

/**
 * Every call under `n` in evaluation order (callee before arguments), skipping lambdas. A
 * cursor walks the subtree: only call nodes are materialised (most nodes are not calls, and
 * a node object per visit was a large share of the garbage).
 */
function calls(n: SyntaxNode, ctx: IEventContext, sc: IScan): void {
  callsFrom(n, ctx, null, sc);
}

/**
 * {@link calls} at `n`'s line (`at(ctx, n, sc)`), worked out at the first call only: most
 * expressions and tests hold none, and the line costs two binary searches and an object.
 */
function callsAt(n: SyntaxNode, ctx: IEventContext, sc: IScan): void {
  callsFrom(n, ctx, n, sc);
}

/** {@link calls}, with `ctx` moved to `lineNode`'s line when that is given. */
function callsFrom(
  n: SyntaxNode,
  ctx: IEventContext,
  lineNode: SyntaxNode | null,
  sc: IScan
): void {
  let here = lineNode === null ? ctx : null;
  const c = n.cursor();
  let depth = 0;
  for (;;) {
    const name = c.name;
    const enter = name !== 'LambdaExpression';
    if (name === 'CallExpression') {
      here ??= at(ctx, lineNode ?? n, sc);
      callEvent(c.node, here, sc);
    } else if (sc.refs && name === 'MemberExpression') {
      const node = c.node;
      const prop = removedProperty(node, sc);
      if (prop !== null) {
        here ??= at(ctx, lineNode ?? n, sc);
        sc.out.push({
          fn: here.fn,
          conds: here.conds,
          uncertain: here.uncertain,
          importGuard: here.importGuard,
          fileGuard: here.fileGuard,
          line: here.line,
          t: 'ref',
          parts: dottedParts(node, sc),
          prop
        });
      }
    }
    if (enter && c.firstChild()) {
      depth++;
      continue;
    }
    // Next in pre-order, never leaving `n`'s subtree.
    for (;;) {
      if (depth === 0) {
        return;
      }
      if (c.nextSibling()) {
        break;
      }
      c.parent();
      depth--;
    }
  }
}

/** The property of member `n` when it may name a removed attribute and `n` is not a callee. */
function removedProperty(n: SyntaxNode, sc: IScan): string | null {
  const prop = n.lastChild;
  if (prop?.name !== 'PropertyName') {
    return null;
  }
  const text = src(sc, prop);
  if (!REMOVED_LAST_PARTS.has(text)) {
    return null;
  }
  const up = n.parent;
  // A callee is its call's business.
  return up?.name === 'CallExpression' && up.firstChild?.from === n.from
    ? null
    : text;
}

function dottedParts(n: SyntaxNode, sc: IScan): string[] | null {
  if (n.name === 'VariableName') {
    return [src(sc, n)];
  }
  if (n.name === 'MemberExpression') {
    const object = n.firstChild;
    const property = n.lastChild;
    if (!object || !property || property.name !== 'PropertyName') {
      return null;
    }
    const head = dottedParts(object, sc);
    return head ? [...head, src(sc, property)] : null;
  }
  return null;
}

function callEvent(n: SyntaxNode, ctx: IEventContext, sc: IScan): void {
  const callee = n.firstChild;
  const argList = child(n, 'ArgList');
  if (!callee || !argList) {
    return;
  }
  const parts = dottedParts(callee, sc);
  let method: string | null = null;
  let receiver: PathExpr | null = null;
  if (callee.name === 'MemberExpression') {
    const object = callee.firstChild;
    const property = callee.lastChild;
    if (object && property?.name === 'PropertyName') {
      method = src(sc, property);
      receiver = pathExpr(object, sc);
    }
  }
  const pos: IArg[] = [];
  // Keyed by whatever keywords the code passes: a prototype-less object is a plain hash table
  // to V8, where `{}` would grow a new hidden class for every new keyword order in the corpus.
  const kw = Object.create(null) as Record<string, IArg>;
  let starred = false;
  for (const group of argumentGroups(argList)) {
    if (
      group.length === 3 &&
      group[1].name === 'AssignOp' &&
      group[0].name === 'VariableName'
    ) {
      kw[src(sc, group[0])] = arg(group[2], sc);
    } else if (
      group.length > 0 &&
      (group[0].name === '*' || group[0].name === '**')
    ) {
      starred = true;
    } else if (group.length === 1 && !starred) {
      pos.push(arg(group[0], sc));
    } else if (group.length > 0) {
      starred = true; // a generator argument or something we do not model
    }
  }
  // The call's first line only: calls nest, and copying each one whole is quadratic.
  const from = sc.toOriginal(n.from);
  const to = sc.toOriginal(n.to);
  const eol = sc.original.indexOf('\n', from);
  const text = sc.original
    .slice(from, eol >= 0 && eol < to ? eol : Math.max(from, to))
    .trim();
  sc.out.push({
    fn: ctx.fn,
    conds: ctx.conds,
    uncertain: ctx.uncertain,
    importGuard: ctx.importGuard,
    fileGuard: ctx.fileGuard,
    line: ctx.line,
    t: 'call',
    parts,
    method,
    receiver,
    pos,
    kw,
    starred,
    text: text.length > 80 ? `${text.slice(0, 77)}...` : text
  });
}

function arg(n: SyntaxNode, sc: IScan): IArg {
  const path = pathExpr(n, sc);
  let lit: string | number | boolean | null | undefined;
  if (n.name === 'Boolean') {
    lit = src(sc, n) === 'True';
  } else if (n.name === 'None') {
    lit = null;
  } else if (n.name === 'Number') {
    const v = Number(src(sc, n).replace(/_/g, ''));
    lit = Number.isNaN(v) ? undefined : v;
  } else if (path?.k === 'str') {
    lit = path.v;
  }
  return lit === undefined ? { path } : { path, lit };
}

// ---------------------------------------------------------------------------------------------
// Path expressions

const PATH_CALLEES = new Set([
  'Path',
  'PurePath',
  'PosixPath',
  'PurePosixPath',
  'pathlib.Path',
  'pathlib.PurePath',
  'pathlib.PosixPath',
  'pathlib.PurePosixPath'
]);
const JOIN_CALLEES = new Set([
  'os.path.join',
  'path.join',
  'posixpath.join',
  'osp.join'
]);

function stringValue(n: SyntaxNode, sc: IScan): string | null {
  return literalString(n, c => src(sc, c));
}

/** `f"{d}/x_{n}.csv"` → concat of pieces; null if a replacement is not a bare name. */
function formatString(n: SyntaxNode, sc: IScan): PathExpr | null {
  const raw = src(sc, n);
  const m = /^([A-Za-z]*)('''|"""|'|")/.exec(raw);
  if (m === null || !/f/i.test(m[1])) {
    return null;
  }
  const isRaw = /r/i.test(m[1]);
  const q = m[2];
  const start = n.from + m[0].length;
  const end = n.to - q.length;
  const parts: PathExpr[] = [];
  let cursor = start;
  const literal = (from: number, to: number): boolean => {
    let s = sc.text.slice(from, to).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    if (!isRaw) {
      if (/\\[^\\]/.test(s.replace(/\\\\/g, ''))) {
        return false; // escapes other than `\\`: not worth decoding here
      }
      s = s.replace(/\\\\/g, '\\');
    }
    if (s !== '') {
      parts.push({ k: 'str', v: s });
    }
    return true;
  };
  for (let c = n.firstChild; c; c = c.nextSibling) {
    if (c.name !== 'FormatReplacement') {
      continue;
    }
    if (!literal(cursor, c.from)) {
      return null;
    }
    const inner = kids(c).filter(k => k.name !== '{' && k.name !== '}');
    if (inner.length !== 1 || inner[0].name !== 'VariableName') {
      return null;
    }
    parts.push({ k: 'name', n: src(sc, inner[0]) });
    cursor = c.to;
  }
  if (!literal(cursor, end)) {
    return null;
  }
  return { k: 'concat', parts };
}

/** The symbolic path of an expression, or null. */
function pathExpr(n: SyntaxNode, sc: IScan): PathExpr | null {
  switch (n.name) {
    case 'String':
    case 'ContinuedString': {
      const v = stringValue(n, sc);
      return v === null ? null : { k: 'str', v };
    }
    case 'FormatString':
      return formatString(n, sc);
    case 'VariableName':
      return { k: 'name', n: src(sc, n) };
    case 'ParenthesizedExpression': {
      const inner = n.firstChild?.nextSibling;
      return inner ? pathExpr(inner, sc) : null;
    }
    case 'CallExpression': {
      const callee = n.firstChild;
      const argList = child(n, 'ArgList');
      const parts = callee ? dottedParts(callee, sc) : null;
      if (!parts || !argList) {
        return null;
      }
      const name = parts.join('.');
      const isPath = PATH_CALLEES.has(name);
      if (!isPath && !JOIN_CALLEES.has(name)) {
        return null;
      }
      const args = kids(argList).filter(
        c => c.name !== '(' && c.name !== ')' && c.name !== ','
      );
      if (
        args.some(
          a => a.name === 'AssignOp' || a.name === '*' || a.name === '**'
        )
      ) {
        return null;
      }
      const exprs = args.map(a => pathExpr(a, sc));
      if (exprs.some(e => e === null) || (exprs.length === 0 && !isPath)) {
        return null;
      }
      return {
        k: 'join',
        parts:
          exprs.length === 0 ? [{ k: 'str', v: '.' }] : (exprs as PathExpr[]),
        path: isPath
      };
    }
    case 'BinaryExpression': {
      const left = n.firstChild;
      const op = left?.nextSibling;
      const right = n.lastChild;
      if (!left || !op || !right) {
        return null;
      }
      const o = src(sc, op);
      const l = pathExpr(left, sc);
      const r = pathExpr(right, sc);
      if (l === null || r === null) {
        return null;
      }
      if (o === '/') {
        // Only a Path on the left makes `/` a join; a name is checked when resolved.
        return { k: 'join', parts: [l, r], path: true, slash: true };
      }
      if (o === '+') {
        return { k: 'concat', parts: [l, r] };
      }
      return null;
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// IPython constructs

/** Shell commands and `%cd`/`%pip` magics as events; cell magics' bodies by line. */
function magicEvents(m: IMagic, ctx: IEventContext, sc: IScan): void {
  if (m.kind === 'shell') {
    sc.out.push({ ...ctx, t: 'shell', command: m.args });
    return;
  }
  if (m.kind === 'cell-magic') {
    if (m.name === 'writefile' || m.name === 'file') {
      // `%%file` is IPython's other name for it.
      sc.out.push(magicEvent(ctx, 'writefile', m.args));
      return;
    }
    if (/^(bash|sh|script|system)$/.test(m.name)) {
      m.body
        .split('\n')
        .map(l => l.trim())
        .filter(l => l !== '' && !l.startsWith('#'))
        .forEach((command, i) =>
          sc.out.push({
            ...ctx,
            line: m.startLine + 1 + i,
            t: 'shell',
            command
          })
        );
    }
    return;
  }
  if (m.kind === 'line-magic' || m.kind === 'automagic') {
    if (m.name === 'cd') {
      const arg = m.args.trim().replace(/^-[bq]\s+/, '');
      const path: PathExpr | null =
        arg === '' || arg === '-' || /[${]/.test(arg) || arg.startsWith('~')
          ? null
          : { k: 'str', v: unquote(arg) };
      sc.out.push({ ...ctx, t: 'cd', path });
      return;
    }
    sc.out.push(magicEvent(ctx, m.name, m.args));
  }
}

function magicEvent(ctx: IEventContext, name: string, args: string): CellEvent {
  return {
    fn: ctx.fn,
    conds: ctx.conds,
    uncertain: ctx.uncertain,
    importGuard: ctx.importGuard,
    fileGuard: ctx.fileGuard,
    line: ctx.line,
    t: 'magic',
    name,
    args
  };
}

function unquote(s: string): string {
  const m = /^(['"])(.*)\1$/.exec(s);
  return m ? m[2] : s;
}
