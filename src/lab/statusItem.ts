import { Widget } from '@lumino/widgets';
import type { IReport } from '../core';
import { visibleFindings, worstSeverity } from './findingText';
import type { NotebookSession } from './session';
import type { ILinearizeSessions } from './tokens';

/**
 * The status-bar item: the current notebook's state at a glance ("Linear", "3 issues").
 * A button, so it is reachable by keyboard; activating it opens the findings panel.
 */
export class LinearizeStatus extends Widget {
  constructor(sessions: ILinearizeSessions, onOpen: () => void) {
    super({ node: document.createElement('button') });
    this.addClass('jp-Linearize-status');
    (this.node as HTMLButtonElement).type = 'button';
    this.node.addEventListener('click', onOpen);
    this._sessions = sessions;
    sessions.currentChanged.connect(this._follow, this);
    this._follow();
  }

  dispose(): void {
    this._session?.reportChanged.disconnect(this._render, this);
    super.dispose();
  }

  private _follow(): void {
    this._session?.reportChanged.disconnect(this._render, this);
    this._session = this._sessions.current;
    this._session?.reportChanged.connect(this._render, this);
    this._render();
  }

  private _render(): void {
    const session = this._session;
    const node = this.node;
    node.classList.remove(
      'jp-mod-error',
      'jp-mod-warning',
      'jp-mod-info',
      'jp-mod-linear'
    );
    if (!session) {
      node.textContent = '';
      node.hidden = true;
      return;
    }
    node.hidden = false;
    const report: IReport = session.report;
    const shown = visibleFindings(report.findings, session.settings).filter(
      f => f.severity !== 'info'
    );
    let text: string;
    if (!session.settings.recording) {
      text = 'Linearize: recording off';
    } else if (shown.length === 0 && report.linear) {
      text = 'Linear';
      node.classList.add('jp-mod-linear');
    } else {
      const n = shown.length;
      text = n === 0 ? 'Not linear' : `${n} issue${n === 1 ? '' : 's'}`;
      node.classList.add(`jp-mod-${worstSeverity(shown) ?? 'warning'}`);
    }
    node.textContent = text;
    node.title = report.linear
      ? 'Restart & Run All would reproduce this notebook. Click for details.'
      : 'Restart & Run All would not reproduce what you see. Click for the findings.';
    node.setAttribute('aria-label', `Linearize: ${text}. Show findings.`);
  }

  private _sessions: ILinearizeSessions;
  private _session: NotebookSession | null = null;
}
