import type { IRebinding } from '../../types';
import {
  CompanionClient,
  type ICompanionTransport,
  type ITimers
} from '../client';
import { installExpression, REPLY_KEY, type ISilentRequest } from '../snippets';
import { DATA_RULE } from '../../export/workflow/dataRule';
import type { ICompanionStatus } from '../types';

const flush = () => new Promise<void>(resolve => setImmediate(resolve));

/** Manual timers. */
class Clock implements ITimers {
  now(): number {
    return this.t;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this._id;
    this._timers.set(id, { at: this.t + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this._timers.delete(handle as number);
  }
  /** Moves time forward, running due timers in order. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await flush();
      const due = [...this._timers]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) {
        break;
      }
      this._timers.delete(due[0]);
      this.t = due[1].at;
      due[1].callback();
    }
    this.t = end;
    await flush();
  }
  t = 0;
  private _id = 0;
  private readonly _timers = new Map<
    number,
    { at: number; callback: () => void }
  >();
}

type Op =
  | 'install'
  | 'rebind'
  | 'names'
  | 'delete'
  | 'env'
  | 'fingerprint'
  | 'uninstall';

function envelope(op: Op, value: unknown): unknown {
  const text = JSON.stringify({ ok: true, op, version: 1, value });
  return {
    status: 'ok',
    user_expressions: {
      [REPLY_KEY]: { status: 'ok', data: { 'text/plain': text } }
    }
  };
}

const ABSENT = {
  status: 'ok',
  user_expressions: {
    [REPLY_KEY]: { status: 'ok', data: { 'text/plain': '0' } }
  }
};

/** A kernel that answers like the companion module, with switches for failures. */
class FakeKernel implements ICompanionTransport {
  status = 'idle';
  connected = true;
  lang = 'python';
  installed = false;
  /** Facts the kernel holds, by execution count. */
  runs = new Map<number, IRebinding>();
  /** Ops received, in order. */
  ops: Op[] = [];
  /** Arguments received, in order. */
  args: unknown[] = [];
  /** `hold`: replies wait for `release()`; `never`: no reply; `reject`: cancelled futures. */
  mode: 'auto' | 'hold' | 'never' | 'reject' | 'refuse' | 'throw' | 'abort' =
    'auto';
  held: (() => void)[] = [];

  language(): Promise<string> {
    return Promise.resolve(this.lang);
  }

  execute(request: ISilentRequest): Promise<unknown> {
    if (this.mode === 'throw') {
      throw new Error('Kernel is dead');
    }
    const expression = request.user_expressions[REPLY_KEY];
    const op = (
      expression === installExpression()
        ? 'install'
        : /^\(getattr\(.*?\), "v\d+", None\) or \(lambda \*a: 0\)\)\("(\w+)"/.exec(
            expression
          )?.[1]
    ) as Op;
    const args: { since?: number } =
      op === 'install'
        ? {}
        : JSON.parse(
            JSON.parse(expression.slice(expression.lastIndexOf(', "') + 2, -1))
          );
    this.ops.push(op);
    this.args.push(args);
    // The answer reflects the kernel's state when the request is *processed*.
    const answer = () => this.answer(op, args);
    switch (this.mode) {
      case 'never':
        return new Promise(() => undefined);
      case 'reject':
        return Promise.reject(new Error('Canceled future'));
      case 'refuse':
        return Promise.resolve({
          status: 'error',
          ename: 'NotImplementedError',
          evalue: ''
        });
      case 'abort':
        return Promise.resolve({ status: 'aborted' });
      case 'hold':
        return new Promise(resolve => this.held.push(() => resolve(answer())));
      default:
        return Promise.resolve(answer());
    }
  }

  answer(op: Op, args: { since?: number }): unknown {
    if (op === 'install') {
      this.installed = true;
      return envelope('install', { version: 1, hook: true, count: 1 });
    }
    if (!this.installed) {
      return ABSENT;
    }
    switch (op) {
      case 'rebind': {
        const runs: Record<string, IRebinding> = {};
        for (const [count, facts] of this.runs) {
          if (count >= (args.since ?? 0)) {
            runs[String(count)] = facts;
          }
        }
        return envelope('rebind', { hook: true, first: 1, runs });
      }
      case 'names':
        return envelope('names', { names: ['a', 'b'] });
      case 'fingerprint':
        return envelope('fingerprint', { entries: [] });
      default:
        return envelope(op, {});
    }
  }

  release(): void {
    const held = this.held;
    this.held = [];
    held.forEach(r => r());
  }
}

const facts = (name: string): IRebinding => ({
  added: [name],
  changed: [],
  deleted: []
});

function setup(options: { timeout?: number } = {}) {
  const kernel = new FakeKernel();
  const clock = new Clock();
  const statuses: ICompanionStatus[] = [];
  const client = new CompanionClient(kernel, clock, options, s =>
    statuses.push(s)
  );
  return { kernel, clock, client, statuses };
}

describe('CompanionClient: availability', () => {
  it('installs in a Python kernel and says it is ready, once', async () => {
    const { kernel, client, statuses } = setup();
    expect(await client.start()).toBe(true);
    expect(await client.start()).toBe(true);
    expect(client.available).toBe(true);
    expect(kernel.ops).toEqual(['install']);
    expect(statuses.map(s => s.state)).toEqual(['ready']);
  });

  it('a non-Python kernel: unavailable once, no request ever sent', async () => {
    const { kernel, client, statuses } = setup();
    kernel.lang = 'R';
    expect(await client.start()).toBe(false);
    expect(await client.rebind(1)).toBeNull();
    const names = await client.names();
    expect(!names.ok && names.reason).toBe('not-python');
    expect((await client.environment()).ok).toBe(false);
    expect(kernel.ops).toEqual([]);
    expect(statuses).toEqual([
      expect.objectContaining({ state: 'unavailable', reason: 'not-python' })
    ]);
  });

  it('a kernel that refuses silent requests: unavailable, and stays so', async () => {
    const { kernel, client, statuses } = setup();
    kernel.mode = 'refuse';
    expect(await client.start()).toBe(false);
    const names = await client.names();
    expect(!names.ok && names.reason).toBe('refused');
    expect(kernel.ops).toEqual(['install']);
    expect(statuses.map(s => s.reason)).toEqual(['refused']);
  });

  it('a dead kernel: sending throws, the companion says dead', async () => {
    const { kernel, client } = setup();
    kernel.mode = 'throw';
    kernel.status = 'dead';
    expect(await client.start()).toBe(false);
    expect(client.status.reason).toBe('dead');
  });

  it('a kernel that dies while a request waits', async () => {
    const { kernel, client } = setup();
    await client.start();
    kernel.mode = 'never';
    const pending = client.names();
    await flush();
    kernel.status = 'dead';
    client.kernelStatusChanged('dead');
    const result = await pending;
    expect(!result.ok && result.reason).toBe('dead');
    expect(client.status.reason).toBe('dead');
  });
});

describe('CompanionClient: the timeout counts idle time only', () => {
  it('gives up after the kernel stayed idle for the whole timeout', async () => {
    const { kernel, clock, client } = setup({ timeout: 1000 });
    await client.start();
    kernel.mode = 'never';
    let result: Awaited<ReturnType<typeof client.names>> | undefined;
    void client.names().then(r => (result = r));
    await clock.advance(999);
    expect(result).toBeUndefined();
    await clock.advance(1);
    expect(result && !result.ok && result.reason).toBe('timeout');
    expect(client.status).toEqual(
      expect.objectContaining({ state: 'unavailable', reason: 'timeout' })
    );
    // Every later call is answered at once, without a request.
    const sent = kernel.ops.length;
    expect(await client.rebind(7)).toBeNull();
    expect(kernel.ops.length).toBe(sent);
  });

  it('waits as long as the kernel is busy (a long cell ahead of ours)', async () => {
    const { kernel, clock, client } = setup({ timeout: 1000 });
    await client.start();
    kernel.mode = 'hold';
    kernel.status = 'busy';
    client.kernelStatusChanged('busy');
    let result: Awaited<ReturnType<typeof client.names>> | undefined;
    void client.names().then(r => (result = r));
    await clock.advance(60000);
    expect(result).toBeUndefined();
    kernel.release();
    await flush();
    expect(result).toEqual({ ok: true, value: ['a', 'b'] });
  });

  it('status activity restarts the idle count', async () => {
    const { kernel, clock, client } = setup({ timeout: 1000 });
    await client.start();
    kernel.mode = 'never';
    let result: Awaited<ReturnType<typeof client.names>> | undefined;
    void client.names().then(r => (result = r));
    await clock.advance(800);
    client.kernelStatusChanged('idle'); // the kernel just finished something: it is alive
    await clock.advance(800);
    expect(result).toBeUndefined();
    await clock.advance(200);
    expect(result && !result.ok && result.reason).toBe('timeout');
  });

  it('waits while the connection is down', async () => {
    const { kernel, clock, client } = setup({ timeout: 1000 });
    await client.start();
    kernel.mode = 'hold';
    kernel.connected = false;
    let result: Awaited<ReturnType<typeof client.names>> | undefined;
    void client.names().then(r => (result = r));
    await clock.advance(5000);
    expect(result).toBeUndefined();
    kernel.connected = true;
    kernel.release();
    await flush();
    expect(result?.ok).toBe(true);
  });
});

describe('CompanionClient: rebind', () => {
  it('fetches the facts of a run and serves a repeat from the cache', async () => {
    const { kernel, client } = setup();
    kernel.runs.set(3, facts('x'));
    expect(await client.rebind(3)).toEqual(facts('x'));
    expect(await client.rebind(3)).toEqual(facts('x'));
    expect(kernel.ops).toEqual(['install', 'rebind']);
    expect(kernel.args[1]).toEqual({ since: 3 });
  });

  it('null for a run the kernel has no record of', async () => {
    const { client } = setup();
    expect(await client.rebind(9)).toBeNull();
    expect(await client.rebind(-1)).toBeNull();
    expect(await client.rebind(1.5)).toBeNull();
  });

  it('Run All: replies that arrive while a fetch is in flight share it', async () => {
    const { kernel, client } = setup();
    await client.start();
    kernel.mode = 'hold';
    // The reply of cell 1 arrives; cells 2 and 3 were sent before our request, so they run
    // before it and their replies arrive while it waits.
    const first = client.rebind(1);
    await flush();
    const second = client.rebind(2);
    const third = client.rebind(3);
    await flush();
    kernel.runs.set(1, facts('a')).set(2, facts('b')).set(3, facts('c'));
    kernel.release();
    expect(await Promise.all([first, second, third])).toEqual([
      facts('a'),
      facts('b'),
      facts('c')
    ]);
    expect(kernel.ops).toEqual(['install', 'rebind']);
  });

  it('a run after the fetch in flight gets a fetch of its own', async () => {
    const { kernel, client } = setup();
    await client.start();
    kernel.mode = 'hold';
    kernel.runs.set(1, facts('a'));
    const first = client.rebind(1);
    await flush();
    // Cell 2 was sent after our request (its reply may still come first in a fake world):
    // the in-flight fetch cannot hold its facts, so a second one is sent after it.
    const second = client.rebind(2);
    kernel.release();
    await flush();
    kernel.runs.set(2, facts('b'));
    kernel.release();
    await flush();
    kernel.release();
    expect(await Promise.all([first, second])).toEqual([
      facts('a'),
      facts('b')
    ]);
    expect(kernel.ops).toEqual(['install', 'rebind', 'rebind']);
    expect(kernel.args.slice(1)).toEqual([{ since: 1 }, { since: 2 }]);
  });

  it('an aborted request (an earlier cell raised) is no failure of the companion', async () => {
    const { kernel, client } = setup();
    await client.start();
    kernel.mode = 'abort';
    expect(await client.rebind(2)).toBeNull();
    kernel.mode = 'reject';
    expect(await client.rebind(3)).toBeNull();
    expect(client.available).toBe(true);
  });

  it('asks once more when the kernel aborted the fetch: the records survive an abort', async () => {
    const { kernel, client } = setup();
    await client.start();
    kernel.runs.set(4, facts('x'));
    const execute = kernel.execute.bind(kernel);
    let aborted = 0;
    kernel.execute = request => {
      if (aborted++ === 0) {
        kernel.ops.push('rebind');
        return Promise.resolve({ status: 'aborted' });
      }
      return execute(request);
    };
    expect(await client.rebind(4)).toEqual(facts('x'));
    expect(kernel.ops).toEqual(['install', 'rebind', 'rebind']);
  });
});

describe('CompanionClient: install and restarts', () => {
  it('reinstalls when the module is gone (a restart it did not see), then asks again', async () => {
    const { kernel, client } = setup();
    await client.start();
    kernel.installed = false;
    expect(await client.names()).toEqual({ ok: true, value: ['a', 'b'] });
    expect(kernel.ops).toEqual(['install', 'names', 'install', 'names']);
  });

  it('a restart drops cached facts and reinstalls right away', async () => {
    const { kernel, client, statuses } = setup();
    kernel.runs.set(1, facts('old'));
    expect(await client.rebind(1)).toEqual(facts('old'));
    kernel.installed = false;
    kernel.runs = new Map([[1, facts('new')]]);
    client.kernelStatusChanged('restarting');
    expect(client.status.state).toBe('pending');
    await flush();
    expect(kernel.ops).toEqual(['install', 'rebind', 'install']);
    expect(await client.rebind(1)).toEqual(facts('new'));
    expect(statuses.map(s => s.state)).toEqual(['ready', 'pending', 'ready']);
  });

  it('after an automatic restart (the kernel died), reinstalls once it is idle', async () => {
    const { kernel, client } = setup();
    await client.start();
    kernel.installed = false;
    client.kernelStatusChanged('autorestarting');
    await flush();
    expect(kernel.ops).toEqual(['install']);
    expect(client.status.state).toBe('pending');
    client.kernelStatusChanged('starting');
    client.kernelStatusChanged('idle');
    await flush();
    expect(kernel.ops).toEqual(['install', 'install']);
    expect(client.available).toBe(true);
  });

  it('after a timeout, a restart gives the kernel another chance', async () => {
    const { kernel, clock, client } = setup({ timeout: 100 });
    await client.start();
    kernel.mode = 'never';
    void client.names();
    await clock.advance(100);
    expect(client.status.reason).toBe('timeout');
    kernel.mode = 'auto';
    client.kernelStatusChanged('restarting');
    await flush();
    expect(client.available).toBe(true);
    expect((await client.names()).ok).toBe(true);
  });
});

describe('CompanionClient: the other requests', () => {
  it('passes their arguments as the module expects them', async () => {
    const { kernel, client } = setup();
    await client.deleteNames(['a', 'b']);
    await client.environment(['yaml']);
    const ruleArgs = {
      max_bytes: DATA_RULE.maxBytes,
      max_files: DATA_RULE.maxFilesPerFolder,
      ignored_folders: ['.git', '.hg', '.dvc'],
      ignored_files: ['.git'],
      chunk_bytes: 1048576
    };
    expect(DATA_RULE.maxBytes).toBe(1073741824);
    await client.fingerprints(['data'], { maxBytes: 10, maxFiles: 2 });
    await client.fingerprints(['x']);
    expect(kernel.ops.slice(1)).toEqual([
      'delete',
      'env',
      'fingerprint',
      'fingerprint'
    ]);
    expect(kernel.args.slice(1)).toEqual([
      { names: ['a', 'b'] },
      { hints: ['yaml'] },
      { paths: ['data'], ...ruleArgs, max_bytes: 10, max_files: 2 },
      // The one data rule's values, unless narrowed.
      { paths: ['x'], ...ruleArgs }
    ]);
  });

  it('dispose ends pending requests and answers later ones at once', async () => {
    const { kernel, client } = setup();
    await client.start();
    kernel.mode = 'never';
    const pending = client.names();
    await flush();
    client.dispose();
    const result = await pending;
    expect(!result.ok && result.reason).toBe('disposed');
    const later = await client.environment();
    expect(!later.ok && later.reason).toBe('disposed');
    expect(await client.rebind(1)).toBeNull();
    expect(kernel.ops).toEqual(['install', 'names']);
  });

  it('a throwing status listener does not break the companion', async () => {
    const kernel = new FakeKernel();
    const client = new CompanionClient(kernel, new Clock(), {}, () => {
      throw new Error('listener');
    });
    expect(await client.start()).toBe(true);
  });
});
