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
  const names = [...new Set(input.names ?? [])].sort();
  const related = sortRefs(uniqueRefs(input.related ?? []));
  return {
    kind: input.kind,
    severity: SEVERITY[input.kind],
    cell: input.cell,
    names,
    related,
    message: input.message,
    rerun: [...new Set(input.rerun ?? [])],
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
    ...(input.hint !== undefined ? { hint: input.hint } : {})
  };
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
  const all = [...new Set(names)].sort().map(n => `\`${n}\``);
  if (all.length <= 1) {
    return all.join('');
  }
  if (all.length <= max) {
    return `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
  }
  return `${all.slice(0, max - 1).join(', ')} and ${all.length - max + 1} more`;
}

/** "cell 2", "cells 2 and 5", "cells 2, 5 and 7". */
export function cellList(indices: Iterable<number | null>): string {
  const sorted = [...new Set(indices)].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a - b
  );
  const labels = sorted.map(i =>
    i === null ? 'a deleted cell' : String(i + 1)
  );
  if (sorted.length === 1) {
    return cellLabel(sorted[0]);
  }
  return `cells ${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}
