/**
 * One pass over one cell's Python (IPython syntax already masked): the literal assignments
 * and literal keyword arguments that may be parameters, and every other place a name is
 * rebound or read inside a function (for the warnings of export-rules.md §3).
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { callRole, LABEL_TARGET, WRITE_PATH_KEYWORDS } from './ioCalls';
import {
  evalBareTuple,
  evalLiteral,
  isLiteralLike,
  type LiteralResult
} from './literal';

/** What an entry is used for, when the code says it (issue 16's groups). */
export type EntryRole = 'data' | 'outputs' | 'seeds' | 'features' | 'labels';

/** A literal assignment or keyword argument, in Python offsets. */
export interface IRawEntry {
  /**
   * `assign`: `x = literal`; `keyword`: `f(k=literal)`; `argument`: the path or seed given
   * positionally to a reader, writer or seeding call; `column`: a column selection
   * (`X = df[['a', 'b']]`, `y = df['label']`).
   */
  readonly kind: 'assign' | 'keyword' | 'argument' | 'column';
  readonly name: string;
  readonly callee: string | null;
  readonly result: LiteralResult;
  /** The literal's span in the masked Python. */
  readonly from: number;
  readonly to: number;
  /** Offset of the assignment target (`kind === 'assign'`), to tell it from other rebindings. */
  readonly targetAt: number;
  /** Set when the statement shape forbids extraction whatever the value (`a = b = 1`). */
  readonly shape: 'chained' | 'unpacking' | null;
  /** What the call or the statement uses the value for, when it says. */
  readonly role: EntryRole | null;
}

/** A name passed as the path of a reader or writer (`pd.read_csv(DATA)`). */
export interface IPathUse {
  readonly name: string;
  readonly role: 'data' | 'outputs';
}

/** What happens to a name elsewhere in the cell. */
export type NameEventKind =
  | 'assign'
  | 'augmented'
  | 'rebound'
  | 'read-in-function'
  | 'rebound-in-function';

/** One binding or read of a name, found while scanning. */
export interface INameEvent {
  readonly kind: NameEventKind;
  readonly name: string;
  /** Python offset of the name. */
  readonly at: number;
  /** For events inside a function or class: its name. */
  readonly scope: string | null;
}

/** What `scanCell` finds in one cell. */
export interface ICellScan {
  readonly entries: readonly IRawEntry[];
  readonly events: readonly INameEvent[];
  readonly pathUses: readonly IPathUse[];
}

const SCOPES = new Set([
  'FunctionDefinition',
  'ClassDefinition',
  'LambdaExpression'
]);

/** A function (or class) body being walked: what it binds and reads. */
interface IFrame {
  readonly name: string;
  readonly kind: 'function' | 'class';
  /** Offset of the def's own name, which is not a read. */
  readonly selfAt: number;
  readonly locals: Set<string>;
  readonly globals: Set<string>;
  readonly reads: INameEvent[];
  readonly assigns: INameEvent[];
}

/** Scans one cell: `tree` is lezer's parse of `python` (see `parsePython`). Never throws. */
export function scanCell(python: string, tree: Tree): ICellScan {
  const entries: IRawEntry[] = [];
  const events: INameEvent[] = [];
  const pathUses: IPathUse[] = [];
  const frames: IFrame[] = [];
  // Offsets of `k` in `f(k=v)` inside functions: keywords, not reads. Filled when the
  // ArgList is entered, before its children, so VariableName needs no node lookup.
  const keywordAt = new Set<number>();
  // Offsets of names bound inside functions: targets, not reads (matters under `global`).
  const boundAt = new Set<number>();
  const text = (n: { from: number; to: number }): string =>
    python.slice(n.from, n.to);

  const targetNames = (
    nodes: readonly SyntaxNode[],
    out: SyntaxNode[]
  ): void => {
    for (const n of nodes) {
      if (n.name === 'VariableName') {
        out.push(n);
      } else if (
        n.name === 'TupleExpression' ||
        n.name === 'ArrayExpression' ||
        n.name === 'ParenthesizedExpression'
      ) {
        targetNames(childList(n), out);
      }
    }
  };

  const bind = (kind: NameEventKind, nodes: readonly SyntaxNode[]): void => {
    const names: SyntaxNode[] = [];
    targetNames(nodes, names);
    const frame = innermost(frames);
    for (const n of names) {
      const name = text(n);
      if (!frame) {
        events.push({ kind, name, at: n.from, scope: null });
      } else {
        frame.locals.add(name);
        boundAt.add(n.from);
        frame.assigns.push({
          kind: 'rebound-in-function',
          name,
          at: n.from,
          scope: frame.name
        });
      }
    }
  };

  tree.iterate({
    enter: ref => {
      const name = ref.name;
      if (name === 'ParamList') {
        const frame = innermost(frames);
        const parent = ref.node.parent;
        if (frame && parent?.name === 'LambdaExpression') {
          paramNames(ref.node, python).forEach(p => frame.locals.add(p));
        }
        return false; // defaults are read when the def runs, at module scope: not tracked
      }
      if (SCOPES.has(name)) {
        const node = ref.node;
        const nameNode = node.getChild('VariableName');
        const frame: IFrame = {
          name:
            name === 'LambdaExpression'
              ? 'lambda'
              : nameNode
                ? text(nameNode)
                : '?',
          kind: name === 'ClassDefinition' ? 'class' : 'function',
          selfAt: nameNode && name !== 'LambdaExpression' ? nameNode.from : -1,
          locals: new Set(),
          globals: new Set(),
          reads: [],
          assigns: []
        };
        const params = node.getChild('ParamList');
        if (params && name === 'FunctionDefinition') {
          paramNames(params, python).forEach(p => frame.locals.add(p));
        }
        if (nameNode && name !== 'LambdaExpression') {
          // The def/class binds its own name in the enclosing scope.
          bind('rebound', [nameNode]);
        }
        frames.push(frame);
        return;
      }
      const frame = innermost(frames);
      switch (name) {
        case 'AssignStatement':
          onAssign(ref.node, frame === undefined);
          return;
        case 'UpdateStatement': {
          const target = ref.node.firstChild;
          if (target?.name === 'VariableName') {
            if (frame) {
              frame.locals.add(text(target));
              frame.assigns.push({
                kind: 'rebound-in-function',
                name: text(target),
                at: target.from,
                scope: frame.name
              });
            } else {
              events.push({
                kind: 'augmented',
                name: text(target),
                at: target.from,
                scope: null
              });
            }
          }
          return;
        }
        case 'ForStatement':
          bind(frame ? 'assign' : 'rebound', between(ref.node, 'for', 'in'));
          return;
        case 'DeleteStatement':
          bind('rebound', childList(ref.node));
          return;
        case 'WithStatement': {
          const asTargets: SyntaxNode[] = [];
          for (let c = ref.node.firstChild; c; c = c.nextSibling) {
            if (c.name === 'as' && c.nextSibling) {
              asTargets.push(c.nextSibling);
            }
          }
          bind('rebound', asTargets);
          return;
        }
        case 'ScopeStatement':
          if (frame && ref.node.firstChild?.name === 'global') {
            for (const v of ref.node.getChildren('VariableName')) {
              frame.globals.add(text(v));
            }
          }
          return false;
        case 'CallExpression':
          if (!frame) {
            onCall(ref.node);
          }
          return;
        case 'ArgList':
          if (frame) {
            for (let c = ref.node.firstChild; c; c = c.nextSibling) {
              if (
                c.name === 'AssignOp' &&
                c.prevSibling?.name === 'VariableName'
              ) {
                keywordAt.add(c.prevSibling.from);
              }
            }
          }
          return;
        case 'VariableName':
          if (
            frame &&
            frame.kind === 'function' &&
            ref.from !== frame.selfAt &&
            !keywordAt.has(ref.from) &&
            !boundAt.has(ref.from)
          ) {
            frame.reads.push({
              kind: 'read-in-function',
              name: text(ref),
              at: ref.from,
              scope: frame.name
            });
          }
          return;
        default:
          return;
      }
    },
    leave: ref => {
      if (!SCOPES.has(ref.name)) {
        return;
      }
      const frame = frames.pop();
      if (!frame) {
        return;
      }
      for (const r of frame.reads) {
        if (!frame.locals.has(r.name) || frame.globals.has(r.name)) {
          events.push(r);
        }
      }
      for (const a of frame.assigns) {
        if (frame.globals.has(a.name)) {
          events.push(a);
        }
      }
    }
  });

  function onAssign(node: SyntaxNode, moduleScope: boolean): void {
    const kids = childList(node);
    const ops = kids.filter(k => k.name === 'AssignOp');
    if (ops.length === 0) {
      return; // a bare annotation `x: int`
    }
    const lastOp = ops[ops.length - 1];
    const targets = kids.filter(
      k => k.to <= ops[0].from && k.name !== 'TypeDef'
    );
    // Every target list, for chained `a = b = 1` too.
    const bound: SyntaxNode[] = kids.filter(
      k => k.to <= lastOp.from && k.name !== 'TypeDef' && k.name !== 'AssignOp'
    );
    if (!moduleScope) {
      bind('assign', bound);
      return;
    }
    const values = kids.filter(k => k.from >= lastOp.to);
    const topLevel =
      node.parent?.name === 'Script' ||
      (node.parent?.name === 'StatementGroup' &&
        node.parent.parent?.name === 'Script');
    const names: SyntaxNode[] = [];
    targetNames(bound, names);
    const single = targets.length === 1 && targets[0].name === 'VariableName';
    for (const n of names) {
      // The extracted target is told apart from other bindings by its offset.
      events.push({ kind: 'assign', name: text(n), at: n.from, scope: null });
    }
    if (!topLevel || values.length === 0 || !single) {
      if (topLevel && values.length > 0 && !single && names.length > 0) {
        const r = valueOf(values);
        if (r) {
          entries.push({
            kind: 'assign',
            name: names.map(text).join(', '),
            callee: null,
            result: r,
            from: values[0].from,
            to: values[values.length - 1].to,
            targetAt: names[0].from,
            shape: 'unpacking',
            role: null
          });
        }
      }
      return;
    }
    const column = ops.length === 1 ? columnEntry(targets[0], values) : null;
    if (column !== null) {
      entries.push(column);
      return;
    }
    const r = valueOf(values);
    if (!r) {
      return;
    }
    entries.push({
      kind: 'assign',
      name: text(targets[0]),
      callee: null,
      result: r,
      from: values[0].from,
      to: values[values.length - 1].to,
      targetAt: targets[0].from,
      shape: ops.length > 1 ? 'chained' : null,
      role: null
    });
  }

  /** The value of `x = <values>`, or null when it is plain code (not worth listing). */
  function valueOf(values: readonly SyntaxNode[]): LiteralResult | null {
    const items = values.filter(v => v.name !== ',' && v.name !== 'Comment');
    if (items.length === 1 && values.length === 1) {
      return isLiteralLike(items[0]) ? evalLiteral(items[0], python) : null;
    }
    if (!items.some(isLiteralLike)) {
      return null;
    }
    return evalBareTuple(items, python);
  }

  function onCall(node: SyntaxNode): void {
    const args = node.lastChild;
    if (!args || args.name !== 'ArgList') {
      return;
    }
    const callee = calleeName(node.firstChild, python);
    const role = pathRoleOf(node, args);
    for (let c = args.firstChild; c; c = c.nextSibling) {
      if (c.name !== 'VariableName') {
        continue;
      }
      const op = c.nextSibling;
      const value = op?.nextSibling;
      if (!op || op.name !== 'AssignOp' || text(op) !== '=' || !value) {
        continue;
      }
      if (!isLiteralLike(value)) {
        continue;
      }
      entries.push({
        kind: 'keyword',
        name: text(c),
        callee,
        result: evalLiteral(value, python),
        from: value.from,
        to: value.to,
        targetAt: c.from,
        shape: null,
        role:
          role !== null &&
          role.role !== 'seeds' &&
          WRITE_PATH_KEYWORDS.has(text(c))
            ? role.role
            : null
      });
    }
  }

  /** The role of a call, after recording its positional path or seed argument. */
  function pathRoleOf(
    node: SyntaxNode,
    args: SyntaxNode
  ): ReturnType<typeof callRole> {
    const dotted = dottedName(node.firstChild, python);
    if (dotted === null) {
      return null;
    }
    const positional: SyntaxNode[] = [];
    let mode: string | null = null;
    for (let c = args.firstChild; c; c = c.nextSibling) {
      if (c.name === '(' || c.name === ')' || c.name === ',') {
        continue;
      }
      if (c.name === 'VariableName' && c.nextSibling?.name === 'AssignOp') {
        const value = c.nextSibling.nextSibling;
        if (text(c) === 'mode' && value?.name === 'String') {
          mode = text(value);
        }
        c = value ?? c;
        continue;
      }
      if (c.name === '*' || c.name === '**' || c.name === 'AssignOp') {
        break; // positions after a starred argument are unknown
      }
      positional.push(c);
    }
    if (mode === null && positional[1]?.name === 'String') {
      mode = text(positional[1]);
    }
    const role = callRole(dotted, mode);
    if (role === null) {
      return null;
    }
    let arg: SyntaxNode | undefined;
    if (role.position === 'first') {
      arg = positional[0];
    } else {
      arg =
        positional.slice(0, 2).find(p => p.name === 'String') ??
        (positional.length >= 2 ? positional[1] : positional[0]);
    }
    if (arg === undefined) {
      return role;
    }
    if (arg.name === 'VariableName' && role.role !== 'seeds') {
      pathUses.push({ name: text(arg), role: role.role });
      return role;
    }
    const wanted = role.role === 'seeds' ? 'Number' : 'String';
    if (arg.name !== wanted) {
      return role;
    }
    const seeds = role.role === 'seeds';
    entries.push({
      kind: 'argument',
      name: seeds ? 'seed' : 'path',
      callee: seeds ? dotted : (dotted.split('.').pop() ?? dotted),
      result: evalLiteral(arg, python),
      from: arg.from,
      to: arg.to,
      targetAt: arg.from,
      shape: null,
      role: role.role
    });
    return role;
  }

  /**
   * `X = df[['a', 'b']]` (features) or `y = df['label']` (labels, for label-like names),
   * also followed by `.values`, `.to_numpy()`…; null for anything else.
   */
  function columnEntry(
    target: SyntaxNode,
    values: readonly SyntaxNode[]
  ): IRawEntry | null {
    if (target.name !== 'VariableName' || values.length !== 1) {
      return null;
    }
    let node: SyntaxNode | null = values[0];
    while (node !== null) {
      if (node.name === 'CallExpression') {
        node = node.firstChild;
      } else if (
        node.name === 'MemberExpression' &&
        node.getChild('[') === null
      ) {
        node = node.firstChild;
      } else {
        break;
      }
    }
    if (node?.name !== 'MemberExpression') {
      return null;
    }
    const open = node.getChild('[');
    const index = open?.nextSibling;
    if (!index || index.nextSibling?.name !== ']') {
      return null;
    }
    const name = text(target);
    let role: EntryRole;
    if (index.name === 'ArrayExpression') {
      const items = childList(index).filter(
        k => k.name !== '[' && k.name !== ']' && k.name !== ','
      );
      if (items.length === 0 || items.some(k => k.name !== 'String')) {
        return null;
      }
      role = 'features';
    } else if (index.name === 'String' && LABEL_TARGET.test(name)) {
      role = 'labels';
    } else {
      return null;
    }
    const result = evalLiteral(index, python);
    if (!result.ok) {
      return null;
    }
    return {
      kind: 'column',
      name,
      callee: null,
      result,
      from: index.from,
      to: index.to,
      targetAt: target.from,
      shape: null,
      role
    };
  }

  return { entries, events, pathUses };
}

/** `f` for `f(...)`, `fit` for `model.fit(...)`, `call` for anything else (`g()(...)`). */
function calleeName(node: SyntaxNode | null, src: string): string {
  if (node?.name === 'VariableName') {
    return src.slice(node.from, node.to);
  }
  if (node?.name === 'MemberExpression') {
    const prop = node.lastChild;
    if (prop?.name === 'PropertyName') {
      return src.slice(prop.from, prop.to);
    }
  }
  return 'call';
}

/** `np.random.seed` for `np.random.seed(...)`; null unless names and dots only. */
function dottedName(node: SyntaxNode | null, src: string): string | null {
  if (node?.name === 'VariableName') {
    return src.slice(node.from, node.to);
  }
  if (node?.name === 'MemberExpression') {
    const prop = node.lastChild;
    const base = dottedName(node.firstChild, src);
    if (prop?.name === 'PropertyName' && base !== null) {
      return `${base}.${src.slice(prop.from, prop.to)}`;
    }
  }
  return null;
}

/** Parameter names of a ParamList: a VariableName not preceded by `=` (that is a default). */
function paramNames(list: SyntaxNode, src: string): string[] {
  const out: string[] = [];
  let prev: SyntaxNode | null = null;
  for (let c = list.firstChild; c; c = c.nextSibling) {
    if (c.name === 'VariableName' && prev?.name !== 'AssignOp') {
      out.push(src.slice(c.from, c.to));
    }
    prev = c;
  }
  return out;
}

/** Children strictly between the first `open` keyword and the first `close` keyword. */
function between(node: SyntaxNode, open: string, close: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  let inside = false;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === close && inside) {
      break;
    }
    if (inside) {
      out.push(c);
    }
    if (c.name === open) {
      inside = true;
    }
  }
  return out;
}

/**
 * The innermost frame, or undefined at module level. Tested for length first: reading
 * `frames[-1]` of an empty array leaves V8's fast path, and this runs for every node.
 */
function innermost(frames: readonly IFrame[]): IFrame | undefined {
  return frames.length > 0 ? frames[frames.length - 1] : undefined;
}

function childList(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    out.push(c);
  }
  return out;
}
