import type { ISessionContext } from '@jupyterlab/apputils';
import type { ICodeCellModel } from '@jupyterlab/cells';
import type { NotebookModel } from '@jupyterlab/notebook';
import { KernelMessage } from '@jupyterlab/services';
import type { Kernel } from '@jupyterlab/services';
import { Signal } from '@lumino/signaling';
import { Analyzer, type INotebookSnapshot } from '../../core';
import { KernelRecorder } from '../recorder';
import type { NotebookSession } from '../session';
import { sessionOn } from './utils';

/**
 * One analysis per execution: the reply, the outputs' and the count's `contentChanged`, and
 * the companion's answers fold into one pass. Counted as calls of the analyzer, on real
 * notebook models, with the real recorder parsing messages made by JupyterLab's own
 * `KernelMessage.createMessage`. No timing is asserted.
 */

/** The part of a kernel connection the recorder listens to. */
class KernelWire {
  readonly id = 'kernel-1';
  readonly clientId = 'this-client';
  readonly anyMessage = new Signal<this, Kernel.IAnyMessageArgs>(this);

  request(code: string, cellId: string): string {
    const msg = KernelMessage.createMessage({
      msgType: 'execute_request',
      channel: 'shell',
      session: this.clientId,
      content: { code, silent: false, store_history: true },
      metadata: { cellId }
    });
    this.anyMessage.emit({ msg, direction: 'send' });
    return msg.header.msg_id;
  }

  reply(parent: string, count: number): void {
    const msg = KernelMessage.createMessage({
      msgType: 'execute_reply',
      channel: 'shell',
      session: 'kernel',
      content: { status: 'ok', execution_count: count, user_expressions: {} },
      parentHeader: { msg_id: parent } as never
    } as never);
    this.anyMessage.emit({ msg: msg as never, direction: 'recv' });
  }
}

function recorderOn(session: NotebookSession): KernelWire {
  const kernel = new KernelWire();
  const context = {
    statusChanged: new Signal<unknown, Kernel.Status>({}),
    kernelChanged: new Signal<unknown, unknown>({}),
    session: { kernel }
  } as unknown as ISessionContext;
  new KernelRecorder(context, session);
  return kernel;
}

const tick = (ms = 0) => new Promise(resolve => setTimeout(resolve, ms));
/** Longer than the pass's deadline: whatever would still run has run. */
const settle = () => tick(400);

/**
 * One execution of cell `i` as JupyterLab performs it: `CodeCell.execute` clears the count
 * and outputs, the request goes out, outputs arrive, the reply, and a task later the cell
 * model takes the reply's count.
 */
async function execute(
  model: NotebookModel,
  kernel: KernelWire,
  i: number,
  count: number
): Promise<void> {
  const cell = model.cells.get(i) as ICodeCellModel;
  cell.clearExecution();
  const id = kernel.request(cell.sharedModel.getSource(), cell.id);
  await tick();
  cell.outputs.add({ output_type: 'stream', name: 'stdout', text: 'out\n' });
  await tick();
  cell.outputs.add({
    output_type: 'execute_result',
    data: { 'text/plain': String(count) },
    metadata: {},
    execution_count: count
  });
  kernel.reply(id, count);
  await Promise.resolve();
  cell.executionCount = count;
}

describe('one analysis per execution', () => {
  let update: jest.SpyInstance;
  beforeEach(() => {
    update = jest.spyOn(Analyzer.prototype, 'update');
  });
  afterEach(() => {
    update.mockRestore();
  });

  it('folds the outputs and the count into the reply’s pass, one per execution', async () => {
    const { model, session } = sessionOn(['x = 1', 'y = x + 1', 'print(y)']);
    const kernel = recorderOn(session);
    await settle();
    const reports: unknown[] = [];
    session.reportChanged.connect((_, r) => reports.push(r));
    update.mockClear();
    const analysesBefore = session.analyses;
    for (const [i, count] of [
      [0, 1],
      [1, 2],
      [2, 3],
      [1, 4],
      [2, 5]
    ]) {
      const before = update.mock.calls.length;
      await execute(model, kernel, i, count);
      await settle();
      expect(update.mock.calls.length - before).toBe(1);
      // The pass saw the count the model shows after the reply, and the outputs.
      const [snapshot] = update.mock.calls[update.mock.calls.length - 1] as [
        INotebookSnapshot
      ];
      expect(snapshot.cells[i].executionCount).toBe(count);
      expect(snapshot.cells[i].outputs.map(o => o.type)).toEqual([
        'stream',
        'execute_result'
      ]);
    }
    expect(session.analyses - analysesBefore).toBe(5);
    expect(session.record.runs).toHaveLength(5);
    expect(reports).toHaveLength(5);
    session.dispose();
  });

  it('waits for the companion’s re-binding facts, and patches names and observations in without the analyzer', async () => {
    const { model, session } = sessionOn(['x = 1', 'y = x + 1']);
    const kernel = recorderOn(session);
    await settle();
    update.mockClear();
    for (const [i, count] of [
      [0, 1],
      [1, 2]
    ]) {
      const before = update.mock.calls.length;
      await execute(model, kernel, i, count);
      // What `KernelRecorder._askCompanion` does after the reply: the re-binding facts
      // (which the pass waits for), then the names and observations, a few ms apart.
      const seq = session.record.runs[session.record.runs.length - 1].seq;
      session.awaitCompanion(seq);
      await tick(5);
      session.setRebound(seq, { added: [], changed: [], deleted: [] });
      session.companionAnswered(seq);
      await tick(5);
      session.setKernelNames(['x', 'y', 'stale_name']);
      await tick(5);
      session.setObserved(seq, [], []);
      await settle();
      expect(update.mock.calls.length - before).toBe(1);
    }
    // The names arrived after the pass: patched in without the analyzer.
    expect(
      session.report.findings.some(f => f.message.includes('stale_name'))
    ).toBe(true);
    session.dispose();
  });

  it('patches a late answer of names without running the analyzer', async () => {
    const { model, session } = sessionOn(['x = 1']);
    const kernel = recorderOn(session);
    await settle();
    update.mockClear();
    await execute(model, kernel, 0, 1);
    await settle();
    expect(update).toHaveBeenCalledTimes(1);
    session.setKernelNames(['x', 'gone']);
    await settle();
    expect(update).toHaveBeenCalledTimes(1);
    expect(session.ghosts.map(g => g.name)).toEqual(['gone']);
    session.dispose();
  });

  it('runs at most one analysis per execution when replies come back to back (Run All)', async () => {
    const sources = Array.from({ length: 12 }, (_, i) =>
      i === 0 ? 'v0 = 0' : `v${i} = v${i - 1} + 1`
    );
    const { model, session } = sessionOn(sources);
    const kernel = recorderOn(session);
    await settle();
    update.mockClear();
    for (let i = 0; i < sources.length; i++) {
      await execute(model, kernel, i, i + 1);
    }
    await settle();
    expect(session.record.runs).toHaveLength(sources.length);
    expect(update.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(update.mock.calls.length).toBeLessThanOrEqual(sources.length);
    expect(session.report.linear).toBe(true);
    session.dispose();
  });

  it('does not re-analyse when an output changes nothing the verdicts read', async () => {
    const { model, session } = sessionOn(['x = 1']);
    const kernel = recorderOn(session);
    await execute(model, kernel, 0, 1);
    await settle();
    update.mockClear();
    // A stream redrawn after the pass (a progress bar, a background thread printing).
    (model.cells.get(0) as ICodeCellModel).outputs.set(0, {
      output_type: 'stream',
      name: 'stdout',
      text: 'out\n100%\n'
    });
    await tick(700);
    expect(update).not.toHaveBeenCalled();
    // An edit does re-analyse.
    model.cells.get(0).sharedModel.setSource('x = 2');
    await tick(700);
    expect(update).toHaveBeenCalledTimes(1);
    session.dispose();
  });
});
