/**
 * `unsafe`: the cell read a value derived from a value that was superseded after it was
 * consumed — `stale`, transitively (nbsafety's "stale"). Names the cell itself reads
 * stale are left to the `stale` finding.
 */
import type { IFinding } from '../types';
import type { IRunContext } from './context';
import { cellList, finding, nameList } from './finding';
import type { IRunNode } from './timeline';
import { staleWrites } from './taint';

/** The `unsafe` finding of a cell, or null. */
export function unsafe(ctx: IRunContext): IFinding | null {
  const { view, timeline, cell, node } = ctx;
  if (!node.tainted) {
    return null;
  }
  const staleNames = node.stale ? staleWrites(node, timeline, view.pos) : new Map();
  const names: string[] = [];
  const sources: IRunNode[] = [];
  for (const [name, writer] of node.deps) {
    if (writer.tainted && !staleNames.has(name)) {
      names.push(name);
      sources.push(writer);
    }
  }
  if (names.length === 0) {
    return null;
  }
  const chain = upstreamTainted(sources);
  const roots = chain.filter(n => n.stale);
  const present = (n: IRunNode): boolean => view.pos(n.run.cellId) !== null;
  const rerunCells = [...new Set(chain.filter(present).map(n => n.run.cellId))]
    .map(id => view.cells[view.pos(id) ?? 0])
    .sort((a, b) => a.index - b.index)
    .map(c => c.snap.id);
  const rootCells = [...new Set(roots.map(n => n.run.cellId))].map(id => view.ref(id));
  return finding({
    kind: 'unsafe',
    cell: cell.ref,
    names,
    related: [...new Set(sources.map(n => n.run.cellId))].map(id => view.ref(id)),
    message:
      `Read ${nameList(names)}, which may derive from a value that changed after it was used ` +
      `(stale in ${cellList(rootCells.map(r => r.index))}): its output may be out of date.`,
    rerun: [...rerunCells, cell.snap.id]
  });
}

/** The tainted runs `from` derive from, through tainted dependencies (each once). */
function upstreamTainted(from: readonly IRunNode[]): IRunNode[] {
  const seen = new Set<IRunNode>();
  const stack = [...from];
  while (stack.length > 0) {
    const n = stack.pop() as IRunNode;
    if (seen.has(n) || !n.tainted) {
      continue;
    }
    seen.add(n);
    for (const dep of n.deps.values()) {
      stack.push(dep);
    }
  }
  return [...seen];
}
