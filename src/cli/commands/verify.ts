/**
 * `linearize verify <notebook>`: exports the notebook (notebook order, in a temporary folder),
 * runs the script in a fresh Python process cell by cell, and compares what each cell prints
 * and displays with the text outputs saved in the notebook. The comparison rules are those of
 * core `compareOutputs.ts` (addresses, timing lines, warning locations, trailing whitespace
 * ignored), repeated in the help below.
 *
 * Exit status: 0 every compared cell reproduces (or nothing could be compared and the script
 * ran through: outcome `nothing-to-compare`, never "reproduces"); 1 some cell differs, or the
 * script raised or stopped before a cell, compared or not, or its process exited non-zero or
 * was killed; 2 usage error, unreadable or non-Python notebook, no Python, the script's setup
 * failed, or the run timed out.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { LinearizeError } from '../../core';
import {
  compareCell,
  runOutcome,
  exportNotebook,
  VERIFY_DRIVER,
  type ICellVerify,
  type IExportPlan,
  type IVerifyRunEnd,
  type VerifyOutcome
} from '../../core/export';
import {
  actualCells,
  parseDriverResults,
  type IDriverRecord
} from '../../core';
import { findingJson, notebookRecord } from '../../core';
import { readNotebookFile } from '../readNotebook';
import type { IExecutionRecord, IFinding, INotebookSnapshot } from '../../core';
import { modulesToProbe, pillarFindings } from '../../core/verdicts/pillars';
import { EXIT } from '../exit';
import { nodeFilePort, probeInterpreter } from '../pillarsEnv';
import { importedModules } from '../../core';
import { RUNTIME_MODULES, type IInterpreterAnswer } from '../../core';

/** Parsed options of `verify`. */
export interface IVerifyOptions {
  readonly python: string;
  readonly timeout: number;
  readonly params: boolean;
  readonly json: boolean;
  readonly keep: boolean;
  /** Build a new virtual environment from the pinned requirements and run there. */
  readonly freshEnv?: boolean;
}

const HELP_AFTER = `
How: the notebook is exported (notebook order) into a temporary folder; a driver runs the
script with "python -u" in one namespace, one # %% cell at a time, in the notebook's folder
(MPLBACKEND=Agg), capturing stdout and stderr at the file-descriptor level and the text a
kernel would display for each cell's last expression.

Comparison, per code cell, against the saved outputs (stream text, then the text/plain of
display_data and execute_result): line ends normalized, only the text after the last \\r of
a line, ANSI colours removed; object addresses (0x7f...) compare equal; "CPU times:",
"Wall time:" and %timeit result lines dropped; a warning's file:line prefix dropped;
trailing whitespace and leading/trailing blank lines ignored; matplotlib figure
placeholders and outputs without text/plain ignored; a saved error reproduces when the
script raises the same exception type; what a %%capture cell prints is not compared. Cells
that never ran in the notebook are not compared.

Exit status: 0 every compared cell reproduces, or nothing could be compared and the
script ran through ("nothing to compare"); 1 some cell differs, or the script raises or
stops before a cell (also a cell that never ran in the notebook), or its process exits
non-zero or is killed (even after its last cell); 2 usage error, unreadable or non-Python notebook, Python not found, the script's
setup (imports, config) failed, or the run timed out.`;

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      "run the exported script in a fresh Python and compare each cell's output with the notebook's"
    )
    .argument('<notebook>', 'the .ipynb file')
    .option(
      '--python <path>',
      'the Python interpreter to run the script with',
      'python3'
    )
    .option(
      '--timeout <seconds>',
      'stop the run after this many seconds',
      '600'
    )
    .option(
      '--no-params',
      'verify the script without a parameter config (literals stay in the code)'
    )
    .option(
      '--keep',
      'keep the temporary folder with the script and the raw results, and print its path'
    )
    .option(
      '--json',
      'print one JSON document instead of text (src/cli/verify-output.schema.json)'
    )
    .option(
      '--fresh-env',
      'build a new virtual environment (python -m venv) from the pinned requirements (pip, versions of --python) and run the script there'
    )
    .addHelpText('after', HELP_AFTER)
    .action((notebook: string, raw: Record<string, unknown>) => {
      const timeout = Number(raw.timeout);
      if (!Number.isFinite(timeout) || timeout <= 0) {
        process.stderr.write(
          `linearize verify: --timeout must be a positive number of seconds\n`
        );
        process.exitCode = EXIT.usage;
        return;
      }
      process.exitCode = runVerify(notebook, {
        python: String(raw.python),
        timeout,
        params: raw.params !== false,
        json: raw.json === true,
        keep: raw.keep === true,
        freshEnv: raw.freshEnv === true
      });
    });
}

/**
 * `python -m venv DIR/venv`, then `pip install -r requirements` in it: the new
 * environment's Python, or why it could not be built.
 */
function freshEnvironment(
  python: string,
  dir: string,
  requirements: string,
  timeout: number
): { python: string } | { error: string } {
  const venv = join(dir, 'venv');
  const made = spawnSync(python, ['-m', 'venv', venv], {
    encoding: 'utf8',
    timeout: timeout * 1000
  });
  if (made.status !== 0) {
    return {
      error: `python -m venv failed: ${(made.stderr ?? made.error?.message ?? '').trim().split('\n').pop() ?? ''}`
    };
  }
  const bin =
    process.platform === 'win32'
      ? join(venv, 'Scripts', 'python.exe')
      : join(venv, 'bin', 'python');
  const pip = spawnSync(
    bin,
    [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--no-input',
      '-q',
      '-r',
      requirements
    ],
    { encoding: 'utf8', timeout: timeout * 1000, maxBuffer: 64 * 1024 * 1024 }
  );
  if (pip.status !== 0) {
    return {
      error: `pip install -r ${basename(requirements)} failed: ${(pip.stderr ?? pip.error?.message ?? '').trim().split('\n').slice(-3).join(' ')}`
    };
  }
  return { python: resolve(bin) };
}

function fail(message: string): number {
  process.stderr.write(`linearize verify: ${message}\n`);
  return EXIT.usage;
}

/** One line of the driver's results file. */
function readResults(path: string): IDriverRecord[] {
  try {
    return parseDriverResults(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
}

/** Runs the command; returns the exit code. Never throws. */
export function runVerify(
  notebookPath: string,
  options: IVerifyOptions
): number {
  let nb: INotebookSnapshot;
  try {
    nb = readNotebookFile(notebookPath);
  } catch (e) {
    return fail(
      e instanceof LinearizeError ? `${notebookPath}: ${e.message}` : String(e)
    );
  }
  const record: IExecutionRecord | null = notebookRecord(nb).record;
  const nbDir = resolve(dirname(notebookPath));
  let plan: IExportPlan;
  let probe: IInterpreterAnswer | null = null;
  if (options.freshEnv === true) {
    const modules = [
      ...new Set([
        ...importedModules(
          nb.cells.filter(c => c.type === 'code').map(c => c.source)
        ),
        ...RUNTIME_MODULES
      ])
    ].sort();
    const answer = probeInterpreter(options.python, modules);
    if (answer.info === null) {
      return fail(`--fresh-env: ${answer.error ?? 'no answer'}`);
    }
    probe = answer.info;
  }
  try {
    plan = exportNotebook(nb, record, {
      notebook: basename(notebookPath),
      probe,
      noParams: !options.params,
      // The script runs from a temporary folder: point it at the notebook's folder.
      workdir: nbDir,
      createdAt: '1970-01-01T00:00:00Z'
    });
  } catch (e) {
    return fail(
      e instanceof LinearizeError ? `${notebookPath}: ${e.message}` : String(e)
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'linearize-verify-'));
  try {
    for (const f of plan.files) {
      writeFileSync(join(dir, f.name), f.text, 'utf8');
    }
    const driver = join(dir, '_linearize_verify.py');
    const results = join(dir, 'results.jsonl');
    writeFileSync(driver, VERIFY_DRIVER, 'utf8');
    const script = join(dir, plan.names.script);
    let python = options.python;
    if (options.freshEnv === true) {
      const made = freshEnvironment(
        options.python,
        dir,
        join(dir, plan.names.requirements),
        options.timeout
      );
      if ('error' in made) {
        if (!options.keep) {
          rmSync(dir, { recursive: true, force: true });
        }
        return fail(`--fresh-env: ${made.error}`);
      }
      python = made.python;
    }
    const run = spawnSync(python, ['-u', driver, script, results, nbDir], {
      cwd: nbDir,
      env: {
        ...process.env,
        MPLBACKEND: 'Agg',
        PYTHONIOENCODING: 'utf-8',
        PYTHONDONTWRITEBYTECODE: '1'
      },
      timeout: options.timeout * 1000,
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe']
    });
    if (
      run.error !== undefined &&
      (run.error as { code?: string }).code === 'ENOENT'
    ) {
      return fail(
        `cannot run ${options.python}: not found (use --python PATH)`
      );
    }
    const records = readResults(results);
    const setup = records.find(r => r.type === 'setup');
    const timedOut =
      run.error !== undefined &&
      (run.error as { code?: string }).code === 'ETIMEDOUT';
    if (setup === undefined) {
      const why = timedOut
        ? `timed out after ${options.timeout} s`
        : (run.stderr ?? '').trim().split('\n').slice(-5).join('\n  ');
      return fail(
        `the script did not start: ${why || `exit status ${run.status ?? 'unknown'}`}`
      );
    }
    if (setup.error) {
      return fail(
        `the script's setup (imports, parameter config) failed: ${setup.error.ename}: ${setup.error.evalue}` +
          (options.params
            ? ' (try --no-params, or install PyYAML for that Python)'
            : '')
      );
    }
    const byId = actualCells(records);
    const cells: ICellVerify[] = [];
    nb.cells.forEach((cell, index) => {
      if (cell.type === 'code') {
        cells.push(compareCell(cell, index, byId.get(cell.id) ?? null));
      }
    });
    const end: IVerifyRunEnd = {
      done: records.some(r => r.type === 'done'),
      status: run.status,
      signal: run.signal,
      timedOut,
      timeout: options.timeout
    };
    const result = runOutcome(cells, end);
    report(notebookPath, nb, cells, options, {
      ...result,
      end,
      stderr: (run.stderr ?? '').trim()
    });
    if (options.keep) {
      process.stderr.write(`linearize verify: kept ${dir}\n`);
    }
    if (timedOut) {
      process.stderr.write(
        `linearize verify: timed out after ${options.timeout} s\n`
      );
      return EXIT.usage;
    }
    return result.outcome === 'reproduces' ||
      result.outcome === 'nothing-to-compare'
      ? EXIT.ok
      : EXIT.findings;
  } finally {
    if (!options.keep) {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

const MARK: Readonly<Record<ICellVerify['status'], string>> = {
  reproduces: 'ok  ',
  differs: 'DIFF',
  error: 'ERR ',
  'not-run': 'MISS',
  'not-compared': '--  '
};

/**
 * The pillar verdicts (network, randomness, data files); when the script failed, also the
 * environment's, asked of the interpreter that ran it: a name its packages or its Python
 * removed is the commonest reason an old notebook's script raises.
 */
function pillarCauses(
  nb: INotebookSnapshot,
  nbDir: string,
  failedWith: string | null
): IFinding[] {
  const interpreter =
    failedWith === null
      ? null
      : probeInterpreter(failedWith, modulesToProbe(nb)).info;
  return pillarFindings(nb, {
    files: nodeFilePort(nbDir, new Map()),
    interpreter,
    deliberate: interpreter !== null,
    ...(failedWith === null ? {} : { interpreterLabel: `\`${failedWith}\`` })
  }).filter(f => f.severity !== 'info');
}

/** What the run gave, for {@link report}. */
interface IRunResult {
  readonly outcome: VerifyOutcome;
  readonly compared: number;
  readonly reproduced: number;
  /** Why the process failed (non-zero exit, signal, timeout, stopped early), or null. */
  readonly failure: string | null;
  readonly end: IVerifyRunEnd;
  readonly stderr: string;
}

/** The last lines of the script's stderr worth showing when the run failed. */
const STDERR_LINES = 20;

function summaryOf(r: IRunResult): string {
  const counts = `${r.reproduced} of ${r.compared} compared cells reproduce`;
  if (r.outcome === 'nothing-to-compare') {
    return 'nothing to compare: no cell has saved outputs (the script ran through without error)';
  }
  if (r.outcome !== 'fails') {
    return counts;
  }
  return r.failure === null || r.end.done === false
    ? `fails: the script raised or stopped before a cell (${counts})`
    : `fails: the script's process ended badly: ${r.failure} (${counts})`;
}

function report(
  path: string,
  nb: INotebookSnapshot,
  cells: readonly ICellVerify[],
  options: IVerifyOptions,
  r: IRunResult
): void {
  const causes = pillarCauses(
    nb,
    dirname(resolve(path)),
    r.outcome === 'fails' ? options.python : null
  );
  const summary = summaryOf(r);
  // The script's last words, when the process did not end well.
  const stderr =
    r.failure !== null && r.stderr !== ''
      ? r.stderr.split('\n').slice(-STDERR_LINES).join('\n')
      : null;
  if (options.json) {
    // Keys in this order, as src/cli/verify-output.schema.json documents; findings in the
    // one finding shape check --json prints.
    const doc = {
      version: 1,
      path,
      python: options.python,
      outcome: r.outcome,
      reproduces: r.outcome === 'reproduces',
      summary,
      compared: r.compared,
      reproduced: r.reproduced,
      timedOut: r.end.timedOut,
      run: {
        exitStatus: r.end.status,
        signal: r.end.signal,
        completed: r.end.done,
        failure: r.failure,
        stderr
      },
      cells: cells.map(c => ({
        id: c.id,
        index: c.index,
        status: c.status,
        detail: c.detail,
        expected: c.expected,
        actual: c.actual
      })),
      findings: causes.map(findingJson)
    };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return;
  }
  const lines = [`${path}: ${summary} (${options.python})`];
  for (const c of cells) {
    const detail = c.detail !== '' ? `: ${c.detail}` : '';
    lines.push(
      `  ${MARK[c.status]} cell ${c.index + 1} [${c.id}] ${c.status}${detail}`
    );
  }
  if (r.failure !== null) {
    const tail =
      stderr === null ? '' : `: ${stderr.split('\n').slice(-3).join(' | ')}`;
    lines.push(`  the run ended badly (${r.failure})${tail}`);
  }
  if (causes.length > 0) {
    lines.push('  what may keep it from reproducing elsewhere:');
    for (const f of causes) {
      lines.push(`    ${f.severity} ${f.kind}: ${f.message}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
