/**
 * `_`, `__`, `___`, `_N` and `Out[N]` in a notebook-order export (issue 12 item 4). In a
 * top-down run IPython's display hook sets `_` (shifting `__`, `___`) and `Out[N]`/`_N` only
 * when a cell's last statement is an expression statement, not ended by `;`, whose value is
 * not None. Where that is certain for the producing cell and every code cell between it and
 * the reader is certain NOT to set `_`, the producer's last expression is assigned to a
 * variable and the reader reads that variable; anything unsure keeps the `history-var` note.
 */
import type { SyntaxNode } from '@lezer/common';
import { parsePython } from '../parse/parsePython';
import type { ICellFacts } from '../types';

/** What one code cell does with the output history. */
export interface IHistoryPlan {
  /** Assign the cell's last expression statement to this name, or null. */
  readonly assign: string | null;
  /** Offset in the cell's source where that assignment is inserted (with `assign` only). */
  readonly assignAt: number;
  /** Spans of history reads to replace by the variable that holds their value. */
  readonly replace: readonly { from: number; to: number; name: string }[];
  /** History names whose every read in the cell is replaced (no note for them). */
  readonly translated: ReadonlySet<string>;
}

/** One code cell as the planner sees it; `source` null when it does not run cleanly. */
export interface IHistoryCell {
  readonly source: string | null;
  readonly facts: ICellFacts | null;
}

type Effect = 'sets' | 'keeps' | 'unknown';

/** Builtins whose result is never None (unless the notebook rebinds them). */
const NEVER_NONE_CALLS = new Set([
  'len',
  'sum',
  'sorted',
  'list',
  'dict',
  'str',
  'int',
  'float',
  'abs',
  'round',
  'range'
]);

const LITERALS = new Set([
  'Number',
  'String',
  'ContinuedString',
  'FormatString',
  'Boolean',
  'ArrayExpression',
  'TupleExpression',
  'DictionaryExpression',
  'SetExpression',
  'ArrayComprehensionExpression',
  'DictionaryComprehensionExpression',
  'SetComprehensionExpression'
]);

/** Scopes whose body runs later than the cell (a read there sees a later `_`). */
const DEFERRED = new Set([
  'FunctionDefinition',
  'LambdaExpression',
  'ClassDefinition'
]);

const SHIFT: Record<string, number> = { _: 1, __: 2, ___: 3 };

/**
 * Whether the text may hold a history name (`_`, `__`, `___`, `_N`, `Out`) as a whole word.
 * Most cells hold none, and this test is far cheaper than walking their tree. Only ASCII word
 * characters bound a match, so a non-ASCII identifier around one can only give a false "yes"
 * (the walk then decides), never a false "no".
 */
const HISTORY_WORD = /(?<!\w)(?:_{1,3}|_[0-9]+|Out)(?!\w)/;

function neverNone(
  n: SyntaxNode,
  src: string,
  bound: ReadonlySet<string>
): boolean {
  if (LITERALS.has(n.name)) {
    return true;
  }
  const first = n.firstChild;
  const last = n.lastChild;
  switch (n.name) {
    case 'ParenthesizedExpression': {
      const inner = first?.nextSibling ?? null;
      return (
        inner !== null &&
        inner.nextSibling?.name === ')' &&
        neverNone(inner, src, bound)
      );
    }
    case 'UnaryExpression':
      return last !== null && neverNone(last, src, bound);
    case 'BinaryExpression':
      return (
        first !== null &&
        last !== null &&
        first !== last &&
        neverNone(first, src, bound) &&
        neverNone(last, src, bound)
      );
    case 'CallExpression': {
      if (first === null || first.name !== 'VariableName') {
        return false;
      }
      const callee = src.slice(first.from, first.to);
      return NEVER_NONE_CALLS.has(callee) && !bound.has(callee);
    }
    default:
      return false;
  }
}

interface ICellScan {
  effect: Effect;
  /** Start of the last expression statement when `effect` is `sets`. */
  at: number;
  /** History reads: span, the name read (`_`, `_3`, `Out[3]` as `_3`). Null: untranslatable. */
  reads: IRead[] | null;
}

/** A history read: its span, the name it stands for (`Out[3]` as `_3`), the name noted. */
interface IRead {
  from: number;
  to: number;
  name: string;
  noted: string;
}

function scan(
  source: string,
  facts: ICellFacts,
  bound: ReadonlySet<string>
): ICellScan {
  // The parse's own masking: the same `maskIpython(source)`, not computed a second time.
  const parsed = parsePython(source);
  if (parsed.masked.magics.length > 0 || parsed.error !== null) {
    return { effect: 'unknown', at: 0, reads: null };
  }
  const top = parsed.tree.topNode;
  let effect: Effect = 'keeps';
  let at = 0;
  let last = top.lastChild;
  while (last !== null && last.type.isSkipped) {
    last = last.prevSibling;
  }
  if (last !== null && last.name === 'StatementGroup') {
    // `a; b` or `b;`: a trailing `;` silences the display hook.
    let tail = last.lastChild;
    while (tail !== null && tail.type.isSkipped) {
      tail = tail.prevSibling;
    }
    last = tail === null || tail.name === ';' ? null : tail;
  }
  if (last !== null && last.name === 'ExpressionStatement') {
    const expr = last.firstChild;
    effect =
      expr !== null && neverNone(expr, source, bound) ? 'sets' : 'unknown';
    at = last.from;
  }
  const reads: IRead[] = [];
  if (!HISTORY_WORD.test(source)) {
    return { effect, at, reads }; // no history name to read: the walk would find none
  }
  let ok = true;
  const cellBinds = new Set([
    ...facts.defs,
    ...facts.maybeDefs,
    ...Object.keys(facts.functions)
  ]);
  top.cursor().iterate(c => {
    if (!ok || c.name !== 'VariableName') {
      return;
    }
    const name = source.slice(c.from, c.to);
    const numbered = /^_[0-9]+$/.test(name);
    if (!(name in SHIFT) && !numbered && name !== 'Out') {
      return;
    }
    const parent = c.node.parent;
    if (parent?.name === 'ArgList' && c.node.nextSibling?.name === 'AssignOp') {
      return; // `f(_=1)`: a keyword, not a read
    }
    if (
      parent?.name === 'DeleteStatement' ||
      parent?.name === 'ScopeStatement'
    ) {
      ok = false;
      return;
    }
    for (let p = parent; p !== null; p = p.parent) {
      if (DEFERRED.has(p.name)) {
        ok = false;
        return;
      }
    }
    if (cellBinds.has(name) || bound.has(name)) {
      ok = false;
      return;
    }
    if (name !== 'Out') {
      reads.push({ from: c.from, to: c.to, name, noted: name });
      return;
    }
    // Only `Out[<int>]` with a plain decimal literal.
    const m = c.node.parent;
    const index = c.node.nextSibling?.nextSibling ?? null;
    const close = index?.nextSibling ?? null;
    const text = index === null ? '' : source.slice(index.from, index.to);
    if (
      m === null ||
      m.name !== 'MemberExpression' ||
      m.firstChild?.from !== c.from ||
      c.node.nextSibling?.name !== '[' ||
      index === null ||
      index.name !== 'Number' ||
      !/^[1-9][0-9]*$/.test(text) ||
      close?.name !== ']' ||
      close.to !== m.to
    ) {
      ok = false;
      return;
    }
    reads.push({ from: m.from, to: m.to, name: `_${text}`, noted: 'Out' });
  });
  return { effect, at, reads: ok ? reads : null };
}

/**
 * One plan per code cell, in notebook order. `bound`: every name the exported code binds
 * (a notebook that binds `_` itself is not translated).
 */
export function planHistory(
  cells: readonly IHistoryCell[],
  bound: ReadonlySet<string>
): IHistoryPlan[] {
  // A cell's effect on `_` matters only to the readers that reach it, and a cell that holds
  // no history name reads none: cells are scanned (and, when a warm export got the facts
  // from its store, parsed) only when a reader needs them, at most once each.
  let lastReader = -1;
  cells.forEach((c, i) => {
    if (c.source !== null && HISTORY_WORD.test(c.source)) {
      lastReader = i;
    }
  });
  const scanned: (ICellScan | null | undefined)[] = new Array(cells.length);
  const scanOf = (i: number): ICellScan | null => {
    let s = scanned[i];
    if (s === undefined) {
      const c = cells[i];
      s =
        c.source === null || c.facts === null
          ? null
          : i > lastReader || c.source.trim() === ''
            ? { effect: 'keeps', at: 0, reads: [] }
            : scan(c.source, c.facts, bound);
      scanned[i] = s;
    }
    return s;
  };
  // Whether a cell is scanned at all does not depend on its parse: only on its source and facts.
  const runs = (i: number): boolean =>
    cells[i].source !== null && cells[i].facts !== null;
  // Execution count of each cell in a top-down run; null once a cell might not run cleanly.
  const count: (number | null)[] = [];
  let n: number | null = 0;
  cells.forEach((c, i) => {
    if (!runs(i)) {
      // A cell that does not run cleanly: later counts are unsure.
      n = null;
    }
    if (n !== null && c.source !== null && c.source.trim() !== '') {
      n++;
    }
    count.push(c.source !== null && c.source.trim() !== '' ? n : null);
  });
  const varName = (j: number): string => `_linearize_out_${j + 1}`;
  const used = new Set<number>();
  const plans = cells.map((c, i) => {
    // Only a cell that may hold a history name can read one.
    const s =
      c.source !== null && i <= lastReader && HISTORY_WORD.test(c.source)
        ? scanOf(i)
        : null;
    const replace: { from: number; to: number; name: string }[] = [];
    const translated = new Set<string>();
    if (s !== null && s.reads !== null && s.reads.length > 0) {
      const resolved = s.reads.map(r => {
        const k = SHIFT[r.name];
        if (k !== undefined) {
          let seen = 0;
          for (let j = i - 1; j >= 0; j--) {
            const e = scanOf(j)?.effect ?? 'unknown';
            if (e === 'unknown') {
              return null;
            }
            if (e === 'sets' && ++seen === k) {
              return j;
            }
          }
          return null;
        }
        const want = Number(r.name.slice(1));
        for (let j = 0; j < i; j++) {
          if (count[j] === want) {
            return scanOf(j)?.effect === 'sets' ? j : null;
          }
        }
        return null;
      });
      if (resolved.every(j => j !== null)) {
        s.reads.forEach((r, k) => {
          const j = resolved[k] as number;
          used.add(j);
          replace.push({ from: r.from, to: r.to, name: varName(j) });
        });
        s.reads.forEach(r => translated.add(r.noted));
      }
    }
    return { replace, translated };
  });
  return plans.map((p, i) => ({
    assign: used.has(i) ? varName(i) : null,
    assignAt: used.has(i) ? (scanOf(i)?.at ?? 0) : 0,
    replace: p.replace,
    translated: p.translated
  }));
}

/** The cell's source with its plan applied (spans edited from the end, so offsets hold). */
export function applyHistoryPlan(source: string, plan: IHistoryPlan): string {
  const edits = plan.replace.map(r => ({ at: r.from, to: r.to, text: r.name }));
  if (plan.assign !== null) {
    edits.push({
      at: plan.assignAt,
      to: plan.assignAt,
      text: `${plan.assign} = `
    });
  }
  // At one offset the replacement goes before the insertion (`_ + 1` read and assigned).
  edits.sort((a, b) => b.at - a.at || b.to - a.to);
  let out = source;
  for (const e of edits) {
    out = out.slice(0, e.at) + e.text + out.slice(e.to);
  }
  return out;
}
