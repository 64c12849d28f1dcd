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

/** The parts of a finding a verdict module decides; the rest is derived. */
export interface IFindingInput {
  readonly kind: VerdictId;
  readonly cell: ICellRef | null;
  readonly names?: Iterable<string>;
  readonly related?: Iterable<ICellRef>;
  readonly message: string;
  readonly rerun?: Iterable<string>;
  readonly reason?: HiddenStateReason;
  readonly hint?: boolean;
}

/** Make a finding: names sorted and unique, related unique in notebook order (deleted cells last). */
export function finding(input: IFindingInput): IFinding {
  // Built field by field in this order (the JSON's key order); an execution can re-word a
  // few hundred findings, so inputs that are already in order are only copied.
  const out: { -readonly [K in keyof IFinding]: IFinding[K] } = {
    kind: input.kind,
    severity: SEVERITY[input.kind],
    cell: input.cell,
    names: sortedNames(input.names ?? []),
    related: orderedRefs(input.related ?? []),
    message: input.message,
    rerun: distinct(input.rerun ?? [])
  };
  if (input.reason !== undefined) {
    out.reason = input.reason;
  }
  if (input.hint !== undefined) {
    out.hint = input.hint;
  }
  return out;
}

function isList<T>(xs: Iterable<T>): xs is readonly T[] {
  return Array.isArray(xs);
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

/** "cell 3": cells are numbered from 1 in display order, as a person counts them. */
export function cellLabel(index: number | null): string {
  return index === null ? 'a deleted cell' : `cell ${index + 1}`;
}

/** "`a`", "`a` and `b`", "`a`, `b` and 2 more": a short name list for a one-line message. */
export function nameList(names: Iterable<string>, max = 3): string {
  const all = sortedNames(names);
  const q = (n: string): string => `\`${n}\``;
  if (all.length <= 1) {
    return all.length === 0 ? '' : q(all[0]);
  }
  const shown = all.length <= max ? all.length - 1 : max - 1;
  let out = '';
  for (let i = 0; i < shown; i++) {
    out += i === 0 ? q(all[i]) : `, ${q(all[i])}`;
  }
  return all.length <= max
    ? `${out} and ${q(all[all.length - 1])}`
    : `${out} and ${all.length - max + 1} more`;
}

/** "cell 2", "cells 2 and 5", "cells 2, 5 and 7". */
export function cellList(indices: Iterable<number | null>): string {
  const sorted =
    isList(indices) && increasing(indices, i => i)
      ? indices
      : [...new Set(indices)].sort((a, b) =>
          a === null ? 1 : b === null ? -1 : a - b
        );
  if (sorted.length === 1) {
    return cellLabel(sorted[0]);
  }
  const label = (i: number | null): string =>
    i === null ? 'a deleted cell' : String(i + 1);
  let out = 'cells ';
  for (let i = 0; i < sorted.length - 1; i++) {
    out += i === 0 ? label(sorted[i]) : `, ${label(sorted[i])}`;
  }
  return `${out} and ${label(sorted[sorted.length - 1])}`;
}
