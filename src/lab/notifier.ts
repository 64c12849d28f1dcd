import { Notification } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { IDisposable } from '@lumino/disposable';
import type { IExecutionRecord, IFinding, IReport, VerdictId } from '../core';
import { atLeast } from '../core';
import {
  cellLabel,
  defaultTrans,
  findingMessage,
  plainMessage,
  verdictTitle,
  visibleFindings
} from './findingText';
import type { NotebookSession } from './session';

/** The verdicts that mean "this session just stopped being linear". */
const TURNING: ReadonlySet<VerdictId> = new Set<VerdictId>([
  'out-of-order',
  'stale',
  'unsafe',
  'hidden-state',
  'shadowed'
]);

/** Longest finding text quoted in a toast (toasts are one glance, the panel has the rest). */
const MAX_QUOTE = 110;

/**
 * Says, with one notification, that a *run* turned a linear notebook non-linear, and
 * names the finding that did it. Silent when an edit is the cause (the record did not
 * change), while the notebook was already non-linear (the user is fixing it), and after
 * the first time in a kernel session (no notification storm).
 */
export class NonLinearNotifier implements IDisposable {
  constructor(
    session: NotebookSession,
    name: () => string,
    onOpen: () => void,
    trans: TranslationBundle = defaultTrans
  ) {
    this._session = session;
    this._name = name;
    this._onOpen = onOpen;
    this._trans = trans;
    this._record = session.record;
    this._turning = this._turningOf(session.report);
    session.reportChanged.connect(this._onReport, this);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._session.reportChanged.disconnect(this._onReport, this);
  }

  private _turningOf(report: IReport): IFinding[] {
    return visibleFindings(report.findings, this._session.settings).filter(f =>
      TURNING.has(f.kind)
    );
  }

  private _onReport(session: NotebookSession, report: IReport): void {
    const before = this._turning;
    const now = this._turningOf(report);
    const ran = session.record !== this._record;
    this._record = session.record;
    this._turning = now;
    const kernelSession = session.record.sessions.length - 1;
    if (
      !ran ||
      !session.settings.notifications ||
      before.length > 0 ||
      now.length === 0 ||
      kernelSession <= this._notifiedSession
    ) {
      return;
    }
    this._notifiedSession = kernelSession;
    // The most severe new finding, first in notebook order among equals.
    const cause = now.reduce((a, b) =>
      atLeast(a.severity, b.severity) ? a : b
    );
    const trans = this._trans;
    let quote = plainMessage(findingMessage(cause, trans));
    if (quote.length > MAX_QUOTE) {
      quote = `${quote.slice(0, MAX_QUOTE - 1)}…`;
    }
    const where = cellLabel(cause.cell, trans);
    const more = now.length - 1;
    Notification.warning(
      more > 0
        ? trans._n(
            '%2 is no longer linear. %3 (%4): %5 (and %1 more finding)',
            '%2 is no longer linear. %3 (%4): %5 (and %1 more findings)',
            more,
            this._name(),
            verdictTitle(cause.kind, trans),
            where,
            quote
          )
        : trans.__(
            '%1 is no longer linear. %2 (%3): %4',
            this._name(),
            verdictTitle(cause.kind, trans),
            where,
            quote
          ),
      {
        autoClose: 10000,
        actions: [
          {
            label: trans.__('Show findings'),
            caption: trans.__('Open the Linearize findings panel'),
            callback: () => this._onOpen()
          }
        ]
      }
    );
  }

  private _session: NotebookSession;
  private _name: () => string;
  private _onOpen: () => void;
  private _trans: TranslationBundle;
  /** The record at the last report: a new object means something ran. */
  private _record: IExecutionRecord;
  private _turning: IFinding[];
  private _notifiedSession = -1;
  private _isDisposed = false;
}
