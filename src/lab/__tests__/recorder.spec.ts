import type { ISessionContext } from '@jupyterlab/apputils';
import { KernelMessage } from '@jupyterlab/services';
import type { Kernel } from '@jupyterlab/services';
import { Signal } from '@lumino/signaling';
import { FOREIGN_CELL, KernelRecorder } from '../recorder';
import { sessionOn } from './utils';

/**
 * The part of a kernel connection the recorder listens to, carrying messages made by
 * JupyterLab's own `KernelMessage.createMessage` (the wire format the recorder parses).
 */
class KernelWire {
  readonly id = 'kernel-1';
  readonly clientId = 'this-client';
  readonly anyMessage = new Signal<this, Kernel.IAnyMessageArgs>(this);

  /** Send an execute_request as `CodeCell.execute` does (cellId in the metadata). */
  request(code: string, cellId: string | null, silent = false): string {
    const msg = KernelMessage.createMessage({
      msgType: 'execute_request',
      channel: 'shell',
      session: this.clientId,
      content: { code, silent, store_history: !silent },
      metadata: cellId === null ? {} : { cellId }
    });
    this.anyMessage.emit({ msg, direction: 'send' });
    return msg.header.msg_id;
  }

  reply(parent: string, status: 'ok' | 'error' | 'aborted', count: number) {
    const msg = KernelMessage.createMessage({
      msgType: 'execute_reply',
      channel: 'shell',
      session: 'kernel',
      content:
        status === 'ok'
          ? { status, execution_count: count, user_expressions: {} }
          : status === 'error'
            ? {
                status,
                execution_count: count,
                ename: 'E',
                evalue: '',
                traceback: []
              }
            : { status, execution_count: count },
      parentHeader: { msg_id: parent } as never
    } as never);
    this.anyMessage.emit({ msg: msg as never, direction: 'recv' });
  }

  /** Another client's code on this kernel, seen only as iopub execute_input. */
  foreignInput(code: string, count: number) {
    const msg = KernelMessage.createMessage({
      msgType: 'execute_input',
      channel: 'iopub',
      session: 'kernel',
      content: { code, execution_count: count },
      parentHeader: { msg_id: 'other-msg', session: 'other-client' } as never
    } as never);
    this.anyMessage.emit({ msg: msg as never, direction: 'recv' });
  }
}

function contextFor(kernel: KernelWire) {
  const statusChanged = new Signal<unknown, Kernel.Status>({});
  const kernelChanged = new Signal<unknown, unknown>({});
  const context = {
    statusChanged,
    kernelChanged,
    session: { kernel }
  } as unknown as ISessionContext;
  return { context, statusChanged };
}

// jsdom has no User Timing API; the recorder's marks only feed the browser's profiler.
const timing = performance as unknown as Record<string, unknown>;
for (const name of ['mark', 'measure', 'clearMarks', 'clearMeasures']) {
  timing[name] ??= () => undefined;
}
timing.getEntriesByName ??= () => [];

describe('KernelRecorder (JupyterLab kernel messages)', () => {
  it('records each reply of a cell execution, with the source that was sent', () => {
    const { model, session } = sessionOn(['a = 1', 'b = a']);
    const wire = new KernelWire();
    const { context } = contextFor(wire);
    const recorder = new KernelRecorder(context, session);
    const id = wire.request('a = 1', 'c0');
    wire.reply(id, 'ok', 1);
    const id2 = wire.request('b = a', 'c1');
    wire.reply(id2, 'error', 2);
    expect(
      session.record.runs.map(r => [r.cellId, r.executionCount, r.status])
    ).toEqual([
      ['c0', 1, 'ok'],
      ['c1', 2, 'error']
    ]);
    recorder.dispose();
    session.dispose();
    model.dispose();
  });

  it('ignores silent requests and aborted replies (they never ran)', () => {
    const { session } = sessionOn(['a = 1']);
    const wire = new KernelWire();
    const recorder = new KernelRecorder(contextFor(wire).context, session);
    wire.reply(wire.request('', null, true), 'ok', 0);
    wire.reply(wire.request('a = 1', 'c0'), 'aborted', 0);
    expect(session.record.runs).toHaveLength(0);
    recorder.dispose();
    session.dispose();
  });

  it('records code another client ran on the kernel, of unknown outcome', () => {
    const { session } = sessionOn(['a = 1']);
    const wire = new KernelWire();
    const recorder = new KernelRecorder(contextFor(wire).context, session);
    wire.foreignInput('a = 1', 7);
    wire.foreignInput('secret = 42', 8);
    expect(
      session.record.runs.map(r => [r.cellId, r.executionCount, r.status])
    ).toEqual([
      ['c0', 7, 'unknown'],
      [FOREIGN_CELL, 8, 'unknown']
    ]);
    recorder.dispose();
    session.dispose();
  });

  it('starts a new session in the record when the kernel restarts', () => {
    const { session } = sessionOn(['a = 1']);
    const wire = new KernelWire();
    const { context, statusChanged } = contextFor(wire);
    const recorder = new KernelRecorder(context, session);
    const before = session.record.sessions.length;
    statusChanged.emit('restarting');
    statusChanged.emit('idle');
    expect(session.record.sessions.length).toBe(before + 1);
    recorder.dispose();
    expect(recorder.isDisposed).toBe(true);
    session.dispose();
  });
});
