import type { Kernel, KernelMessage } from '@jupyterlab/services';
import type { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import {
  CompanionClient,
  type ICompanionOptions,
  type ICompanionTransport,
  type ITimers
} from '../core';
import type { ISilentRequest } from '../core';
import type {
  CompanionResult,
  ICompanionStatus,
  IDeleteReply,
  IFingerprint,
  IFingerprintLimits,
  IKernelEnvironment
} from '../core';
import type { IRebinding } from '../core';

export type { ICompanionOptions } from '../core';

const TIMERS: ITimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: handle => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now()
};

/**
 * The kernel companion of one kernel connection: silent requests that ask the live kernel
 * what each run re-bound, which names it holds, what it imported and what the data files
 * hash to. No UI. Every method resolves (never rejects, never logs); when the kernel cannot
 * answer (not Python, dead, refusing silent requests, silent for too long) `status` says so
 * once and every method resolves to an unavailable result (`null` for `rebind`).
 *
 * Its requests are silent (`silent: true`, `store_history: false`): they change no execution
 * count, no history, no `_`, and `KernelRecorder` skips them. One companion per kernel
 * connection; make a new one when the session's kernel changes. It follows restarts itself.
 */
export class KernelCompanion implements IDisposable {
  constructor(
    kernel: Kernel.IKernelConnection,
    options: ICompanionOptions = {}
  ) {
    this._kernel = kernel;
    const transport: ICompanionTransport = {
      language: async () => {
        const info = await kernel.info;
        return info.language_info.name;
      },
      execute: (request: ISilentRequest) =>
        kernel
          .requestExecute(
            request as KernelMessage.IExecuteRequestMsg['content'],
            true
          )
          .done.then(reply => reply.content),
      get status() {
        return kernel.status;
      },
      get connected() {
        return kernel.connectionStatus === 'connected';
      }
    };
    this._client = new CompanionClient(transport, TIMERS, options, status =>
      this._statusChanged.emit(status)
    );
    kernel.statusChanged.connect(this._onKernelStatus, this);
    kernel.disposed.connect(this._onKernelDisposed, this);
    if (kernel.isDisposed) {
      this.dispose();
    } else {
      void this._client.start();
    }
  }

  /** The kernel connection this companion talks to. */
  get kernel(): Kernel.IKernelConnection {
    return this._kernel;
  }

  /** Where the companion stands; `pending` until the first install has answered. */
  get status(): ICompanionStatus {
    return this._client.status;
  }

  /** Emitted once per change of state (ready, unavailable with its reason, pending again). */
  get statusChanged(): ISignal<this, ICompanionStatus> {
    return this._statusChanged;
  }

  /** True once installed in a Python kernel that answers. */
  get available(): boolean {
    return this._client.available;
  }

  /** Resolves when the first install has answered: to `available`. */
  ready(): Promise<boolean> {
    return this._client.start();
  }

  /**
   * What the execution whose `execute_reply` carried `executionCount` re-bound. Call it when
   * that reply arrives (never before): the facts were recorded inside the run, and this silent
   * request queues behind any cells already sent, so it adds nothing before the user's output.
   * Replies of cells queued together (Run All) are served by one request. Null when unknown.
   */
  rebind(executionCount: number): Promise<IRebinding | null> {
    return this._client.rebind(executionCount);
  }

  /** The live user names of the kernel, sorted (for ghost names). */
  names(): Promise<CompanionResult<readonly string[]>> {
    return this._client.names();
  }

  /** `del` of each name in the user's namespace; call only after the user confirmed. */
  deleteNames(
    names: readonly string[]
  ): Promise<CompanionResult<IDeleteReply>> {
    return this._client.deleteNames(names);
  }

  /** Python, platform and the imported distributions; `hints`: modules the code imports. */
  environment(
    hints: readonly string[] = []
  ): Promise<CompanionResult<IKernelEnvironment>> {
    return this._client.environment(hints);
  }

  /** `{path, md5, size[, nfiles]}` of paths relative to the kernel's working directory. */
  fingerprints(
    paths: readonly string[],
    limits: IFingerprintLimits = {}
  ): Promise<CompanionResult<readonly IFingerprint[]>> {
    return this._client.fingerprints(paths, limits);
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /**
   * Stops listening and resolves pending requests as `disposed`. The kernel keeps the
   * companion module (another view of the same kernel may use it); `uninstall` removes it.
   */
  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._kernel.statusChanged.disconnect(this._onKernelStatus, this);
    this._kernel.disposed.disconnect(this._onKernelDisposed, this);
    this._client.dispose();
    Signal.clearData(this);
  }

  /** Removes the companion's hook and module from the kernel. */
  uninstall(): Promise<CompanionResult<true>> {
    return this._client.uninstall();
  }

  private _onKernelStatus(
    _: Kernel.IKernelConnection,
    status: Kernel.Status
  ): void {
    this._client.kernelStatusChanged(status);
  }

  private _onKernelDisposed(): void {
    this.dispose();
  }

  private readonly _kernel: Kernel.IKernelConnection;
  private readonly _client: CompanionClient;
  private readonly _statusChanged = new Signal<this, ICompanionStatus>(this);
  private _disposed = false;
}
