import type { INotebookModel } from '@jupyterlab/notebook';
import type { IObservableList } from '@jupyterlab/observables';
import type { ICellModel, ICodeCellModel } from '@jupyterlab/cells';
import type { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { Analyzer } from '../core';
import {
  appendRun,
  emptyRecord,
  IRunInput,
  renameCell,
  startSession
} from '../core';
import { fromMetadata, toMetadata } from '../core';
import { withRebound } from '../core';
import { ghostFindings, ghostNames, IGhost } from '../core';
import type { ICompanionStatus } from '../core';
import { RECORD_KEY } from '../core';
import type {
  ICellSnapshot,
  IExecutionRecord,
  INotebookSnapshot,
  IRebinding,
  IReport
} from '../core';
import { DEFAULT_SETTINGS, ILinearizeSettings } from './settings';
import { LiveSnapshot } from './liveSnapshot';
import {
  measure,
  PASS_MEASURE,
  REPLY_MARK,
  TIMED,
  UPDATE_MEASURE
} from './timing';
import { LivePillars } from './pillars';
import { SharedRecord } from './sharedRecord';
import {
  withObserved,
  type IObservedFile,
  type IObservedPackage
} from '../core';

/** How long source edits may settle before the verdicts are recomputed. */
const EDIT_SETTLE_MS = 300;

/**
 * The longest an execution's pass waits for what follows its reply (the cell's count in the
 * model, the companion's re-binding facts) before it runs without them; late facts then
 * cost one more (incremental) analysis. Names and observations never wait: they patch the
 * report without the analyzer.
 */
const PASS_DEADLINE_MS = 100;

/** What the pending pass waits for; it runs when both are empty, or at its deadline. */
interface IPendingPass {
  /** Cell id → the count of its reply, until the model shows it (CodeCell sets it after the reply). */
  readonly counts: Map<string, number>;
  /** Runs (seq) whose companion answers are still out. */
  readonly answers: Set<number>;
}

/**
 * The live state of one notebook document: its execution record and the latest report.
 *
 * One per notebook *model*, so two views of the same notebook share one record. The
 * session only keeps data and emits `reportChanged`; markers, the status bar and the
 * panel listen and paint (JupyterLab's model/view split).
 */
export class NotebookSession implements IDisposable {
  constructor(
    model: INotebookModel,
    settings: ILinearizeSettings = DEFAULT_SETTINGS
  ) {
    this._model = model;
    this._snapshots = new LiveSnapshot(model);
    this._settings = settings;
    // Real-time collaboration: this client writes only its part (sharedRecord.ts).
    this._shared = model.collaborative ? new SharedRecord(model) : null;
    const stored = this._shared
      ? this._shared.load()
      : fromMetadata(model.getMetadata(RECORD_KEY));
    this._record = stored.record;
    this._recordWarning = stored.warning;
    // A record we cannot read (corrupt, or from a newer version) is left untouched in
    // the file: we work in memory and never overwrite what we did not understand.
    this._mayWrite = stored.warning === null;
    this._report = this._analyze();
    this._order = this._currentOrder();
    model.cells.changed.connect(this._onCellsChanged, this);
    model.contentChanged.connect(this._onContentChanged, this);
    if (this._shared) {
      model.metadataChanged.connect((_, change) => {
        if (change.key === RECORD_KEY) {
          this._onStoredRecordChanged();
        }
      }, this);
    }
  }

  /** What this client recorded: the whole record, or its part when collaborating. */
  get ownRecord(): IExecutionRecord {
    return this._shared ? this._shared.own : this._record;
  }

  /** True when the notebook is edited in real-time collaboration (record version 3). */
  get collaborative(): boolean {
    return this._shared !== null;
  }

  /** Apply a change to what this client recorded, and recompute the record. */
  private _change(f: (r: IExecutionRecord) => IExecutionRecord): boolean {
    if (this._shared) {
      const next = f(this._shared.own);
      if (next === this._shared.own) {
        return false;
      }
      this._shared.own = next;
      this._record = this._shared.merged();
      return true;
    }
    const next = f(this._record);
    const changed = next !== this._record;
    this._record = next;
    return changed;
  }

  /** Another client wrote the record: merge its runs, and keep our part in it. */
  private _onStoredRecordChanged(): void {
    if (this._isDisposed || !this._shared || !this._mayWrite) {
      return;
    }
    const what = this._shared.storedChanged();
    if (what === 'none') {
      return;
    }
    this._record = this._shared.merged();
    if (what === 'rewrite') {
      this._ran = true;
      this._scheduleWrite();
    }
    this._update();
  }

  /** Emitted after every new report (an execution, an edit, a structural change). */
  get reportChanged(): ISignal<this, IReport> {
    return this._reportChanged;
  }

  /** Emitted when a kernel session starts (restart or kernel change). */
  get sessionStarted(): ISignal<this, number> {
    return this._sessionStarted;
  }

  get model(): INotebookModel {
    return this._model;
  }

  get record(): IExecutionRecord {
    return this._record;
  }

  /** The current report; a pending pass runs first, so it is never older than the record. */
  get report(): IReport {
    if (this._pass !== null && !this._isDisposed) {
      this._runPass();
    }
    return this._report;
  }

  /** A one-line warning when the stored record could not be read; null otherwise. */
  get recordWarning(): string | null {
    return this._recordWarning;
  }

  get settings(): ILinearizeSettings {
    return this._settings;
  }

  set settings(value: ILinearizeSettings) {
    const persistChanged = value.persistRecord !== this._settings.persistRecord;
    this._settings = value;
    if (persistChanged) {
      this._ran = true;
      this._writeRecord();
    }
    this._update();
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Append one execution. Its verdicts are computed by one pass, once the model shows the
   * reply's count and the companion (see {@link awaitCompanion}) has answered, so the
   * outputs' and the count's `contentChanged` and the companion's facts fold into it.
   * Reading {@link report} before that runs the pass at once.
   */
  recordRun(input: IRunInput): void {
    if (this._isDisposed || !this._settings.recording) {
      return;
    }
    this._ensureCellIds();
    this._change(r => appendRun(r, input));
    this._ran = true;
    this._scheduleWrite();
    const pass = this._requestPass();
    if (
      input.status !== 'unknown' &&
      typeof input.executionCount === 'number'
    ) {
      pass.counts.set(input.cellId, input.executionCount);
    }
  }

  /** The companion was asked what run `seq` re-bound: the pending pass waits for the answer. */
  awaitCompanion(seq: number): void {
    if (this._pass !== null && !this._isDisposed) {
      this._pass.answers.add(seq);
    }
  }

  /** The re-binding answer about run `seq` is in (or failed): the pass need not wait for it. */
  companionAnswered(seq: number): void {
    if (this._pass !== null && this._pass.answers.delete(seq)) {
      this._poll();
    }
  }

  /** How many times the analyzer ran (passes whose inputs had changed). */
  get analyses(): number {
    return this._analyses;
  }

  /** Start a new kernel session in the record (kernel restart or change). */
  startKernelSession(kernelId: string, time = new Date().toISOString()): void {
    if (this._isDisposed || !this._settings.recording) {
      return;
    }
    // Kept in memory only: opening a notebook starts a session but changes nothing the
    // user did, so the document must not turn dirty. The next run writes it along.
    this._change(r => startSession(r, kernelId, laterThanLast(r, time)));
    this._update();
    this._sessionStarted.emit(this._record.sessions.length - 1);
  }

  /** Names alive in the kernel that no current cell can bind (from the companion). */
  get ghosts(): readonly IGhost[] {
    return this._ghosts;
  }

  /** What the kernel companion can do for this notebook's kernel; null before it reports. */
  get companionStatus(): ICompanionStatus | null {
    return this._companionStatus;
  }

  set companionStatus(value: ICompanionStatus | null) {
    this._companionStatus = value;
    if (value?.state !== 'ready') {
      this._liveNames = null;
    }
    this._foldCompanion();
  }

  /** Ids of the code cells whose current source is exactly `source`. */
  cellIdsWithSource(source: string): string[] {
    const ids: string[] = [];
    for (let i = 0; i < this._model.cells.length; i++) {
      const cell = this._model.cells.get(i);
      if (cell.type === 'code' && cell.sharedModel.getSource() === source) {
        ids.push(cell.id);
      }
    }
    return ids;
  }

  /** Attach the companion's re-binding facts to a recorded run, and re-check. */
  setRebound(seq: number, rebound: IRebinding): void {
    if (this._isDisposed) {
      return;
    }
    if (this._change(r => withRebound(r, seq, rebound))) {
      this._scheduleWrite();
      this._foldCompanion();
    }
  }

  /** The environment/data/randomness verdicts' state (scan, kernel answers). */
  readonly pillars = new LivePillars();

  /** The code cells' top-down scan (data paths, imports), for the companion's questions. */
  pillarScan(): ReturnType<LivePillars['scan']> {
    return this.pillars.scan(this._snapshots.snapshot());
  }

  /** Keep what the companion saw after run `seq` in the record (`observed`), and re-check. */
  setObserved(
    seq: number,
    files: readonly IObservedFile[],
    packages: readonly IObservedPackage[]
  ): void {
    if (this._isDisposed) {
      return;
    }
    if (this._change(r => withObserved(r, seq, files, packages))) {
      this._scheduleWrite();
    }
    this._foldCompanion();
  }

  /** The names alive in the kernel (null when unknown); ghost names are derived from them. */
  setKernelNames(names: readonly string[] | null): void {
    if (this._isDisposed) {
      return;
    }
    this._liveNames = names;
    this._foldCompanion();
  }

  /**
   * Where a deleted cell stood: the index to insert at so it is back between the cells
   * that were its neighbours (or at its old index when they moved too); null if unknown.
   */
  placeOfRemoved(cellId: string): number | null {
    const at = this._removedAt.get(cellId);
    if (!at) {
      return null;
    }
    const before = at.before === null ? -1 : this._order.indexOf(at.before);
    if (before >= 0 || at.before === null) {
      return before + 1;
    }
    const after = at.after === null ? -1 : this._order.indexOf(at.after);
    if (after >= 0) {
      return after;
    }
    return Math.min(at.index, this._order.length);
  }

  /** Forget every recorded execution. */
  clearRecord(): void {
    this._shared?.clear();
    this._record = emptyRecord();
    this._mayWrite = true;
    this._ran = true;
    this._recordWarning = null;
    this._writeRecord();
    this._update();
  }

  /** Write the record into the notebook metadata now (called when the document saves). */
  flush(): void {
    if (this._writeTimer !== null) {
      clearTimeout(this._writeTimer);
      this._writeTimer = null;
    }
    this._writeRecord();
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._snapshots.dispose();
    for (const t of [
      this._writeTimer,
      this._editTimer,
      this._companionFrame,
      this._pollTimer,
      this._deadline
    ]) {
      if (t !== null) {
        clearTimeout(t);
      }
    }
    Signal.clearData(this);
  }

  /**
   * The record refers to cells by id, and nbformat < 4.5 files do not save ids (JupyterLab
   * then makes new ones on every load). Recording upgrades the document to 4.5 so the ids,
   * and with them the record, survive a reload. Sources and outputs are untouched.
   */
  private _ensureCellIds(): void {
    if (this._model.nbformatMinor < 5 && this._settings.persistRecord) {
      (
        this._model.sharedModel as unknown as { nbformat_minor: number }
      ).nbformat_minor = 5;
    }
  }

  private _analyze(): IReport {
    const snapshot = this._snapshots.snapshot();
    this._sources.clear();
    for (const c of snapshot.cells) {
      this._sources.set(c.id, c.source);
    }
    const record = this._record.runs.length > 0 ? this._record : null;
    // The analyzer reads the snapshot and the record's runs and sessions; when none of
    // them changed (an output that changes no verdict, the companion's names or
    // observations), its last report stands and only ghosts and pillars are redone.
    const last = this._analyzed;
    const report =
      last !== null &&
      (record === null) === (last.record === null) &&
      (record === null ||
        (record.runs === last.record?.runs &&
          record.sessions === last.record.sessions)) &&
      sameSnapshot(last.snapshot, snapshot)
        ? this._analyzer.report
        : this._runAnalyzer(snapshot, record);
    this._ghosts =
      this._liveNames === null
        ? []
        : ghostNames(snapshot, record, this._liveNames);
    // Environment, data and randomness (issue 12): the kernel is the target interpreter.
    const pillars = this.pillars.findings(snapshot, this._record);
    if (this._ghosts.length === 0 && pillars.length === 0) {
      return report;
    }
    return {
      ...report,
      findings: [
        ...report.findings,
        ...ghostFindings(snapshot, this._ghosts),
        ...pillars
      ]
    };
  }

  private _runAnalyzer(
    snapshot: INotebookSnapshot,
    record: IExecutionRecord | null
  ): IReport {
    this._analyses++;
    this._analyzed = { snapshot, record };
    return this._analyzer.update(snapshot, record);
  }

  /** Recompute and emit; `quiet`: emit nothing when the report object is unchanged. */
  private _update(quiet = false): void {
    const report = this._analyze();
    if (quiet && report === this._report) {
      return;
    }
    this._report = report;
    this._reportChanged.emit(this._report);
  }

  /** Start (or join) the pending pass of the executions whose replies just arrived. */
  private _requestPass(): IPendingPass {
    if (this._pass === null) {
      this._pass = { counts: new Map(), answers: new Set() };
      this._deadline = setTimeout(() => {
        this._deadline = null;
        this._runPass();
      }, PASS_DEADLINE_MS);
    }
    this._poll();
    return this._pass;
  }

  /** Soon (after the reply's task, where the recorder asks the companion) see if the pass may run. */
  private _poll(): void {
    if (this._pollTimer === null && this._pass !== null) {
      this._pollTimer = setTimeout(() => {
        this._pollTimer = null;
        if (this._passReady()) {
          this._runPass();
        }
      }, 0);
    }
  }

  private _passReady(): boolean {
    const pass = this._pass;
    if (pass === null || pass.answers.size > 0) {
      return false;
    }
    if (pass.counts.size > 0) {
      const cells = this._model.cells;
      for (let i = 0; i < cells.length; i++) {
        const cell = cells.get(i);
        const count = pass.counts.get(cell.id);
        if (
          count !== undefined &&
          (cell as ICodeCellModel).executionCount === count
        ) {
          pass.counts.delete(cell.id);
        }
      }
    }
    return pass.counts.size === 0;
  }

  /** One pass: the analyzer (if its inputs changed), ghosts and pillars, then one `reportChanged`. */
  private _runPass(): void {
    const timers = [
      this._pollTimer,
      this._deadline,
      this._editTimer,
      this._companionFrame
    ];
    for (const t of timers) {
      if (t !== null) {
        clearTimeout(t);
      }
    }
    this._pollTimer = this._deadline = this._editTimer = null;
    this._companionFrame = null;
    this._pass = null;
    if (this._isDisposed) {
      return;
    }
    if (TIMED) {
      performance.mark(PASS_MEASURE);
    }
    this._update();
    if (TIMED) {
      measure(PASS_MEASURE, PASS_MEASURE);
      if (performance.getEntriesByName(REPLY_MARK, 'mark').length > 0) {
        measure(UPDATE_MEASURE, REPLY_MARK);
      }
    }
  }

  /**
   * The companion's answers (re-binding facts, live names, observations) arrive just after
   * each run, a few milliseconds apart: they fold into the pending pass, else one pass on
   * the next frame covers all of them (without the analyzer when only names or observations
   * changed).
   */
  private _foldCompanion(): void {
    if (this._pass !== null) {
      return;
    }
    if (this._companionFrame === null) {
      this._companionFrame = setTimeout(() => {
        this._companionFrame = null;
        this._runPass();
      }, 16);
    }
  }

  private _scheduleWrite(): void {
    // Writing metadata replaces a Yjs value; once per burst of executions is enough.
    if (this._writeTimer === null) {
      this._writeTimer = setTimeout(() => {
        this._writeTimer = null;
        this._writeRecord();
      }, 250);
    }
  }

  private _writeRecord(): void {
    // Nothing ran since the notebook opened: the stored record is already right.
    if (this._isDisposed || !this._mayWrite || !this._ran) {
      return;
    }
    if (this._shared && this._record.runs.length > 0) {
      if (this._settings.persistRecord) {
        this._shared.write();
      }
    } else if (this._settings.persistRecord && this._record.runs.length > 0) {
      this._model.setMetadata(RECORD_KEY, toMetadata(this._record));
    } else if (this._model.getMetadata(RECORD_KEY) !== undefined) {
      // The key is ours (we could read it), so removing it loses nothing of the user's.
      this._model.deleteMetadata(RECORD_KEY);
    }
  }

  /**
   * Keep the record attached to cells whose id JupyterLab changes: cut + paste and a
   * cell-type change remove a cell and insert one with the same source and a new id.
   * A move keeps the id; a copy keeps the original, so neither is renamed.
   */
  private _onCellsChanged(
    _: unknown,
    change: IObservableList.IChangedArgs<ICellModel>
  ): void {
    // Removed cell models arrive as `undefined` (already disposed): the ids come from
    // our own copy of the order, kept in step with every change.
    if (change.type === 'remove') {
      const gone = this._order.splice(change.oldIndex, change.oldValues.length);
      const before = this._order[change.oldIndex - 1] ?? null;
      const after = this._order[change.oldIndex] ?? null;
      for (const id of gone) {
        const source = this._sources.get(id);
        if (source !== undefined) {
          this._removed.set(id, source);
        }
        this._removedAt.set(id, { before, after, index: change.oldIndex });
      }
      while (this._removedAt.size > 256) {
        this._removedAt.delete(this._removedAt.keys().next().value as string);
      }
      // Only recent removals matter (a paste follows its cut); keep the map small.
      while (this._removed.size > 64) {
        this._removed.delete(this._removed.keys().next().value as string);
      }
    } else if (change.type === 'add') {
      this._order.splice(
        change.newIndex,
        0,
        ...change.newValues.map(c => c.id)
      );
      this._reattach(change.newValues);
    } else {
      this._order = this._currentOrder();
    }
    this._scheduleEditUpdate();
  }

  /** Give the runs of a just-removed cell to a new cell with the same source. */
  private _reattach(added: readonly ICellModel[]): void {
    const present = new Set(this._order);
    const ran = new Set(this._record.runs.map(r => r.cellId));
    for (const cell of added) {
      if (ran.has(cell.id)) {
        continue;
      }
      const source = cell.sharedModel.getSource();
      for (const [oldId, oldSource] of this._removed) {
        if (oldSource === source && ran.has(oldId) && !present.has(oldId)) {
          this._change(r => renameCell(r, oldId, cell.id));
          this._removed.delete(oldId);
          this._ran = true;
          this._scheduleWrite();
          break;
        }
      }
    }
  }

  private _currentOrder(): string[] {
    const ids: string[] = [];
    for (let i = 0; i < this._model.cells.length; i++) {
      ids.push(this._model.cells.get(i).id);
    }
    return ids;
  }

  private _onContentChanged(): void {
    // During an execution's pending pass, outputs and the count fold into it.
    if (this._pass !== null) {
      this._poll();
    } else {
      this._scheduleEditUpdate();
    }
  }

  private _scheduleEditUpdate(): void {
    if (this._editTimer !== null) {
      clearTimeout(this._editTimer);
    }
    this._editTimer = setTimeout(() => {
      this._editTimer = null;
      if (!this._isDisposed) {
        this._update(true);
      }
    }, EDIT_SETTLE_MS);
  }

  // Incremental: it keeps per-cell state so one more execution costs what changed.
  private _analyzer = new Analyzer();
  private _model: INotebookModel;
  /** One snapshot per pass, unchanged cells shared between passes. */
  private _snapshots: LiveSnapshot;
  private _settings: ILinearizeSettings;
  private _record: IExecutionRecord;
  private _shared: SharedRecord | null;
  private _recordWarning: string | null;
  private _mayWrite: boolean;
  private _report: IReport;
  private _removed = new Map<string, string>();
  /** Deleted cell id → its neighbours then, to put it back where it was. */
  private _removedAt = new Map<
    string,
    { before: string | null; after: string | null; index: number }
  >();
  /** True once something ran (or the user changed the record) since the notebook opened. */
  private _ran = false;
  private _liveNames: readonly string[] | null = null;
  private _ghosts: readonly IGhost[] = [];
  private _companionStatus: ICompanionStatus | null = null;
  /** Cell ids in display order, kept in step with `cells.changed`. */
  private _order: string[] = [];
  /** Cell id → source at the last analysis. */
  private _sources = new Map<string, string>();
  private _writeTimer: ReturnType<typeof setTimeout> | null = null;
  private _editTimer: ReturnType<typeof setTimeout> | null = null;
  private _companionFrame: ReturnType<typeof setTimeout> | null = null;
  private _pass: IPendingPass | null = null;
  private _pollTimer: ReturnType<typeof setTimeout> | null = null;
  private _deadline: ReturnType<typeof setTimeout> | null = null;
  /** The analyzer's inputs at its last run. */
  private _analyzed: {
    snapshot: INotebookSnapshot;
    record: IExecutionRecord | null;
  } | null = null;
  private _analyses = 0;
  private _isDisposed = false;
  private _reportChanged = new Signal<this, IReport>(this);
  private _sessionStarted = new Signal<this, number>(this);
}

/** Whether two snapshots say the same to the analyzer (it reads outputs' types and error names only). */
function sameSnapshot(a: INotebookSnapshot, b: INotebookSnapshot): boolean {
  if (
    a.cells.length !== b.cells.length ||
    a.language !== b.language ||
    a.kernelName !== b.kernelName ||
    a.languageVersion !== b.languageVersion ||
    a.nbformat[0] !== b.nbformat[0] ||
    a.nbformat[1] !== b.nbformat[1]
  ) {
    return false;
  }
  for (let i = 0; i < a.cells.length; i++) {
    if (!sameCell(a.cells[i], b.cells[i])) {
      return false;
    }
  }
  return true;
}

function sameCell(a: ICellSnapshot, b: ICellSnapshot): boolean {
  if (a === b) {
    return true;
  }
  if (
    a.id !== b.id ||
    a.type !== b.type ||
    a.source !== b.source ||
    a.executionCount !== b.executionCount ||
    a.outputs.length !== b.outputs.length ||
    a.tags.length !== b.tags.length
  ) {
    return false;
  }
  for (let i = 0; i < a.outputs.length; i++) {
    const x = a.outputs[i];
    const y = b.outputs[i];
    if (
      x.type !== y.type ||
      x.ename !== y.ename ||
      x.evalue !== y.evalue ||
      x.text !== y.text
    ) {
      return false;
    }
  }
  return a.tags.every((t, i) => t === b.tags[i]);
}

/**
 * `time`, or 1 ms after this client's previous session start when the clock has not moved
 * on (a restart within the same millisecond, or a clock set back). The collaborative merge
 * orders sessions by start time: a client's restart stamped equal to its connection would
 * sort by part key instead and split or join the wrong sessions.
 */
function laterThanLast(record: IExecutionRecord, time: string): string {
  const last = record.sessions[record.sessions.length - 1];
  if (last === undefined || time > last.started) {
    return time;
  }
  const previous = Date.parse(last.started);
  return Number.isNaN(previous) ? time : new Date(previous + 1).toISOString();
}
