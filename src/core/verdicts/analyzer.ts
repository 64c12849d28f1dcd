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
  IOutputSnapshot,
  IReport,
  RunStatus
} from '../types';
import {
  AncestorBits,
  sourcesDiffer,
  type IRunContext,
  type TaintedAncestors
} from './context';
import { countFindings } from './counts';
import { edited, errored, notRun } from './execution';
import { compareFindings, finding } from './finding';
import { hiddenState } from './hiddenState';
import { BREAKS_LINEAR } from './kinds';
import { type ICellView, NotebookView } from './notebookView';
import { notReached, skippedMatters, unimportantSkip } from './notReached';
import { outOfOrder } from './outOfOrder';
import { staticFindings } from './rraUndefined';
import {
  editedSinceOutput,
  editedSinceSaved,
  IStaleOutput,
  staleOutputFinding,
  staleOutputs
} from './savedOutputs';
import { shadowed } from './shadowed';
import { EMPTY_FACTS, limitSize } from './sizeLimit';
import { stale } from './stale';
import {
  NOT_STALE,
  refreshTaint,
  StaleWriters,
  taintAfterReplace,
  taintAfterRun
} from './taint';
import { FactsOf, IRunNode, Timeline } from './timeline';
import { unsafe } from './unsafe';

/** Options of {@link analyze} and {@link Analyzer}. */
export interface IAnalyzeOptions {
  /** Facts of one source. Default: the shared facts cache (`getFacts`). */
  readonly facts?: FactsOf;
}

/** What one {@link Analyzer.update} recomputed. */
export interface IUpdateStats {
  /** Everything was recomputed (cells moved, edited, inserted or deleted; a new session). */
  readonly rebuilt: boolean;
  /** How many cells' findings were recomputed. */
  readonly cells: number;
}

const NONE: readonly IFinding[] = [];
const NO_FINDINGS: ICellFindings = { findings: NONE };
const NO_STALE_OUTPUTS: ReadonlyMap<string, IStaleOutput> = new Map();

/**
 * The findings of one cell. Always built with all three fields (`ran` undefined when
 * none), so that every result has one shape: every update reads each cell's.
 */
interface ICellResult {
  readonly findings: readonly IFinding[];
  readonly breaks: boolean;
  /** For a cell that ran (Python): its findings other than `stale` and `unsafe`. */
  readonly ran: IRanParts | undefined;
}

/**
 * The findings of a cell's last run, in the order they are pushed: all but `unsafe` are
 * kept when a run changed only the staleness of what it read or derived from.
 */
interface IRanParts {
  readonly node: IRunNode;
  /** `edited`, `errored`, `out-of-order`. */
  readonly head: readonly IFinding[];
  /** `stale`: kept when only `unsafe` can have changed. */
  readonly stale: IFinding | null;
  /** `unsafe`: reused when it comes out the same. */
  readonly unsafe: IFinding | null;
  /** `hidden-state`, `shadowed`. */
  readonly tail: readonly IFinding[];
}

/** A cell's dynamic findings, with their parts when it ran. */
interface ICellFindings {
  readonly findings: readonly IFinding[];
  readonly ran?: IRanParts;
}

const EMPTY_RESULT: ICellResult = {
  findings: NONE,
  breaks: false,
  ran: undefined
};

/** A partial recomputation found the same findings (see `Analyzer._partial`). */
const UNCHANGED = Symbol('unchanged');

/** Which findings of a cell to recompute (see `taint.ts`'s `ITaintMarks`). */
const enum Redo {
  All,
  /** `stale` and `unsafe`. */
  Stale,
  /** `stale` only: its stale writers are for the same names, its inputs' taint unchanged. */
  StaleOnly,
  Unsafe
}

/** Holds analysis state for one notebook between updates. */
export class Analyzer {
  private readonly _factsOf: FactsOf;
  private _view: NotebookView | null = null;
  /** `rra-*`, `history-var`, `syntax-error` by cell id (from the current sources). */
  private _static = new Map<string, IFinding[]>();
  /** Notebook-level findings. */
  private _notebook: IFinding[] = [];
  private _timeline: Timeline | null = null;
  /** Stale writers of the timeline's runs in the current layout (null without a timeline). */
  private _writers: StaleWriters | null = null;
  /** Tainted ancestors of runs, for the same timeline and layout as `_writers`. */
  private _ancestors: AncestorBits | null = null;
  /** Whether `_timeline` was replayed with Python facts (the language can change). */
  private _timelinePython = true;
  /** Whether the last update had a record (the timeline is null in file-only mode). */
  private _recorded = false;
  /** Every finding of each cell, sorted, by position (aligned with the view's cells). */
  private _cells: ICellResult[] = [];
  /** How many entries of `_cells` make the notebook non-linear. */
  private _breaking = 0;
  /** Largest position of a cell that ran (-1 when none). */
  private _lowestExecuted = -1;
  /** Position of the lowest cell that ran when its last run raised (Run All stopped there), else -1. */
  private _stopAt = -1;
  /** Doubtful saved outputs of cells that did not run in this session (see savedOutputs.ts). */
  private _staleOut: ReadonlyMap<string, IStaleOutput> = new Map();
  /** Some code cell that did not run in this session shows an output (else no output is doubtful). */
  private _savedUnrun = true;
  private _report: IReport | null = null;
  private _stats: IUpdateStats = { rebuilt: false, cells: 0 };

  constructor(options: IAnalyzeOptions = {}) {
    this._factsOf = limitSize(options.facts ?? getFacts);
  }

  /** What the last update recomputed: the measure of "proportional to what changed". */
  get stats(): IUpdateStats {
    return this._stats;
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
    /** Cells whose findings must be recomputed. */
    const dirty = new Set<string>();
    /** Cells where only `stale` and `unsafe` can have changed (unless also in `dirty`). */
    const restale = new Set<string>();
    /** Cells where only `unsafe` can have changed (unless also in one of the above). */
    const retaint = new Set<string>();
    /** Cells of `restale` whose stale writers may be for other names than before. */
    const rekeyed = new Set<string>();
    let all = false;
    let countsChanged = false;
    /** A cell ran for the first time in this session, or outputs changed: recount `_savedUnrun`. */
    let recount = false;
    /** Cells whose count or outputs changed. */
    const patched: string[] = [];

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
        patched.push(nb.cells[i].id);
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
      const ext =
        this._timeline === null || this._timelinePython !== view.python
          ? null
          : this._timeline.extend(record);
      if (ext === null) {
        this._timeline = new Timeline(
          record,
          view.python ? this._factsOf : noFacts
        );
        this._timelinePython = view.python;
        all = true;
      } else if (!all) {
        const timeline = this._timeline as Timeline;
        const writers = this._writers as StaleWriters;
        const ancestors = this._ancestors as AncestorBits;
        const retainted = (n: IRunNode): void => ancestors.forget(n);
        if (ext.replaced !== null) {
          const { before, after } = ext.replaced;
          taintAfterReplace(writers, before, after, view.pos, dirty, retainted);
          this._writerChanged(view, timeline, after, before, dirty);
        }
        for (const node of ext.added) {
          const entries = ext.entries.get(node) ?? [];
          taintAfterRun(writers, node, entries, view.pos, {
            dirty,
            restale,
            retaint,
            rekeyed,
            retainted
          });
          this._writerChanged(view, timeline, node, node.previous, dirty);
          this._ranAsIs(view, timeline, node, dirty);
          if (node.previous === undefined) {
            this._skippedAbove(view, node.run.cellId, dirty);
            recount = true;
          }
        }
      }
    }
    if (all && this._timeline !== null) {
      refreshTaint(this._timeline, view.pos);
    }
    if (all || this._writers?.timeline !== this._timeline) {
      this._writers =
        this._timeline === null
          ? null
          : new StaleWriters(this._timeline, view.pos);
      this._ancestors = new AncestorBits(view);
    }

    // 3. Which cells ran, and so which unexecuted cells are skipped.
    if (!all && !this._recorded && countsChanged) {
      all = true; // file-only: "unexecuted" also depends on whether the file holds a count.
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

    // Run All stopped at an error: the cells it never reached are one finding.
    const stopAt = this._stopIndex(view);
    if (stopAt !== this._stopAt) {
      const from = Math.min(
        stopAt < 0 ? view.cells.length : stopAt,
        this._stopAt < 0 ? view.cells.length : this._stopAt
      );
      for (let i = from + 1; i < view.cells.length; i++) {
        dirty.add(view.cells[i].snap.id);
      }
      this._stopAt = stopAt;
    }
    // Saved outputs that cells run in this session have made doubtful. Once every cell
    // that shows an output has run (the usual state), there is nothing to look at.
    const timeline = this._timeline;
    // A cell that ran shows what its run printed; only outputs of cells that did not run
    // change the count (cleared, or restored by an undo).
    recount ||= patched.some(
      id => timeline === null || timeline.lastRun(id) === undefined
    );
    if (all || recount) {
      this._savedUnrun =
        timeline !== null &&
        view.cells.some(
          c =>
            c.code &&
            c.snap.outputs.length > 0 &&
            timeline.lastRun(c.snap.id) === undefined
        );
    }
    const staleOut =
      timeline !== null && view.python && this._savedUnrun
        ? staleOutputs(view, timeline)
        : NO_STALE_OUTPUTS;
    if (!all) {
      for (const [id, s] of staleOut) {
        if (this._staleOut.get(id)?.key !== s.key) {
          dirty.add(id);
        }
      }
      for (const id of this._staleOut.keys()) {
        if (!staleOut.has(id)) {
          dirty.add(id);
        }
      }
    }
    this._staleOut = staleOut;

    // 4. Recompute the findings of what changed.
    if (
      !all &&
      dirty.size === 0 &&
      restale.size === 0 &&
      retaint.size === 0 &&
      this._report !== null
    ) {
      this._stats = { rebuilt: false, cells: 0 };
      return this._report;
    }
    const ancestors = (this._ancestors ??= new AncestorBits(view)).of;
    if (all) {
      this._stats = { rebuilt: true, cells: view.cells.length };
      this._cells = view.cells.map(cell =>
        this._result(view, cell.index, ancestors, Redo.All)
      );
      this._breaking = this._cells.filter(r => r.breaks).length;
    } else {
      let cells = 0;
      const redo = (id: string, what: Redo): void => {
        const cell = view.cell(id);
        if (cell !== undefined) {
          const before = this._cells[cell.index];
          const after = this._result(view, cell.index, ancestors, what);
          this._cells[cell.index] = after;
          this._breaking += (after.breaks ? 1 : 0) - (before.breaks ? 1 : 0);
          cells++;
        }
      };
      for (const id of dirty) {
        redo(id, Redo.All);
      }
      for (const id of restale) {
        if (!dirty.has(id)) {
          redo(
            id,
            rekeyed.has(id) || retaint.has(id) ? Redo.Stale : Redo.StaleOnly
          );
        }
      }
      for (const id of retaint) {
        if (!dirty.has(id) && !restale.has(id)) {
          redo(id, Redo.Unsafe);
        }
      }
      this._stats = { rebuilt: false, cells };
    }
    const findings = gather(this._notebook, this._cells);
    this._report = {
      findings,
      linear: this._breaking === 0,
      recorded: this._recorded
    };
    return this._report;
  }

  /**
   * All findings of one cell, sorted, and whether they make the notebook non-linear.
   * `what`: which of its findings can differ from its previous result's.
   */
  private _result(
    view: NotebookView,
    index: number,
    ancestors: TaintedAncestors,
    what: Redo
  ): ICellResult {
    const id = view.cells[index].snap.id;
    const s = this._static.get(id) ?? NONE;
    const part =
      what === Redo.All ? null : this._partial(view, index, ancestors, what);
    if (part === UNCHANGED) {
      return this._cells[index];
    }
    const own = part ?? this._cellFindings(view, index, ancestors);
    const d = own.findings;
    const findings =
      s.length === 0
        ? d
        : d.length === 0
          ? s
          : [...s, ...d].sort(compareFindings);
    if (findings.length === 0) {
      return own.ran === undefined
        ? EMPTY_RESULT
        : { findings: NONE, breaks: false, ran: own.ran };
    }
    // verdicts.md: linear when every executed cell is free of the breaking kinds and no
    // unexecuted cell that matters lies above an executed one (a `skipped` warning), and
    // no saved output on screen is doubtful (`stale` on a cell that did not run).
    const ran = this._ran(view, index);
    const breaks = findings.some(
      f =>
        (f.kind === 'skipped' && f.severity !== 'info') ||
        (ran
          ? BREAKS_LINEAR.has(f.kind)
          : f.kind === 'stale' || f.kind === 'edited')
    );
    return { findings, breaks, ran: own.ran };
  }

  /**
   * A ran cell's findings when only `stale` and `unsafe` can have changed since its
   * previous result (`what` says which): the others are kept. Null when that result is not about
   * the cell's current last run; {@link UNCHANGED} when it stands as it is (its `unsafe`
   * came out the same, as for most cells a newly stale run re-marks).
   */
  private _partial(
    view: NotebookView,
    index: number,
    ancestors: TaintedAncestors,
    what: Redo
  ): ICellFindings | typeof UNCHANGED | null {
    const ran = this._cells[index].ran;
    const timeline = this._timeline;
    const cell = view.cells[index];
    if (
      ran === undefined ||
      timeline === null ||
      timeline.lastRun(cell.snap.id) !== ran.node
    ) {
      return null;
    }
    const out = ran.head.slice();
    const [s, u] = this._staleAndUnsafe(
      view,
      timeline,
      cell,
      ran.node,
      ancestors,
      what,
      ran,
      out
    );
    if (s === ran.stale && u === ran.unsafe) {
      return UNCHANGED;
    }
    for (let i = 0; i < ran.tail.length; i++) {
      out.push(ran.tail[i]);
    }
    const parts: IRanParts = {
      node: ran.node,
      head: ran.head,
      stale: s,
      unsafe: u,
      tail: ran.tail
    };
    return { findings: out, ran: parts };
  }

  /**
   * Push the `stale` and `unsafe` findings of a cell's last run `node` and return them;
   * `previous` gives the one `what` says cannot have changed, and `unsafe` to reuse when
   * equal.
   */
  private _staleAndUnsafe(
    view: NotebookView,
    timeline: Timeline,
    cell: ICellView,
    node: IRunNode,
    ancestors: TaintedAncestors,
    what: Redo,
    previous: IRanParts | null,
    out: IFinding[]
  ): [IFinding | null, IFinding | null] {
    const ctx: IRunContext = {
      view,
      timeline,
      cell,
      node,
      staleBy: (this._writers as StaleWriters).of(node),
      ancestors
    };
    const s =
      what === Redo.Unsafe && previous !== null ? previous.stale : stale(ctx);
    push(out, s);
    const u =
      what === Redo.StaleOnly && previous !== null
        ? previous.unsafe
        : unsafe(ctx, previous?.unsafe ?? null);
    push(out, u);
    return [s, u];
  }

  /**
   * After the first run of a cell in this session, the unexecuted cells above that write a
   * name it reads may have become `skipped` warnings.
   */
  private _skippedAbove(
    view: NotebookView,
    cellId: string,
    dirty: Set<string>
  ): void {
    const cell = view.cell(cellId);
    if (cell === undefined) {
      return;
    }
    for (const name of cell.effects.reads) {
      for (const w of view.writersBetween(name, -1, cell.index)) {
        if (!this._ran(view, w.index)) {
          dirty.add(w.snap.id);
        }
      }
    }
  }

  /**
   * `hidden-state` (edited) holds while the writer cell's last run is not its current
   * code. When `node` is, and the run before it was not, the cells that read from the
   * cell's runs of other code must be looked at again.
   */
  private _ranAsIs(
    view: NotebookView,
    timeline: Timeline,
    node: IRunNode,
    dirty: Set<string>
  ): void {
    const cell = view.cell(node.run.cellId);
    const prev = node.previous;
    if (
      cell === undefined ||
      prev === undefined ||
      !differs(prev.source, cell.snap.source) ||
      differs(node.source, cell.snap.source)
    ) {
      return;
    }
    for (let w: IRunNode | undefined = prev; w !== undefined; w = w.previous) {
      if (differs(w.source, cell.snap.source)) {
        for (const r of w.readers) {
          if (timeline.lastRun(r.run.cellId) === r) {
            dirty.add(r.run.cellId);
          }
        }
      }
    }
  }

  /** The lowest cell that ran, when its last run (or, file-only, its saved output) is an error; else -1. */
  private _stopIndex(view: NotebookView): number {
    const i = this._lowestExecuted;
    if (i < 0) {
      return -1;
    }
    const cell = view.cells[i];
    if (this._timeline !== null) {
      const status = this._timeline.lastRun(cell.snap.id)?.run.status;
      return status === 'error' ? i : -1;
    }
    return cell.snap.outputs.some(o => o.type === 'error') ? i : -1;
  }

  /** `unexecuted`/`skipped` of a cell that did not run, or null when a grouped finding covers it. */
  private _notRun(
    view: NotebookView,
    cell: ICellView,
    recorded: boolean
  ): IFinding | null {
    if (this._stopAt >= 0 && cell.index > this._stopAt) {
      return notReached(view, cell, this._stopAt);
    }
    const f = notRun(cell, this._lowestExecuted, recorded);
    if (
      f.kind === 'skipped' &&
      !skippedMatters(view, cell, this._static.get(cell.snap.id) ?? NONE, i =>
        this._ran(view, i)
      )
    ) {
      return unimportantSkip(f);
    }
    return f;
  }

  /**
   * `shadowed` passes over a writer cell whose last run did not write the name (kernel
   * re-binding facts: a loop that ran zero times). When a run changes that for a name its
   * code writes, the cells whose last run read the name must be looked at again.
   */
  private _writerChanged(
    view: NotebookView,
    timeline: Timeline,
    node: IRunNode,
    before: IRunNode | undefined,
    dirty: Set<string>
  ): void {
    const cell = view.cell(node.run.cellId);
    if (cell === undefined) {
      return;
    }
    for (const name of cell.effects.writes.keys()) {
      const was = before === undefined || before.effects.writes.has(name);
      if (was !== node.effects.writes.has(name)) {
        for (const reader of timeline.readersOf(name)) {
          if (timeline.lastRun(reader.run.cellId) === reader) {
            dirty.add(reader.run.cellId);
          }
        }
      }
    }
  }

  /** Largest position of a cell that ran; incremental when only `since` cells changed. */
  private _lowestRan(
    view: NotebookView,
    since: ReadonlySet<string> | null
  ): number {
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

  private _cellFindings(
    view: NotebookView,
    index: number,
    ancestors: TaintedAncestors
  ): ICellFindings {
    const cell = view.cells[index];
    if (!cell.code) {
      return NO_FINDINGS;
    }
    const out: IFinding[] = [];
    const timeline = this._timeline;
    if (timeline === null && !this._recorded) {
      // File-only: counts and saved outputs are all there is.
      if (cell.snap.executionCount === null) {
        if (this._lowestExecuted >= 0) {
          push(out, this._notRun(view, cell, false));
        }
      }
      push(out, errored(cell, null));
      return { findings: out };
    }
    const node = timeline?.lastRun(cell.snap.id);
    if (timeline === null || node === undefined) {
      push(out, this._notRun(view, cell, true));
      if (
        timeline !== null &&
        cell.snap.outputs.length > 0 &&
        editedSinceSaved(timeline, cell)
      ) {
        out.push(editedSinceOutput(cell));
      }
      const why = this._staleOut.get(cell.snap.id);
      if (why !== undefined) {
        out.push(staleOutputFinding(view, cell, why));
      }
      return { findings: out };
    }
    const ctx: IRunContext = {
      view,
      timeline,
      cell,
      node,
      staleBy: NOT_STALE, // only `stale` and `unsafe` read it (`_staleAndUnsafe`)
      ancestors
    };
    push(out, edited(ctx));
    push(out, errored(cell, node.run.status as RunStatus));
    if (!view.python) {
      return { findings: out };
    }
    push(out, outOfOrder(ctx));
    const head = out.length === 0 ? NONE : out.slice();
    const [s, u] = this._staleAndUnsafe(
      view,
      timeline,
      cell,
      node,
      ancestors,
      Redo.All,
      null,
      out
    );
    const tail = hiddenState(ctx);
    push(tail, shadowed(ctx));
    out.push(...tail);
    return { findings: out, ran: { node, head, stale: s, unsafe: u, tail } };
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
function diffCells(
  prev: INotebookSnapshot,
  next: INotebookSnapshot
): number[] | null {
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
    if (
      a.executionCount !== b.executionCount ||
      !sameErrors(a.outputs, b.outputs)
    ) {
      changed.push(i);
    }
  }
  return changed;
}

/**
 * Whether two output lists say the same to the verdicts (only errors matter). Snapshots
 * are rebuilt on every execution with fresh output arrays, so identity is not enough.
 */
function sameErrors(
  a: readonly IOutputSnapshot[],
  b: readonly IOutputSnapshot[]
): boolean {
  if (a === b) {
    return true;
  }
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i].type !== b[i].type || a[i].ename !== b[i].ename) {
      return false;
    }
  }
  return true;
}

/**
 * The report's findings: the notebook's, then each cell's. Sized once and filled by index
 * (growing it by spread pushes cost an update more garbage than everything else it does:
 * a report holds a finding or two per cell), in a function of its own, which V8 optimises
 * (`update` is too long to be, and this loop runs over every finding on every update).
 */
function gather(
  notebook: readonly IFinding[],
  results: readonly ICellResult[]
): IFinding[] {
  let total = notebook.length;
  for (let i = 0; i < results.length; i++) {
    total += results[i].findings.length;
  }
  const findings = new Array<IFinding>(total);
  let k = 0;
  for (let i = 0; i < notebook.length; i++) {
    findings[k++] = notebook[i];
  }
  for (let i = 0; i < results.length; i++) {
    const fs = results[i].findings;
    for (let j = 0; j < fs.length; j++) {
      findings[k++] = fs[j];
    }
  }
  return findings;
}

function notebookFindings(view: NotebookView): IFinding[] {
  const out: IFinding[] = [];
  if (!view.python) {
    const lang = view.snapshot.language ?? 'unknown';
    out.push(
      finding({
        kind: 'language-not-supported',
        cell: null,
        text: { id: 'language', args: { language: lang } }
      })
    );
  }
  // A code cell of the view is `code` when its source is not blank.
  for (const f of countFindings(view.snapshot.cells, i => view.cells[i].code)) {
    out.push(f);
  }
  return out;
}

/** Facts for a non-Python notebook: no names at all, so only language-free verdicts fire. */
function noFacts(): ICellFacts {
  return EMPTY_FACTS;
}

/** A run's source differs from the cell's current one (a run without source counts as differing). */
function differs(runSource: string | null, current: string): boolean {
  return runSource === null || sourcesDiffer(runSource, current);
}

function push(list: IFinding[], f: IFinding | null): void {
  if (f !== null) {
    list.push(f);
  }
}
