/**
 * Errors CPython's compiler raises that a parser does not see (`'return' outside function`,
 * `'await' outside function`, `'break' outside loop`…). lezer accepts them; `python -m
 * py_compile` does not. IPython runs a top-level `await` (autoawait), a script cannot.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import type { SyntaxProblem } from '../parse/syntaxProblem';

/** A compile error: 0-based offset into the parsed text, and which one. */
export interface ICompileError {
  readonly at: number;
  readonly problem: SyntaxProblem;
}

/** Words that can be misplaced; a source without them cannot hold such an error. */
const WORDS = /\b(?:return|yield|await|async|break|continue|nonlocal)\b/;
const LINE_WORDS = /\b(return|yield|await|async|break|continue|nonlocal)\b/g;
const HEADER = /^(async\s+def|def|class|async\s+for|for|while)\b/;

/**
 * A cheap pre-filter, so the common cell is parsed once (by the facts) and not again: false
 * when each of those words sits, by indentation, inside a block that allows it (`return` in
 * a `def`, `break` in a loop of the same function, `await` in an `async def`). Line-based and
 * approximate in one direction only: a string or a continuation line can make it say true
 * (one more parse), never false for a real error.
 */
export function mayHaveCompileErrors(text: string): boolean {
  if (!WORDS.test(text)) {
    return false;
  }
  const stack: { indent: number; kind: string }[] = [];
  for (const raw of text.split('\n')) {
    const hash = raw.indexOf('#');
    const line = hash >= 0 ? raw.slice(0, hash) : raw;
    const body = line.trimStart();
    if (body === '') {
      continue;
    }
    const indent = line.length - body.length;
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) {
      stack.pop();
    }
    const header = HEADER.exec(body);
    if (header !== null) {
      const kind = header[1].replace(/\s+/, ' ');
      // `async for` needs an enclosing `async def` (checked before its own block opens).
      if (kind === 'async for' && !allowed('async', stack)) {
        return true;
      }
      stack.push({ indent, kind });
    }
    if (!WORDS.test(body)) {
      continue;
    }
    for (const m of body.matchAll(LINE_WORDS)) {
      const word = m[1];
      if (header !== null && m.index === 0) {
        continue; // `async def`, `async for`: the header itself
      }
      if (!allowed(word, stack)) {
        return true;
      }
    }
  }
  return false;
}

/** Whether the blocks open around a line allow `word` there. */
function allowed(
  word: string,
  stack: readonly { indent: number; kind: string }[]
): boolean {
  let loop = false;
  for (let i = stack.length - 1; i >= 0; i--) {
    const kind = stack[i].kind;
    if (kind === 'for' || kind === 'while' || kind === 'async for') {
      loop = true;
    } else if (kind === 'def' || kind === 'async def') {
      if (word === 'await' || word === 'async') {
        return kind === 'async def';
      }
      return word === 'break' || word === 'continue' ? loop : true;
    } else if (kind === 'class') {
      return false;
    }
  }
  return (word === 'break' || word === 'continue') && loop;
}

/** The first compile error of a parsed module, or null. Never throws. */
export function compileErrors(tree: Tree): ICompileError | null {
  let found: ICompileError | null = null;
  const cursor = tree.cursor();
  do {
    const name = cursor.name;
    let problem: SyntaxProblem | null = null;
    switch (name) {
      case 'ReturnStatement':
        problem = inFunction(cursor.node, false)
          ? null
          : { id: 'misplaced', keyword: 'return' };
        break;
      case 'YieldStatement':
      case 'YieldExpression':
        problem = inFunction(cursor.node, true)
          ? null
          : { id: 'misplaced', keyword: 'yield' };
        break;
      case 'AwaitExpression':
        problem = inAsyncFunction(cursor.node)
          ? null
          : { id: 'misplaced', keyword: 'await' };
        break;
      case 'ForStatement':
      case 'WithStatement':
        if (
          cursor.node.firstChild?.name === 'async' &&
          !inAsyncFunction(cursor.node)
        ) {
          problem = {
            id: 'misplaced',
            keyword: name === 'ForStatement' ? 'async for' : 'async with'
          };
        }
        break;
      case 'BreakStatement':
      case 'ContinueStatement':
        problem = inLoop(cursor.node)
          ? null
          : {
              id: 'misplaced',
              keyword: name === 'BreakStatement' ? 'break' : 'continue'
            };
        break;
      case 'ScopeStatement':
        if (
          cursor.node.firstChild?.name === 'nonlocal' &&
          !inFunction(cursor.node, false)
        ) {
          problem = { id: 'nonlocal-at-module' };
        }
        break;
      default:
        break;
    }
    if (problem !== null) {
      found = { at: cursor.from, problem };
      break;
    }
  } while (cursor.next());
  return found;
}

/** Inside a `def` (or a lambda, when `lambdaCounts`), with no class body in between. */
function inFunction(node: SyntaxNode, lambdaCounts: boolean): boolean {
  for (let p = node.parent; p !== null; p = p.parent) {
    if (
      p.name === 'FunctionDefinition' ||
      (lambdaCounts && p.name === 'LambdaExpression')
    ) {
      return true;
    }
    if (p.name === 'ClassDefinition' || p.name === 'LambdaExpression') {
      return false;
    }
  }
  return false;
}

/** The nearest enclosing function is an `async def` (comprehensions inherit it). */
function inAsyncFunction(node: SyntaxNode): boolean {
  for (let p = node.parent; p !== null; p = p.parent) {
    if (p.name === 'FunctionDefinition') {
      return p.firstChild?.name === 'async';
    }
    if (p.name === 'ClassDefinition' || p.name === 'LambdaExpression') {
      return false;
    }
  }
  return false;
}

/** Inside the body (not the `else`) of a `for` or `while`, within the same function. */
function inLoop(node: SyntaxNode): boolean {
  let child: SyntaxNode = node;
  for (let p = node.parent; p !== null; child = p, p = p.parent) {
    if (p.name === 'ForStatement' || p.name === 'WhileStatement') {
      // The loop body is the first Body child; a Body after `else` is not the loop.
      if (child.name === 'Body' && p.getChild('Body')?.from === child.from) {
        return true;
      }
    }
    if (
      p.name === 'FunctionDefinition' ||
      p.name === 'ClassDefinition' ||
      p.name === 'LambdaExpression'
    ) {
      return false;
    }
  }
  return false;
}
