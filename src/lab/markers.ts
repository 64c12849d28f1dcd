import type { Cell } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { IDisposable } from '@lumino/disposable';
import type { IFinding, IReport } from '../core';
import {
  atLeastSeverity,
  tooltipOf,
  VERDICT_TITLES,
  visibleFindings,
  worstSeverity
} from './findingText';
import type { NotebookSession } from './session';

/** Class of the marker node added to a cell. */
export const MARKER_CLASS = 'jp-Linearize-marker';
/** Class added to a cell that carries a marker. */
export const HAS_MARKER_CLASS = 'jp-Linearize-hasMarker';

/**
 * Paints a compact marker by the prompt of every cell with a finding, for one view.
 * It only observes the session; a click asks `onOpen` to show the detail.
 */
export class MarkerPainter implements IDisposable {
  constructor(
    panel: NotebookPanel,
    session: NotebookSession,
    onOpen: (cellId: string) => void
  ) {
    this._panel = panel;
    this._session = session;
    this._onOpen = onOpen;
    session.reportChanged.connect(this._paint, this);
    panel.content.model?.cells.changed.connect(this._schedule, this);
    this._paint(session, session.report);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._session.reportChanged.disconnect(this._paint, this);
    this._panel.content.model?.cells.changed.disconnect(this._schedule, this);
    for (const cell of [...this._markers.keys()]) {
      this._setMarker(cell, []);
    }
  }

  /** New cell widgets appear after structural changes: paint them on the next frame. */
  private _schedule(): void {
    if (this._frame === 0) {
      this._frame = requestAnimationFrame(() => {
        this._frame = 0;
        if (!this._isDisposed) {
          this._paint(this._session, this._session.report);
        }
      });
    }
  }

  private _paint(_: NotebookSession, report: IReport): void {
    if (this._isDisposed) {
      return;
    }
    const settings = this._session.settings;
    const byCell = new Map<string, IFinding[]>();
    for (const f of visibleFindings(report.findings, settings)) {
      if (
        f.cell !== null &&
        atLeastSeverity(f.severity, settings.markerSeverity)
      ) {
        const list = byCell.get(f.cell.id);
        if (list) {
          list.push(f);
        } else {
          byCell.set(f.cell.id, [f]);
        }
      }
    }
    for (const cell of this._panel.content.widgets) {
      this._setMarker(cell, byCell.get(cell.model.id) ?? []);
    }
  }

  private _setMarker(cell: Cell, findings: IFinding[]): void {
    // Most cells have no marker and had none: decide that without touching the DOM.
    const existing = this._markers.get(cell) ?? null;
    if (findings.length === 0) {
      if (existing) {
        existing.remove();
        this._markers.delete(cell);
        cell.removeClass(HAS_MARKER_CLASS);
      }
      return;
    }
    const severity = worstSeverity(findings) ?? 'info';
    const kinds = [...new Set(findings.map(f => f.kind))];
    const signature = `${severity}|${kinds.join(',')}|${tooltipOf(findings)}`;
    if (existing?.dataset.signature === signature) {
      return;
    }
    const marker = existing ?? document.createElement('button');
    marker.type = 'button';
    marker.className = `${MARKER_CLASS} jp-mod-${severity}`;
    for (const k of kinds) {
      marker.classList.add(`jp-mod-${k}`);
    }
    marker.dataset.signature = signature;
    marker.dataset.kinds = kinds.join(' ');
    marker.textContent = severity === 'info' ? 'i' : '!';
    marker.title = tooltipOf(findings);
    marker.setAttribute(
      'aria-label',
      `Linearize: ${kinds.map(k => VERDICT_TITLES[k]).join(', ')}. Show details.`
    );
    if (!existing) {
      const id = cell.model.id;
      marker.addEventListener('click', event => {
        event.stopPropagation();
        this._onOpen(id);
      });
      cell.node.appendChild(marker);
      cell.addClass(HAS_MARKER_CLASS);
      this._markers.set(cell, marker);
    }
  }

  private _panel: NotebookPanel;
  private _session: NotebookSession;
  private _onOpen: (cellId: string) => void;
  private _frame = 0;
  /** The marker node of each cell widget that has one. */
  private _markers = new Map<Cell, HTMLButtonElement>();
  private _isDisposed = false;
}
