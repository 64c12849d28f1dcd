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
 * One row of the panel's windowed list: a section title, or a card with its place in its
 * section (1-based; screen readers announce "3 of 750" from `aria-posinset`/`aria-setsize`).
 */
export type PanelRow =
  | { readonly type: 'title'; readonly key: string; readonly section: ISection }
  | {
      readonly type: 'card';
      readonly key: string;
      readonly section: ISection;
      readonly card: ICauseCard;
      readonly position: number;
    };

/**
 * The findings panel's model (JupyterLab's `VDomModel`, as `@jupyterlab/toc` does):
 * the session shown, the grouping, the severity and text filters and the focused cell.
 * The view only renders it; `stateChanged` says when to. Sections and rows are computed
 * on demand and cached, so a report that arrives while the panel is hidden costs nothing.
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

  /**
   * Text the cards must contain (title, message, names or a cell number), any case;
   * blank shows every card. It filters the cards, not the findings the counts are of.
   */
  get query(): string {
    return this._query;
  }

  set query(value: string) {
    if (value !== this._query) {
      this._query = value;
      this._changed();
    }
  }

  /** The cell whose findings are highlighted (from a marker click). */
  get focusedCell(): string | null {
    return this._focused;
  }

  set focusedCell(cellId: string | null) {
    this._focused = cellId;
    this.stateChanged.emit();
  }

  /** The index in {@link rows} of the first card about `cellId`, or -1. */
  rowOfCell(cellId: string): number {
    return this.rows.findIndex(
      r => r.type === 'card' && r.card.cells.some(c => c.id === cellId)
    );
  }

  /** The sections flattened for the windowed list: each title, then its cards. */
  get rows(): readonly PanelRow[] {
    const sections = this.sections;
    if (this._rows?.sections !== sections) {
      const rows: PanelRow[] = [];
      for (const section of sections) {
        if (section.title) {
          rows.push({ type: 'title', key: `title:${section.key}`, section });
        }
        section.cards.forEach((card, i) =>
          rows.push({
            type: 'card',
            key: card.key,
            section,
            card,
            position: i + 1
          })
        );
      }
      this._rows = { sections, rows };
    }
    return this._rows.rows;
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
    const key = `${this._groupBy}|${this._minSeverity}|${this._query}`;
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
    const match = cardMatcher(this._query, trans);
    if (this._groupBy === 'cause') {
      return [
        {
          key: 'cause',
          title: null,
          cards: causeCards(findings, ctx, trans).filter(match)
        }
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
    const sections: ISection[] = [];
    for (const [title, list] of groups) {
      // One card per finding: each keeps its own message and actions.
      const cards = list
        .flatMap(f => causeCards([f], ctx, trans))
        .filter(match);
      if (cards.length > 0) {
        sections.push({
          key: `${this._groupBy}:${title}`,
          title: `${title} (${cards.length})`,
          cards
        });
      }
    }
    return sections;
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
  private _query = '';
  private _focused: string | null = null;
  private _rows: {
    sections: readonly ISection[];
    rows: PanelRow[];
  } | null = null;
  private _cache: {
    report: IReport | null;
    settings: unknown;
    key: string;
    sections: ISection[];
  } | null = null;
}

/** Whether a card shows `query` (all cards for a blank query). */
function cardMatcher(
  query: string,
  trans: TranslationBundle
): (card: ICauseCard) => boolean {
  const q = query.trim().toLowerCase();
  if (q === '') {
    return () => true;
  }
  // "cell 12" finds the cards about cell 12 (not every message naming cell 120).
  const digits = /\d+/.exec(q);
  const cell =
    digits &&
    cellLabel({ id: '', index: Number(digits[0]) - 1 }, trans).toLowerCase() ===
      q
      ? Number(digits[0]) - 1
      : null;
  if (cell !== null) {
    return card => card.cells.some(c => c.index === cell);
  }
  return card =>
    card.title.toLowerCase().includes(q) ||
    card.message.toLowerCase().includes(q) ||
    card.kinds.some(k => k.includes(q)) ||
    card.names.some(n => n.toLowerCase().includes(q));
}

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
