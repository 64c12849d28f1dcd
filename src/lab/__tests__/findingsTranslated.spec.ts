/**
 * The findings' own messages and the export's pillar lines reach the user through the
 * translator too (issue 18): rendered with a bundle that "translates" every msgid into
 * upper case between «», no English word may be left in a panel card, a marker's tooltip,
 * a notification or the export dialog's pillar lines. Names are upper case in the
 * notebooks below, so any lower-case letter is English that bypassed the bundle.
 */
import { Notification } from '@jupyterlab/apputils';
import type { ISharedCodeCell } from '@jupyter/ydoc';
import type { NotebookModel } from '@jupyterlab/notebook';
import type { IExportPlan } from '../../core';
import { causeCards } from '../causes';
import { ExportDialogBody } from '../exportDialog';
import { labPlan, labPrepare } from '../exportSteps';
import { MARKER_CLASS, MarkerPainter, TIP_CLASS } from '../markers';
import { NonLinearNotifier } from '../notifier';
import { contextOf } from '../panelModel';
import { NotebookSession } from '../session';
import { DEFAULT_SETTINGS } from '../settings';
import { snapshotOf } from '../snapshot';
import {
  english,
  panelWith,
  runCell,
  runCells,
  sessionOn,
  shouting
} from './utils';

/** C reads A and B, which cells 2 and 3 below it wrote: one out-of-order finding. */
const SOURCES = ['C = A + B', 'A = 1', 'B = 2'];
const RUNS: [index: number, count: number][] = [
  [1, 1],
  [2, 2],
  [0, 3]
];
/** The message of that finding as the bundle words it, lists included. */
const WORDED =
  '«READ %1 FROM %2 BELOW IT: RESTART & RUN ALL WOULD RUN THIS CELL BEFORE THAT VALUE EXISTS.»'
    .replace('%1', '«%1 AND %2»'.replace('%1', '`A`').replace('%2', '`B`'))
    .replace('%2', '«CELLS %2»'.replace('%2', '«2 AND 3»'));

/** The export dialog of the session's notebook (no server: no git, no data), shouting. */
async function shoutingDialog(
  model: NotebookModel,
  session: NotebookSession
): Promise<{ plan: IExportPlan; body: ExportDialogBody }> {
  const prepared = await labPrepare(
    null,
    'WORK/ANALYSIS.ipynb',
    snapshotOf(model),
    session.record,
    null,
    null
  );
  const plan = labPlan(
    prepared,
    'WORK/ANALYSIS.ipynb',
    'notebook',
    undefined,
    DEFAULT_SETTINGS.exportNames,
    '0.0.0'
  );
  return { plan, body: new ExportDialogBody(plan, prepared, false, shouting) };
}

describe("the findings' messages through the translator", () => {
  beforeEach(() => {
    Notification.dismiss();
  });

  it('words a panel card, list fragments included', () => {
    const { model, session } = sessionOn(SOURCES);
    runCells(model, session, RUNS);
    const cards = causeCards(
      session.report.findings,
      contextOf(session),
      shouting
    );
    const card = cards.find(c => c.kinds.includes('out-of-order'))!;
    expect(card.message).toBe(WORDED);
    for (const c of cards) {
      expect(english(c.message)).toEqual([]);
    }
    session.dispose();
  });

  it("words a marker's tooltip", async () => {
    const panel = await panelWith(SOURCES);
    const session = new NotebookSession(panel.content.model!, {
      ...DEFAULT_SETTINGS,
      kernelCompanion: false
    });
    const painter = new MarkerPainter(
      panel,
      session,
      () => undefined,
      shouting
    );
    session.startKernelSession('k');
    runCells(panel.content.model!, session, RUNS);
    expect(session.report.linear).toBe(false);
    const marker = panel.node.querySelector<HTMLElement>(`.${MARKER_CLASS}`)!;
    marker.dispatchEvent(new MouseEvent('mouseenter'));
    const tip = document.querySelector<HTMLElement>(`.${TIP_CLASS}`)!;
    // The tooltip shows names as <code> without backticks.
    expect(tip.textContent).toContain(WORDED.replace(/`/g, ''));
    const words = Array.from(tip.childNodes)
      .map(n => n.textContent ?? '')
      .join(' ');
    const code = Array.from(tip.querySelectorAll('code')).map(
      c => c.textContent ?? ''
    );
    expect(code).toEqual(expect.arrayContaining(['A', 'B']));
    expect(english(words)).toEqual([]);
    painter.dispose();
    session.dispose();
    panel.dispose();
  });

  it('words the notification a run raises', () => {
    const { model, session } = sessionOn(SOURCES);
    const notifier = new NonLinearNotifier(
      session,
      () => 'DEMO.IPYNB',
      () => undefined,
      shouting
    );
    runCells(model, session, RUNS);
    const toasts = Notification.manager.notifications.filter(n =>
      n.message.includes('DEMO.IPYNB')
    );
    expect(toasts).toHaveLength(1);
    expect(toasts[0].message).toContain(
      '«READ «A AND B» FROM «CELLS «2 AND 3»»'
    );
    // The kind's title as the bundle words it (never re-cased: a language decides its own case).
    expect(toasts[0].message).toContain('«OUT OF ORDER»');
    expect(english(toasts[0].message)).toEqual([]);
    notifier.dispose();
    session.dispose();
  });

  it("words the export dialog's pillar lines", async () => {
    const { model, session } = sessionOn(['X = 1', 'Y = X + 1']);
    runCell(model, session, 0, 1);
    runCell(model, session, 1, 2);
    const { plan, body } = await shoutingDialog(model, session);
    const lines = Array.from(
      body.node.querySelectorAll<HTMLElement>('[data-pillar]')
    ).map(li => li.textContent ?? '');
    expect(lines).toHaveLength(4);
    // File and package names are data, not words.
    const env = plan.pillars.find(p => p.facts.pillar === 'environment')!;
    const names = [
      ...plan.files.map(f => f.name),
      ...(env.facts.pillar === 'environment' ? env.facts.unpinned : [])
    ];
    for (const line of lines) {
      const words = names.reduce((s, n) => s.split(n).join(''), line);
      expect([line, english(words)]).toEqual([line, []]);
    }
    expect(lines.join('\n')).toContain('«NO COMMIT»');
    expect(lines.join('\n')).toContain('«%1 FILES»'.replace('%1', '0'));
    body.dispose();
    session.dispose();
  });

  it("words the parser's detail inside a syntax error", () => {
    const { model, session } = sessionOn(['X = 1', 'print X']);
    runCell(model, session, 0, 1);
    const cards = causeCards(
      session.report.findings,
      contextOf(session),
      shouting
    );
    const card = cards.find(c => c.kinds.includes('syntax-error'))!;
    expect(card.message).toContain(
      '«PYTHON 2 PRINT STATEMENT (USE PRINT(...))»'
    );
    expect(english(card.message)).toEqual([]);
    session.dispose();
  });

  it("words the export dialog's commented-out cells and git line", async () => {
    // Cell 2 ran (a Python 2 kernel, say) but is not Python 3: the export comments it out.
    const { model, session } = sessionOn(['X = 1', 'print X', 'Y = `X`']);
    for (const [i, count] of [
      [0, 1],
      [1, 2],
      [2, 3]
    ]) {
      runCell(model, session, i, count);
      (model.cells.get(i).sharedModel as ISharedCodeCell).execution_count =
        count;
    }
    const { plan, body } = await shoutingDialog(model, session);
    const said = plan.differences.map(f => f.message).join('\n');
    expect(said).toContain('cell 2 ran in the notebook but does not parse');
    const worded = Array.from(body.node.querySelectorAll('ul li')).map(
      li => li.textContent ?? ''
    );
    const commented = worded.filter(w => w.includes('RAN IN THE NOTEBOOK'));
    expect(commented).toHaveLength(2);
    expect(commented.join('\n')).toContain(
      '«PYTHON 2 PRINT STATEMENT (USE PRINT(...))»'
    );
    expect(commented.join('\n')).toContain(
      '«INVALID SYNTAX (BACKTICKS ARE PYTHON 2)»'
    );
    for (const w of commented) {
      expect([w, english(w)]).toEqual([w, []]);
    }
    const git = Array.from(body.node.querySelectorAll('p'))
      .map(p => p.textContent ?? '')
      .filter(text => text.startsWith('«GIT: '));
    expect(git).toEqual(['«GIT: «GIT NOT READ.»»']);
    body.dispose();
    session.dispose();
  });
});
