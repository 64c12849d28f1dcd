/**
 * What a per-cell verdict module is given: the current notebook, the replayed record and
 * the cell with its last run in the current kernel session.
 */
import type { ICellView, NotebookView } from './notebookView';
import type { StaleBy } from './taint';
import type { IRunNode, Timeline } from './timeline';

/** A code cell that ran in the current session. */
export interface IRunContext {
  readonly view: NotebookView;
  readonly timeline: Timeline;
  readonly cell: ICellView;
  /** The cell's last run in the current session. */
  readonly node: IRunNode;
  /** The cells above that wrote a name the node read after it read it (`taint.ts`). */
  readonly staleBy: StaleBy;
  /** Shared by all cells of one update: the cells a tainted run derives from, memoised. */
  readonly ancestors: TaintedAncestors;
}

/**
 * The cells of the tainted runs a run derives from, its own included (empty when the run
 * is not tainted), as a bit set over current positions: bit `i` is the cell at index `i`.
 * Unions are a few word operations, and reading the bits out gives notebook order.
 */
export type TaintedAncestors = (node: IRunNode) => Uint32Array;

/**
 * A memoised {@link TaintedAncestors} for one update (taint and positions do not change
 * within one). Iterative, so a long chain of runs cannot overflow the stack; linear in
 * the tainted runs times the notebook's length / 32.
 */
export function taintedAncestors(view: NotebookView): TaintedAncestors {
  return new AncestorBits(view).of;
}

/**
 * {@link TaintedAncestors} kept across updates for one timeline and one layout (make a
 * new one when either changes): an update that re-marks a few hundred cells asks for
 * the sets of about as many runs, and most of them did not change. `forget` a run whose
 * taint, or whose inputs' taint, may have changed; `taint.ts` reports every such run.
 */
export class AncestorBits {
  private readonly _words: number;
  private readonly _none: Uint32Array;
  private readonly _memo = new Map<IRunNode, Uint32Array>();

  constructor(private readonly _view: NotebookView) {
    this._words = (_view.cells.length + 31) >>> 5;
    this._none = new Uint32Array(this._words);
  }

  /** Drop the set of `node` (the sets of the runs derived from it must be dropped too). */
  forget(node: IRunNode): void {
    this._memo.delete(node);
  }

  readonly of = (root: IRunNode): Uint32Array => {
    if (!root.tainted) {
      return this._none;
    }
    const { _memo: memo, _words: words } = this;
    const known = memo.get(root);
    if (known !== undefined) {
      return known;
    }
    const stack: IRunNode[] = [root];
    while (stack.length > 0) {
      const n = stack[stack.length - 1];
      if (memo.has(n)) {
        stack.pop();
        continue;
      }
      let pending = false;
      for (const d of n.deps.values()) {
        if (d.tainted && !memo.has(d)) {
          stack.push(d);
          pending = true;
        }
      }
      if (pending) {
        continue;
      }
      stack.pop();
      const bits = new Uint32Array(words);
      for (const d of n.deps.values()) {
        const up = d.tainted ? memo.get(d) : undefined;
        if (up !== undefined) {
          for (let w = 0; w < words; w++) {
            bits[w] |= up[w];
          }
        }
      }
      const at = this._view.pos(n.run.cellId);
      if (at !== null) {
        bits[at >>> 5] |= 1 << (at & 31);
      }
      memo.set(n, bits);
    }
    return memo.get(root) ?? this._none;
  };
}

/** The positions whose bits are set, ascending. */
export function positions(bits: Uint32Array): number[] {
  const out: number[] = [];
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w];
    while (word !== 0) {
      const low = word & -word;
      out.push((w << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
  return out;
}

/**
 * A source with trailing whitespace removed from every line and from the end, so that
 * `edited` ignores what editors add or strip on save.
 */
export function normalizeSource(source: string): string {
  return source.replace(/[ \t\f\v\r]+$/gm, '').replace(/\s+$/, '');
}

/** True when two sources differ beyond trailing whitespace. */
export function sourcesDiffer(a: string, b: string): boolean {
  return a !== b && normalizeSource(a) !== normalizeSource(b);
}
