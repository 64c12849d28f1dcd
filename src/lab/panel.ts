import { Widget } from '@lumino/widgets';
import type { IFinding } from '../core';
import { cellLabel, VERDICT_TITLES, visibleFindings } from './findingText';
import { IKernelActions, KernelSection } from './kernelSection';
import { button, el } from './dom';
import type { NotebookSession } from './session';
import type { ILinearizeSessions } from './tokens';

/** What the panel's buttons do; the plugin wires them to notebook actions. */
export interface IPanelActions extends IKernelActions {
  goToCell(cellId: string): void;
  selectCells(cellIds: readonly string[]): void;
  rerunCells(cellIds: readonly string[]): void;
  restartRunAll(): void;
  /** Delete a ghost name from the kernel (after the user confirms). */
  deleteGhost(name: string): void;
  /** Insert a cell with the recorded source that made a ghost name. */
  restoreGhost(name: string): void;
}

export type GroupBy = 'kind' | 'cell';

/**
 * The side panel listing every finding of the current notebook, grouped by kind or by
 * cell, with "go to cell", "select the cells to re-run" and "Restart & Run All".
 * Plain DOM with real buttons: keyboard-accessible and cheap to re-render.
 */
export class LinearizePanel extends Widget {
  constructor(sessions: ILinearizeSessions, actions: IPanelActions) {
    super();
    this.id = 'jp-Linearize-panel';
    this.addClass('jp-Linearize-panel');
    this.title.caption = 'Linearize: reproducibility findings';
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', 'Linearize findings');
    this._sessions = sessions;
    this._actions = actions;
    this._kernel = new KernelSection(actions);
    sessions.currentChanged.connect(this._follow, this);
    this._follow();
  }

  get groupBy(): GroupBy {
    return this._groupBy;
  }

  set groupBy(value: GroupBy) {
    this._groupBy = value;
    this._render();
  }

  /** Show and highlight the findings of one cell. */
  focusCell(cellId: string): void {
    this._focused = cellId;
    // The focused cell's findings must be rendered even in a long, collapsed group.
    for (const f of this._session?.report.findings ?? []) {
      if (f.cell?.id === cellId) {
        this._expanded.add(
          this._groupBy === 'kind'
            ? VERDICT_TITLES[f.kind]
            : capitalise(cellLabel(f.cell))
        );
      }
    }
    this._render();
    const row = this.node.querySelector<HTMLElement>(
      `.jp-Linearize-finding[data-cell-id="${CSS.escape(cellId)}"]`
    );
    row?.scrollIntoView({ block: 'nearest' });
    row?.focus();
  }

  dispose(): void {
    this._session?.reportChanged.disconnect(this._render, this);
    super.dispose();
  }

  private _follow(): void {
    this._session?.reportChanged.disconnect(this._render, this);
    this._session = this._sessions.current;
    this._session?.reportChanged.connect(this._render, this);
    this._focused = null;
    this._expanded.clear();
    this._kernel.reset();
    this._render();
  }

  protected onAfterShow(): void {
    if (this._stale) {
      this._render();
    }
  }

  private _render(): void {
    // Nobody sees a hidden panel: render when it is shown (this runs on every execution).
    if (!this.isVisible) {
      this._stale = true;
      return;
    }
    this._stale = false;
    const node = this.node;
    node.replaceChildren();
    const session = this._session;
    const header = el('div', 'jp-Linearize-panelHeader');
    header.append(el('h2', 'jp-Linearize-panelTitle', 'Linearize'));
    node.append(header);
    if (!session) {
      node.append(
        el('p', 'jp-Linearize-empty', 'Open a notebook to see its findings.')
      );
      return;
    }
    const findings = visibleFindings(session.report.findings, session.settings);
    const summary = el(
      'p',
      'jp-Linearize-summary',
      session.report.linear && findings.every(f => f.severity === 'info')
        ? 'Linear: Restart & Run All would reproduce what you see.'
        : `Not linear: ${findings.length} finding${findings.length === 1 ? '' : 's'}.`
    );
    summary.setAttribute('role', 'status');
    header.append(summary);
    if (session.recordWarning) {
      header.append(el('p', 'jp-Linearize-warning', session.recordWarning));
    }

    const tools = el('div', 'jp-Linearize-tools');
    const group = document.createElement('select');
    group.className = 'jp-mod-styled jp-Linearize-groupBy';
    group.setAttribute('aria-label', 'Group findings');
    for (const [value, label] of [
      ['kind', 'Group by kind'],
      ['cell', 'Group by cell']
    ] as const) {
      const o = new Option(label, value, false, value === this._groupBy);
      group.append(o);
    }
    group.addEventListener('change', () => {
      this.groupBy = group.value as GroupBy;
    });
    const rerunAll = unionRerun(findings);
    tools.append(
      group,
      button(
        'Re-run needed cells',
        'jp-Linearize-rerunAll',
        () => this._actions.rerunCells(rerunAll),
        rerunAll.length === 0
      ),
      button('Restart & Run All', 'jp-Linearize-restartRunAll', () =>
        this._actions.restartRunAll()
      )
    );
    node.append(tools);

    if (findings.length === 0) {
      node.append(el('p', 'jp-Linearize-empty', 'No findings.'));
      node.append(this._kernel.render(session, () => this._render()));
      return;
    }
    const list = el('div', 'jp-Linearize-groups');
    for (const [title, items] of this._groups(findings)) {
      const section = el('section', 'jp-Linearize-group');
      const h = el(
        'h3',
        'jp-Linearize-groupTitle',
        `${title} (${items.length})`
      );
      section.append(h);
      const ul = el('ul', 'jp-Linearize-findings');
      // A long group (hundreds of cells never run) is summarised, not rendered row by row.
      const shown = this._expanded.has(title)
        ? items
        : items.slice(0, ROWS_PER_GROUP);
      for (const f of shown) {
        ul.append(this._row(f));
      }
      section.append(ul);
      if (shown.length < items.length) {
        section.append(
          button(
            `Show ${items.length - shown.length} more`,
            'jp-Linearize-more',
            () => {
              this._expanded.add(title);
              this._render();
            }
          )
        );
      }
      list.append(section);
    }
    node.append(list);
    node.append(this._kernel.render(session, () => this._render()));
  }

  private _groups(findings: IFinding[]): [string, IFinding[]][] {
    const groups = new Map<string, IFinding[]>();
    for (const f of findings) {
      const key =
        this._groupBy === 'kind'
          ? VERDICT_TITLES[f.kind]
          : capitalise(cellLabel(f.cell));
      const list = groups.get(key);
      if (list) {
        list.push(f);
      } else {
        groups.set(key, [f]);
      }
    }
    return [...groups];
  }

  private _row(f: IFinding): HTMLElement {
    const li = el(
      'li',
      `jp-Linearize-finding jp-mod-${f.severity} jp-mod-${f.kind}`
    );
    li.tabIndex = -1;
    if (f.cell) {
      li.dataset.cellId = f.cell.id;
      if (f.cell.id === this._focused) {
        li.classList.add('jp-mod-focused');
      }
    }
    const head = el('div', 'jp-Linearize-findingHead');
    head.append(
      el('span', `jp-Linearize-badge jp-mod-${f.severity}`, f.severity),
      el('span', 'jp-Linearize-kind', VERDICT_TITLES[f.kind]),
      el('span', 'jp-Linearize-cell', capitalise(cellLabel(f.cell)))
    );
    li.append(head, el('div', 'jp-Linearize-message', f.message));
    const actions = el('div', 'jp-Linearize-actions');
    const cell = f.cell;
    if (cell && cell.index !== null) {
      actions.append(
        button('Go to cell', 'jp-Linearize-goto', () =>
          this._actions.goToCell(cell.id)
        )
      );
    }
    if (f.reason === 'ghost') {
      const name = f.names[0];
      actions.append(
        button('Delete from kernel', 'jp-Linearize-deleteGhost', () =>
          this._actions.deleteGhost(name)
        )
      );
      if (
        this._session?.ghosts.some(g => g.name === name && g.source !== null)
      ) {
        actions.append(
          button('Restore its cell', 'jp-Linearize-restoreGhost', () =>
            this._actions.restoreGhost(name)
          )
        );
      }
    }
    if (f.rerun.length > 0) {
      actions.append(
        button(
          `Select ${f.rerun.length} cell${f.rerun.length === 1 ? '' : 's'} to re-run`,
          'jp-Linearize-select',
          () => this._actions.selectCells(f.rerun)
        )
      );
    }
    li.append(actions);
    return li;
  }

  private _sessions: ILinearizeSessions;
  private _actions: IPanelActions;
  private _session: NotebookSession | null = null;
  private _groupBy: GroupBy = 'kind';
  private _focused: string | null = null;
  private _stale = true;
  private _kernel: KernelSection;
  private _expanded = new Set<string>();
}

/** Rows shown per group before "Show N more". */
const ROWS_PER_GROUP = 50;

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Every cell some finding asks to re-run, in first-seen order. */
export function unionRerun(findings: readonly IFinding[]): string[] {
  const seen = new Set<string>();
  for (const f of findings) {
    for (const id of f.rerun) {
      seen.add(id);
    }
  }
  return [...seen];
}
