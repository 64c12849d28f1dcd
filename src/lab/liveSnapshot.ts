import type { ICellModel, ICodeCellModel } from '@jupyterlab/cells';
import type { INotebookModel } from '@jupyterlab/notebook';
import type { ICellSnapshot, INotebookSnapshot } from '../core';
import { cellSnapshot, notebookSnapshot } from './snapshot';

/** What we keep of one cell model between snapshots. */
interface IEntry {
  snap: ICellSnapshot;
  /** False once the cell's source or metadata changed since `snap` was taken. */
  fresh: boolean;
}

/**
 * `snapshotOf` for a session that takes one snapshot per pass: a cell whose source, tags,
 * count and output types are unchanged keeps its snapshot object, so a pass over 1,000
 * cells neither copies every source out of Yjs (`getSource` builds a string) nor leaves
 * 1,000 new objects to the garbage collector, and the analyzer's diff sees identity.
 *
 * Sources and metadata are re-read only after the cell's shared model reports a change to
 * them (edits are never silent); counts and outputs are read on every snapshot, because
 * JupyterLab clears them and syncs outputs with a silent origin (no `changed` signal).
 */
export class LiveSnapshot {
  constructor(model: INotebookModel) {
    this._model = model;
  }

  snapshot(): INotebookSnapshot {
    const list = this._model.cells;
    const cells: ICellSnapshot[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      cells[i] = this._cell(list.get(i));
    }
    return notebookSnapshot(this._model, cells);
  }

  /** Stop listening (the cells' connections check this flag). */
  dispose(): void {
    this._disposed = true;
  }

  private _cell(cell: ICellModel): ICellSnapshot {
    let entry = this._entries.get(cell);
    if (entry === undefined || !entry.fresh) {
      const snap = cellSnapshot(cell, false);
      if (entry === undefined) {
        const created: IEntry = { snap, fresh: true };
        entry = created;
        this._entries.set(cell, created);
        cell.sharedModel.changed.connect((_, change) => {
          if (
            !this._disposed &&
            (change.sourceChange !== undefined ||
              change.metadataChange !== undefined)
          ) {
            created.fresh = false;
          }
        });
      } else {
        entry.snap = snap;
        entry.fresh = true;
      }
      return snap;
    }
    const snap = entry.snap;
    if (snap.type !== 'code') {
      return snap;
    }
    const code = cell as ICodeCellModel;
    const count = code.executionCount ?? null;
    const outputs = code.outputs;
    let same = count === snap.executionCount;
    if (same) {
      // The types (and errors) are all a live snapshot keeps of outputs; see snapshotOf.
      let k = 0;
      for (let i = 0; i < outputs.length && same; i++) {
        const type = outputs.get(i).type;
        if (SHOWN.has(type)) {
          same = k < snap.outputs.length && snap.outputs[k++].type === type;
        }
      }
      same &&= k === snap.outputs.length;
    }
    if (same) {
      return snap;
    }
    entry.snap = cellSnapshot(cell, false);
    return entry.snap;
  }

  private _model: INotebookModel;
  private _entries = new WeakMap<ICellModel, IEntry>();
  private _disposed = false;
}

/** Output types a live snapshot keeps (as `snapshotOf`). */
const SHOWN: ReadonlySet<string> = new Set([
  'stream',
  'execute_result',
  'display_data',
  'error'
]);
