import { Notification } from '@jupyterlab/apputils';
import type { IDisposable } from '@lumino/disposable';
import type { IReport, VerdictId } from '../core';
import { VERDICT_TITLES, visibleFindings } from './findingText';
import type { NotebookSession } from './session';

/** The verdicts that mean "this session just stopped being linear". */
const TURNING: ReadonlySet<VerdictId> = new Set<VerdictId>([
  'out-of-order',
  'stale',
  'unsafe',
  'hidden-state',
  'shadowed'
]);

/**
 * Says once per kernel session, with a notification, that the session turned non-linear;
 * never again until the next restart, so there is no notification storm.
 */
export class NonLinearNotifier implements IDisposable {
  constructor(
    session: NotebookSession,
    name: () => string,
    onOpen: () => void
  ) {
    this._session = session;
    this._name = name;
    this._onOpen = onOpen;
    // Findings already in a reopened notebook are not news: only new ones notify.
    this._notifiedSession = session.record.sessions.length - 1;
    session.reportChanged.connect(this._onReport, this);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    this._isDisposed = true;
    this._session.reportChanged.disconnect(this._onReport, this);
  }

  private _onReport(session: NotebookSession, report: IReport): void {
    const current = session.record.sessions.length - 1;
    if (!session.settings.notifications || current <= this._notifiedSession) {
      return;
    }
    const turning = visibleFindings(report.findings, session.settings).filter(
      f => TURNING.has(f.kind)
    );
    if (turning.length === 0) {
      return;
    }
    this._notifiedSession = current;
    const kinds = [
      ...new Set(turning.map(f => VERDICT_TITLES[f.kind].toLowerCase()))
    ];
    Notification.warning(
      `${this._name()} is no longer linear (${kinds.join(', ')}): Restart & Run All would not reproduce it.`,
      {
        autoClose: 8000,
        actions: [{ label: 'Show findings', callback: () => this._onOpen() }]
      }
    );
  }

  private _session: NotebookSession;
  private _name: () => string;
  private _onOpen: () => void;
  private _notifiedSession: number;
  private _isDisposed = false;
}
