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

  it('shows a long chain as one card with a bounded number of cell links', async () => {
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
    expect(cards[0].querySelectorAll('.jp-Linearize-cellLink')).toHaveLength(
      12
    );
    const rerun = [...cards[0].querySelectorAll('button')].find(b =>
      b.textContent!.startsWith('Re-run')
    )!;
    expect(rerun.textContent).toBe(`Re-run ${n} cells`);
    rerun.click();
    expect(actions.calls[0].split(',').length).toBe(n);
    panel.dispose();
    session.dispose();
  });
});
