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
  readonly names?: Iterable<string>;
  readonly related?: Iterable<ICellRef>;
  /** What the message says, as data (`messages.ts` words it). */
  readonly text: FindingText;
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
    message: describe(input.text),
    text: input.text,
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
