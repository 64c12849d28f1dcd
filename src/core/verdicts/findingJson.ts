/**
 * The one JSON shape of a finding (`src/core/finding.schema.json`), for every place one is
 * printed or copied: `check --json`, `export --json`, `verify --json`, the panel's copy.
 * Exactly the documented keys, in this order; `reason` only for `hidden-state`.
 */
import type { IFinding, Severity } from '../types';

/** A cell as JSON: its id and 0-based position (null for a deleted cell). */
export interface ICellRefJson {
  readonly id: string;
  readonly index: number | null;
}

/** A finding as JSON. */
export interface IFindingJson {
  readonly kind: string;
  readonly severity: Severity;
  readonly cell: ICellRefJson | null;
  readonly names: readonly string[];
  readonly related: readonly ICellRefJson[];
  readonly message: string;
  readonly rerun: readonly string[];
  /** `hidden-state` only: why (deleted, edited, re-run, previous-session, ghost). */
  readonly reason?: string;
}

/** The finding as JSON (a plain copy: no shared arrays). */
export function findingJson(f: IFinding): IFindingJson {
  return {
    kind: f.kind,
    severity: f.severity,
    cell: f.cell === null ? null : { id: f.cell.id, index: f.cell.index },
    names: [...f.names],
    related: f.related.map(c => ({ id: c.id, index: c.index })),
    message: f.message,
    rerun: [...f.rerun],
    ...(f.reason !== undefined ? { reason: f.reason } : {})
  };
}
