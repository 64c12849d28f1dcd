import type { INotebookModel } from '@jupyterlab/notebook';
import type { IObservableList } from '@jupyterlab/observables';
import type { ICellModel } from '@jupyterlab/cells';
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
import type { IExecutionRecord, IRebinding, IReport } from '../core';
import { DEFAULT_SETTINGS, ILinearizeSettings } from './settings';
import { snapshotOf } from './snapshot';
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

  get report(): IReport {
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

  /** Append one execution and update the verdicts at once (same frame). */
  recordRun(input: IRunInput): void {
    if (this._isDisposed || !this._settings.recording) {
      return;
    }
    this._ensureCellIds();
    this._change(r => appendRun(r, input));
    this._ran = true;
    this._scheduleWrite();
    this._update();
  }

  /** Start a new kernel session in the record (kernel restart or change). */
  startKernelSession(kernelId: string, time = new Date().toISOString()): void {
    if (this._isDisposed || !this._settings.recording) {
      return;
    }
    // Kept in memory only: opening a notebook starts a session but changes nothing the
    // user did, so the document must not turn dirty. The next run writes it along.
    this._change(r => startSession(r, kernelId, time));
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
    this._scheduleCompanionUpdate();
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
      this._scheduleCompanionUpdate();
    }
  }

  /** The environment/data/randomness verdicts' state (scan, kernel answers). */
  readonly pillars = new LivePillars();

  /** The code cells' top-down scan (data paths, imports), for the companion's questions. */
  pillarScan(): ReturnType<LivePillars['scan']> {
    return this.pillars.scan(snapshotOf(this._model));
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
    this._scheduleCompanionUpdate();
  }

  /** The names alive in the kernel (null when unknown); ghost names are derived from them. */
  setKernelNames(names: readonly string[] | null): void {
    if (this._isDisposed) {
      return;
    }
    this._liveNames = names;
    this._scheduleCompanionUpdate();
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
    for (const t of [this._writeTimer, this._editTimer, this._companionFrame]) {
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
    const snapshot = snapshotOf(this._model);
    this._sources.clear();
    for (const c of snapshot.cells) {
      this._sources.set(c.id, c.source);
    }
    const record = this._record.runs.length > 0 ? this._record : null;
    const report = this._analyzer.update(snapshot, record);
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

  private _update(): void {
    this._report = this._analyze();
    this._reportChanged.emit(this._report);
  }

  /**
   * The companion's answers (re-binding facts, live names) arrive just after each run,
   * a few milliseconds apart: one re-analysis on the next frame covers all of them.
   */
  private _scheduleCompanionUpdate(): void {
    if (this._companionFrame === null) {
      this._companionFrame = setTimeout(() => {
        this._companionFrame = null;
        if (!this._isDisposed) {
          this._update();
        }
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
    this._scheduleEditUpdate();
  }

  private _scheduleEditUpdate(): void {
    if (this._editTimer !== null) {
      clearTimeout(this._editTimer);
    }
    this._editTimer = setTimeout(() => {
      this._editTimer = null;
      if (!this._isDisposed) {
        this._update();
      }
    }, EDIT_SETTLE_MS);
  }

  // Incremental: it keeps per-cell state so one more execution costs what changed.
  private _analyzer = new Analyzer();
  private _model: INotebookModel;
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
  private _isDisposed = false;
  private _reportChanged = new Signal<this, IReport>(this);
  private _sessionStarted = new Signal<this, number>(this);
}
