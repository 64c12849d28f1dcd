/**
 * `unsafe`: the cell read a value derived from a value that was superseded after it was
 * consumed — `stale`, transitively (nbsafety's "stale"). Names the cell itself reads
 * stale are left to the `stale` finding.
 */
import type { IFinding } from '../types';
import { positions, type IRunContext } from './context';
import { finding } from './finding';
import { cellSet, nameSet } from './messages';
import type { IRunNode } from './timeline';

/** The cells each `unsafe` finding asks to re-run, as bits over positions (see `context.ts`). */
const RERUN_BITS = new WeakMap<IFinding, Uint32Array>();

/** Where {@link unsafe} gathers those bits before it knows whether they are new. */
let scratch = new Uint32Array(32);

/**
 * The `unsafe` finding of a cell, or null. `previous`: the cell's finding for the same run
 * in the same layout, returned as is when this one would equal it (most cells an
 * execution re-marks keep theirs), which spares the wording and the re-run list.
 */
export function unsafe(
  ctx: IRunContext,
  previous: IFinding | null = null
): IFinding | null {
  const { view, cell, node } = ctx;
  if (!node.tainted) {
    return null;
  }
  const names: string[] = [];
  const sources: IRunNode[] = [];
  const staleBy = ctx.staleBy;
  node.deps.forEach((writer, name) => {
    if (writer.tainted && !staleBy.has(name)) {
      names.push(name);
      sources.push(writer);
    }
  });
  if (names.length === 0) {
    return null;
  }
  const words = (view.cells.length + 31) >>> 5;
  // Most findings an execution re-marks come out the same: gather into a scratch buffer
  // and copy it only for a new finding.
  if (scratch.length < words) {
    scratch = new Uint32Array(words);
  }
  scratch.fill(0, 0, words);
  for (const src of sources) {
    const up = ctx.ancestors(src);
    for (let w = 0; w < words; w++) {
      scratch[w] |= up[w];
    }
  }
  // The cells the values came from, distinct in first-seen order (a few: no set).
  const ids: string[] = [];
  for (const src of sources) {
    const id = src.run.cellId;
    if (!ids.includes(id)) {
      ids.push(id);
    }
  }
  if (previous !== null && sameAs(previous, names, ids, scratch, words)) {
    return previous;
  }
  const cells = scratch.slice(0, words);
  const from = ids.map(id => view.ref(id));
  const out = finding({
    kind: 'unsafe',
    cell: cell.ref,
    related: from,
    // Which stale cell it all started from is left to `rerun`: naming it here would make
    // every derived finding change whenever another cell upstream went stale.
    text: {
      id: 'unsafe',
      args: { names: nameSet(names), from: cellSet(from.map(r => r.index)) }
    },
    rerun: [
      ...positions(cells)
        .filter(i => i !== cell.index)
        .map(i => view.cells[i].snap.id),
      cell.snap.id
    ]
  });
  RERUN_BITS.set(out, cells);
  return out;
}

/**
 * Whether `f` names the same names and cells and asks to re-run the same cells (the first
 * `words` of `cells`).
 */
function sameAs(
  f: IFinding,
  names: readonly string[],
  ids: readonly string[],
  cells: Uint32Array,
  words: number
): boolean {
  const bits = RERUN_BITS.get(f);
  if (
    bits === undefined ||
    bits.length !== words ||
    f.names.length !== names.length ||
    f.related.length !== ids.length
  ) {
    return false;
  }
  for (let w = 0; w < words; w++) {
    if (bits[w] !== cells[w]) {
      return false;
    }
  }
  // `names` are the keys of one map: distinct, as `f.names` are (a few, so no set).
  return (
    names.every(n => f.names.includes(n)) &&
    f.related.every(r => ids.includes(r.id))
  );
}
