/**
 * Static facts of one cell source (shared/design/verdicts.md, "Per-source static facts").
 */

import { splitLines } from '../parse/lines';
import type { IMaskedSource } from '../parse/maskIpython';
import { IParsedCell, parsePython } from '../parse/parsePython';
import type { ICellFacts, IParseError } from '../types';
import type { ConstEnv, ConstValue } from './constants';
import { ModuleScope } from './scopes';
import { walkBlock, walkContext } from './walk';

const NO_ENV: ConstEnv = new Map();

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The facts of `source`: masks IPython syntax, parses, and walks the tree. Never throws; a
 * syntax error is reported in `parseError` and the facts are a best effort over lezer's
 * recovered tree.
 */
export function cellFacts(source: string, env: ConstEnv = NO_ENV): ICellFacts {
  return factsOfParsed(
    parsePython(typeof source === 'string' ? source : ''),
    env
  );
}

/**
 * The facts of an already parsed cell (see `parsePython`). `env`: names bound to a literal
 * by the cells above, for folding this cell's conditions.
 */
export function factsOfParsed(
  parsed: IParsedCell,
  env: ConstEnv = NO_ENV
): ICellFacts {
  const module = new ModuleScope();
  const text = parsed.masked.python;
  const cx = walkContext(text, module, bindingDropper(parsed.masked), env);
  let parseError: IParseError | null = parsed.error;
  try {
    walkBlock(parsed.tree.topNode, module, cx);
  } catch (e) {
    // Only a pathological input (thousands of nested brackets) exhausts the stack.
    parseError = parseError ?? {
      line: 1,
      column: 0,
      problem: { id: e instanceof RangeError ? 'too-deep' : 'not-analysed' }
    };
  }
  const magics = parsed.masked.magics;
  const mutations = [...module.mutations].sort();
  const readSet = new Set(module.reads);
  const elementReads = ModuleScope.elements(module.elementReads, n =>
    readSet.has(n)
  );
  const elementWrites = ModuleScope.elements(module.elementWrites, n =>
    module.mutations.has(n)
  );
  // Keyed by the cell's names: prototype-less hash tables (see `ModuleScope.functions`).
  const constants = Object.create(null) as Record<string, ConstValue>;
  for (const [name, v] of module.consts) {
    constants[name] = v.value;
  }
  // for…in: the prototype-less table has only its own keys; Object.entries of it was slower.
  const factories: string[] = [];
  for (const name in module.functions) {
    if (module.functions[name].stateful === true) {
      factories.push(name);
    }
  }
  factories.push(...cx.factories);
  // Each sorts a copy of its set: computed once for `defined` and the facts.
  const defs = module.defs();
  const maybeDefs = module.maybeDefs();
  const defined = new Set([...defs, ...maybeDefs]);
  const boundByCall = Object.create(null) as Record<string, string>;
  let anyBoundByCall = false;
  for (const [name, callee] of cx.boundByCall) {
    if (defined.has(name)) {
      boundByCall[name] = callee;
      anyBoundByCall = true;
    }
  }
  const facts: Mutable<ICellFacts> = {
    reads: module.reads,
    defs,
    maybeDefs,
    mutations,
    maybeMutations: [...module.maybeMutations]
      .filter(n => !module.mutations.has(n))
      .sort(),
    deletes: [...module.deletes].sort(),
    wildcard: module.wildcard || magics.some(m => m.name === 'pylab'),
    history: module.history(),
    opaque: parsed.masked.opaque,
    functions: module.functions,
    calls: module.calls,
    imports: [...module.imports].sort(),
    modules: [...module.modules].sort(),
    parseError
  };
  // The optional keys in this order (the cache and the JSON keep it), each only when present:
  // assigned, not spread, since `...(c ? { k } : {})` copies through V8's slow path per cell.
  if (elementReads) {
    facts.elementReads = elementReads;
  }
  if (elementWrites) {
    facts.elementWrites = elementWrites;
  }
  if (module.consts.size > 0) {
    facts.constants = constants;
  }
  if (cx.conditionNames.size > 0) {
    facts.conditionNames = [...cx.conditionNames].sort();
  }
  if (cx.consumes.size > 0) {
    facts.consumes = [...cx.consumes].sort();
  }
  if (cx.iterators.size > 0) {
    facts.iterators = [...cx.iterators].filter(n => defined.has(n)).sort();
  }
  if (anyBoundByCall) {
    facts.boundByCall = boundByCall;
  }
  if (factories.length > 0) {
    facts.factories = factories.sort();
  }
  if (module.annotationOnly.size > 0) {
    facts.annotationReads = [...module.annotationOnly].sort();
  }
  if (module.futureAnnotations) {
    facts.futureAnnotations = true;
  }
  return facts;
}

/**
 * `%timeit stmt` and `%%timeit` bodies run, but IPython keeps none of their bindings: returns
 * a test for statement start offsets in such code.
 */
function bindingDropper(masked: IMaskedSource): (offset: number) => boolean {
  const timed = masked.magics.filter(m => m.live && !m.keepsBindings);
  if (timed.length === 0) {
    return () => false;
  }
  const lines = splitLines(masked.python);
  const ranges = timed.map(m => [
    lines.start[m.startLine],
    lines.end[m.endLine]
  ]);
  return offset => ranges.some(([from, to]) => offset >= from && offset < to);
}
