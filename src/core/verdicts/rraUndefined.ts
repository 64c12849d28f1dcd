/**
 * The verdicts that read only the current sources, top to bottom as Restart & Run All
 * runs them: `rra-undefined`, `rra-maybe-undefined`, `history-var`, `syntax-error`.
 */
import type { IFinding } from '../types';
import { isPredefined } from './builtins';
import { finding } from './finding';
import { cellSet, nameSet } from './messages';
import type { ICellView, NotebookView } from './notebookView';

/** Static findings of every cell, by cell id (cells without any are absent). */
export function staticFindings(view: NotebookView): Map<string, IFinding[]> {
  const out = new Map<string, IFinding[]>();
  if (!view.python) {
    return out;
  }
  const bound = new Set<string>();
  /** Names only maybe-bound so far, with the last cell that may bind each. */
  const maybe = new Map<string, number>();
  // After a wildcard import or an opaque cell (`%run`) anything may be bound.
  let suppressedBy: ICellView | null = null;
  for (const cell of view.cells) {
    const facts = cell.facts;
    if (facts === null) {
      continue;
    }
    const list: IFinding[] = [];
    if (facts.parseError !== null) {
      const e = facts.parseError;
      list.push(
        finding({
          kind: 'syntax-error',
          cell: cell.ref,
          text: {
            id: 'syntax-error',
            args: { line: e.line, column: e.column + 1, problem: e.problem }
          }
        })
      );
    }
    if (facts.history.length > 0) {
      list.push(
        finding({
          kind: 'history-var',
          cell: cell.ref,
          text: { id: 'history-var', args: { names: nameSet(facts.history) } }
        })
      );
    }
    // A wildcard import or `%run` in the cell itself may bind what the cell reads after it.
    if (suppressedBy === null && !facts.wildcard && !facts.opaque) {
      list.push(...undefinedReads(view, cell, bound, maybe));
    }
    for (const [name, kind] of cell.effects.writes) {
      if (kind === 'bind') {
        bound.add(name);
        maybe.delete(name);
      } else if (kind === 'maybe' && !bound.has(name)) {
        maybe.set(name, cell.index);
      } else if (kind === 'delete') {
        bound.delete(name);
        maybe.delete(name);
      }
    }
    if (facts.wildcard || facts.opaque) {
      suppressedBy = cell;
    }
    if (list.length > 0) {
      out.set(cell.snap.id, list);
    }
  }
  return out;
}

function undefinedReads(
  view: NotebookView,
  cell: ICellView,
  bound: ReadonlySet<string>,
  maybe: ReadonlyMap<string, number>
): IFinding[] {
  const missing: string[] = [];
  const unsure: string[] = [];
  /** Bound nowhere above, but read only in a branch of a called function. */
  const branchOnly: string[] = [];
  const inBranch = cell.effects.maybeReads;
  for (const name of cell.effects.reads) {
    if (bound.has(name) || isPredefined(name, view.python2)) {
      continue;
    }
    if (maybe.has(name)) {
      unsure.push(name);
    } else if (inBranch?.includes(name) === true) {
      branchOnly.push(name);
    } else {
      missing.push(name);
    }
  }
  const out: IFinding[] = [];
  if (missing.length > 0) {
    const below = missing
      .map(n => view.firstWriterBelow(n, cell.index))
      .filter((c): c is ICellView => c !== null);
    out.push(
      finding({
        kind: 'rra-undefined',
        cell: cell.ref,
        related: below.map(c => c.ref),
        text: {
          id: 'rra-undefined',
          // `below` keeps one entry per name: its length chooses "does" or "do".
          args: {
            names: nameSet(missing),
            below: below.map(c => c.index).sort((a, b) => a - b)
          }
        }
      })
    );
  }
  if (branchOnly.length > 0) {
    out.push(
      finding({
        kind: 'rra-maybe-undefined',
        cell: cell.ref,
        text: {
          id: 'rra-branch-undefined',
          args: { names: nameSet(branchOnly) }
        }
      })
    );
  }
  if (unsure.length > 0) {
    const from = unsure.map(n => maybe.get(n) ?? 0);
    out.push(
      finding({
        kind: 'rra-maybe-undefined',
        cell: cell.ref,
        related: from.map(i => view.cells[i].ref),
        text: {
          id: 'rra-maybe-undefined',
          args: { names: nameSet(unsure), from: cellSet(from) }
        }
      })
    );
  }
  return out;
}
