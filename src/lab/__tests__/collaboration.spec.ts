/**
 * Real-time collaboration on real JupyterLab models: two clients, each with its own
 * `NotebookModel` over a Yjs document kept in sync as jupyter-collaboration's provider
 * does (updates applied both ways), one shared kernel that broadcasts `execute_input` on
 * iopub to every client and replies to the sender only, as Jupyter's kernels do.
 */
import type { ISessionContext } from '@jupyterlab/apputils';
import { NotebookModel } from '@jupyterlab/notebook';
import { KernelMessage } from '@jupyterlab/services';
import type { Kernel } from '@jupyterlab/services';
import { Signal } from '@lumino/signaling';
import * as Y from 'yjs';
import { fromMetadata, RECORD_KEY } from '../../core';
import { KernelRecorder } from '../recorder';
import { NotebookSession } from '../session';
import { DEFAULT_SETTINGS } from '../settings';

// jsdom has no User Timing API; the recorder's marks only feed the browser's profiler.
const timing = performance as unknown as Record<string, unknown>;
for (const name of ['mark', 'measure', 'clearMarks', 'clearMeasures']) {
  timing[name] ??= () => undefined;
}
timing.getEntriesByName ??= () => [];

/** One kernel shared by every client's connection. */
class SharedKernel {
  readonly id = 'kernel-1';
  count = 0;
  readonly wires: ClientWire[] = [];

  execute(from: ClientWire, request: KernelMessage.IExecuteRequestMsg): void {
    const count = ++this.count;
    const parent = request.header;
    for (const wire of this.wires) {
      const input = KernelMessage.createMessage({
        msgType: 'execute_input',
        channel: 'iopub',
        session: 'kernel',
        content: { code: request.content.code, execution_count: count },
        parentHeader: parent as never
      } as never);
      wire.anyMessage.emit({ msg: input as never, direction: 'recv' });
    }
    const reply = KernelMessage.createMessage({
      msgType: 'execute_reply',
      channel: 'shell',
      session: 'kernel',
      content: { status: 'ok', execution_count: count, user_expressions: {} },
      parentHeader: parent as never
    } as never);
    from.anyMessage.emit({ msg: reply as never, direction: 'recv' });
  }
}

/** One client's connection to the shared kernel (what the recorder listens to). */
class ClientWire {
  constructor(kernel: SharedKernel, clientId: string) {
    this.kernel = kernel;
    this.clientId = clientId;
    kernel.wires.push(this);
  }
  readonly kernel: SharedKernel;
  readonly clientId: string;
  readonly anyMessage = new Signal<this, Kernel.IAnyMessageArgs>(this);
  get id(): string {
    return this.kernel.id;
  }

  /** Run a cell as `CodeCell.execute` does. */
  run(model: NotebookModel, index: number): void {
    const cell = model.cells.get(index);
    const msg = KernelMessage.createMessage({
      msgType: 'execute_request',
      channel: 'shell',
      session: this.clientId,
      content: { code: cell.sharedModel.getSource(), silent: false },
      metadata: { cellId: cell.id }
    });
    this.anyMessage.emit({ msg, direction: 'send' });
    this.kernel.execute(this, msg);
  }
}

/**
 * Two Yjs documents linked like a websocket provider links them; `paused` queues the
 * updates (a network delay) until `flush`.
 */
class Link {
  constructor(a: Y.Doc, b: Y.Doc) {
    a.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== this) {
        this._send(() => Y.applyUpdate(b, u, this));
      }
    });
    b.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== this) {
        this._send(() => Y.applyUpdate(a, u, this));
      }
    });
  }
  paused = false;
  flush(): void {
    this.paused = false;
    const queued = this._queue.splice(0);
    queued.forEach(f => f());
  }
  private _send(f: () => void): void {
    if (this.paused) {
      this._queue.push(f);
    } else {
      f();
    }
  }
  private _queue: (() => void)[] = [];
}

interface IClient {
  model: NotebookModel;
  session: NotebookSession;
  recorder: KernelRecorder;
  wire: ClientWire;
  status: Signal<unknown, Kernel.Status>;
}

function client(model: NotebookModel, kernel: SharedKernel, id: string) {
  const wire = new ClientWire(kernel, id);
  const status = new Signal<unknown, Kernel.Status>({});
  const context = {
    statusChanged: status,
    kernelChanged: new Signal<unknown, unknown>({}),
    session: { kernel: wire }
  } as unknown as ISessionContext;
  const session = new NotebookSession(model, {
    ...DEFAULT_SETTINGS,
    kernelCompanion: false
  });
  const recorder = new KernelRecorder(context, session);
  return { model, session, recorder, wire, status };
}

/** Alice opens a notebook; Bob joins it (his model built from the shared document). */
function collaboration(sources: string[]) {
  const first = new NotebookModel({ collaborationEnabled: true });
  first.sharedModel.insertCells(
    0,
    sources.map((source, i) => ({
      cell_type: 'code',
      source,
      id: `c${i}`,
      metadata: {}
    }))
  );
  const docA = (first.sharedModel as unknown as { ydoc: Y.Doc }).ydoc;
  // Bob's model starts empty, over its own document, as the collaborative drive makes it;
  // the provider then brings in the shared state.
  const YNotebook = first.sharedModel.constructor as new (
    options: object
  ) => NotebookModel['sharedModel'];
  const sharedB = new YNotebook({});
  const second = new NotebookModel({
    collaborationEnabled: true,
    sharedModel: sharedB
  });
  const docB = (sharedB as unknown as { ydoc: Y.Doc }).ydoc;
  const link = new Link(docA, docB);
  Y.applyUpdate(docB, Y.encodeStateAsUpdate(docA));
  const kernel = new SharedKernel();
  const alice = client(first, kernel, 'alice');
  const bob = client(second, kernel, 'bob');
  return { alice, bob, link, kernel };
}

const ran = (s: NotebookSession) =>
  s.record.runs.map(r => `${r.cellId}:${r.executionCount}:${r.status}`);
const findings = (s: NotebookSession) =>
  s.report.findings.map(f => `${f.kind}@${f.cell?.id ?? '-'}`).sort();
const wait = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Session starts are stamped from the wall clock, and the merge orders them by stamp: a
 * test that reads the real clock passes or fails with where the milliseconds fall. Only
 * `Date` is faked (timers stay real); the clock moves when the test moves it.
 */
function pinClock(iso: string): void {
  jest.useFakeTimers({
    now: new Date(iso),
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout'
    ]
  });
}

function dispose(...clients: IClient[]): void {
  for (const c of clients) {
    c.recorder.dispose();
    c.session.dispose();
  }
}

describe('the record in real-time collaboration', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('both clients record every run on the shared kernel once, and agree on record and findings', () => {
    const { alice, bob } = collaboration(['x = 1', 'y = x + 1', 'z = y + x']);
    expect(alice.session.collaborative).toBe(true);
    alice.wire.run(alice.model, 0);
    bob.wire.run(bob.model, 1);
    alice.wire.run(alice.model, 2);
    // Before any write, each already sees all three runs (the others' from iopub).
    expect(ran(bob.session)).toEqual([
      'c0:1:unknown',
      'c1:2:ok',
      'c2:3:unknown'
    ]);
    alice.session.flush();
    bob.session.flush();
    for (const c of [alice, bob]) {
      expect(ran(c.session)).toEqual(['c0:1:ok', 'c1:2:ok', 'c2:3:ok']);
    }
    expect(bob.session.record).toEqual(alice.session.record);
    expect(findings(bob.session)).toEqual(findings(alice.session));
    expect(alice.session.report.linear).toBe(true);
    // Stored: one part per client; each run recorded by its sender with its msg_id.
    const stored = alice.model.getMetadata(RECORD_KEY);
    expect(stored.version).toBe(3);
    expect(Object.keys(stored.clients)).toHaveLength(2);
    expect(bob.model.getMetadata(RECORD_KEY)).toEqual(stored);
    // What the CLI reads from the saved notebook is the same record.
    expect(fromMetadata(stored).record).toEqual(alice.session.record);
    dispose(alice, bob);
  });

  it('a concurrent write that drops the other client’s part is repaired: the parts converge', async () => {
    const { alice, bob, link } = collaboration(['a = 1', 'b = 2']);
    link.paused = true;
    alice.wire.run(alice.model, 0);
    bob.wire.run(bob.model, 1);
    alice.session.flush();
    bob.session.flush();
    // Both wrote `metadata.linearize` while apart: Yjs keeps one of the two values.
    link.flush();
    const keys = () =>
      Object.keys(alice.model.getMetadata(RECORD_KEY).clients).length;
    expect(keys()).toBe(1);
    // The client whose part was dropped writes it again (after the write delay).
    await wait(400);
    link.flush();
    expect(keys()).toBe(2);
    expect(bob.model.getMetadata(RECORD_KEY)).toEqual(
      alice.model.getMetadata(RECORD_KEY)
    );
    for (const c of [alice, bob]) {
      expect(ran(c.session)).toEqual(['c0:1:ok', 'c1:2:ok']);
    }
    dispose(alice, bob);
  });

  it.each([
    ['seconds after both connected', '2026-03-01T10:00:05.000Z'],
    // Both clients stamp connection and restart alike: each client's restart must still
    // sort after its own connection whatever the order of the clients' part keys.
    ['in the millisecond both connected', null]
  ])(
    'a restart seen by both clients (%s) is one new kernel session in the merged record',
    (_, restartAt) => {
      pinClock('2026-03-01T10:00:00.000Z');
      const { alice, bob, kernel } = collaboration(['a = 1']);
      alice.wire.run(alice.model, 0);
      if (restartAt !== null) {
        jest.setSystemTime(new Date(restartAt));
      }
      for (const c of [alice, bob]) {
        c.status.emit('restarting');
      }
      kernel.count = 0;
      for (const c of [alice, bob]) {
        c.status.emit('idle');
      }
      bob.wire.run(bob.model, 0);
      alice.session.flush();
      bob.session.flush();
      for (const c of [alice, bob]) {
        expect(c.session.record.sessions).toHaveLength(2);
        expect(c.session.record.runs.map(r => r.session)).toEqual([0, 1]);
      }
      expect(bob.session.record).toEqual(alice.session.record);
      dispose(alice, bob);
    }
  );

  it('a restart only the other client saw is noticed from the counts starting again', () => {
    pinClock('2026-03-01T10:00:00.000Z');
    const { alice, bob, kernel } = collaboration(['a = 1', 'b = a']);
    alice.wire.run(alice.model, 0);
    bob.wire.run(bob.model, 1);
    jest.setSystemTime(new Date('2026-03-01T10:00:05.000Z'));
    // Alice restarts: Jupyter reports it to her connection only.
    alice.status.emit('restarting');
    kernel.count = 0;
    alice.status.emit('idle');
    bob.wire.run(bob.model, 1);
    alice.session.flush();
    bob.session.flush();
    for (const c of [alice, bob]) {
      expect(c.session.record.sessions).toHaveLength(2);
      expect(
        c.session.record.runs.map(
          r => `${r.cellId}:${r.executionCount}@${r.session}`
        )
      ).toEqual(['c0:1@0', 'c1:2@0', 'c1:1@1']);
    }
    expect(bob.session.ownRecord.sessions).toHaveLength(2);
    dispose(alice, bob);
  });

  it('Clear Execution Record clears it for every client', () => {
    const { alice, bob } = collaboration(['a = 1']);
    alice.wire.run(alice.model, 0);
    alice.session.flush();
    bob.session.flush();
    expect(bob.session.record.runs).toHaveLength(1);
    bob.session.clearRecord();
    expect(alice.model.getMetadata(RECORD_KEY)).toBeUndefined();
    expect(alice.session.record.runs).toHaveLength(0);
    // Alice's next write holds only what ran since.
    alice.wire.run(alice.model, 0);
    alice.session.flush();
    expect(ran(bob.session)).toEqual(['c0:2:ok']);
    dispose(alice, bob);
  });

  it('a new run keeps the earlier run objects, so the analysis only extends its replay', () => {
    const { alice, bob } = collaboration(['a = 1', 'b = a']);
    alice.wire.run(alice.model, 0);
    alice.session.flush();
    const first = alice.session.record.runs[0];
    bob.wire.run(bob.model, 1);
    bob.session.flush();
    expect(alice.session.record.runs).toHaveLength(2);
    expect(alice.session.record.runs[0]).toBe(first);
    dispose(alice, bob);
  });

  it('without collaboration the record keeps version 2 (one value, no parts, no msg ids)', () => {
    const model = new NotebookModel();
    model.sharedModel.insertCells(0, [
      { cell_type: 'code', source: 'a = 1', id: 'c0', metadata: {} }
    ]);
    const c = client(model, new SharedKernel(), 'solo');
    expect(c.session.collaborative).toBe(false);
    c.wire.run(model, 0);
    c.session.flush();
    const stored = model.getMetadata(RECORD_KEY);
    expect(stored.version).toBe(2);
    expect(stored.clients).toBeUndefined();
    expect(stored.runs[0].msgId).toBeUndefined();
    dispose(c);
  });
});
