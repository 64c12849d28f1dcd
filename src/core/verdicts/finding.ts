/**
 * Building, wording and ordering findings. Every verdict module goes through `finding()`
 * so the shape (sorted names, related cells in notebook order, severity from the kind)
 * is the same everywhere.
 */
import type {
  HiddenStateReason,
  ICellRef,
  IFinding,
  VerdictId
} from '../types';
import { kindRank, SEVERITY } from './kinds';
import { describe, type FindingText } from './messages';

export { cellLabel, cellList, nameList } from './messages';

/** The parts of a finding a verdict module decides; the rest is derived. */
export interface IFindingInput {
  readonly kind: VerdictId;
  readonly cell: ICellRef | null;
  /**
   * Omitted when `text` lists the names (`nameSet`): the finding then shares that sorted
   * array rather than sorting a copy of its own.
   */
  readonly names?: Iterable<string>;
  readonly related?: Iterable<ICellRef>;
  /**
   * `related` is a new array, unique by id and in notebook order already: the finding
   * takes it as it is (`stale` builds a few hundred such lists in one update).
   */
  readonly relatedInOrder?: boolean;
  /** What the message says, as data (`messages.ts` words it). */
  readonly text: FindingText;
  readonly rerun?: Iterable<string>;
  readonly reason?: HiddenStateReason;
  readonly hint?: boolean;
}

/** Make a finding: names sorted and unique, related unique in notebook order (deleted cells last). */
export function finding(input: IFindingInput): IFinding {
  // Built field by field in this order (the JSON's key order); an execution can re-mark a
  // few hundred findings, so inputs that are already in order are only copied, and the
  // English message is worded when first read (the lab words `text` in the user's language;
  // the CLI reads each message once). `message` is an own enumerable accessor, so JSON, the
  // structured clone to and from workers and v8's serializer all copy its value. It is
  // defined with one shared getter: an object literal with a getter is built in
  // dictionary mode (about 3x the cost, and a closure per finding).
  const out: { -readonly [K in keyof IFinding]?: IFinding[K] } = {
    kind: input.kind,
    severity: SEVERITY[input.kind],
    cell: input.cell,
    names:
      input.names === undefined
        ? textNames(input.text)
        : sortedNames(input.names),
    related: inOrder(input) ? input.related : orderedRefs(input.related ?? [])
  };
  Object.defineProperty(out, 'message', MESSAGE);
  out.text = input.text;
  out.rerun = distinct(input.rerun ?? []);
  if (input.reason !== undefined) {
    out.reason = input.reason;
  }
  if (input.hint !== undefined) {
    out.hint = input.hint;
  }
  return out as IFinding;
}

/** Where a finding keeps its worded message (not enumerable: no copy, JSON or equality sees it). */
const WORDS = Symbol('words');

/** The `message` of every finding: its `text` in English, worded once. */
const MESSAGE: PropertyDescriptor = {
  get(this: IFinding & { [WORDS]?: string }): string {
    let words = this[WORDS];
    if (words === undefined) {
      words = describe(this.text);
      Object.defineProperty(this, WORDS, { value: words });
    }
    return words;
  },
  enumerable: true,
  configurable: true
};

/** The input's related refs are a list to take as it is (see `relatedInOrder`). */
function inOrder(
  input: IFindingInput
): input is IFindingInput & { readonly related: readonly ICellRef[] } {
  return (
    input.relatedInOrder === true &&
    input.related !== undefined &&
    isList(input.related)
  );
}

function isList<T>(xs: Iterable<T>): xs is readonly T[] {
  return Array.isArray(xs);
}

/**
 * The names `text` lists, as the finding's: the text's own array when it is sorted without
 * repeats (as `nameSet` gives them, which nothing changes afterwards), else a sorted
 * distinct copy. None when the text lists no names.
 */
function textNames(text: FindingText): readonly string[] {
  if (!('names' in text.args)) {
    return [];
  }
  const names = text.args.names;
  for (let i = 1; i < names.length; i++) {
    if (names[i] <= names[i - 1]) {
      return sortedNames(names);
    }
  }
  return names;
}

/** Distinct strings, sorted (as `[...new Set(xs)].sort()`). */
function sortedNames(xs: Iterable<string>): string[] {
  const out = isList(xs) ? xs.slice() : [...xs];
  if (out.length < 2) {
    return out;
  }
  out.sort();
  // Sorted, so repeats are neighbours.
  let k = 1;
  for (let i = 1; i < out.length; i++) {
    if (out[i] !== out[k - 1]) {
      out[k++] = out[i];
    }
  }
  out.length = k;
  return out;
}

/** Distinct values in first-seen order. */
function distinct<T>(xs: Iterable<T>): T[] {
  if (isList(xs) && xs.length < 2) {
    return xs.slice();
  }
  return [...new Set(xs)];
}

/** Refs unique by id in notebook order: a copy when they already are, in strictly increasing positions. */
function orderedRefs(refs: Iterable<ICellRef>): ICellRef[] {
  if (isList(refs) && increasing(refs, r => r.index) && distinctIds(refs)) {
    return refs.slice();
  }
  return sortRefs(uniqueRefs(refs));
}

/** True when every index is a number larger than the one before (a single one may be null). */
function increasing<T>(
  xs: readonly T[],
  index: (x: T) => number | null
): boolean {
  if (xs.length < 2) {
    return true;
  }
  let prev = -1;
  for (const x of xs) {
    const i = index(x);
    if (i === null || i <= prev) {
      return false;
    }
    prev = i;
  }
  return true;
}

/**
 * Whether no two refs share an id (nbformat 3 cells have none, so ids repeat there). Pairs
 * are compared for short lists, which allocates nothing.
 */
function distinctIds(refs: readonly ICellRef[]): boolean {
  if (refs.length > 16) {
    return new Set(refs.map(r => r.id)).size === refs.length;
  }
  for (let i = 1; i < refs.length; i++) {
    for (let j = 0; j < i; j++) {
      if (refs[i].id === refs[j].id) {
        return false;
      }
    }
  }
  return true;
}

function uniqueRefs(refs: Iterable<ICellRef>): ICellRef[] {
  const seen = new Map<string, ICellRef>();
  for (const r of refs) {
    if (!seen.has(r.id)) {
      seen.set(r.id, r);
    }
  }
  return [...seen.values()];
}

/** Cell refs in notebook order; refs to deleted cells (index null) last, by id. */
export function sortRefs(refs: ICellRef[]): ICellRef[] {
  return refs.sort((a, b) => {
    if (a.index === null || b.index === null) {
      if (a.index !== b.index) {
        return a.index === null ? 1 : -1;
      }
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    }
    return a.index - b.index;
  });
}

/**
 * The report order: notebook-level findings first, then by cell index, then by kind (in
 * verdicts.md's table order), then by reason and names so the order is total.
 */
export function compareFindings(a: IFinding, b: IFinding): number {
  const ai = a.cell === null ? -1 : (a.cell.index ?? Number.MAX_SAFE_INTEGER);
  const bi = b.cell === null ? -1 : (b.cell.index ?? Number.MAX_SAFE_INTEGER);
  if (ai !== bi) {
    return ai - bi;
  }
  const k = kindRank(a.kind) - kindRank(b.kind);
  if (k !== 0) {
    return k;
  }
  const ar = a.reason ?? '';
  const br = b.reason ?? '';
  if (ar !== br) {
    return ar < br ? -1 : 1;
  }
  const an = a.names.join(',');
  const bn = b.names.join(',');
  return an < bn ? -1 : an > bn ? 1 : 0;
}
