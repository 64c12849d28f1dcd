/**
 * The incremental verdict engine. An `Analyzer` keeps the replayed record, the indexed
 * notebook and each cell's findings between calls, so that after one more execution
 * (`appendRun`, same cells) an update costs what that run touched: its own names, the
 * runs that read what it wrote, and what was derived from them. Facts come from the
 * shared cache, so each distinct source is parsed once per process.
 *
 * What still costs O(cells) per update is cheap by construction: comparing the new
 * snapshot's cells by identity, the count verdicts when counts changed, and
 * concatenating per-cell findings into the report.
 */
import { getFacts } from '../facts/factsCache';
import type {
  ICellFacts,
  ICellSnapshot,
  IExecutionRecord,
  IFinding,
  INotebookSnapshot,
  IReport,
  RunStatus
} from '../types';
import type { IRunContext } from './context';
import { countFindings } from './counts';
import { edited, errored, notRun } from './execution';
import { compareFindings, finding } from './finding';
import { hiddenState } from './hiddenState';
import { BREAKS_LINEAR } from './kinds';
import { NotebookView } from './notebookView';
import { outOfOrder } from './outOfOrder';
import { staticFindings } from './rraUndefined';
import { shadowed } from './shadowed';
import { stale } from './stale';
import { refreshTaint, taintAfterRun } from './taint';
import { FactsOf, Timeline } from './timeline';
import { unsafe } from './unsafe';

/** Options of {@link analyze} and {@link Analyzer}. */
export interface IAnalyzeOptions {
  /** Facts of one source. Default: the shared facts cache (`getFacts`). */
  readonly facts?: FactsOf;
}

const NONE: readonly IFinding[] = [];

/** Holds analysis state for one notebook between updates. */
export class Analyzer {
  private readonly _factsOf: FactsOf;
  private _view: NotebookView | null = null;
  /** `rra-*`, `history-var`, `syntax-error` by cell id (from the current sources). */
  private _static = new Map<string, IFinding[]>();
  /** Notebook-level findings. */
  private _notebook: IFinding[] = [];
  private _timeline: Timeline | null = null;
  /** Whether `_timeline` was replayed with Python facts (the language can change). */
  private _timelinePython = true;
  /** Whether the last update had a record (the timeline is null in file-only mode). */
  private _recorded = false;
  /** Record-based and execution findings by cell id. */
  private readonly _dynamic = new Map<string, readonly IFinding[]>();
  /** `_static` and `_dynamic` merged and sorted, by cell id. */
  private readonly _merged = new Map<string, readonly IFinding[]>();
  /** Largest position of a cell that ran (-1 when none). */
  private _lowestExecuted = -1;
  private _report: IReport | null = null;

  constructor(options: IAnalyzeOptions = {}) {
    this._factsOf = options.facts ?? getFacts;
  }

  /** The report of the last update (an empty, linear report before the first). */
  get report(): IReport {
    return this._report ?? { findings: [], linear: true, recorded: false };
  }

  /**
   * Bring the analysis up to date and return the report. Returns the previous report
   * object when nothing changed. Pass `record: null` for file-only mode.
   */
  update(nb: INotebookSnapshot, record: IExecutionRecord | null): IReport {
    const dirty = new Set<string>();
    let all = false;
    let countsChanged = false;

    // 1. The notebook: rebuild on structural change, patch on count/output change.
    const view0 = this._view;
    const diff = view0 === null ? null : diffCells(view0.snapshot, nb);
    if (view0 === null || diff === null) {
      const view = new NotebookView(nb, this._factsOf);
      this._view = view;
      this._static = staticFindings(view);
      this._notebook = notebookFindings(view);
      all = true;
    } else if (diff.length > 0 || view0.snapshot !== nb) {
      for (const i of diff) {
        const before = view0.cells[i].snap;
        view0.patch(i, nb.cells[i]);
        dirty.add(nb.cells[i].id);
        countsChanged ||= before.executionCount !== nb.cells[i].executionCount;
      }
      view0.snapshot = nb;
      if (countsChanged) {
        this._notebook = notebookFindings(view0);
      }
    }
    const view = this._view as NotebookView;

    // 2. The record: extend the replay when runs were only appended, else replay anew.
    if ((record !== null) !== this._recorded) {
      all = true;
    }
    this._recorded = record !== null;
    if (record === null) {
      this._timeline = null;
    } else if (
      this._timeline === null ||
      this._timelinePython !== view.python ||
      record !== this._timeline.record
    ) {
      const added =
        this._timeline === null || this._timelinePython !== view.python
          ? null
          : this._timeline.extend(record);
      if (added === null) {
        this._timeline = new Timeline(record, view.python ? this._factsOf : noFacts);
        this._timelinePython = view.python;
        all = true;
      } else if (!all) {
        for (const node of added) {
          taintAfterRun(this._timeline as Timeline, node, view.pos, dirty);
        }
      }
    }
    if (all && this._timeline !== null) {
      refreshTaint(this._timeline, view.pos);
    }

    // 3. Which cells ran, and so which unexecuted cells are skipped.
    if (!all && !this._recorded && countsChanged) {
      all = true; // file-only: "unexecuted" also depends on whether the file has any count.
    }
    if (all) {
      this._lowestExecuted = this._lowestRan(view, null);
    } else if (this._recorded && dirty.size > 0) {
      // Runs only add executed cells, so the lowest one can only move down.
      const lowest = this._lowestRan(view, dirty);
      for (let i = this._lowestExecuted + 1; i < lowest; i++) {
        dirty.add(view.cells[i].snap.id);
      }
      this._lowestExecuted = lowest;
    }

    // 4. Recompute the findings of what changed.
    if (!all && dirty.size === 0 && this._report !== null) {
      return this._report;
    }
    if (all) {
      this._dynamic.clear();
      this._merged.clear();
      for (const cell of view.cells) {
        this._dynamic.set(cell.snap.id, this._cellFindings(view, cell.index));
      }
    } else {
      for (const id of dirty) {
        const cell = view.cell(id);
        if (cell !== undefined) {
          this._dynamic.set(id, this._cellFindings(view, cell.index));
          this._merged.delete(id);
        }
      }
    }
    this._report = this._assemble(view);
    return this._report;
  }

  /** Largest position of a cell that ran; incremental when only `since` cells changed. */
  private _lowestRan(view: NotebookView, since: ReadonlySet<string> | null): number {
    const ran = (i: number): boolean => this._ran(view, i);
    if (since !== null) {
      let lowest = this._lowestExecuted;
      for (const id of since) {
        const at = view.cell(id)?.index;
        if (at !== undefined && at > lowest && ran(at)) {
          lowest = at;
        }
      }
      return lowest;
    }
    for (let i = view.cells.length - 1; i >= 0; i--) {
      if (ran(i)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the cell at `index` ran: in the current session, or (file-only) has a count. */
  private _ran(view: NotebookView, index: number): boolean {
    const cell = view.cells[index];
    if (cell.snap.type !== 'code') {
      return false;
    }
    if (this._timeline !== null) {
      return this._timeline.lastRun(cell.snap.id) !== undefined;
    }
    return !this._recorded && cell.snap.executionCount !== null;
  }

  private _cellFindings(view: NotebookView, index: number): readonly IFinding[] {
    const cell = view.cells[index];
    if (!cell.code) {
      return NONE;
    }
    const out: IFinding[] = [];
    const timeline = this._timeline;
    if (timeline === null && !this._recorded) {
      // File-only: counts and saved outputs are all there is.
      if (cell.snap.executionCount === null) {
        if (this._lowestExecuted >= 0) {
          out.push(notRun(cell, this._lowestExecuted, false));
        }
      }
      push(out, errored(cell, null));
      return out;
    }
    const node = timeline?.lastRun(cell.snap.id);
    if (timeline === null || node === undefined) {
      out.push(notRun(cell, this._lowestExecuted, true));
      return out;
    }
    const ctx: IRunContext = { view, timeline, cell, node };
    push(out, edited(ctx));
    push(out, errored(cell, node.run.status as RunStatus));
    if (view.python) {
      push(out, outOfOrder(ctx));
      push(out, stale(ctx));
      push(out, unsafe(ctx));
      out.push(...hiddenState(ctx));
      push(out, shadowed(ctx));
    }
    return out;
  }

  private _assemble(view: NotebookView): IReport {
    const findings: IFinding[] = [...this._notebook];
    let linear = true;
    for (const cell of view.cells) {
      const id = cell.snap.id;
      let merged = this._merged.get(id);
      if (merged === undefined) {
        const s = this._static.get(id) ?? NONE;
        const d = this._dynamic.get(id) ?? NONE;
        merged = s.length === 0 ? d : d.length === 0 ? s : [...s, ...d].sort(compareFindings);
        this._merged.set(id, merged);
      }
      if (merged.length === 0) {
        continue;
      }
      findings.push(...merged);
      if (linear) {
        const ran = this._ran(view, cell.index);
        linear = !merged.some(f => f.kind === 'skipped' || (ran && BREAKS_LINEAR.has(f.kind)));
      }
    }
    return { findings, linear, recorded: this._recorded };
  }
}

/**
 * Analyse a notebook once: `record` null for file-only mode (a saved `.ipynb` without our
 * record). Never throws for any snapshot and record; see {@link Analyzer} to keep state.
 */
export function analyze(
  nb: INotebookSnapshot,
  record: IExecutionRecord | null,
  options: IAnalyzeOptions = {}
): IReport {
  return new Analyzer(options).update(nb, record);
}

/**
 * Indices of cells whose snapshot changed only in count or outputs, or null when the
 * change is structural (cells added, removed, moved, retyped or edited; other language).
 */
function diffCells(prev: INotebookSnapshot, next: INotebookSnapshot): number[] | null {
  if (
    prev.cells.length !== next.cells.length ||
    prev.language !== next.language ||
    prev.kernelName !== next.kernelName
  ) {
    return null;
  }
  const changed: number[] = [];
  for (let i = 0; i < next.cells.length; i++) {
    const a: ICellSnapshot = prev.cells[i];
    const b: ICellSnapshot = next.cells[i];
    if (a === b) {
      continue;
    }
    if (a.id !== b.id || a.type !== b.type || a.source !== b.source) {
      return null;
    }
    if (a.executionCount !== b.executionCount || a.outputs !== b.outputs) {
      changed.push(i);
    }
  }
  return changed;
}

function notebookFindings(view: NotebookView): IFinding[] {
  const out: IFinding[] = [];
  if (!view.python) {
    const lang = view.snapshot.language ?? 'unknown';
    out.push(
      finding({
        kind: 'language-not-supported',
        cell: null,
        message: `The kernel language is ${lang}, not Python: only checks that do not read the code ran.`
      })
    );
  }
  out.push(...countFindings(view.snapshot.cells));
  return out;
}

const EMPTY_FACTS: ICellFacts = {
  reads: [],
  defs: [],
  maybeDefs: [],
  mutations: [],
  maybeMutations: [],
  deletes: [],
  wildcard: false,
  history: [],
  opaque: false,
  functions: {},
  calls: [],
  imports: [],
  parseError: null
};

/** Facts for a non-Python notebook: no names at all, so only language-free verdicts fire. */
function noFacts(): ICellFacts {
  return EMPTY_FACTS;
}

function push(list: IFinding[], f: IFinding | null): void {
  if (f !== null) {
    list.push(f);
  }
}
