import {
  NotebookModel,
  type INotebookModel,
  type NotebookPanel
} from '@jupyterlab/notebook';
import { NBTestUtils } from '@jupyterlab/notebook/lib/testutils';
import {
  nullTranslator,
  type TranslationBundle
} from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { NotebookSession } from '../session';
import { DEFAULT_SETTINGS, ILinearizeSettings } from '../settings';

/** A real NotebookModel (nbformat 4.5, ids `c0`, `c1`, …) with code cells. */
export function notebookModel(sources: readonly string[]): NotebookModel {
  const m = new NotebookModel();
  m.sharedModel.insertCells(
    0,
    sources.map((source, i) => ({
      cell_type: 'code',
      source,
      id: `c${i}`,
      metadata: {}
    }))
  );
  return m;
}

/** A session on a fresh model, its kernel session started. */
export function sessionOn(
  sources: readonly string[],
  settings: Partial<ILinearizeSettings> = {}
): { model: NotebookModel; session: NotebookSession } {
  const model = notebookModel(sources);
  const session = new NotebookSession(model, {
    ...DEFAULT_SETTINGS,
    kernelCompanion: false,
    ...settings
  });
  session.startKernelSession('k1');
  return { model, session };
}

/**
 * Record one successful run of cell `c<i>` with its current source, and run its pass at once
 * (reading the report does; in the lab it runs when the reply's count and answers are in).
 */
export function runCell(
  model: INotebookModel,
  session: NotebookSession,
  index: number,
  count: number
): void {
  const cell = model.cells.get(index);
  session.recordRun({
    cellId: cell.id,
    source: cell.sharedModel.getSource(),
    executionCount: count,
    status: 'ok',
    time: 't'
  });
  void session.report;
}

/** Record runs of cells `c<i>`, in order, as `[i, count]` pairs, each as {@link runCell} does. */
export function runCells(
  model: INotebookModel,
  session: NotebookSession,
  runs: readonly (readonly [index: number, count: number])[]
): void {
  for (const [i, count] of runs) {
    runCell(model, session, i, count);
  }
}

/** Run every cell top to bottom, counts 1…n. */
export function runAll(model: NotebookModel, session: NotebookSession): void {
  for (let i = 0; i < model.cells.length; i++) {
    runCell(model, session, i, i + 1);
  }
}

/** A real notebook panel on a mock context, holding code cells `c0`, `c1`, …, attached to the document. */
export async function panelWith(sources: string[]): Promise<NotebookPanel> {
  const context = await NBTestUtils.createMockContext();
  const panel = NBTestUtils.createNotebookPanel(context);
  const model = panel.content.model!;
  model.sharedModel.deleteCellRange(0, model.cells.length);
  model.sharedModel.insertCells(
    0,
    sources.map((source, i) => ({
      cell_type: 'code',
      source,
      id: `c${i}`,
      metadata: {}
    }))
  );
  Widget.attach(panel, document.body);
  return panel;
}

const plain = nullTranslator.load('jupyterlab_linearize');

/** The "translation" of a msgid: upper case, between «» (placeholders survive). */
const shout = (msgid: string): string => `«${msgid.toUpperCase()}»`;

/**
 * A bundle that "translates" every msgid into upper case between «»: with names in upper
 * case too, any lower-case letter left in a view is English that bypassed the bundle.
 */
export const shouting: TranslationBundle = {
  ...plain,
  __: (msgid: string, ...args: unknown[]) => plain.__(shout(msgid), ...args),
  _n: (one: string, many: string, n: number, ...args: unknown[]) =>
    plain._n(shout(one), shout(many), n, ...args)
};

/** English left over: lower-case words outside code (`…` spans). */
export function english(text: string): string[] {
  return text.replace(/`[^`]*`/g, '').match(/[a-z]+/g) ?? [];
}
