import type { ISessionContext } from '@jupyterlab/apputils';
import type { Kernel, KernelMessage } from '@jupyterlab/services';
import type { IDisposable } from '@lumino/disposable';
import type { RunStatus } from '../core';
import { KernelCompanion } from './companion';
import { observeRun } from './observe';
import type { NotebookSession } from './session';
import { REPLY_MARK, TIMED } from './timing';
export { measure } from './timing';

/** The cell id recorded for code another client ran that matches no cell of the notebook. */
export const FOREIGN_CELL = 'linearize:outside-the-notebook';

/** What we remember between an execute_request and its reply. */
interface IPending {
  readonly cellId: string | null;
  readonly code: string;
}

/**
 * Records every execution that this notebook's kernel connection sends.
 *
 * It listens at the kernel level (`anyMessage`), not to `NotebookActions.executed`,
 * so no path is missed: Shift+Enter, Run All, Restart & Run All, toolbar buttons and
 * commands of other extensions all end in `CodeCell.execute`, which tags the
 * execute_request with `metadata.cellId`. Silent requests (ours, the kernel companion's,
 * other extensions') are not executions of the user's code and are ignored.
 */
export class KernelRecorder implements IDisposable {
  constructor(sessionContext: ISessionContext, session: NotebookSession) {
    this._sessionContext = sessionContext;
    this._session = session;
    sessionContext.kernelChanged.connect(this._onKernelChanged, this);
    sessionContext.statusChanged.connect(this._onStatusChanged, this);
    this._connect(sessionContext.session?.kernel ?? null);
  }

  get isDisposed(): boolean {
    return this._kernel === undefined;
  }

  dispose(): void {
    if (this._kernel === undefined) {
      return;
    }
    this._connect(null);
    this._kernel = undefined;
    this._sessionContext.kernelChanged.disconnect(this._onKernelChanged, this);
    this._sessionContext.statusChanged.disconnect(this._onStatusChanged, this);
  }

  private _onKernelChanged(
    _: ISessionContext,
    change: { newValue: Kernel.IKernelConnection | null }
  ): void {
    this._connect(change.newValue);
  }

  private _onStatusChanged(_: ISessionContext, status: Kernel.Status): void {
    // A restart keeps the kernel id but clears its state: a new session in the record.
    if (status === 'restarting' || status === 'autorestarting') {
      this._pending.clear();
      this._restarting = true;
      this._lastCount = 0;
      this._session.setKernelNames(null);
    } else if (
      this._restarting &&
      (status === 'idle' || status === 'busy' || status === 'starting')
    ) {
      this._restarting = false;
      this._session.startKernelSession(this._kernel?.id ?? 'unknown');
    } else if (status === 'dead') {
      this._markPendingUnknown();
    }
  }

  private _connect(kernel: Kernel.IKernelConnection | null): void {
    if (this._kernel) {
      this._kernel.anyMessage.disconnect(this._onMessage, this);
    }
    this._companion?.dispose();
    this._companion = null;
    this._session.setKernelNames(null);
    this._pending.clear();
    this._lastCount = 0;
    this._kernel = kernel;
    if (!kernel) {
      return;
    }
    kernel.anyMessage.connect(this._onMessage, this);
    if (this._session.settings.kernelCompanion) {
      const companion = new KernelCompanion(kernel);
      this._companion = companion;
      companion.statusChanged.connect((_, status) => {
        this._session.companionStatus = status;
      });
      this._session.companionStatus = companion.status;
    }
    const sessions = this._session.ownRecord.sessions;
    const last = sessions[sessions.length - 1];
    // Reopening a notebook whose kernel kept running continues its session (same kernel
    // id); a different kernel starts a new one. A collaborating client starts its own
    // session entry in its part, which the merge joins to the others' (merge.ts).
    if (last === undefined || last.kernel !== kernel.id) {
      this._session.startKernelSession(kernel.id);
    }
  }

  private _onMessage(
    _: Kernel.IKernelConnection,
    args: Kernel.IAnyMessageArgs
  ): void {
    const msg = args.msg;
    if (args.direction === 'send') {
      if (msg.header.msg_type === 'execute_request') {
        const content =
          msg.content as KernelMessage.IExecuteRequestMsg['content'];
        if (content.silent) {
          return;
        }
        const cellId = (msg.metadata as { cellId?: unknown }).cellId;
        this._pending.set(msg.header.msg_id, {
          cellId: typeof cellId === 'string' ? cellId : null,
          code: content.code
        });
      }
      return;
    }
    if (msg.header.msg_type === 'execute_input' && msg.channel === 'iopub') {
      const input = msg as KernelMessage.IExecuteInputMsg;
      this._noticeCount(input.content.execution_count);
      this._onForeignInput(input);
      return;
    }
    if (msg.header.msg_type !== 'execute_reply' || msg.channel !== 'shell') {
      return;
    }
    const parent = (msg.parent_header as { msg_id?: string }).msg_id ?? '';
    const pending = this._pending.get(parent);
    if (!pending) {
      return;
    }
    this._pending.delete(parent);
    const content = msg.content as KernelMessage.IExecuteReplyMsg['content'];
    // An aborted request never ran (an earlier cell raised): it is not an execution.
    if (content.status === 'aborted' || pending.cellId === null) {
      return;
    }
    const status: RunStatus = content.status === 'ok' ? 'ok' : 'error';
    // User Timing mark (visible in the browser's profiler; read by bench/ui-latency): the
    // session measures from it to the verdicts and markers painted by the run's pass.
    if (TIMED) {
      performance.mark(REPLY_MARK);
    }
    const before = this._session.ownRecord.runs.length;
    this._session.recordRun({
      cellId: pending.cellId,
      source: pending.code,
      executionCount:
        typeof content.execution_count === 'number'
          ? content.execution_count
          : null,
      status,
      time: new Date().toISOString(),
      ...this._msgId(parent)
    });
    if (this._session.ownRecord.runs.length > before) {
      this._askCompanion(content.execution_count);
    }
  }

  /**
   * After the reply (so the user's output is never delayed), ask the kernel what the run
   * re-bound and which names it now holds. Both requests are silent.
   */
  private _askCompanion(executionCount: number | null | undefined): void {
    const companion = this._companion;
    // Our own part's run: with collaborators, the merged record numbers runs differently.
    const own = this._session.ownRecord.runs;
    const run = own[own.length - 1];
    if (!companion || !companion.available || !run) {
      return;
    }
    const session = this._session;
    if (typeof executionCount === 'number') {
      // The run's one pass waits (up to a deadline) for the re-binding facts, the only
      // answer the analyzer reads; names and observations patch the report without it.
      session.awaitCompanion(run.seq);
      void companion.rebind(executionCount).then(rebound => {
        if (rebound && !companion.isDisposed) {
          session.setRebound(run.seq, rebound);
        }
        session.companionAnswered(run.seq);
      });
    }
    void companion.names().then(result => {
      if (result.ok && !companion.isDisposed) {
        session.setKernelNames(result.value);
      }
    });
    void observeRun(companion, session, run.seq, run.cellId);
  }

  /** The kernel companion of the current kernel, or null (not Python, turned off). */
  get companion(): KernelCompanion | null {
    return this._companion;
  }

  /**
   * Code another client ran on this kernel (a console, a collaborator): it changes the
   * kernel's state like any cell. Recorded against the cell with exactly that source when
   * there is one, else against no cell of the notebook (its values are then hidden state);
   * its outcome is not ours to see, so the status is `unknown`.
   */
  private _onForeignInput(msg: KernelMessage.IExecuteInputMsg): void {
    const parent = msg.parent_header as { msg_id?: string; session?: string };
    if (
      parent.msg_id === undefined ||
      this._pending.has(parent.msg_id) ||
      parent.session === this._kernel?.clientId
    ) {
      return;
    }
    const code = msg.content.code;
    const matches = this._session.cellIdsWithSource(code);
    this._session.recordRun({
      cellId: matches.length === 1 ? matches[0] : FOREIGN_CELL,
      source: code,
      executionCount:
        typeof msg.content.execution_count === 'number'
          ? msg.content.execution_count
          : null,
      status: 'unknown',
      time: new Date().toISOString(),
      ...this._msgId(parent.msg_id)
    });
  }

  /**
   * With collaborators, every client sees each execution on the shared kernel: the one
   * that sent it records it from its reply, the others from its `execute_input`. The
   * request's msg_id makes them one run when the parts merge. Without collaborators it is
   * not stored (it would only grow the record).
   */
  private _msgId(msgId: string): { msgId?: string } {
    return this._session.collaborative && msgId !== '' ? { msgId } : {};
  }

  /**
   * Jupyter tells only the client that restarted a kernel; another client (a collaborator,
   * another tab) sees the counts start again. An execution count that does not increase
   * is such a restart: a new kernel session, before the run is recorded.
   */
  private _noticeCount(count: number | null | undefined): void {
    if (typeof count !== 'number') {
      return;
    }
    if (this._lastCount > 0 && count <= this._lastCount && !this._restarting) {
      // Not `_pending.clear()`: the request this input belongs to may be ours.
      this._session.setKernelNames(null);
      this._session.startKernelSession(this._kernel?.id ?? 'unknown');
    }
    this._lastCount = count;
  }

  /** A kernel died with requests in flight: we cannot know what they did. */
  private _markPendingUnknown(): void {
    for (const p of this._pending.values()) {
      if (p.cellId !== null) {
        this._session.recordRun({
          cellId: p.cellId,
          source: p.code,
          executionCount: null,
          status: 'unknown',
          time: new Date().toISOString()
        });
      }
    }
    this._pending.clear();
  }

  private _sessionContext: ISessionContext;
  private _session: NotebookSession;
  private _kernel: Kernel.IKernelConnection | null | undefined = null;
  private _pending = new Map<string, IPending>();
  private _restarting = false;
  /** The last execution count seen on this kernel (0: none since connect or restart). */
  private _lastCount = 0;
  private _companion: KernelCompanion | null = null;
}
