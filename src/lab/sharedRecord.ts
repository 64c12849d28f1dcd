import type { INotebookModel } from '@jupyterlab/notebook';
import {
  emptyRecord,
  mergedRecord,
  partsFromMetadata,
  RECORD_KEY,
  sharedToMetadata,
  toMetadata
} from '../core';
import type { IExecutionRecord, IRecordParts, IRun } from '../core';

/** A key for this client's part: random per opened document (a reload is a new client). */
export function newClientKey(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The record of a notebook edited in real-time collaboration. `metadata.linearize` is one
 * Yjs map value that the last writer replaces as a whole, so each client owns one part of
 * it (`clients[key]`, record version 3) and rewrites only that part, over the others as
 * it last saw them. A concurrent write by another client may still replace the value
 * with one holding an older copy of our part: every remote change is checked, and our
 * part written again when it is missing or stale, so the parts converge.
 */
export class SharedRecord {
  constructor(model: INotebookModel, key = newClientKey()) {
    this._model = model;
    this.key = key;
  }

  readonly key: string;

  /** This client's part: what this client recorded. */
  own: IExecutionRecord = emptyRecord();

  /** Read the stored parts (at open); a warning when they cannot be read. */
  load(): { record: IExecutionRecord; warning: string | null } {
    const read = partsFromMetadata(this._model.getMetadata(RECORD_KEY));
    if (read.parts === null) {
      return { record: emptyRecord(), warning: read.warning };
    }
    this._others = read.parts;
    return { record: this.merged(), warning: null };
  }

  /** The record every client computes the same way: base, the others' parts and ours. */
  merged(): IExecutionRecord {
    const next =
      this.own.runs.length === 0 && this.own.sessions.length === 0
        ? mergedRecord(this._others)
        : mergedRecord({
            base: this._others.base,
            clients: { ...this._others.clients, [this.key]: this.own }
          });
    this._last = reuseRuns(this._last, next);
    return this._last;
  }

  /** Write our part over the stored value; false when that value cannot be read. */
  write(): boolean {
    const read = partsFromMetadata(this._model.getMetadata(RECORD_KEY));
    if (read.parts === null) {
      return false;
    }
    this._others = withoutKey(read.parts, this.key);
    const value = sharedToMetadata(read.parts.base, {
      ...read.parts.clients,
      [this.key]: this.own
    });
    this._written = JSON.stringify(value);
    this._model.setMetadata(RECORD_KEY, value);
    return true;
  }

  /** Everyone's record cleared (any client's Clear Execution Record). */
  clear(): void {
    this.own = emptyRecord();
    this._others = { base: emptyRecord(), clients: {} };
  }

  /**
   * The stored value changed (another client wrote, or we did). Returns what to do:
   * `none` (our own write echoed, or unreadable), `merged` (others changed: re-analyse),
   * `rewrite` (also write our part again: it is missing or stale), `cleared`.
   */
  storedChanged(): 'none' | 'merged' | 'rewrite' | 'cleared' {
    const value = this._model.getMetadata(RECORD_KEY);
    if (value === undefined) {
      const had = this.merged().runs.length > 0 || this.own.sessions.length > 0;
      this._written = null;
      this.clear();
      return had ? 'cleared' : 'none';
    }
    if (JSON.stringify(value) === this._written) {
      return 'none';
    }
    const read = partsFromMetadata(value);
    if (read.parts === null) {
      return 'none';
    }
    this._others = withoutKey(read.parts, this.key);
    const stored = read.parts.clients[this.key];
    const mine = JSON.stringify(toMetadata(this.own));
    const ours = this.own.runs.length > 0 || this.own.sessions.length > 0;
    if (
      ours &&
      (stored === undefined || JSON.stringify(toMetadata(stored)) !== mine)
    ) {
      return 'rewrite';
    }
    return 'merged';
  }

  private _model: INotebookModel;
  private _last: IExecutionRecord | null = null;
  private _others: IRecordParts = { base: emptyRecord(), clients: {} };
  /** The JSON of our last write, to tell its echo from another client's write. */
  private _written: string | null = null;
}

/**
 * The merge builds new run objects; the analysis extends its replay only when the earlier
 * runs are the same objects (timeline.ts). Keep the previous objects of unchanged runs.
 */
function reuseRuns(
  prev: IExecutionRecord | null,
  next: IExecutionRecord
): IExecutionRecord {
  if (prev === null) {
    return next;
  }
  let changed = false;
  const runs = next.runs.map((run, i) => {
    const old = prev.runs[i];
    if (old !== undefined && sameRun(old, run)) {
      return old;
    }
    changed = true;
    return run;
  });
  return changed || runs.length !== prev.runs.length
    ? { ...next, runs }
    : { ...next, runs: prev.runs };
}

function sameRun(a: IRun, b: IRun): boolean {
  return (
    a.seq === b.seq &&
    a.cellId === b.cellId &&
    a.source === b.source &&
    a.executionCount === b.executionCount &&
    a.session === b.session &&
    a.status === b.status &&
    a.time === b.time &&
    a.msgId === b.msgId &&
    JSON.stringify(a.rebound) === JSON.stringify(b.rebound)
  );
}

function withoutKey(parts: IRecordParts, key: string): IRecordParts {
  const clients = { ...parts.clients };
  delete clients[key];
  return { base: parts.base, clients };
}
