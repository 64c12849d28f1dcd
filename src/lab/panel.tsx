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
import type { IFinding, Severity } from '../core';
import type { ICauseCard } from './causes';
import {
  defaultTrans,
  issuesText,
  messageParts,
  severityLabel
} from './findingText';
import { IKernelActions, KernelSection } from './kernelSection';
import {
  CELLS_PER_CARD,
  FindingsModel,
  GroupBy,
  ISection,
  ROWS_PER_SECTION
} from './panelModel';
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
  expanded: boolean;
  onExpand: (key: string) => void;
}

/** One card; re-rendered only when its content, focus or expansion changes. */
const Card = React.memo((props: ICardProps): JSX.Element => {
  const { card, actions, trans, session } = props;
  const titleId = `jp-Linearize-card-${cssId(card.key)}`;
  const first = card.cells[0];
  const shownCells = props.expanded
    ? card.cells
    : card.cells.slice(0, CELLS_PER_CARD);
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
      tabIndex={-1}
      data-cell-id={first?.id}
      data-key={card.key}
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
        <ul
          className="jp-Linearize-cells"
          aria-label={trans.__('Cells involved')}
        >
          {shownCells.map(c =>
            c.index === null ? null : (
              <li key={c.id}>
                <button
                  type="button"
                  className="jp-Linearize-cellLink"
                  aria-label={trans.__('Go to cell %1', c.index + 1)}
                  onClick={() => actions.goToCell(c.id)}
                >
                  {c.index + 1}
                </button>
              </li>
            )
          )}
          {shownCells.length < card.cells.length && (
            <li>
              <button
                type="button"
                className="jp-Linearize-button jp-Linearize-more"
                onClick={() => props.onExpand(card.key)}
              >
                {trans.__(
                  'Show %1 more',
                  card.cells.length - shownCells.length
                )}
              </button>
            </li>
          )}
        </ul>
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
 * The findings list: a `VDomRenderer` over {@link FindingsModel}. React keeps every card
 * that did not change, so focus, selection and scroll survive a new report; a hidden
 * panel does not render at all.
 */
export class FindingsView extends VDomRenderer<FindingsModel> {
  constructor(model: FindingsModel, actions: IPanelActions) {
    super(model);
    this.addClass('jp-Linearize-findingsView');
    this._actions = actions;
  }

  protected onUpdateRequest(msg: LuminoMessage): void {
    // Nobody sees a hidden panel: render when it is shown (reports come on every run).
    if (!this.isVisible) {
      this._stale = true;
      return;
    }
    this._stale = false;
    super.onUpdateRequest(msg);
  }

  protected onAfterShow(msg: LuminoMessage): void {
    super.onAfterShow(msg);
    if (this._stale) {
      this.update();
    }
  }

  /** Render now and scroll the focused cell's card into view, with keyboard focus. */
  async revealFocused(): Promise<void> {
    this.update();
    await new Promise(resolve => requestAnimationFrame(resolve));
    await this.renderPromise;
    const id = this.model.focusedCell;
    if (id === null) {
      return;
    }
    const card = this.node.querySelector<HTMLElement>(
      `.jp-Linearize-finding.jp-mod-focused`
    );
    card?.scrollIntoView({ block: 'nearest' });
    card?.focus();
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
    const sections = model.sections;
    const empty = sections.every(s => s.cards.length === 0);
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
        {empty ? (
          <p className="jp-Linearize-empty">{trans.__('No findings.')}</p>
        ) : (
          <div className="jp-Linearize-groups">
            {sections.map(s => this._section(s, session))}
          </div>
        )}
      </>
    );
  }

  private _section(section: ISection, session: NotebookSession): JSX.Element {
    const model = this.model;
    const trans = model.trans;
    const expanded = model.isExpanded(section.key);
    const shown = expanded
      ? section.cards
      : section.cards.slice(0, ROWS_PER_SECTION);
    const focused = model.focusedCell;
    const onExpand = this._onExpand;
    return (
      <section className="jp-Linearize-group" key={section.key}>
        {section.title && (
          <h3 className="jp-Linearize-groupTitle">{section.title}</h3>
        )}
        <ul
          className="jp-Linearize-findings"
          aria-label={section.title ?? trans.__('Findings')}
        >
          {shown.map(card => (
            <Card
              key={card.key}
              card={card}
              session={session}
              actions={this._actions}
              trans={trans}
              focused={
                focused !== null && card.cells.some(c => c.id === focused)
              }
              expanded={model.isExpanded(card.key)}
              onExpand={onExpand}
            />
          ))}
        </ul>
        {shown.length < section.cards.length && (
          <button
            type="button"
            className="jp-Linearize-button jp-Linearize-more"
            onClick={() => onExpand(section.key)}
          >
            {trans.__('Show %1 more', section.cards.length - shown.length)}
          </button>
        )}
      </section>
    );
  }

  private _onExpand = (key: string): void => {
    this.model.expand(key);
  };

  private _actions: IPanelActions;
  private _stale = true;
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
