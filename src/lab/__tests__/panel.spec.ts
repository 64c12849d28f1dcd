import { Widget } from '@lumino/widgets';
import { IPanelActions, LinearizePanel } from '../panel';
import { FindingsModel } from '../panelModel';
import { runAll, runCell, sessionOn } from './utils';

/** Actions that remember what was asked (the panel only forwards clicks). */
function recordingActions(): IPanelActions & { calls: string[] } {
  const calls: string[] = [];
  const unavailable = async () => ({
    ok: false as const,
    reason: 'no-kernel' as const,
    message: 'none'
  });
  return {
    calls,
    goToCell: id => calls.push(`goto ${id}`),
    selectCells: ids => calls.push(`select ${ids.join(',')}`),
    rerunCells: ids => calls.push(`rerun ${ids.join(',')}`),
    restartRunAll: () => calls.push('restart'),
    deleteGhosts: names => calls.push(`delete ${names.join(',')}`),
    restoreGhost: name => calls.push(`restore ${name}`),
    environment: unavailable,
    dataFiles: unavailable,
    saveRequirements: async () => ''
  };
}

/** Let Lumino's update request and React's render both happen. */
async function rendered(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise(resolve => requestAnimationFrame(resolve));
    await new Promise(resolve => setTimeout(resolve, 0));
  }
}

/** Wait (up to 10 s, on a loaded machine) until `node` holds `selector`. */
async function until(node: HTMLElement, selector: string): Promise<void> {
  const end = Date.now() + 10000;
  while (!node.querySelector(selector) && Date.now() < end) {
    await rendered();
  }
}

describe('FindingsModel', () => {
  it('groups by cause, by kind or by cell, and filters by severity', () => {
    const { model, session } = sessionOn([
      'a = 1',
      'b = a * 2',
      'c = b + 1',
      'y = x',
      'x = 1'
    ]);
    runAll(model, session);
    runCell(model, session, 0, 6);
    const m = new FindingsModel();
    let changes = 0;
    m.stateChanged.connect(() => changes++);
    m.session = session;
    const byCause = m.sections[0].cards.map(c => c.type);
    expect(byCause).toContain('stale-chain');
    m.groupBy = 'kind';
    expect(m.sections.map(s => s.title)).toEqual(
      expect.arrayContaining(['Stale (1)', 'Unsafe (1)'])
    );
    m.minSeverity = 'error';
    expect(
      m.sections.every(s => s.cards.every(c => c.severity === 'error'))
    ).toBe(true);
    m.groupBy = 'cell';
    expect(m.sections.map(s => s.title)).toContain('Cell 4 (1)');
    expect(changes).toBe(4);
    // The same report and options give the same sections object (no recomputation).
    expect(m.sections).toBe(m.sections);
    m.dispose();
    session.dispose();
  });
});

describe('LinearizePanel (SidePanel + VDomRenderer, in jsdom)', () => {
  it('renders cards with code, names the cell on each button, and forwards clicks', async () => {
    const { model, session } = sessionOn(['y = x * 2', 'x = 10']);
    runCell(model, session, 1, 1);
    runCell(model, session, 0, 2);
    const actions = recordingActions();
    const panel = new LinearizePanel(actions);
    Widget.attach(panel, document.body);
    panel.session = session;
    await until(panel.node, '.jp-Linearize-finding');
    const node = panel.node;
    expect(node.querySelector('.jp-SidePanel-toolbar')).not.toBeNull();
    expect(
      node.querySelector('select[aria-label="Group findings by"]')
    ).not.toBeNull();
    const ooo = node.querySelector<HTMLElement>(
      '.jp-Linearize-finding.jp-mod-out-of-order'
    )!;
    expect(ooo.dataset.cellId).toBe('c0');
    expect(ooo.textContent).not.toContain('`');
    expect(ooo.querySelector('code')).not.toBeNull();
    const go = [...ooo.querySelectorAll('button')].find(b =>
      b.textContent!.startsWith('Go to')
    )!;
    expect(go.textContent).toBe('Go to cell 1');
    go.click();
    expect(actions.calls).toContain('goto c0');
    const summary = node.querySelector('.jp-Linearize-summary')!.textContent!;
    const m = new FindingsModel();
    m.session = session;
    expect(summary).toContain(
      `${m.counts.issues} issue${m.counts.issues === 1 ? '' : 's'}`
    );
    m.dispose();
    panel.dispose();
    session.dispose();
  });

  it('keeps keyboard focus and unchanged cards across a new report', async () => {
    const { model, session } = sessionOn([
      'y = x * 2',
      'x = 10',
      'a = 1',
      'b = a'
    ]);
    runCell(model, session, 1, 1);
    runCell(model, session, 0, 2);
    const panel = new LinearizePanel(recordingActions());
    Widget.attach(panel, document.body);
    panel.session = session;
    await until(panel.node, '.jp-Linearize-finding.jp-mod-out-of-order');
    const card = panel.node.querySelector<HTMLElement>(
      '.jp-Linearize-finding.jp-mod-out-of-order'
    )!;
    const button = card.querySelector('button')!;
    button.focus();
    expect(document.activeElement).toBe(button);
    // Another run changes the report (cell 3 runs) but not this card.
    runCell(model, session, 2, 3);
    await rendered();
    expect(
      panel.node.querySelector('.jp-Linearize-finding.jp-mod-out-of-order')
    ).toBe(card);
    expect(document.activeElement).toBe(button);
    panel.dispose();
    session.dispose();
  });

  it('does not render while hidden, and catches up when shown', async () => {
    const { model, session } = sessionOn(['y = x * 2', 'x = 10']);
    const panel = new LinearizePanel(recordingActions());
    Widget.attach(panel, document.body);
    panel.hide();
    panel.session = session;
    runCell(model, session, 1, 1);
    runCell(model, session, 0, 2);
    await rendered();
    expect(panel.node.querySelector('.jp-Linearize-finding')).toBeNull();
    panel.show();
    await until(panel.node, '.jp-Linearize-finding');
    expect(panel.node.querySelector('.jp-Linearize-finding')).not.toBeNull();
    panel.dispose();
    session.dispose();
  });

  it('shows a long chain as one card whose cell links are windowed, every cell reachable by keyboard', async () => {
    const n = 120;
    const sources = [
      'a = 1',
      ...Array.from({ length: n }, (_, i) =>
        i === 0 ? 'v0 = a + 1' : `v${i} = v${i - 1} + 1`
      )
    ];
    const { model, session } = sessionOn(sources);
    runAll(model, session);
    runCell(model, session, 0, n + 2);
    const actions = recordingActions();
    const panel = new LinearizePanel(actions);
    Widget.attach(panel, document.body);
    panel.session = session;
    await until(panel.node, '.jp-Linearize-finding');
    const cards = panel.node.querySelectorAll('.jp-Linearize-finding');
    expect(cards).toHaveLength(1);
    expect(cards[0].textContent).toContain(
      `Cell 1 re-ran → ${n} cells out of date`
    );
    // Only a few lines of links are in the DOM, each announced as "k of 120".
    const links = () => [
      ...cards[0].querySelectorAll<HTMLElement>('.jp-Linearize-cellLink')
    ];
    expect(links().length).toBeGreaterThan(0);
    expect(links().length).toBeLessThan(n / 2);
    const items = [...cards[0].querySelectorAll('.jp-Linearize-cells > li')];
    expect(items.map(li => li.getAttribute('aria-setsize'))).toEqual(
      items.map(() => String(n))
    );
    expect(items.map(li => li.getAttribute('aria-posinset'))).toEqual(
      items.map((_, i) => String(i + 1))
    );
    expect(
      cards[0].querySelector('.jp-Linearize-cells')!.getAttribute('role')
    ).toBe('list');
    // End on a link goes to the last cell, rendering it first; it works like any other.
    links()[0].focus();
    press(links()[0], 'End');
    await rendered();
    const last = document.activeElement as HTMLElement;
    expect(last.getAttribute('aria-label')).toBe(`Go to cell ${n + 1}`);
    expect(links().length).toBeLessThan(n / 2);
    last.click();
    expect(actions.calls).toEqual([`goto c${n}`]);
    press(last, 'ArrowLeft');
    await rendered();
    expect(
      (document.activeElement as HTMLElement).getAttribute('aria-label')
    ).toBe(`Go to cell ${n}`);
    const rerun = [...cards[0].querySelectorAll('button')].find(b =>
      b.textContent!.startsWith('Re-run')
    )!;
    expect(rerun.textContent).toBe(`Re-run ${n} cells`);
    rerun.click();
    expect(actions.calls[1].split(',').length).toBe(n);
    panel.dispose();
    session.dispose();
  });
});

/** Give the panel's scrolling content a viewport jsdom does not lay out. */
function viewport(
  panel: LinearizePanel,
  height: number
): { scrollTo(top: number): void } {
  const scroller = panel.node.querySelector<HTMLElement>(
    '.jp-SidePanel-content'
  )!;
  let top = 0;
  Object.defineProperty(scroller, 'clientHeight', { get: () => height });
  Object.defineProperty(scroller, 'scrollTop', {
    get: () => top,
    set: (v: number) => {
      top = v;
    }
  });
  return {
    scrollTo(value: number) {
      top = value;
      scroller.dispatchEvent(new Event('scroll'));
    }
  };
}

/** A key press as the browser sends it (React listens at its root). */
function press(target: HTMLElement, key: string): void {
  target.dispatchEvent(
    new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })
  );
}

/** Cards in the DOM, by their row index in the model. */
function renderedRows(panel: LinearizePanel): number[] {
  return [
    ...panel.node.querySelectorAll<HTMLElement>('.jp-Linearize-finding')
  ].map(el => Number(el.dataset.row));
}

/** 300 cells that each read a name nothing binds: 300 cards, no run needed. */
function manyCards(n = 300) {
  const sources = Array.from({ length: n }, (_, i) => `z${i} = u${i}`);
  const { model, session } = sessionOn(sources);
  void session.report;
  return { model, session, n };
}

describe('the panel with hundreds of cards (windowed)', () => {
  it('renders only the cards in view, with list semantics, and any card once scrolled to', async () => {
    const { session, n } = manyCards();
    const actions = recordingActions();
    const panel = new LinearizePanel(actions);
    Widget.attach(panel, document.body);
    const view = viewport(panel, 600);
    panel.session = session;
    await until(panel.node, '.jp-Linearize-finding');
    const rows = panel.model.rows;
    expect(rows.filter(r => r.type === 'card').length).toBeGreaterThanOrEqual(
      n
    );
    const first = renderedRows(panel);
    expect(first[0]).toBe(0);
    expect(first.length).toBeLessThan(30);
    // Contiguous, each "k of N" in its list.
    expect(first).toEqual(first.map((_, i) => i));
    const list = panel.node.querySelector('.jp-Linearize-findings')!;
    expect(list.getAttribute('role')).toBe('list');
    const li = list.querySelector('li')!;
    expect(li.getAttribute('role')).toBe('listitem');
    expect(li.getAttribute('aria-posinset')).toBe('1');
    expect(li.getAttribute('aria-setsize')).toBe(
      String(rows.filter(r => r.type === 'card').length)
    );
    // Scrolled to the end: the last card is there, the first ones are not, padding
    // stands for them.
    view.scrollTo(1e6);
    await rendered();
    const end = renderedRows(panel);
    expect(end).toContain(rows.length - 1);
    expect(end).not.toContain(0);
    expect(end.length).toBeLessThan(30);
    const groups = panel.node.querySelector<HTMLElement>(
      '.jp-Linearize-groups'
    )!;
    expect(parseFloat(groups.style.paddingTop)).toBeGreaterThan(0);
    const lastCard = panel.node.querySelector<HTMLElement>(
      `.jp-Linearize-finding[data-row="${rows.length - 1}"]`
    )!;
    const go = lastCard.querySelector<HTMLElement>('.jp-Linearize-goto')!;
    expect(go.textContent).toBe(`Go to cell ${n}`);
    go.click();
    expect(actions.calls).toEqual([`goto c${n - 1}`]);
    panel.dispose();
    session.dispose();
  });

  it('moves between cards with the arrow keys, Home and End, rendering them first', async () => {
    const { session } = manyCards();
    const panel = new LinearizePanel(recordingActions());
    Widget.attach(panel, document.body);
    viewport(panel, 600);
    panel.session = session;
    await until(panel.node, '.jp-Linearize-finding');
    const last = panel.model.rows.length - 1;
    const card0 = panel.node.querySelector<HTMLElement>(
      '.jp-Linearize-finding'
    )!;
    card0.focus();
    press(card0, 'ArrowDown');
    await rendered();
    expect((document.activeElement as HTMLElement).dataset.row).toBe('1');
    press(document.activeElement as HTMLElement, 'End');
    await until(panel.node, `.jp-Linearize-finding[data-row="${last}"]`);
    await rendered();
    expect((document.activeElement as HTMLElement).dataset.row).toBe(
      String(last)
    );
    expect(renderedRows(panel)).not.toContain(0);
    press(document.activeElement as HTMLElement, 'ArrowUp');
    await rendered();
    expect((document.activeElement as HTMLElement).dataset.row).toBe(
      String(last - 1)
    );
    press(document.activeElement as HTMLElement, 'Home');
    await until(panel.node, '.jp-Linearize-finding[data-row="0"]');
    await rendered();
    expect((document.activeElement as HTMLElement).dataset.row).toBe('0');
    panel.dispose();
    session.dispose();
  });

  it('keeps focus, the cards in view and the scroll position across a new report', async () => {
    const { model, session } = manyCards();
    const panel = new LinearizePanel(recordingActions());
    Widget.attach(panel, document.body);
    const view = viewport(panel, 600);
    panel.session = session;
    await until(panel.node, '.jp-Linearize-finding');
    view.scrollTo(5000);
    await rendered();
    const before = renderedRows(panel);
    expect(before).not.toContain(0);
    const middle = before[Math.floor(before.length / 2)];
    const card = panel.node.querySelector<HTMLElement>(
      `.jp-Linearize-finding[data-row="${middle}"]`
    )!;
    const button = card.querySelector('button')!;
    button.focus();
    const keys = () =>
      [
        ...panel.node.querySelectorAll<HTMLElement>('.jp-Linearize-finding')
      ].map(el => el.dataset.key);
    const shown = keys();
    const rowsBefore = panel.model.rows.length;
    // A run of the last cell changes the report (a card of cells never run comes first);
    // the cards in view stay as they were, the scroll moves by what was added above.
    runCell(model, session, model.cells.length - 1, 1);
    await rendered();
    const added = panel.model.rows.length - rowsBefore;
    expect(added).toBeGreaterThan(0);
    const scroller = panel.node.querySelector<HTMLElement>(
      '.jp-SidePanel-content'
    )!;
    expect(scroller.scrollTop).toBeGreaterThan(5000);
    expect(document.activeElement).toBe(button);
    expect(button.isConnected).toBe(true);
    expect(keys()).toEqual(shown);
    expect(renderedRows(panel)).toEqual(before.map(r => r + added));
    panel.dispose();
    session.dispose();
  });

  it('filters every card by text, not only those rendered', async () => {
    const { session, n } = manyCards();
    const actions = recordingActions();
    const panel = new LinearizePanel(actions);
    Widget.attach(panel, document.body);
    viewport(panel, 600);
    panel.session = session;
    await until(panel.node, '.jp-Linearize-filter');
    const input = panel.node.querySelector<HTMLInputElement>(
      '.jp-Linearize-filter'
    )!;
    // Type as a user would: React reads the native value setter's input event.
    Object.getOwnPropertyDescriptor(
      HTMLInputElement.prototype,
      'value'
    )!.set!.call(input, `u${n - 1}`);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await rendered();
    const cards = panel.node.querySelectorAll('.jp-Linearize-finding');
    expect(cards).toHaveLength(1);
    expect(cards[0].getAttribute('aria-setsize')).toBe('1');
    cards[0].querySelector<HTMLElement>('.jp-Linearize-goto')!.click();
    expect(actions.calls).toEqual([`goto c${n - 1}`]);
    // A cell number matches that cell only (not cell 10x).
    panel.model.query = 'Cell 1';
    await rendered();
    expect(
      [
        ...panel.node.querySelectorAll<HTMLElement>('.jp-Linearize-finding')
      ].map(c => c.dataset.cellId)
    ).toEqual(['c0']);
    panel.model.query = 'no such text';
    await rendered();
    expect(panel.node.querySelector('.jp-Linearize-finding')).toBeNull();
    expect(panel.node.textContent).toContain('No findings match.');
    expect(panel.node.querySelector('.jp-Linearize-filter')).not.toBeNull();
    panel.dispose();
    session.dispose();
  });

  it('scrolls a marker click to its card far down the list and focuses it', async () => {
    const { session, n } = manyCards();
    const panel = new LinearizePanel(recordingActions());
    Widget.attach(panel, document.body);
    viewport(panel, 600);
    panel.session = session;
    await until(panel.node, '.jp-Linearize-finding');
    await panel.focusCell(`c${n - 2}`);
    await rendered();
    const focused = document.activeElement as HTMLElement;
    expect(focused.dataset.cellId).toBe(`c${n - 2}`);
    expect(focused.classList).toContain('jp-mod-focused');
    panel.dispose();
    session.dispose();
  });
});
