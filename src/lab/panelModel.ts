import { VDomModel } from '@jupyterlab/ui-components';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { IFinding, IReport, Severity } from '../core';
import { atLeast } from '../core';
import { causeCards, ICauseCard, ICauseContext } from './causes';
import {
  cellLabel,
  defaultTrans,
  issueCount,
  verdictTitle,
  visibleFindings
} from './findingText';
import type { NotebookSession } from './session';

/** How the panel groups findings. */
export type GroupBy = 'cause' | 'kind' | 'cell';

/** A titled list of cards (one untitled section when grouping by cause). */
export interface ISection {
  readonly key: string;
  readonly title: string | null;
  readonly cards: readonly ICauseCard[];
}

/**
 * The findings panel's model (JupyterLab's `VDomModel`, as `@jupyterlab/toc` does):
 * the session shown, the grouping, the severity filter, the focused cell and which
 * lists are expanded. The view only renders it; `stateChanged` says when to.
 * Sections are computed on demand and cached, so a report that arrives while the panel
 * is hidden costs nothing.
 */
export class FindingsModel extends VDomModel {
  constructor(trans: TranslationBundle = defaultTrans) {
    super();
    this._trans = trans;
  }

  get trans(): TranslationBundle {
    return this._trans;
  }

  /** The session shown, or null when no notebook is current. */
  get session(): NotebookSession | null {
    return this._session;
  }

  set session(value: NotebookSession | null) {
    if (value === this._session) {
      return;
    }
    this._session?.reportChanged.disconnect(this._onReport, this);
    this._session = value;
    this._session?.reportChanged.connect(this._onReport, this);
    this._focused = null;
    this._expanded.clear();
    this._changed();
  }

  get groupBy(): GroupBy {
    return this._groupBy;
  }

  set groupBy(value: GroupBy) {
    if (value !== this._groupBy) {
      this._groupBy = value;
      this._changed();
    }
  }

  /** Findings below this severity are hidden (`info` shows all). */
  get minSeverity(): Severity {
    return this._minSeverity;
  }

  set minSeverity(value: Severity) {
    if (value !== this._minSeverity) {
      this._minSeverity = value;
      this._changed();
    }
  }

  /** The cell whose findings are highlighted (from a marker click). */
  get focusedCell(): string | null {
    return this._focused;
  }

  set focusedCell(cellId: string | null) {
    this._focused = cellId;
    if (cellId !== null) {
      // Its card must show it even in a long, collapsed list.
      for (const section of this.sections) {
        section.cards.forEach((card, i) => {
          if (card.cells.some(c => c.id === cellId)) {
            this._expanded.add(card.key);
            if (i >= ROWS_PER_SECTION) {
              this._expanded.add(section.key);
            }
          }
        });
      }
    }
    this.stateChanged.emit();
  }

  isExpanded(key: string): boolean {
    return this._expanded.has(key);
  }

  expand(key: string): void {
    this._expanded.add(key);
    this.stateChanged.emit();
  }

  /** The visible findings at or above the severity filter. */
  get findings(): readonly IFinding[] {
    const session = this._session;
    if (!session) {
      return [];
    }
    return visibleFindings(session.report.findings, session.settings).filter(
      f => atLeast(f.severity, this._minSeverity)
    );
  }

  /** The count every view shows (status item, badge, summary). */
  get counts(): { issues: number; hints: number } {
    const session = this._session;
    return session
      ? issueCount(session.report.findings, session.settings)
      : { issues: 0, hints: 0 };
  }

  get sections(): readonly ISection[] {
    const session = this._session;
    const key = `${this._groupBy}|${this._minSeverity}`;
    if (
      this._cache &&
      this._cache.report === session?.report &&
      this._cache.key === key &&
      this._cache.settings === session?.settings
    ) {
      return this._cache.sections;
    }
    const sections = session ? this._compute(session) : [];
    this._cache = {
      report: session?.report ?? null,
      settings: session?.settings ?? null,
      key,
      sections
    };
    return sections;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._session?.reportChanged.disconnect(this._onReport, this);
    this._session = null;
    super.dispose();
  }

  private _compute(session: NotebookSession): ISection[] {
    const trans = this._trans;
    const findings = this.findings;
    const ctx = contextOf(session);
    if (this._groupBy === 'cause') {
      return [
        { key: 'cause', title: null, cards: causeCards(findings, ctx, trans) }
      ];
    }
    const groups = new Map<string, IFinding[]>();
    for (const f of findings) {
      const k =
        this._groupBy === 'kind'
          ? verdictTitle(f.kind, trans)
          : capital(cellLabel(f.cell, trans));
      const list = groups.get(k);
      if (list) {
        list.push(f);
      } else {
        groups.set(k, [f]);
      }
    }
    return [...groups].map(([title, list]) => ({
      key: `${this._groupBy}:${title}`,
      title: `${title} (${list.length})`,
      // One card per finding: each keeps its own message and actions.
      cards: list.flatMap(f => causeCards([f], ctx, trans))
    }));
  }

  private _onReport(_: NotebookSession, __: IReport): void {
    this.stateChanged.emit();
  }

  private _changed(): void {
    this._cache = null;
    this.stateChanged.emit();
  }

  private _trans: TranslationBundle;
  private _session: NotebookSession | null = null;
  private _groupBy: GroupBy = 'cause';
  private _minSeverity: Severity = 'info';
  private _focused: string | null = null;
  private _expanded = new Set<string>();
  private _cache: {
    report: IReport | null;
    settings: unknown;
    key: string;
    sections: ISection[];
  } | null = null;
}

/** Cards shown per section, and cells per card, before "Show N more". */
export const ROWS_PER_SECTION = 50;
export const CELLS_PER_CARD = 12;

/** Source and index lookups on the session's notebook model. */
export function contextOf(session: NotebookSession): ICauseContext {
  const model = session.model;
  let index: Map<string, number> | null = null;
  const indices = () => {
    if (index === null) {
      index = new Map();
      for (let i = 0; i < model.cells.length; i++) {
        index.set(model.cells.get(i).id, i);
      }
    }
    return index;
  };
  return {
    indexOf: id => indices().get(id) ?? null,
    sourceOf: id => {
      const i = indices().get(id);
      return i === undefined
        ? null
        : model.cells.get(i).sharedModel.getSource();
    }
  };
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
