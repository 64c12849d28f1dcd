/**
 * The notebook as it is now, prepared for the verdicts: positions, per-cell facts and
 * effects (calls resolved against the nearest definition above, as Restart & Run All
 * would), and per-name indexes of which cells write or bind each name.
 *
 * Rebuilt when cells are inserted, deleted, moved or edited (O(cells), facts cached by
 * source); patched in place when only execution counts or outputs changed.
 */
import type {
  ICellFacts,
  ICellRef,
  ICellSnapshot,
  IFunctionFacts,
  INotebookSnapshot
} from '../types';
import { isPython } from '../notebook/fromIpynb';
import { isPython2Kernel } from './builtins';
import { isBlankSource } from './counts';
import { effectsOf, IEffects, NO_EFFECTS } from './effects';
import type { FactsOf } from './timeline';

/** One cell of the current notebook. */
export interface ICellView {
  readonly snap: ICellSnapshot;
  readonly index: number;
  readonly ref: ICellRef;
  /** A code cell whose source is not blank: the cells verdicts talk about. */
  readonly code: boolean;
  /** Facts of the current source; null unless a non-blank code cell of a Python notebook. */
  readonly facts: ICellFacts | null;
  /** Effects of the current source with calls resolved top-down. */
  readonly effects: IEffects;
}

/** The current notebook, indexed. */
export class NotebookView {
  /** The snapshot it indexes (replaced by `Analyzer` when only counts or outputs change). */
  snapshot: INotebookSnapshot;
  readonly cells: ICellView[];
  /** The name-level verdicts apply (the notebook is Python, or says nothing). */
  readonly python: boolean;
  /** Accept Python 2 builtins (a `python2` kernel). */
  readonly python2: boolean;

  private readonly _byId = new Map<string, ICellView>();
  /** Positions of cells whose current source writes each name, ascending. */
  private readonly _writers = new Map<string, number[]>();
  /** Positions of cells whose current source definitely binds each name, ascending. */
  private readonly _definers = new Map<string, number[]>();

  constructor(nb: INotebookSnapshot, factsOf: FactsOf) {
    this.snapshot = nb;
    this.python = isPython(nb);
    this.python2 = isPython2Kernel(nb.kernelName);
    const functions = new Map<string, IFunctionFacts>();
    const modules = new Set<string>();
    this.cells = nb.cells.map((snap, index) => {
      const code = snap.type === 'code' && !isBlankSource(snap.source);
      const facts = code && this.python ? factsOf(snap.source) : null;
      let effects = NO_EFFECTS;
      if (facts !== null) {
        effects = effectsOf(
          facts,
          name => functions.get(name),
          undefined,
          modules
        );
        for (const [name, fn] of Object.entries(facts.functions)) {
          functions.set(name, fn);
        }
        for (const name of facts.modules ?? []) {
          modules.add(name);
        }
        for (const [name, kind] of effects.writes) {
          push(this._writers, name, index);
          if (kind === 'bind') {
            push(this._definers, name, index);
          }
        }
      }
      const view: ICellView = {
        snap,
        index,
        ref: { id: snap.id, index },
        code,
        facts,
        effects
      };
      if (!this._byId.has(snap.id)) {
        this._byId.set(snap.id, view);
      }
      return view;
    });
  }

  /** The cell with this id, if it is in the notebook. */
  cell(id: string): ICellView | undefined {
    return this._byId.get(id);
  }

  /**
   * Position of a code cell, or null when the id is not in the notebook or is no longer a
   * code cell (its code is gone, as far as Restart & Run All is concerned).
   */
  readonly pos = (id: string): number | null => {
    const c = this._byId.get(id);
    return c !== undefined && c.snap.type === 'code' ? c.index : null;
  };

  /** A reference to a cell by id (index null when it is gone). */
  ref(id: string): ICellRef {
    return this._byId.get(id)?.ref ?? { id, index: null };
  }

  /** The nearest cell above `index` whose current source writes `name`. */
  nearestWriterAbove(name: string, index: number): ICellView | null {
    return this._at(
      this._writers.get(name),
      lastBelow(this._writers.get(name), index)
    );
  }

  /** The nearest cell above `index` whose current source writes `name` and that `accept`s. */
  nearestWriterAboveWhere(
    name: string,
    index: number,
    accept: (cell: ICellView) => boolean
  ): ICellView | null {
    const list = this._writers.get(name);
    for (let i = lastBelow(list, index); i >= 0; i--) {
      const cell = this.cells[(list as number[])[i]];
      if (accept(cell)) {
        return cell;
      }
    }
    return null;
  }

  /** The nearest cell above `index` whose current source definitely binds `name`. */
  nearestDefinerAbove(name: string, index: number): ICellView | null {
    return this._at(
      this._definers.get(name),
      lastBelow(this._definers.get(name), index)
    );
  }

  /** The first cell below `index` whose current source writes `name`. */
  firstWriterBelow(name: string, index: number): ICellView | null {
    const list = this._writers.get(name);
    const i = lastBelow(list, index + 1) + 1;
    return this._at(list, i);
  }

  /** Cells strictly between positions `lo` and `hi` whose current source writes `name`. */
  writersBetween(name: string, lo: number, hi: number): ICellView[] {
    const list = this._writers.get(name) ?? [];
    const out: ICellView[] = [];
    for (
      let i = lastBelow(list, lo + 1) + 1;
      i < list.length && list[i] < hi;
      i++
    ) {
      out.push(this.cells[list[i]]);
    }
    return out;
  }

  /**
   * Replace a cell's snapshot when only its execution count or outputs changed
   * (same id, type and source), keeping facts and indexes.
   */
  patch(index: number, snap: ICellSnapshot): void {
    const old = this.cells[index];
    const view: ICellView = { ...old, snap };
    this.cells[index] = view;
    if (this._byId.get(snap.id) === old) {
      this._byId.set(snap.id, view);
    }
  }

  private _at(list: number[] | undefined, i: number): ICellView | null {
    return list !== undefined && i >= 0 && i < list.length
      ? this.cells[list[i]]
      : null;
  }
}

/** Index in ascending `list` of the last value below `limit`, or -1. */
function lastBelow(list: readonly number[] | undefined, limit: number): number {
  if (list === undefined) {
    return -1;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < limit) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo - 1;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list === undefined) {
    map.set(key, [value]);
  } else if (list[list.length - 1] !== value) {
    list.push(value);
  }
}
