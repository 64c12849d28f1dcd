/**
 * Python scopes as the fact walker sees them.
 *
 * The module (the cell's top level) and class bodies run once, top to bottom, so they track
 * *flow*: which names are definitely or maybe bound at this point. Function bodies follow
 * Python's static rule instead: a name bound anywhere in the body is local everywhere in it.
 * Comprehensions bind their targets locally and defer everything else to the enclosing scope.
 */

import type { ICallSite, IFunctionFacts } from '../types';
import type { ConstValue } from './constants';
import { KNOWN_MODULES, isHistoryName } from './names';

/** How a name got bound: `value` covers `=`, `:=`, `+=`, `for`, `with … as`, `except … as`. */
export type Binder = 'value' | 'import' | 'def' | 'class';

/** Binding state at one point of the module or a class body. */
export interface IFlow {
  readonly definite: ReadonlySet<string>;
  /** Possibly bound (a superset of `definite`). */
  readonly maybe: ReadonlySet<string>;
}

export type Scope =
  ModuleScope | ClassScope | FunctionScope | ComprehensionScope;

/** Joins the states at the end of alternative paths (`if`/`else` branches, handlers). */
export function joinFlows(paths: readonly IFlow[]): IFlow {
  if (paths.length === 1) {
    return paths[0];
  }
  const definite = new Set<string>();
  const maybe = new Set<string>();
  for (const n of paths[0].definite) {
    if (paths.every(p => p.definite.has(n))) {
      definite.add(n);
    }
  }
  for (const p of paths) {
    for (const n of p.maybe) {
      maybe.add(n);
    }
  }
  return { definite, maybe };
}

/** Common state of the two flow-tracking scopes. */
abstract class FlowScope {
  protected definite = new Set<string>();
  protected maybe = new Set<string>();
  protected readonly binders = new Map<string, Binder>();

  save(): IFlow {
    return { definite: new Set(this.definite), maybe: new Set(this.maybe) };
  }

  load(flow: IFlow): void {
    this.definite = new Set(flow.definite);
    this.maybe = new Set(flow.maybe);
  }

  bind(name: string, binder: Binder): void {
    this.definite.add(name);
    this.maybe.add(name);
    this.binders.set(name, binder);
  }

  /** A walrus inside a comprehension: bound only if the comprehension iterated. */
  bindMaybe(name: string): void {
    this.maybe.add(name);
    this.binders.set(name, 'value');
  }

  unbind(name: string): void {
    this.definite.delete(name);
    this.maybe.delete(name);
  }

  hasLocal(name: string): boolean {
    return this.maybe.has(name);
  }
}

/** The cell's top level: collects the cell facts. */
export class ModuleScope extends FlowScope {
  readonly kind = 'module';
  readonly parent = null;
  readonly reads: string[] = [];
  private readonly readSet = new Set<string>();
  readonly deletes = new Set<string>();
  readonly mutations = new Set<string>();
  readonly maybeMutations = new Set<string>();
  readonly calls: ICallSite[] = [];
  readonly imports = new Set<string>();
  readonly modules = new Set<string>();
  /**
   * Keyed by the cell's function names: prototype-less, so V8 keeps it a hash table (a `{}`
   * grows a hidden class per new name order in the corpus) and `constructor` is no own key.
   */
  readonly functions: Record<string, IFunctionFacts> = Object.create(null);
  wildcard = false;
  /**
   * Set by the walker around a read or mutation of a literal-keyed element (`cfg['lr']`):
   * the key. Null for a read or mutation of the whole name.
   */
  elementKey: string | null = null;
  /** Per free-read name, the element keys read, or null once it is read whole. */
  readonly elementReads = new Map<string, Set<string> | null>();
  /** Per mutated name, the element keys written, or null once it is mutated whole. */
  readonly elementWrites = new Map<string, Set<string> | null>();
  /** Names bound to a literal in straight-line code, until bound again (see walk.ts). */
  readonly consts = new Map<string, { readonly value: ConstValue }>();
  /** Set by the walker while it reads an annotation that the module evaluates. */
  inAnnotation = false;
  /** Free reads met only in such annotations so far. */
  readonly annotationOnly = new Set<string>();
  /** `from __future__ import annotations` is here. */
  futureAnnotations = false;

  read(name: string): void {
    if (this.definite.has(name)) {
      return;
    }
    noteElement(this.elementReads, name, this.elementKey);
    if (!this.readSet.has(name)) {
      this.readSet.add(name);
      this.reads.push(name);
      if (this.inAnnotation) {
        this.annotationOnly.add(name);
      }
    } else if (!this.inAnnotation && this.annotationOnly.size > 0) {
      this.annotationOnly.delete(name);
    }
  }

  bind(name: string, binder: Binder): void {
    super.bind(name, binder);
    this.consts.delete(name);
    if (binder === 'import') {
      this.modules.add(name);
    }
  }

  bindMaybe(name: string): void {
    super.bindMaybe(name);
    this.consts.delete(name);
  }

  unbind(name: string): void {
    super.unbind(name);
    this.consts.delete(name);
  }

  del(name: string): void {
    this.deletes.add(name);
    this.unbind(name);
  }

  isModule(name: string): boolean {
    const b = this.binders.get(name);
    return b === undefined ? KNOWN_MODULES.has(name) : b === 'import';
  }

  isValueBound(name: string): boolean {
    return this.binders.get(name) === 'value';
  }

  mutate(root: string, sure: boolean): void {
    if (this.isModule(root)) {
      return;
    }
    if (sure) {
      noteElement(this.elementWrites, root, this.elementKey);
    }
    (sure ? this.mutations : this.maybeMutations).add(root);
  }

  call(site: ICallSite): void {
    this.calls.push(site);
  }

  /** The names whose every noted use was element-level, with their keys, sorted. */
  static elements(
    map: ReadonlyMap<string, Set<string> | null>,
    keep: (name: string) => boolean
  ): Record<string, string[]> | undefined {
    let out: Record<string, string[]> | undefined;
    for (const [name, keys] of map) {
      if (keys !== null && keep(name)) {
        out ??= Object.create(null) as Record<string, string[]>; // a hash table, as `functions`
        out[name] = [...keys].sort();
      }
    }
    return out;
  }

  /** D: definitely bound at the end of the cell. */
  defs(): string[] {
    return [...this.definite].sort();
  }

  /** D?: possibly but not definitely bound at the end of the cell. */
  maybeDefs(): string[] {
    return [...this.maybe].filter(n => !this.definite.has(n)).sort();
  }

  history(): string[] {
    return this.reads.filter(isHistoryName);
  }

  /** Function bodies at top level are summarised in `functions`, not in the cell's reads. */
  readFromNested(name: string): void {
    void name;
  }

  mutateFromNested(root: string, sure: boolean): void {
    void root;
    void sure;
  }
}

/** A class body: runs once, its bindings stay in the class. */
export class ClassScope extends FlowScope {
  readonly kind = 'class';

  constructor(readonly parent: Scope) {
    super();
  }

  read(name: string): void {
    if (!this.definite.has(name)) {
      this.parent.read(name);
    }
  }

  del(name: string): void {
    this.unbind(name);
  }

  isModule(name: string): boolean {
    const b = this.binders.get(name);
    return b === undefined ? this.parent.isModule(name) : b === 'import';
  }

  isValueBound(name: string): boolean {
    const b = this.binders.get(name);
    return b === undefined ? this.parent.isValueBound(name) : b === 'value';
  }

  mutate(root: string, sure: boolean): void {
    if (!this.maybe.has(root)) {
      this.parent.mutate(root, sure);
    }
  }

  call(site: ICallSite): void {
    this.parent.call(hideLocals(site, n => this.maybe.has(n)));
  }

  /** Functions nested in a class body do not see the class's names. */
  readFromNested(name: string): void {
    this.parent.readFromNested(name);
  }

  mutateFromNested(root: string, sure: boolean): void {
    this.parent.mutateFromNested(root, sure);
  }
}

/** A `def` or `lambda` body (Python's static local rule, no flow). */
export class FunctionScope {
  readonly kind = 'function';
  /** Names read anywhere in the body (resolved against `locals` at the end). */
  private readonly readNames = new Set<string>();
  /** Names read so far only in branches of the body: some calls do not read them. */
  private readonly branchOnly = new Set<string>();
  /** The walker's branch depth where the body starts. */
  private readonly baseBranches: number;
  private readonly locals = new Set<string>();
  private readonly globalsDeclared = new Set<string>();
  private readonly nonlocalsDeclared = new Set<string>();
  private readonly globalReads = new Set<string>();
  private readonly globalWrites = new Set<string>();
  /** Mutation roots, true when sure. */
  private readonly mutated = new Map<string, boolean>();
  private readonly calls: ICallSite[] = [];
  private readonly binders = new Map<string, Binder>();
  /** The body yields: calling it makes a generator. */
  yields = false;
  /** A nested function rebinds one of this function's names through `nonlocal`. */
  private closesOverState = false;

  /**
   * `params`: positional parameter names in order; `others`: `*args`, keyword-only, `**kw`.
   * `at`: the walker's position, whose `branches` tells a read in a branch of the body.
   */
  constructor(
    readonly parent: Scope,
    private readonly params: readonly string[],
    others: readonly string[],
    private readonly at: { readonly branches: number }
  ) {
    this.baseBranches = at.branches;
    for (const p of params) {
      this.locals.add(p);
    }
    for (const p of others) {
      this.locals.add(p);
    }
  }

  read(name: string): void {
    if (this.at.branches !== this.baseBranches) {
      if (!this.readNames.has(name) && !this.globalReads.has(name)) {
        this.branchOnly.add(name);
      }
    } else if (this.branchOnly.size > 0) {
      this.branchOnly.delete(name);
    }
    if (this.globalsDeclared.has(name)) {
      this.globalReads.add(name);
    } else {
      this.readNames.add(name);
    }
  }

  bind(name: string, binder: Binder): void {
    if (this.globalsDeclared.has(name)) {
      this.globalWrites.add(name);
    } else if (!this.nonlocalsDeclared.has(name)) {
      this.locals.add(name);
      this.binders.set(name, binder);
    }
  }

  bindMaybe(name: string): void {
    this.bind(name, 'value');
  }

  del(name: string): void {
    this.bind(name, 'value');
  }

  declare(kind: 'global' | 'nonlocal', name: string): void {
    (kind === 'global' ? this.globalsDeclared : this.nonlocalsDeclared).add(
      name
    );
  }

  hasLocal(name: string): boolean {
    return this.isLocal(name);
  }

  private isLocal(name: string): boolean {
    return (
      this.locals.has(name) &&
      !this.globalsDeclared.has(name) &&
      !this.nonlocalsDeclared.has(name)
    );
  }

  isModule(name: string): boolean {
    if (this.isLocal(name)) {
      return this.binders.get(name) === 'import';
    }
    return this.parent.isModule(name);
  }

  isValueBound(name: string): boolean {
    if (this.isLocal(name)) {
      const b = this.binders.get(name);
      return b === undefined || b === 'value'; // parameters are values too
    }
    return this.parent.isValueBound(name);
  }

  mutate(root: string, sure: boolean): void {
    if (!this.isModule(root)) {
      this.mutated.set(root, sure || this.mutated.get(root) === true);
    }
  }

  call(site: ICallSite): void {
    this.calls.push(site);
  }

  /** The facts of a function defined at the cell's top level. */
  finish(): IFunctionFacts {
    const reads = new Set(this.globalReads);
    for (const n of this.readNames) {
      if (!this.isLocal(n)) {
        reads.add(n);
      }
    }
    const mutatedParams: number[] = [];
    this.params.forEach((p, i) => {
      if (this.mutated.get(p) === true && this.isLocal(p)) {
        mutatedParams.push(i);
      }
    });
    const mutates: string[] = [];
    for (const [root, sure] of this.mutated) {
      if (sure && !this.isLocal(root)) {
        mutates.push(root);
      }
    }
    const facts: IFunctionFacts = {
      reads: [...reads].sort(),
      writes: [...this.globalWrites].sort(),
      mutatedParams,
      mutates: mutates.sort(),
      calls: this.outerCalls()
    };
    // Assigned, not spread: `...(c ? { k } : {})` copies through V8's slow path.
    if (this.yields || this.closesOverState) {
      (facts as { stateful?: boolean }).stateful = true;
    }
    const maybe =
      this.branchOnly.size === 0
        ? []
        : facts.reads.filter(n => this.branchOnly.has(n));
    if (maybe.length > 0) {
      (facts as { maybeReads?: readonly string[] }).maybeReads = maybe;
    }
    return facts;
  }

  /** Hands what a nested function needs from outside to the enclosing function. */
  finishNested(): void {
    const outer = nearestFunction(this.parent);
    if (!outer) {
      return;
    }
    if (this.nonlocalsDeclared.size > 0) {
      outer.closesOverState = true;
    }
    for (const n of this.readNames) {
      if (!this.isLocal(n)) {
        this.parent.readFromNested(n);
      }
    }
    for (const n of this.globalReads) {
      outer.globalReads.add(n);
    }
    for (const n of this.globalWrites) {
      outer.globalWrites.add(n);
    }
    for (const [root, sure] of this.mutated) {
      if (!this.isLocal(root)) {
        this.parent.mutateFromNested(root, sure);
      }
    }
    for (const c of this.outerCalls()) {
      outer.calls.push(c);
    }
  }

  readFromNested(name: string): void {
    this.readNames.add(name);
    this.branchOnly.delete(name);
  }

  mutateFromNested(root: string, sure: boolean): void {
    this.mutate(root, sure);
  }

  /** Calls of non-local names, with local arguments hidden (they mean nothing outside). */
  private outerCalls(): ICallSite[] {
    const out: ICallSite[] = [];
    for (const c of this.calls) {
      if (!this.isLocal(c.callee)) {
        out.push({
          callee: c.callee,
          args: c.args.map(a => (a !== null && this.isLocal(a) ? null : a))
        });
      }
    }
    return out;
  }
}

/** A comprehension: its targets are local, the rest is the enclosing scope's. */
export class ComprehensionScope {
  readonly kind = 'comprehension';
  private readonly bound = new Set<string>();

  constructor(readonly parent: Scope) {}

  /** Python resolves a comprehension's free names past any class body. */
  private get outer(): Scope {
    let p: Scope = this.parent;
    while (p.kind === 'class') {
      p = p.parent;
    }
    return p;
  }

  read(name: string): void {
    if (!this.bound.has(name)) {
      this.outer.read(name);
    }
  }

  bind(name: string): void {
    this.bound.add(name);
  }

  /** A walrus binds in the nearest enclosing non-comprehension scope. */
  bindWalrus(name: string): void {
    // Later parts of the comprehension see the new value, not an outer one.
    this.bound.add(name);
    let p: Scope = this.parent;
    while (p.kind === 'comprehension') {
      p = p.parent;
    }
    (p as ModuleScope | ClassScope | FunctionScope).bindMaybe(name);
  }

  del(name: string): void {
    this.bound.delete(name);
  }

  hasLocal(name: string): boolean {
    return this.bound.has(name);
  }

  isModule(name: string): boolean {
    return !this.bound.has(name) && this.outer.isModule(name);
  }

  isValueBound(name: string): boolean {
    return this.bound.has(name) || this.outer.isValueBound(name);
  }

  mutate(root: string, sure: boolean): void {
    if (!this.bound.has(root)) {
      this.outer.mutate(root, sure);
    }
  }

  call(site: ICallSite): void {
    this.outer.call(hideLocals(site, n => this.bound.has(n)));
  }

  readFromNested(name: string): void {
    if (!this.bound.has(name)) {
      this.parent.readFromNested(name);
    }
  }

  mutateFromNested(root: string, sure: boolean): void {
    if (!this.bound.has(root)) {
      this.parent.mutateFromNested(root, sure);
    }
  }
}

/** The call site with arguments that are local to an inner scope replaced by null. */
function hideLocals(
  site: ICallSite,
  isLocal: (name: string) => boolean
): ICallSite {
  return site.args.some(a => a !== null && isLocal(a))
    ? {
        callee: site.callee,
        args: site.args.map(a => (a !== null && isLocal(a) ? null : a))
      }
    : site;
}

/** Records one use of `name`: element `key`, or the whole name when `key` is null. */
function noteElement(
  map: Map<string, Set<string> | null>,
  name: string,
  key: string | null
): void {
  const keys = map.get(name);
  if (key === null) {
    map.set(name, null);
  } else if (keys === undefined) {
    map.set(name, new Set([key]));
  } else if (keys !== null) {
    keys.add(key);
  }
}

/** The innermost enclosing function scope, or null at module level. */
export function nearestFunction(s: Scope): FunctionScope | null {
  let p: Scope | null = s;
  while (p) {
    if (p.kind === 'function') {
      return p;
    }
    p = p.parent;
  }
  return null;
}
