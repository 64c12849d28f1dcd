import type { Cell } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { IDisposable } from '@lumino/disposable';
import type { IFinding, IReport } from '../core';
import {
  appendMessage,
  findingMessage,
  atLeastSeverity,
  cellLabel,
  defaultTrans,
  verdictTitle,
  visibleFindings,
  worstSeverity
} from './findingText';
import type { NotebookSession } from './session';

/** Class of the marker node added to a cell. */
export const MARKER_CLASS = 'jp-Linearize-marker';
/** Class added to a cell that carries a marker. */
export const HAS_MARKER_CLASS = 'jp-Linearize-hasMarker';
/** Class of the hover card that shows a marker's findings. */
export const TIP_CLASS = 'jp-Linearize-tip';

let tipIds = 0;

/**
 * Paints a compact marker by the prompt of every cell with a finding, for one view.
 * Hovering or focusing a marker shows its findings in a card (names as code); a click
 * asks `onOpen` to show the detail. It only observes the session.
 */
export class MarkerPainter implements IDisposable {
  constructor(
    panel: NotebookPanel,
    session: NotebookSession,
    onOpen: (cellId: string) => void,
    trans: TranslationBundle = defaultTrans
  ) {
    this._panel = panel;
    this._session = session;
    this._onOpen = onOpen;
    this._trans = trans;
    this._tip.className = TIP_CLASS;
    this._tip.id = `jp-Linearize-tip-${++tipIds}`;
    this._tip.setAttribute('role', 'tooltip');
    this._tip.hidden = true;
    session.reportChanged.connect(this._paint, this);
    panel.content.model?.cells.changed.connect(this._schedule, this);
    this._paint(session, session.report);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** How many cells have a marker entry (for tests: entries of disposed cells are dropped). */
  get markerCount(): number {
    return this._markers.size;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    if (this._frame !== 0) {
      cancelAnimationFrame(this._frame);
    }
    this._session.reportChanged.disconnect(this._paint, this);
    this._panel.content.model?.cells.changed.disconnect(this._schedule, this);
    for (const cell of [...this._markers.keys()]) {
      this._setMarker(cell, []);
    }
    this._tip.remove();
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
    const present = new Set<Cell>();
    for (const cell of this._panel.content.widgets) {
      present.add(cell);
      this._setMarker(cell, byCell.get(cell.model.id) ?? []);
    }
    // Cell widgets removed from the view (deleted, or disposed by a cut): forget them.
    for (const cell of [...this._markers.keys()]) {
      if (!present.has(cell) || cell.isDisposed) {
        this._markers.get(cell)?.remove();
        this._markers.delete(cell);
        this._findings.delete(cell);
      }
    }
  }

  private _setMarker(cell: Cell, findings: IFinding[]): void {
    // Most cells have no marker and had none: decide that without touching the DOM.
    const existing = this._markers.get(cell) ?? null;
    if (findings.length === 0) {
      if (existing) {
        existing.remove();
        this._markers.delete(cell);
        this._findings.delete(cell);
        cell.removeClass(HAS_MARKER_CLASS);
      }
      return;
    }
    const trans = this._trans;
    const severity = worstSeverity(findings) ?? 'info';
    const kinds = [...new Set(findings.map(f => f.kind))];
    const signature = `${severity}|${kinds.join(',')}|${findings.map(f => f.message).join('\n')}`;
    this._findings.set(cell, findings);
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
    marker.setAttribute(
      'aria-label',
      trans.__(
        'Linearize: %1. Show details.',
        kinds.map(k => verdictTitle(k, trans)).join(', ')
      )
    );
    if (!existing) {
      const id = cell.model.id;
      marker.addEventListener('click', event => {
        event.stopPropagation();
        this._hideTip();
        this._onOpen(id);
      });
      marker.addEventListener('mouseenter', () => this._showTip(cell, marker));
      marker.addEventListener('focus', () => this._showTip(cell, marker));
      marker.addEventListener('mouseleave', () => this._hideTip());
      marker.addEventListener('blur', () => this._hideTip());
      marker.addEventListener('keydown', event => {
        if (event.key === 'Escape') {
          this._hideTip();
        }
      });
      cell.node.appendChild(marker);
      cell.addClass(HAS_MARKER_CLASS);
      this._markers.set(cell, marker);
    }
  }

  /** Fill the hover card with the cell's findings and place it beside the marker. */
  private _showTip(cell: Cell, marker: HTMLElement): void {
    const findings = this._findings.get(cell);
    if (!findings || this._isDisposed) {
      return;
    }
    const tip = this._tip;
    tip.replaceChildren();
    for (const f of findings) {
      const item = document.createElement('div');
      item.className = `jp-Linearize-tipItem jp-mod-${f.severity}`;
      const title = document.createElement('strong');
      title.textContent = verdictTitle(f.kind, this._trans);
      const message = document.createElement('div');
      appendMessage(message, findingMessage(f, this._trans));
      item.append(title, message);
      if (f.related.length > 0) {
        const rel = document.createElement('div');
        rel.className = 'jp-Linearize-tipRelated';
        rel.textContent = this._trans.__(
          'Involves %1',
          f.related.map(r => cellLabel(r, this._trans)).join(', ')
        );
        item.append(rel);
      }
      tip.append(item);
    }
    const hint = document.createElement('div');
    hint.className = 'jp-Linearize-tipHint';
    hint.textContent = this._trans.__(
      'Click the marker for the findings panel.'
    );
    tip.append(hint);
    if (!tip.isConnected) {
      document.body.appendChild(tip);
    }
    tip.hidden = false;
    marker.setAttribute('aria-describedby', tip.id);
    const box = marker.getBoundingClientRect();
    const width = Math.min(420, window.innerWidth - 16);
    tip.style.maxWidth = `${width}px`;
    tip.style.left = `${Math.max(8, Math.min(box.left, window.innerWidth - width - 8))}px`;
    tip.style.top = `${box.bottom + 4}px`;
  }

  private _hideTip(): void {
    this._tip.hidden = true;
  }

  private _panel: NotebookPanel;
  private _session: NotebookSession;
  private _onOpen: (cellId: string) => void;
  private _trans: TranslationBundle;
  private _frame = 0;
  /** The marker node of each cell widget that has one. */
  private _markers = new Map<Cell, HTMLButtonElement>();
  /** The findings each marker shows, for its hover card. */
  private _findings = new Map<Cell, IFinding[]>();
  private _tip = document.createElement('div');
  private _isDisposed = false;
}
