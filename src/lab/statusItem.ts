import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import {
  defaultTrans,
  issueCount,
  issuesText,
  visibleFindings,
  worstSeverity
} from './findingText';
import type { NotebookSession } from './session';

/**
 * The notebook's state at a glance ("Linear", "3 issues"): the status-bar item in
 * JupyterLab, a toolbar badge where there is no status bar (Notebook 7). A button, so
 * it is reachable by keyboard; activating it opens the findings panel. It shows the
 * same count as the panel ({@link issueCount}).
 */
export class LinearizeStatus extends Widget {
  constructor(
    onOpen: () => void,
    trans: TranslationBundle = defaultTrans,
    session: NotebookSession | null = null
  ) {
    super({ node: document.createElement('button') });
    this.addClass('jp-Linearize-status');
    (this.node as HTMLButtonElement).type = 'button';
    this.node.addEventListener('click', onOpen);
    this._trans = trans;
    this.session = session;
  }

  /** The session shown; null hides the item. */
  get session(): NotebookSession | null {
    return this._session;
  }

  set session(value: NotebookSession | null) {
    if (value === this._session && this._rendered) {
      return;
    }
    this._session?.reportChanged.disconnect(this._render, this);
    this._session = value;
    this._session?.reportChanged.connect(this._render, this);
    this._render();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._session?.reportChanged.disconnect(this._render, this);
    this._session = null;
    super.dispose();
  }

  private _render(): void {
    this._rendered = true;
    const trans = this._trans;
    const session = this._session;
    const node = this.node;
    node.classList.remove(
      'jp-mod-error',
      'jp-mod-warning',
      'jp-mod-info',
      'jp-mod-linear'
    );
    if (!session || session.isDisposed) {
      node.textContent = '';
      node.hidden = true;
      return;
    }
    node.hidden = false;
    const report = session.report;
    const { issues } = issueCount(report.findings, session.settings);
    let text: string;
    if (!session.settings.recording) {
      text = trans.__('Linearize: recording off');
    } else if (issues === 0 && report.linear) {
      text = trans.__('Linear');
      node.classList.add('jp-mod-linear');
    } else {
      text = issues === 0 ? trans.__('Not linear') : issuesText(issues, trans);
      const shown = visibleFindings(report.findings, session.settings).filter(
        f => f.severity !== 'info'
      );
      node.classList.add(`jp-mod-${worstSeverity(shown) ?? 'warning'}`);
    }
    node.textContent = text;
    node.title = report.linear
      ? trans.__(
          'Restart & Run All would reproduce this notebook. Click for details.'
        )
      : trans.__(
          'Restart & Run All would not reproduce what you see. Click for the findings.'
        );
    node.setAttribute(
      'aria-label',
      trans.__('Linearize: %1. Show findings.', text)
    );
  }

  private _trans: TranslationBundle;
  private _session: NotebookSession | null = null;
  private _rendered = false;
}
