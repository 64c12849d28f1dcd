import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { KernelMessage } from '@jupyterlab/services';
import { Widget } from '@lumino/widgets';
import {
  actualCells,
  compareCell,
  describeRunFailure,
  describeVerifyDetail,
  exportNotebook,
  parseDriverResults,
  runOutcome,
  VERIFY_DRIVER,
  type ICellVerify,
  type IVerifyRunEnd,
  type VerifyStatus
} from '../core/export';
import type { TranslationBundle } from '@jupyterlab/translation';
import { el } from './dom';
import { defaultTrans } from './findingText';
import { snapshotOf } from './snapshot';
import type { ILinearizeSessions } from './tokens';

/** Seconds the script may run before the kernel-side runner stops it. */
const TIMEOUT_S = 600;

/**
 * `linearize:verify`: export the notebook (notebook order) and run the script in a fresh
 * Python process started *by the kernel* (`sys.executable`, in the kernel's working
 * folder), so it uses the environment the notebook ran in; then compare each cell's
 * output with the notebook's, by the rules of `linearize verify`.
 *
 * The kernel only starts a subprocess: one silent request whose code runs in a private
 * dictionary, so the user's namespace, history and execution count are untouched.
 */
export async function verifyCurrent(
  app: JupyterFrontEnd,
  sessions: ILinearizeSessions,
  panel: NotebookPanel,
  trans: TranslationBundle = defaultTrans
): Promise<void> {
  const model = panel.content.model;
  const session = sessions.sessionFor(panel);
  const kernel = panel.sessionContext.session?.kernel;
  if (!model || !session) {
    return;
  }
  if (!kernel) {
    Notification.warning(
      trans.__('Verify needs a running kernel: start one, then try again.'),
      {
        autoClose: 5000
      }
    );
    return;
  }
  const nb = snapshotOf(model, { outputs: true });
  let plan;
  try {
    plan = exportNotebook(
      nb,
      session.record.runs.length > 0 ? session.record : null,
      {
        notebook: PathExt.basename(panel.context.path),
        // The runner starts the script in the kernel's folder, the notebook's folder.
        workdir: null,
        createdAt: '1970-01-01T00:00:00Z'
      }
    );
  } catch (e) {
    Notification.error(trans.__('Verify failed: %1', (e as Error).message), {
      autoClose: false
    });
    return;
  }
  const files: Record<string, string> = {
    '_linearize_verify.py': VERIFY_DRIVER
  };
  for (const f of plan.files) {
    files[f.name] = f.text;
  }
  const id = Notification.emit(
    trans.__("Verifying: running the exported script in the kernel's Python…"),
    'in-progress',
    {
      autoClose: false
    }
  );
  let reply: KernelMessage.IExecuteReplyMsg;
  try {
    reply = await kernel.requestExecute(
      {
        code: '',
        silent: true,
        store_history: false,
        allow_stdin: false,
        stop_on_error: false,
        user_expressions: { v: runnerExpression(files, plan.names.script) }
      },
      true
    ).done;
  } catch (e) {
    Notification.update({
      id,
      message: trans.__('Verify failed: %1', (e as Error).message),
      type: 'error',
      autoClose: false
    });
    return;
  }
  const answer = readAnswer(reply);
  if (typeof answer === 'string') {
    Notification.update({
      id,
      message: trans.__('Verify failed: %1', answer),
      type: 'error',
      autoClose: false
    });
    return;
  }
  const records = parseDriverResults(answer.results);
  const setup = records.find(r => r.type === 'setup');
  if (!setup || setup.error) {
    const why = setup?.error
      ? `${setup.error.ename}: ${setup.error.evalue}`
      : answer.stderr.trim().split('\n').slice(-3).join(' ');
    Notification.update({
      id,
      message: trans.__(
        'The script did not start: %1',
        why || trans.__('no output')
      ),
      type: 'error',
      autoClose: false
    });
    return;
  }
  const byId = actualCells(records);
  const cells: ICellVerify[] = [];
  nb.cells.forEach((cell, index) => {
    if (cell.type === 'code') {
      cells.push(compareCell(cell, index, byId.get(cell.id) ?? null));
    }
  });
  // The process's end counts as in the CLI: a script killed, timed out or exiting non-zero
  // after its last cell fails, whatever its cells printed.
  const run = runOutcome(cells, runEnd(answer, records, trans));
  Notification.dismiss(id);
  await showDialog({
    title:
      run.failed === null
        ? trans._n(
            'Verify: %2 of %1 cell reproduces',
            'Verify: %2 of %1 cells reproduce',
            run.compared,
            run.reproduced
          )
        : trans.__(
            'Verify: the script failed (%1)',
            describeRunFailure(run.failed, trans)
          ),
    body: resultBody(cells, answer.python, trans),
    buttons: [Dialog.okButton({ label: trans.__('Close') })]
  });
}

/** What the runner in the kernel answers. */
interface IRunnerAnswer {
  readonly results: string;
  readonly stderr: string;
  readonly python: string;
  /** Exit status (negative: killed by that signal, as Python reports it); null on timeout. */
  readonly code: number | null;
  readonly timedOut: boolean;
}

/** POSIX names of the signals that end a script (Python reports -N; Node names them). */
const SIGNALS: Readonly<Record<number, string>> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  6: 'SIGABRT',
  9: 'SIGKILL',
  11: 'SIGSEGV',
  13: 'SIGPIPE',
  14: 'SIGALRM',
  15: 'SIGTERM'
};

function signalName(n: number, trans: TranslationBundle): string {
  return SIGNALS[n] ?? trans.__('signal %1', n);
}

/** The script's end in the core's terms (`subprocess` gives -N for signal N). */
function runEnd(
  answer: IRunnerAnswer,
  records: ReturnType<typeof parseDriverResults>,
  trans: TranslationBundle
): IVerifyRunEnd {
  const killed = answer.code !== null && answer.code < 0;
  return {
    done: records.some(r => r.type === 'done'),
    status: killed ? null : answer.code,
    signal: killed ? signalName(-(answer.code as number), trans) : null,
    timedOut: answer.timedOut,
    timeout: TIMEOUT_S
  };
}

/** The user expression: exec the runner in a private dict; its repr is the JSON answer. */
function runnerExpression(
  files: Record<string, string>,
  script: string
): string {
  const program = [
    'import json, os, shutil, subprocess, sys, tempfile',
    `files = json.loads(${JSON.stringify(JSON.stringify(files))})`,
    "d = tempfile.mkdtemp(prefix='linearize-verify-')",
    'try:',
    '    for name, text in files.items():',
    "        with open(os.path.join(d, name), 'w', encoding='utf-8') as f:",
    '            f.write(text)',
    "    results = os.path.join(d, 'results.jsonl')",
    "    env = dict(os.environ, MPLBACKEND='Agg', PYTHONIOENCODING='utf-8', PYTHONDONTWRITEBYTECODE='1')",
    '    try:',
    `        p = subprocess.run([sys.executable, '-u', os.path.join(d, '_linearize_verify.py'), os.path.join(d, ${JSON.stringify(script)}), results, os.getcwd()], cwd=os.getcwd(), env=env, capture_output=True, text=True, timeout=${TIMEOUT_S})`,
    '        err, code, timed_out = p.stderr, p.returncode, False',
    '    except subprocess.TimeoutExpired:',
    `        err, code, timed_out = 'timed out after ${TIMEOUT_S} s', None, True`,
    "    out = open(results, encoding='utf-8').read() if os.path.exists(results) else ''",
    'finally:',
    '    shutil.rmtree(d, ignore_errors=True)',
    "result = json.dumps({'results': out, 'stderr': err[-4000:], 'python': sys.executable, 'code': code, 'timedOut': timed_out})"
  ].join('\n');
  return (
    `(lambda g: (exec(${JSON.stringify(program)}, g), ` +
    `type('LinearizeAnswer', (), {'__repr__': lambda s, r=g['result']: r})())[1])({})`
  );
}

function readAnswer(
  reply: KernelMessage.IExecuteReplyMsg
): IRunnerAnswer | string {
  const content = reply.content as {
    status: string;
    user_expressions?: Record<string, unknown>;
  };
  if (content.status !== 'ok') {
    return 'the kernel refused the request';
  }
  const v = content.user_expressions?.v as
    | {
        status?: string;
        ename?: string;
        evalue?: string;
        data?: Record<string, unknown>;
      }
    | undefined;
  if (!v || v.status !== 'ok') {
    return v?.ename
      ? `${v.ename}: ${v.evalue ?? ''}`
      : 'no answer from the kernel';
  }
  try {
    const parsed = JSON.parse(String(v.data?.['text/plain'] ?? ''));
    return {
      results: String(parsed.results ?? ''),
      stderr: String(parsed.stderr ?? ''),
      python: String(parsed.python ?? ''),
      code: typeof parsed.code === 'number' ? parsed.code : null,
      timedOut: parsed.timedOut === true
    };
  } catch {
    return 'the kernel answered something unexpected (is it a Python kernel?)';
  }
}

/** Every status of the core's `VerifyStatus`, in words (a new status fails to compile). */
function statusText(
  trans: TranslationBundle
): Readonly<Record<VerifyStatus, string>> {
  return {
    reproduces: trans.__('reproduces'),
    differs: trans.__('differs'),
    error: trans.__('raises'),
    'not-run': trans.__('not run'),
    'not-compared': trans.__('not compared')
  };
}

function resultBody(
  cells: readonly ICellVerify[],
  python: string,
  trans: TranslationBundle
): Widget {
  const STATUS_TEXT = statusText(trans);
  const node = el('div', 'jp-Linearize-verify');
  node.append(
    el(
      'p',
      'jp-Linearize-note',
      trans.__("Ran with %1 in the notebook's folder.", python)
    )
  );
  const table = el('table', 'jp-Linearize-paramsTable');
  const head = table.createTHead().insertRow();
  for (const h of [trans.__('Cell'), trans.__('Result'), trans.__('Detail')]) {
    head.append(el('th', '', h));
  }
  const body = table.createTBody();
  for (const c of cells) {
    const row = body.insertRow();
    row.className = `jp-Linearize-verifyRow jp-mod-${c.status}`;
    row.insertCell().textContent = String(c.index + 1);
    row.insertCell().textContent = STATUS_TEXT[c.status];
    row.insertCell().textContent =
      c.reason === null ? '' : describeVerifyDetail(c.reason, trans);
  }
  node.append(table);
  return new Widget({ node });
}
