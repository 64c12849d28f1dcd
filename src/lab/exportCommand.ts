import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import {
  asLinearizeError,
  exportErrorAdvice,
  importedModules,
  keepCreatedAt,
  WouldOverwriteError,
  writePlan,
  type DataHasher,
  type ExportOrder,
  type IEnvInfo,
  type IExportPlan
} from '../core';
import {
  contentsWriter,
  labCommit,
  labPlan,
  labPreflight,
  labPrepare
} from './exportSteps';
import { codeSources } from './files';
import { ExportDialogBody } from './exportDialog';
import { defaultTrans } from './findingText';
import type { IBridge } from './io/bridgeFs';
import { snapshotOf } from './snapshot';
import type { ILinearizeSessions } from './tokens';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const VERSION: string = require('../../package.json').version;

/**
 * `linearize:export`: the core's export workflow with the lab's ports (git through the
 * server's bridge, files through the contents API, data and environment from the kernel
 * companion) and the lab's UI: a dialog with the verdict, the files and the git state between
 * planning and writing, a second confirmation before overwriting a file we did not generate,
 * and each typed error shown as such (which files, what to do). A failed commit is its own
 * error notification: the files are written by then.
 */
export async function exportCurrent(
  app: JupyterFrontEnd,
  sessions: ILinearizeSessions,
  panel: NotebookPanel,
  trans: TranslationBundle = defaultTrans,
  hasServerPart = true
): Promise<void> {
  const model = panel.content.model;
  const session = sessions.sessionFor(panel);
  if (!model || !session) {
    return;
  }
  const nbPath = panel.context.path;
  const folder = PathExt.dirname(nbPath);
  const notebook = PathExt.basename(nbPath);
  const companion = sessions.companionFor(session);
  const sources = codeSources(panel);

  const [bridge, env] = await Promise.all([
    hasServerPart ? openBridgeOrNull(app) : Promise.resolve(null),
    companion?.available
      ? companion.environment(importedModules(sources))
      : Promise.resolve(null)
  ]);
  const data: DataHasher | null = companion?.available
    ? async paths => {
        const r = await companion.fingerprints(paths);
        return r.ok ? r.value : null;
      }
    : null;
  const envInfo: IEnvInfo | null =
    env && env.ok
      ? {
          python: `${env.value.implementation} ${env.value.python}`,
          os: env.value.os,
          packages: env.value.packages.map(p => `${p.name}==${p.version}`)
        }
      : null;
  const prepared = await labPrepare(
    bridge,
    nbPath,
    snapshotOf(model),
    session.record.runs.length > 0 ? session.record : null,
    data,
    envInfo
  );
  const plan = (order: ExportOrder): IExportPlan =>
    labPlan(
      prepared,
      nbPath,
      order,
      panel.content.activeCell?.model.id,
      session.settings.exportNames,
      VERSION
    );

  let final: IExportPlan;
  try {
    const first = plan('notebook');
    const body = new ExportDialogBody(first, prepared, bridge !== null, trans);
    const answer = await showDialog({
      title: trans.__('Export %1', notebook),
      body,
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.okButton({ label: trans.__('Export') })
      ],
      focusNodeSelector: 'select'
    });
    if (!answer.button.accept) {
      return;
    }
    const choice = body.choice();
    final = await keepCreatedAt(
      contentsWriter(app.serviceManager.contents, folder),
      choice.order === 'notebook' ? first : plan(choice.order)
    );
    // Every commit check runs before a file is written: a refused commit leaves nothing behind.
    const commitTo = choice.commit ? bridge : null;
    const checked =
      commitTo !== null
        ? await labPreflight(
            commitTo,
            nbPath,
            final,
            choice.includeNotebook ? [notebook] : []
          )
        : null;
    if (!(await writeAsked(app, folder, final, trans))) {
      return;
    }
    const paths = final.files.map(f => PathExt.join(folder, f.name));
    const open = paths.map(p => ({
      label: trans.__('Open %1', PathExt.basename(p)),
      callback: () => void app.commands.execute('docmanager:open', { path: p })
    }));
    const toast = exportedToast(final, trans);
    Notification.emit(toast.message, toast.type, {
      autoClose: 8000,
      actions: open
    });
    if (commitTo !== null) {
      const extra = choice.includeNotebook
        ? [{ path: notebook, content: await savedNotebook(app, panel) }]
        : [];
      // A fresh bridge: the files just written must be read from the server, not a cache.
      const fresh = (await openBridgeOrNull(app)) ?? commitTo;
      const done = await labCommit(fresh, nbPath, final, extra, checked);
      Notification.success(
        done.created
          ? trans.__(
              'Committed %1 on %2.',
              done.commit.slice(0, 10),
              done.branch
            )
          : trans.__(
              'Nothing to commit: %1 already holds these files.',
              done.branch
            ),
        { autoClose: 5000 }
      );
    }
  } catch (e) {
    showError(app, folder, e, trans);
  }
}

/** Writes the plan; asks before overwriting files we did not generate. False: not written. */
async function writeAsked(
  app: JupyterFrontEnd,
  folder: string,
  plan: IExportPlan,
  trans: TranslationBundle
): Promise<boolean> {
  const writer = contentsWriter(app.serviceManager.contents, folder);
  try {
    await writePlan(writer, plan);
    return true;
  } catch (e) {
    if (!(e instanceof WouldOverwriteError)) {
      throw e;
    }
    const files = exportErrorAdvice(e).files.join(', ');
    const again = await showDialog({
      title: trans.__('Overwrite files?'),
      body: trans.__(
        '%1 already exist and were not generated by linearize. Overwrite them?',
        files
      ),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.warnButton({ label: trans.__('Overwrite') })
      ]
    });
    if (!again.button.accept) {
      return false;
    }
    await writePlan(writer, plan, true);
    return true;
  }
}

/** A typed error of the workflow as the user needs it: the title, the message, the files. */
function showError(
  app: JupyterFrontEnd,
  folder: string,
  e: unknown,
  trans: TranslationBundle
): void {
  const error = asLinearizeError(e);
  const advice = exportErrorAdvice(error, trans);
  const text =
    advice.advice === null
      ? trans.__('%1: %2', advice.title, error.said(trans))
      : trans.__('%1: %2 %3', advice.title, error.said(trans), advice.advice);
  Notification.error(text, {
    autoClose: false,
    actions: advice.files.map(name => ({
      label: trans.__('Open %1', PathExt.basename(name)),
      callback: () =>
        void app.commands.execute('docmanager:open', {
          path: PathExt.join(folder, name)
        })
    }))
  });
}

/** The bridge, or null when the server has none (then there is no git: said in the dialog). */
async function openBridgeOrNull(app: JupyterFrontEnd): Promise<IBridge | null> {
  try {
    const { openBridge } = await import('./io/bridgeFs');
    return await openBridge(app.serviceManager.serverSettings);
  } catch {
    return null;
  }
}

/** The notebook as saved on disk, after saving it. */
async function savedNotebook(
  app: JupyterFrontEnd,
  panel: NotebookPanel
): Promise<string> {
  await panel.context.save();
  const saved = await app.serviceManager.contents.get(panel.context.path, {
    content: true,
    format: 'text',
    type: 'file'
  });
  return String(saved.content);
}

/**
 * The toast after an export is written: the files and the verdict, short enough for a toast
 * (JupyterLab cuts messages at 140 characters; each file has its own Open action). Green
 * "success" only when the export reproduces the notebook.
 */
export function exportedToast(
  plan: {
    readonly files: readonly { readonly name: string }[];
    readonly differences: readonly unknown[];
  },
  trans: TranslationBundle
): { message: string; type: 'success' | 'warning' } {
  const verdict =
    plan.differences.length === 0
      ? trans.__('linear')
      : trans._n(
          '%1 finding makes it differ',
          '%1 findings make it differ',
          plan.differences.length
        );
  const message =
    plan.files.length > 1
      ? trans._n(
          'Exported %2 and %1 more file (%3).',
          'Exported %2 and %1 more files (%3).',
          plan.files.length - 1,
          plan.files[0].name,
          verdict
        )
      : trans.__('Exported %1 (%2).', plan.files[0]?.name ?? '', verdict);
  return {
    message,
    type: plan.differences.length === 0 ? 'success' : 'warning'
  };
}
