/**
 * A tiny notebook + recorder simulator for the verdict tests: cells are edited, inserted,
 * deleted, moved and run the way JupyterLab does it, and every run is recorded with
 * `appendRun` as the lab recorder records it (the exact source sent, the reply's count).
 */
import {
  appendRun,
  emptyRecord,
  renameCell,
  startSession
} from '../../record/executionLog';
import { withRebound } from '../../record/rebound';
import type {
  CellType,
  IExecutionRecord,
  IFinding,
  INotebookSnapshot,
  IOutputSnapshot,
  IRebinding,
  IReport,
  RunStatus,
  VerdictId
} from '../../types';
import { analyze } from '../analyzer';
import { checkWorded } from './worded';
import { fromIpynb } from '../../notebook/fromIpynb';
import { fromMetadata, toMetadata } from '../../record/metadata';

interface ISimCell {
  id: string;
  type: CellType;
  source: string;
  executionCount: number | null;
  outputs: IOutputSnapshot[];
}

export class Sim {
  cells: ISimCell[] = [];
  record: IExecutionRecord = emptyRecord();
  /** The same log without compaction, to check what compaction keeps. */
  raw: IExecutionRecord = emptyRecord();
  language: string | null = 'python';
  kernelName: string | null = 'python3';
  /** Successful runs of cells that print leave a stream output (see `withOutputs`). */
  private _outputs = false;
  private _count = 0;
  private _next = 0;
  private _clock = 0;

  /** Cells with ids `c1`, `c2`, … in order. A kernel session is started. */
  constructor(sources: readonly string[] = []) {
    for (const s of sources) {
      this.cells.push(this._cell(s));
    }
    this.restart();
  }

  private _cell(source: string, type: CellType = 'code'): ISimCell {
    return {
      id: `c${++this._next}`,
      type,
      source,
      executionCount: null,
      outputs: []
    };
  }

  private _time(): string {
    return new Date(Date.UTC(2024, 0, 1, 0, 0, this._clock++)).toISOString();
  }

  /** From now on, a successful run of a cell that calls `print` shows a stream output. */
  withOutputs(): this {
    this._outputs = true;
    return this;
  }

  /**
   * A saved output and count that no run in the record made (a file saved before the
   * record existed, or by another tool).
   */
  showSaved(id: string, text: string, count: number): this {
    const c = this._find(id);
    c.outputs = [{ type: 'stream', text }];
    c.executionCount = count;
    return this;
  }

  /** Kernel restart: a new session, counts start again at 1 (old counts stay on screen). */
  restart(kernel = 'kernel-1'): this {
    const time = this._time();
    this.record = startSession(this.record, kernel, time);
    this.raw = startSession(this.raw, kernel, time);
    this._count = 0;
    return this;
  }

  private _find(id: string): ISimCell {
    const c = this.cells.find(x => x.id === id);
    if (c === undefined) {
      throw new Error(`no cell ${id}`);
    }
    return c;
  }

  /** Run cells by id, in the order given. */
  run(...ids: string[]): this {
    for (const id of ids) {
      this.runWith(id, {});
    }
    return this;
  }

  /** Run one cell with a given status and/or kernel re-binding facts. */
  runWith(
    id: string,
    opts: { status?: RunStatus; rebound?: IRebinding }
  ): this {
    const c = this._find(id);
    const status = opts.status ?? 'ok';
    c.executionCount = ++this._count;
    c.outputs =
      status === 'error'
        ? [{ type: 'error', ename: 'NameError', evalue: '' }]
        : this._outputs && c.source.includes('print(')
          ? [{ type: 'stream', text: `output of run ${c.executionCount}` }]
          : [];
    const input = {
      cellId: id,
      source: c.source,
      executionCount: c.executionCount,
      status,
      time: this._time(),
      ...(opts.rebound !== undefined ? { rebound: opts.rebound } : {})
    };
    this.record = appendRun(this.record, input);
    this.raw = appendRun(this.raw, input, { compact: false });
    return this;
  }

  /**
   * The kernel companion's re-binding facts for the last run arrive after its reply: the
   * lab attaches them with `withRebound`.
   */
  rebindLast(rebound: IRebinding): this {
    const last = this.record.runs[this.record.runs.length - 1];
    if (last !== undefined) {
      this.record = withRebound(this.record, last.seq, rebound);
      this.raw = withRebound(this.raw, last.seq, rebound);
    }
    return this;
  }

  /** Run every code cell top to bottom. */
  runAll(): this {
    return this.run(
      ...this.cells.filter(c => c.type === 'code').map(c => c.id)
    );
  }

  edit(id: string, source: string): this {
    this._find(id).source = source;
    return this;
  }

  /** Insert a new cell at `index`; returns its id. */
  insert(index: number, source: string, type: CellType = 'code'): string {
    const c = this._cell(source, type);
    this.cells.splice(index, 0, c);
    return c.id;
  }

  delete(id: string): this {
    this.cells = this.cells.filter(c => c.id !== id);
    return this;
  }

  /** Move a cell (it keeps its id) to `index` of the resulting list. */
  move(id: string, index: number): this {
    const c = this._find(id);
    this.cells = this.cells.filter(x => x !== c);
    this.cells.splice(index, 0, c);
    return this;
  }

  /**
   * Cut and paste: JupyterLab gives the pasted cell a new id; the recorder sees the same
   * source reappear and re-points the record with `renameCell`. Returns the new id.
   */
  cutPaste(id: string, index: number): string {
    const c = this._find(id);
    this.cells = this.cells.filter(x => x !== c);
    const pasted: ISimCell = { ...c, id: `c${++this._next}` };
    this.cells.splice(index, 0, pasted);
    this.record = renameCell(this.record, id, pasted.id);
    this.raw = renameCell(this.raw, id, pasted.id);
    return pasted.id;
  }

  /** Position of a cell (0-based). */
  index(id: string): number {
    return this.cells.findIndex(c => c.id === id);
  }

  snapshot(): INotebookSnapshot {
    return {
      nbformat: [4, 5],
      language: this.language,
      kernelName: this.kernelName,
      cells: this.cells.map(c => ({
        id: c.id,
        type: c.type,
        source: c.source,
        executionCount: c.executionCount,
        outputs: [...c.outputs], // fresh arrays, as the lab's snapshots have
        tags: []
      }))
    };
  }

  analyze(): IReport {
    return worded(analyze(this.snapshot(), this.record));
  }

  /** The notebook as saved to disk: nbformat 4.5 JSON, the record under `metadata.linearize`. */
  savedIpynb(): string {
    return JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: {
          name: this.kernelName,
          language: this.language,
          display_name: 'Python 3'
        },
        linearize: toMetadata(this.record)
      },
      cells: this.cells.map(c =>
        c.type === 'code'
          ? {
              cell_type: 'code',
              id: c.id,
              metadata: {},
              source: c.source,
              execution_count: c.executionCount,
              outputs: c.outputs.map(o =>
                o.type === 'error'
                  ? {
                      output_type: 'error',
                      ename: o.ename ?? 'Error',
                      evalue: o.evalue ?? '',
                      traceback: []
                    }
                  : {
                      output_type: 'stream',
                      name: 'stdout',
                      text: o.text ?? ''
                    }
              )
            }
          : { cell_type: c.type, id: c.id, metadata: {}, source: c.source }
      )
    });
  }

  /** Analysis of the saved file read back, with the record it carries (as the CLI does). */
  analyzeSaved(): IReport {
    const nb = fromIpynb(this.savedIpynb());
    return worded(analyze(nb, fromMetadata(nb.record).record));
  }

  /** File-only analysis of what would be saved. */
  analyzeFile(): IReport {
    return worded(analyze(this.snapshot(), null));
  }
}

/** The report, once every finding's message is checked to be its text worded. */
function worded(report: IReport): IReport {
  checkWorded(report.findings);
  return report;
}

/** The findings of one kind (optionally on one cell). */
export function ofKind(
  report: IReport,
  kind: VerdictId,
  cellId?: string
): IFinding[] {
  return report.findings.filter(
    f => f.kind === kind && (cellId === undefined || f.cell?.id === cellId)
  );
}

/** The kinds reported on a cell, in report order. */
export function kindsOn(report: IReport, cellId: string): string[] {
  return report.findings
    .filter(f => f.cell?.id === cellId)
    .map(f => (f.reason ? `${f.kind}:${f.reason}` : f.kind));
}

/** Only one finding of that kind on that cell; fails otherwise. */
export function only(
  report: IReport,
  kind: VerdictId,
  cellId: string
): IFinding {
  const list = ofKind(report, kind, cellId);
  if (list.length !== 1) {
    throw new Error(
      `expected one ${kind} on ${cellId}, got ${list.length}: ${JSON.stringify(report.findings, null, 1)}`
    );
  }
  return list[0];
}
