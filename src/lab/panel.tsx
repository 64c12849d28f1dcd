import {
  HTMLSelect,
  ReactWidget,
  SidePanel,
  ToolbarButton,
  VDomRenderer,
  fastForwardIcon,
  runIcon
} from '@jupyterlab/ui-components';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { Message as LuminoMessage } from '@lumino/messaging';
import { Panel, Widget } from '@lumino/widgets';
import * as React from 'react';
import type { ICellRef, IFinding, Severity } from '../core';
import type { ICauseCard } from './causes';
import {
  defaultTrans,
  issuesText,
  messageParts,
  severityLabel
} from './findingText';
import { IKernelActions, KernelSection } from './kernelSection';
import { FindingsModel, GroupBy, PanelRow } from './panelModel';
import {
  LINK_LINE_PX,
  LINK_LINES_SHOWN,
  LINK_WIDTH_PX,
  RowWindow,
  UNWINDOWED_LINKS
} from './panelWindow';
import type { NotebookSession } from './session';

/** What the panel's buttons do; the plugin wires them to notebook actions. */
export interface IPanelActions extends IKernelActions {
  goToCell(cellId: string): void;
  selectCells(cellIds: readonly string[]): void;
  rerunCells(cellIds: readonly string[]): void;
  restartRunAll(): void;
  /** Delete ghost names from the kernel (after the user confirms). */
  deleteGhosts(names: readonly string[]): void;
  /** Put back the cell whose recorded source made a ghost name, where it was. */
  restoreGhost(name: string): void;
}

/** A message with names in `<code>`. */
export function Message(props: { text: string }): JSX.Element {
  return (
    <>
      {messageParts(props.text).map((p, i) =>
        p.code ? <code key={i}>{p.text}</code> : p.text
      )}
    </>
  );
}

interface ICardProps {
  card: ICauseCard;
  session: NotebookSession;
  actions: IPanelActions;
  trans: TranslationBundle;
  focused: boolean;
  /** Its index in the panel's rows (measured after render). */
  row: number;
  /** Its 1-based place in its section, and the section's size (for screen readers). */
  position: number;
  setSize: number;
}

/** One card; re-rendered only when its content, focus or place changes. */
const Card = React.memo((props: ICardProps): JSX.Element => {
  const { card, actions, trans, session } = props;
  const titleId = `jp-Linearize-card-${cssId(card.key)}`;
  const first = card.cells[0];
  const restorable =
    card.type === 'ghosts' &&
    session.ghosts.some(g => card.names.includes(g.name) && g.source !== null);
  const classes = [
    'jp-Linearize-finding',
    `jp-mod-${card.severity}`,
    `jp-mod-cause-${card.type}`,
    ...card.kinds.map(k => `jp-mod-${k}`),
    props.focused ? 'jp-mod-focused' : ''
  ].join(' ');
  return (
    <li
      className={classes}
      role="listitem"
      tabIndex={-1}
      data-cell-id={first?.id}
      data-key={card.key}
      data-row={props.row}
      aria-setsize={props.setSize}
      aria-posinset={props.position}
      aria-labelledby={titleId}
    >
      <div className="jp-Linearize-findingHead">
        <span className={`jp-Linearize-badge jp-mod-${card.severity}`}>
          {severityLabel(card.severity, trans)}
        </span>
        <span className="jp-Linearize-kind" id={titleId}>
          <Message text={card.title} />
        </span>
      </div>
      <div className="jp-Linearize-message">
        <Message text={card.message} />
      </div>
      {card.restartOnly && (
        <div className="jp-Linearize-restartOnly" role="note">
          <Message text={card.restartOnly} />
        </div>
      )}
      {card.cells.length > 1 && (
        <CellLinks cells={card.cells} actions={actions} trans={trans} />
      )}
      <div className="jp-Linearize-actions">
        {card.cells.length === 1 && first.index !== null && (
          <button
            type="button"
            className="jp-Linearize-button jp-Linearize-goto"
            onClick={() => actions.goToCell(first.id)}
          >
            {trans.__('Go to cell %1', first.index + 1)}
          </button>
        )}
        {card.type === 'ghosts' && (
          <button
            type="button"
            className="jp-Linearize-button jp-Linearize-deleteGhost"
            onClick={() => actions.deleteGhosts(card.names)}
          >
            {trans.__('Delete from kernel')}
          </button>
        )}
        {restorable && (
          <button
            type="button"
            className="jp-Linearize-button jp-Linearize-restoreGhost"
            onClick={() => actions.restoreGhost(card.names[0])}
          >
            {trans.__('Restore its cell')}
          </button>
        )}
        {card.restartOnly && (
          <button
            type="button"
            className="jp-Linearize-button jp-Linearize-restartRunAll"
            onClick={() => actions.restartRunAll()}
          >
            {trans.__('Restart & Run All')}
          </button>
        )}
        {!card.restartOnly && card.rerun.length > 0 && (
          <button
            type="button"
            className="jp-Linearize-button jp-Linearize-rerun"
            onClick={() => actions.rerunCells(card.rerun)}
          >
            {trans._n('Re-run %1 cell', 'Re-run %1 cells', card.rerun.length)}
          </button>
        )}
        {card.rerun.length > 0 && (
          <button
            type="button"
            className="jp-Linearize-button jp-Linearize-select"
            onClick={() => actions.selectCells(card.rerun)}
          >
            {trans._n(
              'Select %1 cell to re-run',
              'Select %1 cells to re-run',
              card.rerun.length
            )}
          </button>
        )}
      </div>
    </li>
  );
});

/**
 * A card's cells as "Go to cell" links. Up to {@link UNWINDOWED_LINKS} they wrap as
 * they are; a longer list is a fixed grid in a box that scrolls, with only the lines in
 * view (plus one above and below) in the DOM. Left/Right, Home/End move between links,
 * scrolling the box, so the keyboard reaches every cell.
 */
function CellLinks(props: {
  cells: readonly ICellRef[];
  actions: IPanelActions;
  trans: TranslationBundle;
}): JSX.Element {
  const { actions, trans } = props;
  const links = React.useMemo(
    () => props.cells.filter(c => c.index !== null),
    [props.cells]
  );
  const windowed = links.length > UNWINDOWED_LINKS;
  const box = React.useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = React.useState(0);
  const [columns, setColumns] = React.useState(5);
  const [focusAt, setFocusAt] = React.useState<number | null>(null);
  React.useLayoutEffect(() => {
    const width = box.current?.clientWidth ?? 0;
    if (windowed && width > 0) {
      // The grid fits floor((width + gap) / (link + gap)) links per line.
      setColumns(Math.max(1, Math.floor((width + 2) / LINK_WIDTH_PX)));
    }
  });
  React.useEffect(() => {
    if (focusAt !== null) {
      box.current
        ?.querySelector<HTMLElement>(`[data-pos="${focusAt}"]`)
        ?.focus();
      setFocusAt(null);
    }
  }, [focusAt, scrollTop]);

  let from = 0;
  let to = links.length;
  let padTop = 0;
  let padBottom = 0;
  if (windowed) {
    const lines = Math.ceil(links.length / columns);
    const first = Math.max(0, Math.floor(scrollTop / LINK_LINE_PX) - 1);
    const last = Math.min(
      lines - 1,
      Math.floor(scrollTop / LINK_LINE_PX) + LINK_LINES_SHOWN + 1
    );
    from = first * columns;
    to = Math.min(links.length, (last + 1) * columns);
    padTop = first * LINK_LINE_PX;
    padBottom = (lines - 1 - last) * LINK_LINE_PX;
  }

  const onKeyDown = (event: React.KeyboardEvent): void => {
    const pos = Number(
      (event.target as HTMLElement).closest<HTMLElement>('[data-pos]')?.dataset
        .pos
    );
    const next =
      event.key === 'ArrowRight'
        ? pos + 1
        : event.key === 'ArrowLeft'
          ? pos - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? links.length - 1
              : NaN;
    if (Number.isNaN(pos) || Number.isNaN(next)) {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    const target = Math.max(0, Math.min(links.length - 1, next));
    const node = box.current;
    if (windowed && node) {
      // Scroll the box so the target's line shows, then focus it once rendered.
      const top = Math.floor(target / columns) * LINK_LINE_PX;
      const shown = LINK_LINES_SHOWN * LINK_LINE_PX;
      let want = node.scrollTop;
      if (top < want) {
        want = top;
      } else if (top + LINK_LINE_PX > want + shown) {
        want = top + LINK_LINE_PX - shown;
      }
      node.scrollTop = want;
      setScrollTop(want);
    }
    setFocusAt(target);
  };

  return (
    <div
      ref={box}
      className={`jp-Linearize-cellsBox${windowed ? ' jp-mod-windowed' : ''}`}
      style={
        windowed ? { maxHeight: LINK_LINES_SHOWN * LINK_LINE_PX } : undefined
      }
      onScroll={
        windowed
          ? e => setScrollTop((e.currentTarget as HTMLElement).scrollTop)
          : undefined
      }
    >
      <ul
        className="jp-Linearize-cells"
        role="list"
        aria-label={trans.__('Cells involved')}
        style={windowed ? { paddingTop: padTop, paddingBottom: padBottom } : {}}
        onKeyDown={onKeyDown}
      >
        {links.slice(from, to).map((c, i) => (
          <li
            key={c.id}
            role="listitem"
            aria-setsize={links.length}
            aria-posinset={from + i + 1}
          >
            <button
              type="button"
              className="jp-Linearize-cellLink"
              data-pos={from + i}
              aria-label={trans.__('Go to cell %1', (c.index ?? 0) + 1)}
              onClick={() => actions.goToCell(c.id)}
            >
              {(c.index ?? 0) + 1}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** With more rows than this, the panel shows a box to filter the cards by text. */
const FILTER_FROM_ROWS = 20;

/**
 * The findings list: a `VDomRenderer` over {@link FindingsModel}, windowed by a
 * {@link RowWindow} over the side panel's scrolling content: only the rows in view and
 * {@link OVERSCAN_ROWS} either side are in the DOM, padding stands for the rest. React
 * keeps every rendered card that did not change, so focus, selection and scroll survive
 * a new report; a hidden panel does not render at all.
 */
export class FindingsView extends VDomRenderer<FindingsModel> {
  constructor(model: FindingsModel, actions: IPanelActions) {
    super(model);
    this.addClass('jp-Linearize-findingsView');
    this._actions = actions;
  }

  protected onAfterAttach(msg: LuminoMessage): void {
    super.onAfterAttach(msg);
    // The side panel's content scrolls (summary, findings and kernel section together).
    this._scroller = this.node.parentElement;
    this._scroller?.addEventListener('scroll', this._onScroll, {
      passive: true
    });
    if (this._scroller && typeof ResizeObserver !== 'undefined') {
      this._resize = new ResizeObserver(this._onScroll);
      this._resize.observe(this._scroller);
    }
  }

  protected onBeforeDetach(msg: LuminoMessage): void {
    this._scroller?.removeEventListener('scroll', this._onScroll);
    this._resize?.disconnect();
    this._resize = null;
    this._scroller = null;
    super.onBeforeDetach(msg);
  }

  protected onUpdateRequest(msg: LuminoMessage): void {
    // Nobody sees a hidden panel: render when it is shown (reports come on every run).
    if (!this.isVisible) {
      this._stale = true;
      return;
    }
    this._stale = false;
    super.onUpdateRequest(msg);
    void this.renderPromise?.then(() => this._afterRender());
  }

  protected onAfterShow(msg: LuminoMessage): void {
    super.onAfterShow(msg);
    if (this._stale) {
      this.update();
    }
  }

  dispose(): void {
    this._window?.dispose();
    super.dispose();
  }

  /** Render now and scroll the focused cell's card into view, with keyboard focus. */
  async revealFocused(): Promise<void> {
    const id = this.model.focusedCell;
    const index = id === null ? -1 : this.model.rowOfCell(id);
    if (index >= 0) {
      this._scrollToRow(index, 'smart');
      this._pendingFocus = this.model.rows[index].key;
    }
    this.update();
    await new Promise(resolve => requestAnimationFrame(resolve));
    await this.renderPromise;
    this._afterRender();
  }

  protected render(): JSX.Element {
    const model = this.model;
    const trans = model.trans;
    const session = model.session;
    if (!session) {
      return (
        <p className="jp-Linearize-empty">
          {trans.__('Open a notebook to see its findings.')}
        </p>
      );
    }
    const { issues, hints } = model.counts;
    const linear = session.report.linear && issues === 0;
    const rows = model.rows;
    if (session !== this._shown) {
      // Another notebook: its list starts at the top.
      this._shown = session;
      this._anchor = null;
      if (this._scroller) {
        this._scroller.scrollTop = 0;
      }
    }
    return (
      <>
        <p className="jp-Linearize-summary" role="status">
          {linear
            ? trans.__(
                'Linear: Restart & Run All would reproduce what you see.'
              )
            : issues === 0
              ? trans.__('Not linear.')
              : trans.__('Not linear: %1.', issuesText(issues, trans))}
          {hints > 0 && ` ${trans._n('%1 hint.', '%1 hints.', hints)}`}
        </p>
        {session.recordWarning && (
          <p className="jp-Linearize-warning">{session.recordWarning}</p>
        )}
        {(rows.length > FILTER_FROM_ROWS || model.query !== '') && (
          <input
            type="search"
            className="jp-Linearize-filter"
            placeholder={trans.__('Filter findings')}
            aria-label={trans.__('Filter findings by text or cell')}
            // Uncontrolled: the model re-renders asynchronously, the caret must not jump.
            defaultValue={model.query}
            onChange={e => {
              model.query = e.currentTarget.value;
            }}
          />
        )}
        {rows.length === 0 ? (
          <p className="jp-Linearize-empty">
            {model.query === ''
              ? trans.__('No findings.')
              : trans.__('No findings match.')}
          </p>
        ) : (
          this._rows(rows, session)
        )}
      </>
    );
  }

  /** The rows in view, grouped into one list per section, between two paddings. */
  private _rows(
    rows: readonly PanelRow[],
    session: NotebookSession
  ): JSX.Element {
    const model = this.model;
    const trans = model.trans;
    const win = this._windowOver(rows);
    const [start, stop] = this._range(win, true);
    this._rendered = [start, stop];
    const [top, height] = win.getSpan(start, stop);
    const bottom = Math.max(0, win.getEstimatedTotalSize() - top - height);
    const focused = model.focusedCell;
    const blocks: JSX.Element[] = [];
    let i = start;
    while (i <= stop) {
      const row = rows[i];
      if (row.type === 'title') {
        blocks.push(
          <h3 className="jp-Linearize-groupTitle" key={row.key} data-row={i}>
            {row.section.title}
          </h3>
        );
        i++;
        continue;
      }
      const section = row.section;
      const items: JSX.Element[] = [];
      for (
        let r = rows[i];
        i <= stop && r.type === 'card' && r.section === section;
        r = rows[++i]
      ) {
        items.push(
          <Card
            key={r.key}
            card={r.card}
            session={session}
            actions={this._actions}
            trans={trans}
            focused={
              focused !== null && r.card.cells.some(c => c.id === focused)
            }
            row={i}
            position={r.position}
            setSize={section.cards.length}
          />
        );
      }
      blocks.push(
        <ul
          className="jp-Linearize-findings"
          role="list"
          key={`list:${section.key}`}
          aria-label={section.title ?? trans.__('Findings')}
        >
          {items}
        </ul>
      );
    }
    return (
      <div
        className="jp-Linearize-groups"
        ref={this._list}
        style={{ paddingTop: top, paddingBottom: bottom }}
        onKeyDown={this._onKeyDown}
      >
        {blocks}
        <AfterCommit run={this._onCommit} />
      </div>
    );
  }

  /** The window over these rows: a new one when the rows changed (sizes kept by key). */
  private _windowOver(rows: readonly PanelRow[]): RowWindow {
    if (this._window?.rows !== rows) {
      this._window?.dispose();
      this._window = new RowWindow(rows, this._sizes);
    }
    return this._window;
  }

  /**
   * The rows to render: those in the scroller's view, plus the overscan. With `anchored`,
   * the first row in view stays where it was on screen when rows above it were added,
   * removed or measured (the scroll moves by as much, on the next commit).
   */
  private _range(win: RowWindow, anchored = false): [number, number] {
    const scroller = this._scroller;
    // Not laid out yet (or no layout, as in jsdom): assume a screenful.
    win.height = scroller?.clientHeight || window.innerHeight;
    const listTop = this._listTop();
    win.scrollOffset = Math.max(0, (scroller?.scrollTop ?? 0) - listTop);
    const anchor = this._anchor;
    if (anchored && anchor && win.scrollOffset > 0) {
      const index = win.rows.findIndex(r => r.key === anchor.key);
      if (index >= 0) {
        const want = win.getSpan(index, index)[0] + anchor.delta;
        if (Math.abs(want - win.scrollOffset) >= 1) {
          win.scrollOffset = want;
          this._scrollFix = listTop + want;
        }
      }
    }
    const range = win.getRangeToRender({ virtual: true });
    if (!range || range[0] < 0) {
      this._anchor = null;
      return [0, -1];
    }
    // The first row in view, and how far the view's top is into it.
    const first = range[2];
    this._anchor =
      win.scrollOffset > 0
        ? {
            key: win.rows[first].key,
            delta: win.scrollOffset - win.getSpan(first, first)[0]
          }
        : null;
    return [range[0], range[1]];
  }

  /** After React's commit, before paint: apply the anchored scroll. */
  private _onCommit = (): void => {
    if (this._scrollFix !== null && this._scroller) {
      this._scroller.scrollTop = this._scrollFix;
    }
    this._scrollFix = null;
  };

  /** Where the list starts in the scroller's content (px; layout, not the scroll). */
  private _listTop(): number {
    const scroller = this._scroller;
    let top = 0;
    for (
      let el: Element | null = this._list.current;
      el instanceof HTMLElement && el !== scroller;
      el = el.offsetParent
    ) {
      top += el.offsetTop;
    }
    return top;
  }

  /** Scroll the side panel so that row `index` is in view (it renders on the next update). */
  private _scrollToRow(
    index: number,
    align: 'auto' | 'smart' | 'start' | 'end'
  ): void {
    const scroller = this._scroller;
    const win = this._window;
    if (!scroller || !win || win.rows !== this.model.rows) {
      return;
    }
    this._range(win);
    const offset = win.getOffsetForIndexAndAlignment(index, align);
    scroller.scrollTop = this._listTop() + offset;
  }

  /** Measure what was rendered; focus a card asked for; render again if sizes moved. */
  private _afterRender(): void {
    const win = this._window;
    const list = this._list.current;
    if (!win || !list) {
      return;
    }
    const heights: { index: number; size: number }[] = [];
    for (const el of list.querySelectorAll<HTMLElement>('[data-row]')) {
      const style = getComputedStyle(el);
      heights.push({
        index: Number(el.dataset.row),
        size:
          el.offsetHeight === 0
            ? 0
            : el.offsetHeight +
              (parseFloat(style.marginTop) || 0) +
              (parseFloat(style.marginBottom) || 0)
      });
    }
    const moved = win.measured(heights);
    const key = this._pendingFocus;
    if (key !== null) {
      const card = [
        ...list.querySelectorAll<HTMLElement>('.jp-Linearize-finding')
      ].find(el => el.dataset.key === key);
      const index = win.rows.findIndex(r => r.key === key);
      if (card) {
        this._pendingFocus = null;
        card.scrollIntoView?.({ block: 'nearest' }); // (jsdom has none)
        card.focus();
      } else if (index >= 0 && !this._focusScrolled) {
        // Asked before the first render: scroll there once, focus on the next render.
        this._focusScrolled = true;
        this._scrollToRow(index, 'smart');
        this.update();
        return;
      } else {
        this._pendingFocus = null;
      }
    }
    this._focusScrolled = false;
    if (moved) {
      this.update();
    }
  }

  /** Arrow keys move between cards, Home/End to the first and last (rendering them first). */
  private _onKeyDown = (event: React.KeyboardEvent): void => {
    const rows = this.model.rows;
    const from = (event.target as HTMLElement).closest<HTMLElement>(
      '[data-row]'
    );
    if (!from || !['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) {
      return;
    }
    const at = Number(from.dataset.row);
    const isCard = (i: number) => rows[i]?.type === 'card';
    let next = -1;
    if (event.key === 'Home' || event.key === 'End') {
      const up = event.key === 'End';
      for (
        let i = up ? rows.length - 1 : 0;
        i >= 0 && i < rows.length;
        i += up ? -1 : 1
      ) {
        if (isCard(i)) {
          next = i;
          break;
        }
      }
    } else {
      const step = event.key === 'ArrowDown' ? 1 : -1;
      for (let i = at + step; i >= 0 && i < rows.length; i += step) {
        if (isCard(i)) {
          next = i;
          break;
        }
      }
    }
    if (next < 0) {
      return;
    }
    event.preventDefault();
    this._scrollToRow(next, 'auto');
    this._pendingFocus = rows[next].key;
    this.update();
  };

  /** Render again only when the scroll moved the range of rows in view. */
  private _onScroll = (): void => {
    const win = this._window;
    if (!win || win.rows !== this.model.rows || !this.isVisible) {
      return;
    }
    const [start, stop] = this._range(win);
    if (start !== this._rendered[0] || stop !== this._rendered[1]) {
      this.update();
    }
  };

  private _actions: IPanelActions;
  private _stale = true;
  private _scroller: HTMLElement | null = null;
  private _resize: ResizeObserver | null = null;
  private _list = React.createRef<HTMLDivElement>();
  private _sizes = new Map<string, number>();
  private _window: RowWindow | null = null;
  private _rendered: [number, number] = [0, -1];
  private _pendingFocus: string | null = null;
  private _focusScrolled = false;
  private _anchor: { key: string; delta: number } | null = null;
  private _scrollFix: number | null = null;
  private _shown: NotebookSession | null = null;
}

/** Calls `run` after every commit of its parent, before the browser paints. */
function AfterCommit(props: { run: () => void }): null {
  React.useLayoutEffect(() => props.run());
  return null;
}

/** The panel's "Kernel" section as a widget that follows the current session. */
class KernelWidget extends Widget {
  constructor(actions: IKernelActions, trans: TranslationBundle) {
    super();
    this.addClass('jp-Linearize-kernelWidget');
    this._section = new KernelSection(actions, trans);
  }

  set session(value: NotebookSession | null) {
    if (value !== this._session) {
      this._session = value;
      this._section.reset();
    }
    this.render();
  }

  render(): void {
    if (!this.isVisible && this.isAttached) {
      return;
    }
    this.node.replaceChildren();
    if (this._session) {
      this.node.append(
        this._section.render(this._session, () => this.render())
      );
    }
  }

  protected onAfterShow(): void {
    this.render();
  }

  private _session: NotebookSession | null = null;
  private _section: KernelSection;
}

/**
 * The Linearize side panel (a `SidePanel`, like the table of contents): a toolbar to
 * group and filter findings, re-run what they need and Restart & Run All; the findings
 * of the current notebook grouped by cause; the kernel companion's section.
 */
export class LinearizePanel extends SidePanel {
  constructor(
    actions: IPanelActions,
    trans: TranslationBundle = defaultTrans,
    model: FindingsModel = new FindingsModel(trans)
  ) {
    super({ content: new Panel() });
    this.id = 'jp-Linearize-panel';
    this.addClass('jp-Linearize-panel');
    this.title.caption = trans.__('Linearize: reproducibility findings');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', trans.__('Linearize findings'));
    this._labTrans = trans;
    this._actions = actions;
    this.model = model;
    const heading = new Widget({ node: document.createElement('h2') });
    heading.addClass('jp-Linearize-panelTitle');
    heading.node.textContent = trans.__('Linearize');
    this.header.addWidget(heading);
    this._view = new FindingsView(model, actions);
    this._kernel = new KernelWidget(actions, trans);
    this.content.addWidget(this._view);
    this.content.addWidget(this._kernel);
    this._buildToolbar();
    model.stateChanged.connect(this._onModel, this);
  }

  readonly model: FindingsModel;

  /** Show another notebook's session (or none). */
  set session(value: NotebookSession | null) {
    this.model.session = value;
    this._kernel.session = value;
  }

  /** Show and highlight the findings of one cell. */
  focusCell(cellId: string): Promise<void> {
    this.model.focusedCell = cellId;
    return this._view.revealFocused();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.model.stateChanged.disconnect(this._onModel, this);
    this.model.dispose();
    super.dispose();
  }

  private _buildToolbar(): void {
    const trans = this._labTrans;
    const model = this.model;
    const group = ReactWidget.create(
      <HTMLSelect
        className="jp-Linearize-groupBy"
        aria-label={trans.__('Group findings by')}
        title={trans.__('Group findings by cause, kind or cell')}
        defaultValue={model.groupBy}
        onChange={e => {
          model.groupBy = e.currentTarget.value as GroupBy;
        }}
        options={[
          { value: 'cause', label: trans.__('Cause') },
          { value: 'kind', label: trans.__('Kind') },
          { value: 'cell', label: trans.__('Cell') }
        ]}
      />
    );
    const severity = ReactWidget.create(
      <HTMLSelect
        className="jp-Linearize-severity"
        aria-label={trans.__('Show findings of severity')}
        title={trans.__(
          'Show all findings, warnings and errors, or errors only'
        )}
        defaultValue={model.minSeverity}
        onChange={e => {
          model.minSeverity = e.currentTarget.value as Severity;
        }}
        options={[
          { value: 'info', label: trans.__('All') },
          { value: 'warning', label: trans.__('Warnings') },
          { value: 'error', label: trans.__('Errors') }
        ]}
      />
    );
    this._rerun = new ToolbarButton({
      icon: runIcon,
      tooltip: trans.__(
        'Re-run the cells the findings need (the fewest, in notebook order)'
      ),
      className: 'jp-Linearize-rerunAll',
      onClick: () => this._actions.rerunCells(unionRerun(model.findings))
    });
    const restart = new ToolbarButton({
      icon: fastForwardIcon,
      tooltip: trans.__(
        'Restart the kernel and run all cells: the reproducible way'
      ),
      className: 'jp-Linearize-restartRunAll',
      onClick: () => this._actions.restartRunAll()
    });
    this.toolbar.addItem('group-by', group);
    this.toolbar.addItem('severity', severity);
    this.toolbar.addItem('rerun', this._rerun);
    this.toolbar.addItem('restart-run-all', restart);
    this.toolbar.node.setAttribute('aria-label', trans.__('Findings toolbar'));
  }

  private _onModel(): void {
    if (this._rerun) {
      this._rerun.enabled = unionRerun(this.model.findings).length > 0;
    }
  }

  private _labTrans: TranslationBundle;
  private _actions: IPanelActions;
  private _view: FindingsView;
  private _kernel: KernelWidget;
  private _rerun: ToolbarButton | null = null;
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

function cssId(key: string): string {
  return key.replace(/[^A-Za-z0-9_-]/g, '_');
}
