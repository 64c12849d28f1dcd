/**
 * Ghost names (verdicts.md, `hidden-state`): names alive in the kernel that no current
 * cell can bind — their defining cell was deleted or edited. Only the kernel companion
 * knows the live names, so this runs in JupyterLab, not on a saved file.
 */
import { getFacts } from '../facts/factsCache';
import { sourceOf } from '../record/executionLog';
import type { IExecutionRecord, IFinding, INotebookSnapshot } from '../types';
import { describe, type FindingText } from './messages';

/** A ghost name, and where its value came from when the record knows. */
export interface IGhost {
  readonly name: string;
  /** The last recorded source that bound the name (to restore it), or null. */
  readonly source: string | null;
  /** The id of the cell that ran that source (it may no longer exist). */
  readonly cellId: string | null;
}

/**
 * Live names that no current code cell binds. Empty when a cell may bind anything
 * (`from m import *`, `%run`): then any live name may have come from it.
 */
export function ghostNames(
  nb: INotebookSnapshot,
  record: IExecutionRecord | null,
  liveNames: readonly string[]
): IGhost[] {
  const bindable = new Set<string>();
  for (const cell of nb.cells) {
    if (cell.type !== 'code') {
      continue;
    }
    const f = getFacts(cell.source);
    if (f.wildcard || f.opaque) {
      return [];
    }
    for (const list of [f.defs, f.maybeDefs]) {
      for (const n of list) {
        bindable.add(n);
      }
    }
    for (const fn of Object.values(f.functions)) {
      for (const n of fn.writes) {
        bindable.add(n);
      }
    }
  }
  const ghosts: IGhost[] = [];
  for (const name of [...liveNames].sort()) {
    if (!bindable.has(name)) {
      ghosts.push({ name, ...lastBinder(record, name) });
    }
  }
  return ghosts;
}

function lastBinder(
  record: IExecutionRecord | null,
  name: string
): { source: string | null; cellId: string | null } {
  for (let i = (record?.runs.length ?? 0) - 1; i >= 0; i--) {
    const run = record!.runs[i];
    const text = sourceOf(record!, run);
    if (text === null) {
      continue;
    }
    const f = getFacts(text);
    if (f.defs.includes(name) || f.maybeDefs.includes(name)) {
      return { source: text, cellId: run.cellId };
    }
  }
  return { source: null, cellId: null };
}

/** The `hidden-state` findings (reason `ghost`) for ghost names, one per name. */
export function ghostFindings(
  nb: INotebookSnapshot,
  ghosts: readonly IGhost[]
): IFinding[] {
  const index = new Map(nb.cells.map((c, i) => [c.id, i]));
  return ghosts.map(g => {
    const at = g.cellId === null ? undefined : index.get(g.cellId);
    const text: FindingText = {
      id: 'ghost',
      args: { name: g.name, known: g.source !== null }
    };
    return {
      kind: 'hidden-state',
      severity: 'warning',
      cell: null,
      names: [g.name],
      related: g.cellId === null ? [] : [{ id: g.cellId, index: at ?? null }],
      message: describe(text),
      text,
      rerun: [],
      reason: 'ghost'
    };
  });
}
