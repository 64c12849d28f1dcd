/**
 * Walks a lezer Python tree and feeds reads, bindings, mutations and calls to the scopes.
 *
 * lezer trees are concrete: a name's role comes from its neighbours (`f = g = 1` is one
 * `AssignStatement` with two `AssignOp`s, keyword arguments are `VariableName AssignOp value`
 * inside `ArgList`, a generator argument is inlined into its `ArgList`). Statements are handled
 * with `SyntaxNode` child lists; plain expressions, the bulk of the tree, with one `TreeCursor`.
 */

import type { SyntaxNode, TreeCursor } from '@lezer/common';

import type { ICallSite } from '../types';
import {
  ConstEnv,
  ConstValue,
  Folded,
  fold,
  literalKey,
  literalValue,
  truthy
} from './constants';
import { importsUnits, importUnit } from '../util/importUnits';
import {
  CONSUMING_CALLEES,
  ITERATOR_CALLEES,
  MUTATING_METHODS,
  PURE_CALLEES,
  RANDOM_DRAWS
} from './names';
import {
  ClassScope,
  ComprehensionScope,
  FunctionScope,
  ModuleScope,
  Scope,
  joinFlows,
  nearestFunction
} from './scopes';

/** Per-walk context: the parsed text and the statements whose bindings IPython drops. */
export interface IWalkContext {
  readonly text: string;
  readonly module: ModuleScope;
  /** True when a statement starting at this offset runs under `%timeit` (bindings dropped). */
  readonly dropsBindings: (offset: number) => boolean;
  /** Names bound to a literal by cells above (cross-cell constant folding). */
  readonly env: ConstEnv;
  /** Top-level names bound to a literal so far in this cell (the module scope's map). */
  readonly consts: Map<string, { readonly value: ConstValue }>;
  /** Module-level nesting: inside a branch, loop, `try`, `with` or `match` body. */
  nest: number;
  /** Module-level loop nesting: names do not fold inside a loop (a later iteration rebinds). */
  loops: number;
  /**
   * Enclosing `if`/`elif`/`else` bodies, later tests and `except` handlers, in any scope: code
   * there runs on some paths only (a function's reads there are `maybeReads`).
   */
  branches: number;
  /** Free names met in top-level conditions that did not fold (see `ICellFacts`). */
  readonly conditionNames: Set<string>;
  /** Bare names iterated or consumed at top level (`for x in it`, `list(it)`). */
  readonly consumes: Set<string>;
  /** Names bound at top level to an iterator. */
  readonly iterators: Set<string>;
  /** Names bound at top level to a call of a plain name, with the callee. */
  readonly boundByCall: Map<string, string>;
  /** Classes defined at top level whose instances advance state when called or iterated. */
  readonly factories: Set<string>;
}

/**
 * Fresh per-cell walk context. One literal, not a spread of the state into the caller's
 * object (a spread copies through V8's generic path, once per cell).
 */
export function walkContext(
  text: string,
  module: ModuleScope,
  dropsBindings: (offset: number) => boolean,
  env: ConstEnv
): IWalkContext {
  return {
    text,
    module,
    dropsBindings,
    env,
    consts: module.consts,
    nest: 0,
    loops: 0,
    branches: 0,
    conditionNames: new Set(),
    consumes: new Set(),
    iterators: new Set(),
    boundByCall: new Map(),
    factories: new Set()
  };
}

/** True at the cell's top level, outside any branch or loop: a binding there always happens. */
function straightLine(s: Scope, cx: IWalkContext): boolean {
  return s.kind === 'module' && cx.nest === 0 && cx.loops === 0;
}

/**
 * Folds a condition. Names fold only at the cell's top level outside loops (in a function
 * body or a loop they may hold another value by the time the condition runs).
 */
function foldTest(node: SyntaxNode, s: Scope, cx: IWalkContext): Folded {
  const names = s.kind === 'module' && cx.loops === 0;
  return fold(node, cx.text, name => {
    if (!names) {
      return undefined;
    }
    const own = cx.consts.get(name);
    if (own !== undefined) {
      return own;
    }
    if (s.hasLocal(name)) {
      return undefined; // bound in this cell to something else
    }
    const v = cx.env.get(name);
    if (v !== undefined) {
      return { value: v };
    }
    if (name !== '__name__' && name !== '__debug__') {
      cx.conditionNames.add(name);
    }
    return undefined;
  });
}

/** `name[literal]` (the only element-level form): the name and the key. */
function subscript(
  node: SyntaxNode,
  text: string
): { name: string; key: string } | null {
  if (node.name !== 'MemberExpression' || node.lastChild?.name !== ']') {
    return null;
  }
  const kids = childrenOf(node);
  if (
    kids.length !== 4 ||
    kids[0].name !== 'VariableName' ||
    kids[1].name !== '['
  ) {
    return null;
  }
  const key = literalKey(kids[2], text);
  return key === undefined
    ? null
    : { name: text.slice(kids[0].from, kids[0].to), key };
}

/** The element key of the first subscript applied to the root of `a[k].b[j]`, or null. */
function rootElementKey(node: SyntaxNode, text: string): string | null {
  let n: SyntaxNode | null = node;
  while (n && n.name === 'MemberExpression') {
    const first = firstKid(n);
    if (first && first.name === 'VariableName') {
      return subscript(n, text)?.key ?? null;
    }
    n = first;
  }
  return null;
}

/** A sure mutation of `root` through the element `key` (null: the whole value). */
function mutateElement(
  root: string,
  key: string | null,
  s: Scope,
  cx: IWalkContext
): void {
  cx.module.elementKey = key;
  s.mutate(root, true);
  cx.module.elementKey = null;
}

type Flowing = ModuleScope | ClassScope;

function isFlowing(s: Scope): s is Flowing {
  return s.kind === 'module' || s.kind === 'class';
}

/**
 * Comments are skipped tokens: lezer attaches one to whichever node is open where it occurs,
 * between any two children (`f(a=1,  # note\n b=2)` puts it between `,` and `b`). Every child
 * navigation goes through these helpers, so a comment never shifts a node's neighbours.
 */
function isComment(node: SyntaxNode): boolean {
  return node.name === 'Comment';
}

function firstKid(node: SyntaxNode): SyntaxNode | null {
  let c = node.firstChild;
  while (c && isComment(c)) {
    c = c.nextSibling;
  }
  return c;
}

function nextKid(node: SyntaxNode): SyntaxNode | null {
  let c = node.nextSibling;
  while (c && isComment(c)) {
    c = c.nextSibling;
  }
  return c;
}

function lastKid(node: SyntaxNode): SyntaxNode | null {
  let c = node.lastChild;
  while (c && isComment(c)) {
    c = c.prevSibling;
  }
  return c;
}

function prevKid(node: SyntaxNode): SyntaxNode | null {
  let c = node.prevSibling;
  while (c && isComment(c)) {
    c = c.prevSibling;
  }
  return c;
}

/** The children of `node`, comments left out. */
function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = firstKid(node); c; c = nextKid(c)) {
    out.push(c);
  }
  return out;
}

/** Punctuation and keywords that never carry names. */
const TOKENS = new Set([
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  ';',
  '.',
  '*',
  '**',
  'Comment'
]);

/** Walks the statements of a `Script` or `Body`. */
export function walkBlock(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  for (let c = firstKid(node); c; c = nextKid(c)) {
    if (!TOKENS.has(c.name)) {
      statement(c, s, cx);
    }
  }
}

function statement(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  if (isFlowing(s) && cx.dropsBindings(node.from)) {
    // `%timeit x = f()`: the code runs (reads, mutations) but IPython keeps no binding.
    const before = s.save();
    statementInner(node, s, cx);
    s.load(before);
    return;
  }
  statementInner(node, s, cx);
}

function statementInner(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  switch (node.name) {
    case 'AssignStatement':
      return assignStatement(node, s, cx);
    case 'UpdateStatement':
      return updateStatement(node, s, cx);
    case 'DeleteStatement':
      return deleteStatement(node, s, cx);
    case 'ImportStatement':
      return importStatement(node, s, cx);
    case 'ScopeStatement':
      return scopeStatement(node, s, cx);
    case 'StatementGroup':
      return walkBlock(node, s, cx);
    case 'IfStatement':
      return ifStatement(node, s, cx);
    case 'WhileStatement':
      return whileStatement(node, s, cx);
    case 'ForStatement':
      return forStatement(node, s, cx);
    case 'TryStatement':
      return tryStatement(node, s, cx);
    case 'WithStatement':
      return withStatement(node, s, cx);
    case 'FunctionDefinition':
      return functionDefinition(node, [], s, cx);
    case 'ClassDefinition':
      return classDefinition(node, [], s, cx);
    case 'DecoratedStatement':
      return decoratedStatement(node, s, cx);
    case 'MatchStatement':
      return matchStatement(node, s, cx);
    case 'TypeDefinition':
      return typeDefinition(node, s, cx);
    case 'PassStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return;
    default:
      // Expression, return, raise, assert, yield, print, and error-recovery nodes.
      return expr(node, s, cx);
  }
}

// ---------------------------------------------------------------- expressions

/** Reads every name an expression loads, handling calls, lambdas and comprehensions. */
export function expr(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  walkCursor(node.cursor(), s, cx);
}

function walkCursor(c: TreeCursor, s: Scope, cx: IWalkContext): void {
  switch (c.name) {
    case 'VariableName':
      s.read(cx.text.slice(c.from, c.to));
      return;
    case 'MemberExpression': {
      const sub = subscript(c.node, cx.text);
      if (sub !== null) {
        cx.module.elementKey = sub.key;
        s.read(sub.name);
        cx.module.elementKey = null;
        return;
      }
      break;
    }
    case 'YieldStatement':
    case 'YieldExpression':
      if (s.kind === 'function') {
        s.yields = true;
      }
      break;
    case 'CallExpression':
      return callExpression(c.node, s, cx);
    case 'LambdaExpression':
      return lambdaExpression(c.node, null, s, cx);
    case 'ArrayComprehensionExpression':
    case 'SetComprehensionExpression':
    case 'DictionaryComprehensionExpression':
    case 'ComprehensionExpression':
      return comprehension(innerChildren(c.node), s, cx);
    case 'NamedExpression':
      return namedExpression(c.node, s, cx);
    case 'ArgList':
      argList(c.node, null, s, cx);
      return;
    case 'PropertyName':
    case 'Number':
    case 'String':
    case 'Comment':
    case 'Boolean':
    case 'None':
      return;
  }
  if (c.firstChild()) {
    do {
      walkCursor(c, s, cx);
    } while (c.nextSibling());
    c.parent();
  }
}

function exprs(nodes: readonly SyntaxNode[], s: Scope, cx: IWalkContext): void {
  for (const n of nodes) {
    if (!TOKENS.has(n.name)) {
      expr(n, s, cx);
    }
  }
}

/** Children without the enclosing brackets. */
function innerChildren(node: SyntaxNode): SyntaxNode[] {
  const kids = childrenOf(node);
  const first = kids.length > 0 ? kids[0].name : '';
  const last = kids.length > 0 ? kids[kids.length - 1].name : '';
  const from = first === '(' || first === '[' || first === '{' ? 1 : 0;
  const to =
    last === ')' || last === ']' || last === '}'
      ? kids.length - 1
      : kids.length;
  return kids.slice(from, to);
}

/** `x := value`: the value is read first; the name binds in the enclosing function or module. */
function namedExpression(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  const target = firstKid(node);
  let value = target ? nextKid(target) : null;
  if (value && value.name === 'AssignOp') {
    value = nextKid(value);
  }
  if (value) {
    expr(value, s, cx);
  }
  if (target && target.name === 'VariableName') {
    const name = cx.text.slice(target.from, target.to);
    walrusBind(name, s);
    const v =
      value && straightLine(s, cx) ? literalValue(value, cx.text) : undefined;
    if (v !== undefined) {
      cx.consts.set(name, v);
    }
  } else if (target) {
    expr(target, s, cx);
  }
}

function walrusBind(name: string, s: Scope): void {
  if (s.kind === 'comprehension') {
    s.bindWalrus(name);
  } else {
    s.bind(name, 'value');
  }
}

/**
 * A comprehension's parts (between the brackets): the first iterable runs in the enclosing
 * scope, the targets bind in the comprehension, the rest reads through it.
 */
function comprehension(
  parts: readonly SyntaxNode[],
  s: Scope,
  cx: IWalkContext
): void {
  const firstFor = parts.findIndex(n => n.name === 'for' || n.name === 'async');
  if (firstFor < 0) {
    return exprs(parts, s, cx);
  }
  const element = parts.slice(0, firstFor);
  const comp = new ComprehensionScope(s);
  let i = firstFor;
  let first = true;
  while (i < parts.length) {
    const kw = parts[i].name;
    if (kw === 'async') {
      i++;
      continue;
    }
    let j = i + 1;
    if (kw === 'for') {
      const targets: SyntaxNode[] = [];
      while (j < parts.length && parts[j].name !== 'in') {
        targets.push(parts[j++]);
      }
      j++; // `in`
      const iter: SyntaxNode[] = [];
      while (j < parts.length && !isClauseStart(parts[j].name)) {
        iter.push(parts[j++]);
      }
      exprs(iter, first ? s : comp, cx);
      if (first) {
        consumed(iter, s, cx);
      }
      first = false;
      for (const t of targets) {
        bindTarget(t, comp, cx);
      }
    } else {
      const cond: SyntaxNode[] = [];
      while (j < parts.length && !isClauseStart(parts[j].name)) {
        cond.push(parts[j++]);
      }
      exprs(cond, comp, cx);
    }
    i = j;
  }
  exprs(element, comp, cx);
}

function isClauseStart(name: string): boolean {
  return name === 'for' || name === 'if' || name === 'async';
}

/** Names of a function's parameters, and its defaults/annotations read in the defining scope. */
interface IParams {
  readonly positional: string[];
  readonly others: string[];
}

function paramList(
  node: SyntaxNode | null,
  s: Scope,
  cx: IWalkContext
): IParams {
  const positional: string[] = [];
  const others: string[] = [];
  if (!node) {
    return { positional, others };
  }
  let starred = false; // after `*` or `*args`, parameters are keyword-only
  let pendingStar = false;
  let afterAssign = false;
  for (let c = firstKid(node); c; c = nextKid(c)) {
    const n = c.name;
    if (afterAssign) {
      afterAssign = false;
      expr(c, s, cx); // a default value
      continue;
    }
    if (n === '*' || n === '**') {
      starred = true;
      pendingStar = true;
    } else if (n === ',') {
      pendingStar = false;
    } else if (n === 'VariableName') {
      const name = cx.text.slice(c.from, c.to);
      (starred || pendingStar ? others : positional).push(name);
    } else if (n === 'TypeDef') {
      annotation(c, s, cx);
    } else if (n === 'AssignOp') {
      afterAssign = true;
    }
  }
  return { positional, others };
}

/** `lambda params: body`; `name` is set for `name = lambda …` at top level. */
function lambdaExpression(
  node: SyntaxNode,
  name: string | null,
  s: Scope,
  cx: IWalkContext
): void {
  const params = paramList(node.getChild('ParamList'), s, cx);
  const inFunction = nearestFunction(s) !== null;
  if (!inFunction && !(name && s.kind === 'module')) {
    return; // a lambda body is not a top-level read
  }
  let body: SyntaxNode | null = null;
  for (let c = lastKid(node); c; c = prevKid(c)) {
    if (c.name === ':') {
      body = nextKid(c);
      break;
    }
  }
  const fs = new FunctionScope(s, params.positional, params.others, cx);
  if (body) {
    expr(body, fs, cx);
  }
  if (inFunction) {
    fs.finishNested();
  } else if (name) {
    cx.module.functions[name] = fs.finish();
  }
}

// ---------------------------------------------------------------- calls

/** The name at the root of `a.b[c].d`, or null when the chain starts with anything else. */
function rootName(node: SyntaxNode, text: string): string | null {
  let n: SyntaxNode | null = node;
  while (n && n.name === 'MemberExpression') {
    n = firstKid(n);
  }
  return n && n.name === 'VariableName' ? text.slice(n.from, n.to) : null;
}

function callExpression(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  const callee = firstKid(node);
  const args = node.getChild('ArgList');
  if (!callee) {
    return;
  }
  let calleeName: string | null = null;
  if (callee.name === 'VariableName') {
    calleeName = cx.text.slice(callee.from, callee.to);
    s.read(calleeName);
  } else {
    expr(callee, s, cx);
  }
  const site = argList(args, calleeName, s, cx);
  if (calleeName !== null) {
    s.call(site);
    if (s.isValueBound(calleeName)) {
      // A closure or callable object may change its own state.
      s.mutate(calleeName, false);
    }
    const first = site.args.length > 0 ? site.args[0] : null;
    if (first !== null && calleeName === 'next') {
      s.mutate(first, true); // advances the iterator, whatever it is
    } else if (
      first !== null &&
      s.kind === 'module' &&
      CONSUMING_CALLEES.has(calleeName)
    ) {
      cx.consumes.add(first);
    }
    return;
  }
  const last = lastKid(callee);
  if (
    callee.name === 'MemberExpression' &&
    last &&
    last.name === 'PropertyName'
  ) {
    const root = rootName(callee, cx.text);
    if (root !== null) {
      const method = cx.text.slice(last.from, last.to);
      // A draw from a random generator object advances its state.
      const sure =
        MUTATING_METHODS.has(method) ||
        RANDOM_DRAWS.has(method) ||
        hasInplaceTrue(args, cx.text);
      s.mutate(root, sure);
    }
  }
}

function hasInplaceTrue(args: SyntaxNode | null, text: string): boolean {
  if (!args) {
    return false;
  }
  // Compared in place (length, then startsWith): no string sliced per argument.
  for (let c = firstKid(args); c; c = nextKid(c)) {
    if (
      c.name === 'VariableName' &&
      c.to - c.from === 7 &&
      text.startsWith('inplace', c.from)
    ) {
      const op = nextKid(c);
      const v = op ? nextKid(op) : null;
      if (
        op &&
        op.name === 'AssignOp' &&
        v &&
        v.to - v.from === 4 &&
        text.startsWith('True', v.from)
      ) {
        return true;
      }
    }
  }
  return false;
}

/**
 * Reads the arguments of a call and returns its call site. Bare names passed to a call that
 * is not a known pure builtin are maybe-mutations; keyword names are not reads.
 */
function argList(
  node: SyntaxNode | null,
  callee: string | null,
  s: Scope,
  cx: IWalkContext
): ICallSite {
  const args: (string | null)[] = [];
  const site: ICallSite = { callee: callee ?? '', args };
  if (!node) {
    return site;
  }
  const pure = callee !== null && PURE_CALLEES.has(callee);
  const parts = innerChildren(node);
  // A bare generator argument (`f(x for x in xs)`) is inlined into the list, and its targets
  // may hold commas (`for k, v in`): it runs from the argument holding its first `for` to the
  // end of the list, and is never split at commas.
  const genFor = parts.findIndex(n => n.name === 'for' || n.name === 'async');
  let positional = true;
  let start = 0;
  for (let i = 0; i <= parts.length; i++) {
    if (i < parts.length && parts[i].name !== ',') {
      continue;
    }
    if (genFor >= start && genFor < i) {
      let end = parts.length;
      if (parts[end - 1].name === ',') {
        end--; // a trailing comma
      }
      comprehension(parts.slice(start, end), s, cx);
      if (positional) {
        args.push(null);
      }
      break;
    }
    const arg = parts.slice(start, i);
    start = i + 1;
    if (arg.length === 0) {
      continue;
    }
    const head = arg[0];
    if (
      head.name === 'VariableName' &&
      arg.length > 2 &&
      arg[1].name === 'AssignOp'
    ) {
      const op = cx.text.slice(arg[1].from, arg[1].to);
      exprs(arg.slice(2), s, cx);
      if (op === ':=') {
        walrusBind(cx.text.slice(head.from, head.to), s);
        if (positional) {
          args.push(null);
        }
      } else {
        positional = false; // keyword argument
        passed(arg[2], arg.length === 3, pure, s, cx);
      }
      continue;
    }
    if (head.name === '*' || head.name === '**') {
      positional = false;
      exprs(arg.slice(1), s, cx);
      if (arg.length === 2) {
        passed(arg[1], true, pure, s, cx);
      }
      continue;
    }
    exprs(arg, s, cx);
    const bare = arg.length === 1 && head.name === 'VariableName';
    if (positional) {
      args.push(bare ? cx.text.slice(head.from, head.to) : null);
    }
    passed(head, bare, pure, s, cx);
  }
  return site;
}

/** verdicts.md `M?`: a name passed to a call may be changed by it. */
function passed(
  node: SyntaxNode,
  bare: boolean,
  pure: boolean,
  s: Scope,
  cx: IWalkContext
): void {
  if (bare && !pure && node.name === 'VariableName') {
    s.mutate(cx.text.slice(node.from, node.to), false);
  }
}

// ---------------------------------------------------------------- binding

/** Binds an assignment target: names bind, `r.a` / `r[i]` mutate `r` (and read it). */
function bindTarget(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  switch (node.name) {
    case 'VariableName': {
      const name = cx.text.slice(node.from, node.to);
      if (s.kind === 'comprehension') {
        s.bind(name);
      } else {
        s.bind(name, 'value');
      }
      return;
    }
    case 'TupleExpression':
    case 'ArrayExpression':
    case 'ParenthesizedExpression':
      for (let c = firstKid(node); c; c = nextKid(c)) {
        if (!TOKENS.has(c.name)) {
          bindTarget(c, s, cx);
        }
      }
      return;
    case 'MemberExpression': {
      const sub = subscript(node, cx.text);
      if (sub !== null) {
        // `cfg['lr'] = v` loads `cfg` but not its element: running it again gives the same.
        cx.module.elementKey = RECEIVER_ONLY;
        s.read(sub.name);
        cx.module.elementKey = null;
      } else {
        expr(node, s, cx);
      }
      const root = rootName(node, cx.text);
      if (root !== null) {
        mutateElement(root, rootElementKey(node, cx.text), s, cx);
      }
      return;
    }
    default:
      if (!TOKENS.has(node.name)) {
        expr(node, s, cx);
      }
  }
}

/** The element "key" of a load of a container for storing into it: matches no write. */
const RECEIVER_ONLY = '';

/** A bare name iterated or consumed at top level: it advances if it holds an iterator. */
function consumed(
  nodes: readonly SyntaxNode[],
  s: Scope,
  cx: IWalkContext
): void {
  const real = nodes.filter(n => !TOKENS.has(n.name));
  if (
    s.kind === 'module' &&
    real.length === 1 &&
    real[0].name === 'VariableName'
  ) {
    cx.consumes.add(cx.text.slice(real[0].from, real[0].to));
  }
}

/** Notes what a top-level `name = value` binds that may keep state (an iterator, a call's result). */
function noteStateful(
  name: string,
  value: SyntaxNode,
  s: Scope,
  cx: IWalkContext
): void {
  if (s.kind !== 'module') {
    return;
  }
  cx.iterators.delete(name);
  cx.boundByCall.delete(name);
  if (value.name === 'ComprehensionExpression') {
    cx.iterators.add(name); // a generator expression
    return;
  }
  if (value.name !== 'CallExpression') {
    return;
  }
  const callee = firstKid(value);
  if (!callee) {
    return;
  }
  if (callee.name === 'VariableName') {
    const f = cx.text.slice(callee.from, callee.to);
    if (ITERATOR_CALLEES.has(f)) {
      cx.iterators.add(name);
    } else {
      cx.boundByCall.set(name, f);
    }
  } else if (
    callee.name === 'MemberExpression' &&
    rootName(callee, cx.text) === 'itertools'
  ) {
    cx.iterators.add(name);
  }
}

/**
 * The names in an annotation (`: T`, `-> T`), read where it stands; the module notes those
 * it reads only in annotations, which `from __future__ import annotations` leaves unevaluated.
 */
function annotation(typeDef: SyntaxNode, s: Scope, cx: IWalkContext): void {
  const module = cx.module;
  const was = module.inAnnotation;
  module.inAnnotation = true;
  exprs(childrenOf(typeDef), s, cx);
  module.inAnnotation = was;
}

function assignStatement(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  const kids = childrenOf(node);
  const groups: SyntaxNode[][] = [[]];
  let typeDef: SyntaxNode | null = null;
  for (const k of kids) {
    if (k.name === 'AssignOp') {
      groups.push([]);
    } else if (k.name === 'TypeDef' && groups.length === 1) {
      typeDef = k;
    } else {
      groups[groups.length - 1].push(k);
    }
  }
  if (groups.length === 1) {
    // `x: int` alone binds nothing; the annotation is evaluated at top level.
    if (typeDef) {
      annotation(typeDef, s, cx);
    } else {
      exprs(groups[0], s, cx);
    }
    return;
  }
  const value = groups[groups.length - 1];
  const targets = groups.slice(0, -1);
  const single =
    value.length === 1 &&
    value[0].name === 'LambdaExpression' &&
    targets.length === 1 &&
    targets[0].length === 1 &&
    targets[0][0].name === 'VariableName';
  if (single) {
    const t = targets[0][0];
    lambdaExpression(value[0], cx.text.slice(t.from, t.to), s, cx);
  } else {
    exprs(value, s, cx);
  }
  if (typeDef) {
    annotation(typeDef, s, cx);
  }
  for (const group of targets) {
    for (const t of group) {
      if (!TOKENS.has(t.name)) {
        bindTarget(t, s, cx);
      }
    }
  }
  const lone =
    targets.length === 1 &&
    targets[0].length === 1 &&
    targets[0][0].name === 'VariableName' &&
    value.length === 1
      ? cx.text.slice(targets[0][0].from, targets[0][0].to)
      : null;
  if (lone !== null) {
    noteStateful(lone, value[0], s, cx);
    const v = straightLine(s, cx) ? literalValue(value[0], cx.text) : undefined;
    if (v !== undefined) {
      cx.consts.set(lone, v);
    }
  }
}

/** `x += v` reads and rebinds `x`; `r.a += v` reads `r` and mutates it. */
function updateStatement(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  const kids = childrenOf(node);
  const opAt = kids.findIndex(k => k.name === 'UpdateOp');
  const targets = opAt < 0 ? kids : kids.slice(0, opAt);
  exprs(targets, s, cx);
  if (opAt >= 0) {
    exprs(kids.slice(opAt + 1), s, cx);
  }
  for (const t of targets) {
    if (t.name === 'VariableName') {
      const name = cx.text.slice(t.from, t.to);
      if (s.kind === 'comprehension') {
        s.bind(name);
      } else {
        s.bind(name, 'value');
      }
    } else if (t.name === 'MemberExpression') {
      const root = rootName(t, cx.text);
      if (root !== null) {
        mutateElement(root, rootElementKey(t, cx.text), s, cx);
      }
    }
  }
}

function deleteStatement(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  const del = (t: SyntaxNode): void => {
    if (t.name === 'VariableName') {
      s.del(cx.text.slice(t.from, t.to));
    } else if (t.name === 'MemberExpression') {
      expr(t, s, cx);
      const root = rootName(t, cx.text);
      if (root !== null) {
        mutateElement(root, rootElementKey(t, cx.text), s, cx);
      }
    } else if (
      t.name === 'TupleExpression' ||
      t.name === 'ArrayExpression' ||
      t.name === 'ParenthesizedExpression'
    ) {
      for (let c = firstKid(t); c; c = nextKid(c)) {
        if (!TOKENS.has(c.name)) {
          del(c);
        }
      }
    } else if (!TOKENS.has(t.name)) {
      expr(t, s, cx);
    }
  };
  for (let c = firstKid(node); c; c = nextKid(c)) {
    if (c.name !== 'del') {
      del(c);
    }
  }
}

function importStatement(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  const kids = childrenOf(node);
  const name = (n: SyntaxNode): string => cx.text.slice(n.from, n.to);
  const record = (pkg: string): void => {
    if (s.kind !== 'function' && pkg !== '__future__') {
      cx.module.imports.add(pkg);
    }
  };
  const bindImport = (n: string): void => {
    if (s.kind === 'comprehension') {
      s.bind(n);
    } else {
      s.bind(n, 'import');
    }
  };
  if (kids.length === 0) {
    return;
  }
  if (kids[0].name === 'import') {
    // import a.b, c as d
    let dotted: string[] = [];
    let alias: string | null = null;
    let expectAlias = false;
    const flush = (): void => {
      if (dotted.length > 0) {
        bindImport(alias ?? dotted[0]);
        record(importUnit(dotted.join('.')));
      }
      dotted = [];
      alias = null;
    };
    for (const k of kids.slice(1)) {
      if (k.name === 'VariableName') {
        if (expectAlias) {
          alias = name(k);
          expectAlias = false;
        } else {
          dotted.push(name(k));
        }
      } else if (k.name === 'as') {
        expectAlias = true;
      } else if (k.name === ',') {
        flush();
      }
    }
    flush();
    return;
  }
  // from [.]a.b import x as y, z | *
  let i = 1;
  let relative = false;
  const modParts: string[] = [];
  for (; i < kids.length && kids[i].name !== 'import'; i++) {
    if (kids[i].name === 'VariableName') {
      modParts.push(name(kids[i]));
    } else if (kids[i].name === '.' && modParts.length === 0) {
      relative = true;
    } else if (kids[i].name === 'Ellipsis') {
      relative = true;
    }
  }
  const from = modParts.join('.');
  // `from google import colab`: each name is a unit of its own (see importUnits).
  const byName =
    !relative &&
    modParts.length > 0 &&
    importsUnits(from) &&
    !kids.some(k => k.name === '*');
  if (!relative && modParts.length > 0 && !byName) {
    record(importUnit(from));
  }
  const future = s.kind === 'module' && from === '__future__';
  let last: string | null = null;
  let expectAlias = false;
  for (i++; i < kids.length; i++) {
    const k = kids[i];
    if (k.name === '*') {
      cx.module.wildcard = cx.module.wildcard || s.kind !== 'function';
    } else if (k.name === 'VariableName') {
      if (expectAlias) {
        bindImport(name(k));
        last = null;
        expectAlias = false;
      } else {
        if (last !== null) {
          bindImport(last);
        }
        last = name(k);
        if (byName) {
          record(`${from}.${last}`);
        }
        if (future && last === 'annotations') {
          cx.module.futureAnnotations = true;
        }
      }
    } else if (k.name === 'as') {
      expectAlias = true;
    }
  }
  if (last !== null) {
    bindImport(last);
  }
}

function scopeStatement(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  if (s.kind !== 'function') {
    return;
  }
  const kind = firstKid(node)?.name === 'nonlocal' ? 'nonlocal' : 'global';
  for (let c = firstKid(node); c; c = nextKid(c)) {
    if (c.name === 'VariableName') {
      s.declare(kind, cx.text.slice(c.from, c.to));
    }
  }
}

function typeDefinition(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  // `type X = …` binds X; the value is evaluated lazily.
  const n = node.getChild('VariableName');
  if (n) {
    bindTarget(n, s, cx);
  }
}

// ---------------------------------------------------------------- control flow

/** Visits `body` in its own flow path and returns the state at its end. */
function body(node: SyntaxNode | undefined, s: Scope, cx: IWalkContext): void {
  if (node) {
    walkBlock(node, s, cx);
  }
}

/**
 * `if`/`elif`/`else`. A test that folds to a constant decides: a false one's body and a
 * true one's later clauses never run, so they add no reads and no bindings.
 */
function ifStatement(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  const kids = childrenOf(node);
  const flowing = isFlowing(s);
  const paths = [];
  let hasElse = false;
  /** A test before was constant-true: nothing after it runs. */
  let decided = false;
  let test: Folded = undefined;
  let tests = 0;
  for (const k of kids) {
    if (k.name === 'Body') {
      const t = test;
      test = undefined;
      if (decided || (t !== undefined && !truthy(t.value))) {
        continue; // dead code
      }
      cx.nest++;
      cx.branches++;
      if (flowing) {
        const cur = s.save();
        body(k, s, cx);
        paths.push(s.save());
        s.load(cur);
      } else {
        body(k, s, cx);
      }
      cx.branches--;
      cx.nest--;
      if (t !== undefined) {
        decided = true; // constant-true test: later clauses are dead
      }
    } else if (k.name === 'else') {
      hasElse = true;
    } else if (!isKeyword(k.name) && !decided) {
      // A test: runs on the path where earlier tests failed (conditionally after the first).
      const later = tests > 0 ? 1 : 0;
      cx.nest += later;
      cx.branches += later;
      expr(k, s, cx);
      test = foldTest(k, s, cx);
      cx.nest -= later;
      cx.branches -= later;
      tests++;
    }
  }
  if (!flowing) {
    return;
  }
  if (!hasElse && !decided) {
    paths.push(s.save());
  }
  if (paths.length > 0) {
    s.load(joinFlows(paths));
  }
}

function isKeyword(name: string): boolean {
  return (
    name === 'if' ||
    name === 'elif' ||
    name === 'else' ||
    name === 'while' ||
    name === 'for' ||
    name === 'in' ||
    name === 'async' ||
    name === 'with' ||
    name === 'as' ||
    name === 'try' ||
    name === 'except' ||
    name === 'finally' ||
    TOKENS.has(name)
  );
}

/** Runs a loop body (and `else`) as a path that may not be taken. */
function loopBodies(
  kids: readonly SyntaxNode[],
  s: Scope,
  cx: IWalkContext,
  bindLoopTargets: () => void
): void {
  const bodies = kids.filter(k => k.name === 'Body');
  if (!isFlowing(s)) {
    bindLoopTargets();
    for (const b of bodies) {
      body(b, s, cx);
    }
    return;
  }
  cx.nest++;
  const before = s.save();
  cx.loops++;
  bindLoopTargets();
  body(bodies[0], s, cx);
  cx.loops--;
  const afterLoop = joinFlows([before, s.save()]);
  s.load(afterLoop);
  if (bodies.length > 1) {
    body(bodies[1], s, cx);
    s.load(joinFlows([afterLoop, s.save()]));
  }
  cx.nest--;
}

function whileStatement(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  const kids = childrenOf(node);
  let test: Folded = undefined;
  for (const k of kids) {
    if (k.name === 'Body') {
      break;
    }
    if (!isKeyword(k.name)) {
      expr(k, s, cx);
      test = foldTest(k, s, cx);
    }
  }
  if (test !== undefined && !truthy(test.value)) {
    // `while False:` never runs its body; its `else` always runs.
    const bodies = kids.filter(k => k.name === 'Body');
    if (bodies.length > 1) {
      body(bodies[1], s, cx);
    }
    return;
  }
  loopBodies(kids, s, cx, () => undefined);
}

function forStatement(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  const kids = childrenOf(node);
  const inAt = kids.findIndex(k => k.name === 'in');
  const forAt = kids.findIndex(k => k.name === 'for');
  const bodyAt = kids.findIndex(k => k.name === 'Body');
  const targets = kids.slice(forAt + 1, inAt < 0 ? 0 : inAt);
  const iter = kids.slice(inAt + 1, bodyAt < 0 ? kids.length : bodyAt);
  if (inAt >= 0) {
    exprs(iter, s, cx);
    consumed(iter, s, cx);
  }
  loopBodies(kids, s, cx, () => {
    for (const t of targets) {
      if (!TOKENS.has(t.name)) {
        bindTarget(t, s, cx);
      }
    }
  });
}

function withStatement(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  const kids = childrenOf(node);
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k.name === 'Body') {
      cx.nest++; // a context manager may swallow an exception halfway
      body(k, s, cx);
      cx.nest--;
    } else if (k.name === 'as') {
      const t = kids[i + 1];
      if (t) {
        bindTarget(t, s, cx);
        i++;
      }
    } else if (!isKeyword(k.name)) {
      expr(k, s, cx);
    }
  }
}

function tryStatement(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  const kids = childrenOf(node);
  if (!isFlowing(s)) {
    // A function body: `except` clauses (what they catch, their body) run on some paths only.
    let handler = 0;
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      if (k.name === 'except') {
        handler = 1;
        cx.branches++;
      } else if (k.name === 'Body') {
        body(k, s, cx);
        cx.branches -= handler;
        handler = 0;
      } else if ((k.name === 'as' || k.name === ',') && kids[i + 1]) {
        bindTarget(kids[++i], s, cx);
      } else if (!isKeyword(k.name)) {
        expr(k, s, cx);
      }
    }
    return;
  }
  const before = s.save();
  let i = 1;
  cx.nest++;
  body(kids[i], s, cx);
  const bodyEnd = s.save();
  const entry = joinFlows([before, bodyEnd]); // an exception may come from anywhere
  let main = bodyEnd;
  const handlers = [];
  for (i = 2; i < kids.length; i++) {
    const k = kids[i];
    if (k.name === 'except') {
      s.load(entry);
      cx.branches++;
      let bound: string | null = null;
      for (i++; i < kids.length && kids[i].name !== 'Body'; i++) {
        const h = kids[i];
        if (
          (h.name === 'as' || h.name === ',') &&
          kids[i + 1]?.name === 'VariableName'
        ) {
          const t = kids[++i];
          bound = cx.text.slice(t.from, t.to);
          s.bind(bound, 'value');
        } else if (!isKeyword(h.name)) {
          expr(h, s, cx);
        }
      }
      body(kids[i], s, cx);
      if (bound !== null) {
        s.unbind(bound); // Python deletes the `as` name when the handler ends
      }
      cx.branches--;
      handlers.push(s.save());
    } else if (k.name === 'else') {
      s.load(bodyEnd);
      body(kids[++i], s, cx);
      main = s.save();
    } else if (k.name === 'finally') {
      s.load(joinFlows([main, ...handlers]));
      body(kids[++i], s, cx);
      cx.nest--;
      return;
    }
  }
  s.load(joinFlows([main, ...handlers]));
  cx.nest--;
}

function matchStatement(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  const kids = childrenOf(node);
  for (const k of kids) {
    if (k.name !== 'match' && k.name !== 'MatchBody' && !TOKENS.has(k.name)) {
      expr(k, s, cx);
    }
  }
  const matchBody = node.getChild('MatchBody');
  if (!matchBody) {
    return;
  }
  const flowing = isFlowing(s);
  const before = flowing ? s.save() : null;
  const paths = before ? [before] : [];
  cx.nest++;
  for (const clause of matchBody.getChildren('MatchClause')) {
    if (flowing && before) {
      s.load(before);
    }
    for (let c = firstKid(clause); c; c = nextKid(c)) {
      if (c.name === 'Body') {
        body(c, s, cx);
      } else if (c.name === 'Guard') {
        exprs(childrenOf(c).slice(1), s, cx);
      } else if (c.name !== 'case' && !TOKENS.has(c.name)) {
        pattern(c, s, cx);
      }
    }
    if (flowing) {
      paths.push(s.save());
    }
  }
  cx.nest--;
  if (flowing) {
    s.load(joinFlows(paths)); // captures and case bodies are maybe
  }
}

/** Capture names bind; class names and value patterns (`Color.RED`) are reads. */
function pattern(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  switch (node.name) {
    case 'CapturePattern': {
      const v = firstKid(node);
      if (v && cx.text.slice(v.from, v.to) !== '_') {
        bindTarget(v, s, cx);
      }
      return;
    }
    case 'AsPattern':
      for (let c = firstKid(node); c; c = nextKid(c)) {
        if (c.name === 'VariableName') {
          bindTarget(c, s, cx);
        } else if (c.name !== 'as') {
          pattern(c, s, cx);
        }
      }
      return;
    case 'AttributePattern':
    case 'VariableName':
      return expr(
        node.name === 'VariableName' ? node : (firstKid(node) ?? node),
        s,
        cx
      );
    case 'ClassPattern':
    case 'KeywordPattern':
      for (let c = firstKid(node); c; c = nextKid(c)) {
        if (c.name === 'VariableName' && node.name === 'KeywordPattern') {
          continue; // the keyword
        }
        pattern(c, s, cx);
      }
      return;
    case 'LiteralPattern':
      return;
    default:
      for (let c = firstKid(node); c; c = nextKid(c)) {
        if (!TOKENS.has(c.name)) {
          pattern(c, s, cx);
        }
      }
  }
}

// ---------------------------------------------------------------- definitions

function decoratedStatement(
  node: SyntaxNode,
  s: Scope,
  cx: IWalkContext
): void {
  const decorators: SyntaxNode[] = [];
  for (let c = firstKid(node); c; c = nextKid(c)) {
    if (c.name === 'Decorator') {
      decorators.push(c);
    } else if (c.name === 'FunctionDefinition') {
      functionDefinition(c, decorators, s, cx);
    } else if (c.name === 'ClassDefinition') {
      classDefinition(c, decorators, s, cx);
    } else {
      statement(c, s, cx);
    }
  }
}

/** `@a.b(c)`: reads `a` (the dotted parts are attributes) and the arguments. */
function decorator(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  let first = true;
  for (let c = firstKid(node); c; c = nextKid(c)) {
    if (c.name === 'VariableName') {
      if (first) {
        s.read(cx.text.slice(c.from, c.to));
        first = false;
      }
    } else if (c.name !== 'At' && c.name !== '.') {
      expr(c, s, cx);
    }
  }
}

/** Whether function bodies under `s` need walking (top-level functions and anything nested in one). */
function walksBodies(s: Scope): boolean {
  return s.kind === 'module' || nearestFunction(s) !== null;
}

function functionDefinition(
  node: SyntaxNode,
  decorators: readonly SyntaxNode[],
  s: Scope,
  cx: IWalkContext
): void {
  for (const d of decorators) {
    decorator(d, s, cx);
  }
  const nameNode = node.getChild('VariableName');
  const params = paramList(node.getChild('ParamList'), s, cx);
  const returns = node.getChild('TypeDef');
  if (returns) {
    annotation(returns, s, cx);
  }
  const name = nameNode ? cx.text.slice(nameNode.from, nameNode.to) : null;
  if (walksBodies(s)) {
    const fs = new FunctionScope(s, params.positional, params.others, cx);
    body(node.getChild('Body') ?? undefined, fs, cx);
    if (s.kind === 'module') {
      if (name !== null) {
        cx.module.functions[name] = fs.finish();
      }
    } else {
      fs.finishNested();
    }
  }
  if (name !== null) {
    if (s.kind === 'comprehension') {
      s.bind(name);
    } else {
      s.bind(name, 'def');
    }
  }
}

function classDefinition(
  node: SyntaxNode,
  decorators: readonly SyntaxNode[],
  s: Scope,
  cx: IWalkContext
): void {
  for (const d of decorators) {
    decorator(d, s, cx);
  }
  const args = node.getChild('ArgList');
  if (args) {
    readArguments(args, s, cx);
  }
  const cs = new ClassScope(s);
  const classBody = node.getChild('Body');
  body(classBody ?? undefined, cs, cx);
  const nameNode = node.getChild('VariableName');
  if (nameNode) {
    const name = cx.text.slice(nameNode.from, nameNode.to);
    if (s.kind === 'module' && classBody && advancesState(classBody, cx)) {
      cx.factories.add(name);
    }
    if (s.kind === 'comprehension') {
      s.bind(name);
    } else {
      s.bind(name, 'class');
    }
  }
}

/** A class body defining `__call__` or `__next__`: its instances change when called or advanced. */
function advancesState(classBody: SyntaxNode, cx: IWalkContext): boolean {
  for (let c = firstKid(classBody); c; c = nextKid(c)) {
    const def =
      c.name === 'DecoratedStatement' ? c.getChild('FunctionDefinition') : c;
    if (def && def.name === 'FunctionDefinition') {
      const n = def.getChild('VariableName');
      const name = n ? cx.text.slice(n.from, n.to) : '';
      if (name === '__call__' || name === '__next__') {
        return true;
      }
    }
  }
  return false;
}

/** Reads an argument list without call semantics (class bases: `metaclass=M` is a keyword). */
function readArguments(node: SyntaxNode, s: Scope, cx: IWalkContext): void {
  let skipNext = false;
  for (let c = firstKid(node); c; c = nextKid(c)) {
    if (skipNext) {
      skipNext = false;
      continue;
    }
    if (c.name === 'VariableName' && nextKid(c)?.name === 'AssignOp') {
      skipNext = true; // keyword name; the AssignOp is skipped, the value read next
      continue;
    }
    if (!TOKENS.has(c.name)) {
      expr(c, s, cx);
    }
  }
}
