/**
 * "Restore its cell" on real JupyterLab models: the ghost's last source comes back where its
 * cell stood, not below the active cell, and the ghost is gone afterwards.
 */
import { restoreGhostCell } from '../restoreGhost';
import { runAll, sessionOn } from './utils';

/** The companion's names fold in on a 16 ms frame, as in the lab. */
const folded = () => new Promise(resolve => setTimeout(resolve, 50));

const sources = (m: ReturnType<typeof sessionOn>['model']): string[] =>
  Array.from(m.cells, c => c.sharedModel.getSource());

describe('restoreGhostCell', () => {
  it('puts a deleted cell back between its old neighbours', async () => {
    const { model, session } = sessionOn(['a = 1', 'b = a + 1', 'print(b)']);
    runAll(model, session);
    model.sharedModel.deleteCell(1);
    session.setKernelNames(['a', 'b']);
    await folded();
    expect(session.ghosts.map(g => [g.name, g.cellId])).toEqual([['b', 'c1']]);
    // The active cell is the last one: the fallback would put it at the end.
    expect(restoreGhostCell(model, session, 'b', 2)).toBe(1);
    expect(sources(model)).toEqual(['a = 1', 'b = a + 1', 'print(b)']);
    // The edit's pass (after the typing pause) no longer counts it as a ghost.
    await new Promise(resolve => session.reportChanged.connect(resolve));
    expect(session.ghosts).toEqual([]);
    session.dispose();
  });

  it('follows cells inserted above since the delete', async () => {
    const { model, session } = sessionOn(['a = 1', 'b = a + 1', 'print(b)']);
    runAll(model, session);
    model.sharedModel.deleteCell(1);
    model.sharedModel.insertCell(0, {
      cell_type: 'markdown',
      source: '# Title',
      metadata: {}
    });
    session.setKernelNames(['a', 'b']);
    await folded();
    expect(restoreGhostCell(model, session, 'b', 0)).toBe(2);
    expect(sources(model)).toEqual([
      '# Title',
      'a = 1',
      'b = a + 1',
      'print(b)'
    ]);
    session.dispose();
  });

  it('changes nothing for a name that is not a ghost', async () => {
    const { model, session } = sessionOn(['a = 1']);
    runAll(model, session);
    session.setKernelNames(['a']);
    await folded();
    expect(restoreGhostCell(model, session, 'zzz', 0)).toBeNull();
    expect(restoreGhostCell(model, session, 'a', 0)).toBeNull();
    expect(sources(model)).toEqual(['a = 1']);
    session.dispose();
  });
});
