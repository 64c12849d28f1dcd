import type { ICodeCellModel } from '@jupyterlab/cells';
import { LiveSnapshot } from '../liveSnapshot';
import { snapshotOf } from '../snapshot';
import { notebookModel } from './utils';

describe('LiveSnapshot (real NotebookModel)', () => {
  it('equals snapshotOf after edits, counts, outputs, silent clears, tags and moves, reusing unchanged cells', () => {
    const model = notebookModel(['a = 1', 'b = a + 1', 'print(b)']);
    const live = new LiveSnapshot(model);
    const check = () => {
      const snap = live.snapshot();
      expect(snap).toEqual(snapshotOf(model));
      return snap;
    };
    const first = check();
    // Nothing changed: every cell object is reused.
    const again = check();
    again.cells.forEach((c, i) => expect(c).toBe(first.cells[i]));

    const c1 = model.cells.get(1) as ICodeCellModel;
    c1.sharedModel.setSource('b = a + 2');
    let snap = check();
    expect(snap.cells[0]).toBe(first.cells[0]);
    expect(snap.cells[1]).not.toBe(first.cells[1]);

    c1.executionCount = 3;
    c1.outputs.add({ output_type: 'stream', name: 'stdout', text: 'x' });
    c1.outputs.add({
      output_type: 'error',
      ename: 'E',
      evalue: '',
      traceback: []
    });
    check();
    // What CodeCell.execute does first: a silent clear (no `changed` signal).
    c1.sharedModel.transact(() => c1.clearExecution(), false, 'silent-change');
    snap = check();
    expect(snap.cells[1].executionCount).toBeNull();
    expect(snap.cells[1].outputs).toEqual([]);

    model.cells.get(2).setMetadata('tags', ['parameters']);
    snap = check();
    expect(snap.cells[2].tags).toEqual(['parameters']);

    model.sharedModel.moveCell(2, 0);
    check();
    model.sharedModel.deleteCell(0);
    model.sharedModel.insertCell(1, {
      cell_type: 'markdown',
      source: '# t',
      id: 'md',
      metadata: {}
    });
    check();
    // A later edit of a cell already re-read.
    c1.sharedModel.setSource('changed');
    check();
    live.dispose();
  });
});
