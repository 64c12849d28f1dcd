/**
 * The kernel companion's protocol logic, framework-free: availability, install on demand,
 * reinstall after a restart, the idle-aware timeout, and re-binding facts keyed by execution
 * count with coalesced requests. `src/lab/companion.ts` adapts a JupyterLab kernel connection
 * to `ICompanionTransport`; tests drive it with a fake.
 *
 * Every public method resolves (never rejects) and never logs: a missing answer is a
 * `CompanionResult` with a reason, and the first reason that makes the companion unusable
 * is said once through `onStatus`.
 */

import { DATA_RULE } from '../export/workflow/dataRule';
import type { IRebinding } from '../types';
import {
  parseDelete,
  parseEnvironment,
  parseFingerprints,
  parseInstall,
  parseNames,
  parseRebind,
  parseUninstall,
  unavailable
} from './replies';
import {
  callExpression,
  installExpression,
  silentRequest,
  type CompanionOp,
  type ISilentRequest
} from './snippets';
import type {
  CompanionResult,
  ICompanionStatus,
  IDeleteReply,
  IFingerprint,
  IFingerprintLimits,
  IInstallInfo,
  IKernelEnvironment,
  IRebindReply,
  UnavailableReason
} from './types';

/** What the client needs from a kernel connection. */
export interface ICompanionTransport {
  /** `language_info.name` of the kernel; rejects when there is no kernel. */
  language(): Promise<string>;
  /**
   * Sends one execute request; resolves with the `execute_reply` content. Rejects (or throws)
   * when it cannot be sent (dead or disposed kernel) or is cancelled (restart).
   */
  execute(request: ISilentRequest): Promise<unknown>;
  /** The kernel's execution state: `idle`, `busy`, `starting`, `restarting`, `dead`, … */
  readonly status: string;
  /** False while the connection is (re)connecting: requests wait in the connection's queue. */
  readonly connected: boolean;
}

/** Timers, injected: the core runs without a DOM or Node. */
export interface ITimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

/** Options of a companion. */
export interface ICompanionOptions {
  /**
   * Milliseconds the kernel may stay idle without answering a request before the companion
   * gives up (default 10,000). Time while the kernel is busy (a long cell ahead of ours, or
   * our own hashing) does not count: a request queued behind a cell waits for it.
   */
  readonly timeout?: number;
}

/** Statuses during which the kernel is working through its queue. */
const ACTIVE: ReadonlySet<string> = new Set([
  'busy',
  'starting',
  'restarting',
  'autorestarting'
]);

/** Reasons after which no request can succeed until the kernel restarts. */
const FATAL: ReadonlySet<UnavailableReason> = new Set<UnavailableReason>([
  'no-kernel',
  'not-python',
  'dead',
  'timeout',
  'refused'
]);

const MESSAGES: Readonly<Record<UnavailableReason, string>> = {
  'no-kernel': 'No kernel: the analysis uses the code alone.',
  'not-python': 'The kernel is not Python: the analysis uses the code alone.',
  dead: 'The kernel died: the analysis uses the code alone.',
  timeout:
    'The kernel did not answer the companion: the analysis uses the code alone.',
  refused:
    'The kernel refused silent requests: the analysis uses the code alone.',
  aborted: 'The kernel did not run a companion request.',
  error: 'The kernel companion failed.',
  malformed: 'The kernel companion sent an unexpected reply.',
  'not-installed': 'The kernel companion is not installed.',
  disposed: 'The kernel companion was closed.'
};

/** Facts kept for execution counts nobody asked about yet (other front ends' runs). */
const MAX_CACHED = 500;

/** Protocol client of one kernel. */
export class CompanionClient {
  constructor(
    transport: ICompanionTransport,
    timers: ITimers,
    options: ICompanionOptions = {},
    onStatus?: (status: ICompanionStatus) => void
  ) {
    this._transport = transport;
    this._timers = timers;
    this._timeout = options.timeout ?? 10000;
    this._onStatus = onStatus;
    this._lastActivity = timers.now();
  }

  /** The current state; `pending` until the first install has answered. */
  get status(): ICompanionStatus {
    return this._status;
  }

  /** True once installed in a Python kernel that answers. */
  get available(): boolean {
    return this._status.state === 'ready';
  }

  /** Checks the kernel's language and installs the companion. Resolves to `available`. */
  start(): Promise<boolean> {
    if (!this._ready) {
      this._ready = this._start();
    }
    return this._ready;
  }

  /**
   * Feed every kernel status change here. Activity keeps queued requests from timing out;
   * a restart drops the cached facts and reinstalls; `dead` ends every request.
   */
  kernelStatusChanged(status: string): void {
    this._lastActivity = this._timers.now();
    if (this._disposed) {
      return;
    }
    if (status === 'dead') {
      this._fail('dead');
      this._cancelAll();
    } else if (status === 'restarting' || status === 'autorestarting') {
      this._runs.clear();
      this._installed = null;
      if (this._status.reason === 'not-python') {
        return;
      }
      this._setStatus({
        state: 'pending',
        message: 'The kernel is restarting.'
      });
      if (status === 'restarting') {
        // A restart asked from the front end: once the connection has entered its restart
        // state (after this handler), a request waits in its queue and reaches the new kernel
        // before the cells of Restart & Run All.
        this._ready = Promise.resolve().then(() => this._reinstall());
      } else {
        // The kernel died and is being restarted: ask once it is back.
        this._reinstallOnIdle = true;
      }
    } else if (status === 'idle' && this._reinstallOnIdle) {
      this._reinstallOnIdle = false;
      this._ready = this._reinstall();
    }
  }

  private async _reinstall(): Promise<boolean> {
    return (await this._install()).ok;
  }

  /**
   * Re-binding facts of the execution whose reply had `executionCount`: call it after that
   * reply, never before (the kernel records each run inside the run itself; the request only
   * fetches). Null when unknown: no companion, a run from before the install or a restart,
   * or a request that failed.
   */
  async rebind(executionCount: number): Promise<IRebinding | null> {
    if (!Number.isSafeInteger(executionCount) || executionCount < 0) {
      return null;
    }
    // Fetches numbered above this one were sent after this call, so after the run.
    const after = this._fetchSeq;
    this._wanted.add(executionCount);
    try {
      for (;;) {
        const cached = this._take(executionCount);
        if (cached || this._disposed) {
          return cached;
        }
        const inflight = this._fetch;
        if (inflight && inflight.seq > after) {
          await inflight.done;
          return this._take(executionCount);
        }
        if (inflight) {
          await inflight.done;
          continue;
        }
        const seq = ++this._fetchSeq;
        const done = this._fetchRuns(Math.min(...this._wanted)).then(() => {
          if (this._fetch?.seq === seq) {
            this._fetch = null;
          }
        });
        this._fetch = { seq, done };
      }
    } finally {
      this._wanted.delete(executionCount);
    }
  }

  /** The live user names of the kernel (for ghost names). */
  names(): Promise<CompanionResult<readonly string[]>> {
    return this._call('names', {}, parseNames);
  }

  /** Deletes names from the user's namespace (after the user confirmed). */
  deleteNames(
    names: readonly string[]
  ): Promise<CompanionResult<IDeleteReply>> {
    return this._call('delete', { names: [...names] }, parseDelete);
  }

  /**
   * Python, platform and imported distributions. `hints`: top-level modules the notebook's
   * code imports (static facts), so a package the kernel itself also needs (`tornado`,
   * `dateutil`) is listed when the notebook uses it.
   */
  environment(
    hints: readonly string[] = []
  ): Promise<CompanionResult<IKernelEnvironment>> {
    return this._call('env', { hints: [...hints] }, parseEnvironment);
  }

  /**
   * DVC-compatible fingerprints of paths relative to the kernel's working directory, by the one
   * data rule (`DATA_RULE`, the table the CLI applies too); `limits` narrows its budget.
   */
  fingerprints(
    paths: readonly string[],
    limits: IFingerprintLimits = {}
  ): Promise<CompanionResult<readonly IFingerprint[]>> {
    const args: Record<string, unknown> = {
      paths: [...paths],
      max_bytes: limits.maxBytes ?? DATA_RULE.maxBytes,
      max_files: limits.maxFiles ?? DATA_RULE.maxFilesPerFolder,
      ignored_folders: [...DATA_RULE.ignoredFolders],
      ignored_files: [...DATA_RULE.ignoredFiles],
      chunk_bytes: DATA_RULE.chunkBytes
    };
    return this._call('fingerprint', args, parseFingerprints);
  }

  /** Removes the companion from the kernel (its hook and its module). */
  uninstall(): Promise<CompanionResult<true>> {
    return this._call('uninstall', {}, parseUninstall, false);
  }

  /** Ends every pending request with `disposed`; later calls resolve at once. */
  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._cancelAll();
  }

  // -------------------------------------------------------------------------------------------

  private async _start(): Promise<boolean> {
    let language: string | null;
    try {
      language = await this._watch(this._transport.language());
    } catch {
      this._fail('no-kernel');
      return false;
    }
    if (language === null) {
      this._fail(this._disposed ? 'disposed' : 'timeout');
      return false;
    }
    if (language.toLowerCase() !== 'python') {
      this._fail('not-python');
      return false;
    }
    return (await this._install()).ok;
  }

  private async _install(): Promise<CompanionResult<IInstallInfo>> {
    if (!this._installed) {
      this._installed = this._send(installExpression(), parseInstall).then(
        result => {
          if (result.ok) {
            this._setStatus({
              state: 'ready',
              message: result.value.hook
                ? 'The kernel companion is active.'
                : 'The kernel companion is active without re-binding facts (no IPython hooks).'
            });
          } else {
            this._installed = null;
            this._failFrom(result);
          }
          return result;
        }
      );
    }
    return this._installed;
  }

  private async _call<T>(
    op: CompanionOp,
    args: Readonly<Record<string, unknown>>,
    parse: (content: unknown) => CompanionResult<T>,
    reinstall = true
  ): Promise<CompanionResult<T>> {
    if (this._disposed) {
      return unavailable('disposed', MESSAGES.disposed);
    }
    if (!(await this.start()) || this._status.state === 'unavailable') {
      return this._unavailable();
    }
    let result = await this._send(callExpression(op, args), parse);
    if (!result.ok && result.reason === 'not-installed' && reinstall) {
      // A restart we did not see, or another version: install, then ask again once.
      this._installed = null;
      this._runs.clear();
      const installed = await this._install();
      if (!installed.ok) {
        return installed;
      }
      result = await this._send(callExpression(op, args), parse);
    }
    if (!result.ok) {
      this._failFrom(result);
    }
    return result;
  }

  private async _fetchRuns(since: number): Promise<void> {
    const installed = this._installed;
    let result = await this._call('rebind', { since }, parseRebind);
    if (
      !result.ok &&
      result.reason === 'aborted' &&
      this._installed === installed
    ) {
      // A cell ahead of ours raised and the kernel aborted its queue, ours included; the
      // records of the runs are still there. (After a restart they are not: no retry then.)
      result = await this._call('rebind', { since }, parseRebind);
    }
    if (result.ok) {
      this._store(result.value);
    }
  }

  private _store(reply: IRebindReply): void {
    for (const [count, facts] of reply.runs) {
      this._runs.set(count, facts);
    }
    while (this._runs.size > MAX_CACHED) {
      const oldest = this._runs.keys().next().value;
      if (oldest === undefined) {
        break;
      }
      this._runs.delete(oldest);
    }
  }

  private _take(count: number): IRebinding | null {
    return this._runs.get(count) ?? null;
  }

  /** Sends one request and parses its reply; resolves with a reason on any failure. */
  private _send<T>(
    expression: string,
    parse: (content: unknown) => CompanionResult<T>
  ): Promise<CompanionResult<T>> {
    if (this._disposed) {
      return Promise.resolve(unavailable('disposed', MESSAGES.disposed));
    }
    let sent: Promise<unknown>;
    try {
      sent = this._transport.execute(silentRequest(expression));
    } catch {
      const reason = this._transport.status === 'dead' ? 'dead' : 'no-kernel';
      return Promise.resolve(unavailable(reason, MESSAGES[reason]));
    }
    return this._watch(sent).then(
      content => {
        if (content === null) {
          return this._disposed
            ? unavailable<T>('disposed', MESSAGES.disposed)
            : this._transport.status === 'dead'
              ? unavailable<T>('dead', MESSAGES.dead)
              : unavailable<T>('timeout', MESSAGES.timeout);
        }
        try {
          return parse(content);
        } catch {
          return unavailable<T>('malformed', MESSAGES.malformed);
        }
      },
      () =>
        this._transport.status === 'dead'
          ? unavailable<T>('dead', MESSAGES.dead)
          : unavailable<T>(
              'aborted',
              'the request was cancelled (kernel restart)'
            )
    );
  }

  /**
   * Resolves like `promise`, or with null once the kernel has been idle (and connected) for
   * the whole timeout since the request, or when the companion is disposed or the kernel dies.
   */
  private _watch<T>(promise: Promise<T>): Promise<T | null> {
    return new Promise<T | null>((resolve, reject) => {
      const sentAt = this._timers.now();
      let handle: unknown = null;
      const finish = (settle: () => void) => {
        if (handle !== null) {
          this._timers.clearTimeout(handle);
          handle = null;
        }
        if (this._pending.delete(cancel)) {
          settle();
        }
      };
      const cancel = () => finish(() => resolve(null));
      const check = () => {
        handle = null;
        const transport = this._transport;
        if (ACTIVE.has(transport.status) || !transport.connected) {
          arm(this._timeout);
          return;
        }
        const quiet = this._timers.now() - Math.max(sentAt, this._lastActivity);
        if (quiet >= this._timeout) {
          cancel();
        } else {
          arm(this._timeout - quiet);
        }
      };
      const arm = (ms: number) => {
        handle = this._timers.setTimeout(check, ms);
      };
      this._pending.add(cancel);
      arm(this._timeout);
      promise.then(
        value => finish(() => resolve(value)),
        (error: unknown) => finish(() => reject(error))
      );
    });
  }

  /** Resolves every watched request with null (then: disposed, dead or timeout). */
  private _cancelAll(): void {
    for (const cancel of [...this._pending]) {
      cancel();
    }
  }

  private _unavailable<T>(): CompanionResult<T> {
    const reason = this._status.reason ?? 'no-kernel';
    return unavailable(reason, this._status.message);
  }

  private _failFrom(result: { readonly reason: UnavailableReason }): void {
    if (FATAL.has(result.reason)) {
      this._fail(result.reason);
    }
  }

  private _fail(reason: UnavailableReason): void {
    this._setStatus({
      state: 'unavailable',
      reason,
      message: MESSAGES[reason]
    });
  }

  private _setStatus(status: ICompanionStatus): void {
    const now = this._status;
    if (now.state === status.state && now.reason === status.reason) {
      return; // said once
    }
    this._status = status;
    try {
      this._onStatus?.(status);
    } catch {
      // A listener's failure is not ours to report.
    }
  }

  private readonly _transport: ICompanionTransport;
  private readonly _timers: ITimers;
  private readonly _timeout: number;
  private readonly _onStatus?: (status: ICompanionStatus) => void;
  private _status: ICompanionStatus = {
    state: 'pending',
    message: 'Connecting the kernel companion.'
  };
  private _ready: Promise<boolean> | null = null;
  private _installed: Promise<CompanionResult<IInstallInfo>> | null = null;
  private _reinstallOnIdle = false;
  private _disposed = false;
  private _lastActivity: number;
  private readonly _pending = new Set<() => void>();
  private readonly _runs = new Map<number, IRebinding>();
  private readonly _wanted = new Set<number>();
  private _fetch: {
    readonly seq: number;
    readonly done: Promise<void>;
  } | null = null;
  private _fetchSeq = 0;
}
