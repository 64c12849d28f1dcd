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
import type { ConstValue } from '../facts/constants';

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
  /** No two cells share an id (nbformat 3 cells have none, so ids repeat there). */
  readonly idsDistinct: boolean;

  private readonly _byId = new Map<string, ICellView>();
  /** Positions of cells whose current source writes each name, ascending. */
  private readonly _writers = new Map<string, number[]>();
  /** Positions of cells whose current source definitely binds each name, ascending. */
  private readonly _definers = new Map<string, number[]>();
  /** Positions of cells whose current source reads each name, ascending. */
  private readonly _readers = new Map<string, number[]>();

  constructor(nb: INotebookSnapshot, factsOf: FactsOf) {
    this.snapshot = nb;
    this.python = isPython(nb);
    this.python2 = isPython2Kernel(nb.kernelName);
    const functions = new Map<string, IFunctionFacts>();
    const modules = new Set<string>();
    const base = nb.cells.map(snap =>
      snap.type === 'code' && !isBlankSource(snap.source) && this.python
        ? factsOf(snap.source)
        : null
    );
    const once = writtenOnce(base);
    /** Names bound to a literal by the one cell that writes them, above the current cell. */
    const env = new Map<string, ConstValue>();
    /** Whether each name, as bound above, keeps state that calls advance. */
    const stateful = new Map<string, boolean>();
    const factories = new Set<string>();
    /** `from __future__ import annotations` ran above or here: annotations read nothing. */
    let deferred = false;
    this.cells = nb.cells.map((snap, index) => {
      const code = snap.type === 'code' && !isBlankSource(snap.source);
      let facts = base[index];
      let effects = NO_EFFECTS;
      if (facts !== null) {
        facts = refold(facts, snap.source, env, factsOf);
        deferred = deferred || facts.futureAnnotations === true;
        if (deferred && facts.annotationReads !== undefined) {
          facts = withoutAnnotationReads(facts, facts.annotationReads);
        }
        effects = effectsOf(
          facts,
          name => functions.get(name),
          undefined,
          modules,
          name => stateful.get(name) === true
        );
        for (const [name, fn] of Object.entries(facts.functions)) {
          functions.set(name, fn);
        }
        for (const name of facts.modules ?? []) {
          modules.add(name);
        }
        for (const name of effects.reads) {
          push(this._readers, name, index);
        }
        for (const [name, kind] of effects.writes) {
          push(this._writers, name, index);
          if (kind === 'bind') {
            push(this._definers, name, index);
          }
          if (kind === 'bind' || kind === 'maybe') {
            const callee = facts.boundByCall?.[name];
            stateful.set(
              name,
              facts.iterators?.includes(name) === true ||
                (callee !== undefined && factories.has(callee))
            );
            factories.delete(name);
          }
        }
        for (const name of facts.factories ?? []) {
          factories.add(name);
        }
        for (const [name, v] of Object.entries(facts.constants ?? {})) {
          if (once.has(name)) {
            env.set(name, v);
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
    this.idsDistinct = this._byId.size === this.cells.length;
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

  /** Whether some cell below `index` whose current source reads `name` passes `accept`. */
  someReaderBelow(
    name: string,
    index: number,
    accept: (cell: ICellView) => boolean
  ): boolean {
    const list = this._readers.get(name);
    if (list === undefined) {
      return false;
    }
    for (let i = lastBelow(list, index + 1) + 1; i < list.length; i++) {
      if (accept(this.cells[list[i]])) {
        return true;
      }
    }
    return false;
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

/** The names exactly one cell writes (binds, mutates or deletes, directly or via `global`). */
function writtenOnce(facts: readonly (ICellFacts | null)[]): Set<string> {
  const count = new Map<string, number>();
  for (const f of facts) {
    if (f === null) {
      continue;
    }
    const names = new Set([
      ...f.defs,
      ...f.maybeDefs,
      ...f.mutations,
      ...f.deletes
    ]);
    for (const fn of Object.values(f.functions)) {
      fn.writes.forEach(n => names.add(n));
    }
    for (const n of names) {
      count.set(n, (count.get(n) ?? 0) + 1);
    }
  }
  const out = new Set<string>();
  for (const [n, c] of count) {
    if (c === 1) {
      out.add(n);
    }
  }
  return out;
}

/** `facts` without the reads only its annotations make (deferred: nothing evaluates them). */
function withoutAnnotationReads(
  facts: ICellFacts,
  names: readonly string[]
): ICellFacts {
  const skip = new Set(names);
  return { ...facts, reads: facts.reads.filter(n => !skip.has(n)) };
}

/**
 * The facts of a cell whose conditions read names that a cell above bound to a literal
 * (`if DEBUG:` below `DEBUG = False`): parsed again with those constants, so its dead
 * branches drop out. Other cells keep their facts.
 */
function refold(
  facts: ICellFacts,
  source: string,
  env: ReadonlyMap<string, ConstValue>,
  factsOf: FactsOf
): ICellFacts {
  if (facts.conditionNames === undefined || env.size === 0) {
    return facts;
  }
  let known: Map<string, ConstValue> | undefined;
  for (const n of facts.conditionNames) {
    const v = env.get(n);
    if (v !== undefined) {
      known ??= new Map();
      known.set(n, v);
    }
  }
  return known === undefined ? facts : factsOf(source, known);
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
