/**
 * `unsafe`: the cell read a value derived from a value that was superseded after it was
 * consumed — `stale`, transitively (nbsafety's "stale"). Names the cell itself reads
 * stale are left to the `stale` finding.
 */
import type { IFinding } from '../types';
import { positions, type IRunContext } from './context';
import { cellList, finding, nameList } from './finding';
import type { IRunNode } from './timeline';

/** The `unsafe` finding of a cell, or null. */
export function unsafe(ctx: IRunContext): IFinding | null {
  const { view, cell, node } = ctx;
  if (!node.tainted) {
    return null;
  }
  const names: string[] = [];
  const sources: IRunNode[] = [];
  for (const [name, writer] of node.deps) {
    if (writer.tainted && !ctx.staleBy.has(name)) {
      names.push(name);
      sources.push(writer);
    }
  }
  if (names.length === 0) {
    return null;
  }
  const words = (view.cells.length + 31) >>> 5;
  const cells = new Uint32Array(words);
  for (const src of sources) {
    const up = ctx.ancestors(src);
    for (let w = 0; w < words; w++) {
      cells[w] |= up[w];
    }
  }
  const from = [...new Set(sources.map(n => n.run.cellId))].map(id =>
    view.ref(id)
  );
  return finding({
    kind: 'unsafe',
    cell: cell.ref,
    names,
    related: from,
    // Which stale cell it all started from is left to `rerun`: naming it here would make
    // every derived finding change whenever another cell upstream went stale.
    message:
      `Read ${nameList(names)} from ${cellList(from.map(r => r.index))}, computed from a ` +
      'value that changed after it was used: its output may be out of date.',
    rerun: [
      ...positions(cells)
        .filter(i => i !== cell.index)
        .map(i => view.cells[i].snap.id),
      cell.snap.id
    ]
  });
}
