/**
 * `linearize check [options] <notebook.ipynb|folder>...`: report non-linear execution,
 * hidden state and Restart & Run All failures, for people (default) or machines (`--json`).
 *
 * Exit status: 0 when no finding is at or above `--fail-on` (default `error`: the
 * notebook would fail on Restart & Run All), 1 when some is, 2 for a usage error or any
 * input that could not be read (each named; the others are still checked).
 */
import { Command, Option } from 'commander';
import {
  analyze,
  atLeast,
  isVerdictId,
  KINDS,
  LinearizeError,
  notebookRecord,
  type IFinding,
  type Severity,
  type VerdictId
} from '../../core';
import {
  loadStoredFacts,
  pillarFindings,
  saveStoredFacts,
  scanCells,
  scanNotebook,
  type IFactsStore,
  type IInterpreterInfo,
  type INotebookScan
} from '../../core/verdicts/pillars';
import type { IExecutionRecord, INotebookSnapshot } from '../../core';
import { compareFindings } from '../../core';
import {
  CHECK_FORMATS,
  needsLines,
  writeCheckOutput,
  type CheckFormat
} from '../checkOutput';
import { checkInWorkers, jobCount } from '../checkWorkers';
import { openFactsCache, type DiskCache } from '../diskCache';
import { EXIT } from '../exit';
import { cellSourceLines } from '../formats/sourceLines';
import { nodeFilePort, notebookDir, pinnedOf } from '../pillarsEnv';
import {
  askInterpreter,
  closeInterpreters,
  startInterpreter
} from '../probeSession';
import {
  fileDepsHold,
  fileIdentity,
  interpreterAnswers,
  isRacy,
  lookupResult,
  pinnedHold,
  pinnedPaths,
  recordingPort,
  storeResult,
  type IResultDeps,
  type IResultEntry
} from '../resultCache';
import { progressBar, type IProgress } from '../progress';
import type { ICheckedNotebook } from '../report';
import { runOrder } from '../runOrder';
import { inShard, parseShard, type IShard } from '../shard';
import { MAX_NOTEBOOK_BYTES, readNotebookFileText } from '../readNotebook';
import { codeOnly, strippedNote } from '../stripped';
import { findNotebooks, type IWalkItem } from '../walk';

/** Files larger than this are refused with a message rather than read into memory. */
export const MAX_BYTES = MAX_NOTEBOOK_BYTES;

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Parsed options of `check`. */
export interface ICheckOptions {
  readonly format: CheckFormat;
  /** Only this shard of the files (`--shard I/N`); null for all. */
  readonly shard: IShard | null;
  readonly failOn: Severity;
  readonly only: ReadonlySet<VerdictId> | null;
  readonly ignore: ReadonlySet<VerdictId>;
  /** Use the execution record stored in the notebook (default true). */
  readonly record: boolean;
  readonly progress: boolean;
  /** `--python PATH`: the interpreter the notebook will run with; null for `python3` on PATH. */
  readonly python?: string | null;
  /** `--jobs N`: worker threads (1: none); null or absent to decide from the amount of work. */
  readonly jobs?: number | null;
}

/** What the environment/data verdicts know about the machine, for one run. */
export interface ICheckEnvironment {
  readonly interpreter: IInterpreterInfo | null;
  readonly deliberate: boolean;
  readonly label: string;
  readonly pinned: ReadonlyMap<string, boolean | null>;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description(
      'report non-linear execution, hidden state and Restart & Run All failures'
    )
    .argument('<paths...>', 'notebooks, or folders to search for *.ipynb')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(CHECK_FORMATS)
        .default('text')
    )
    .option('--json', 'short for --format json')
    .option(
      '--shard <I/N>',
      'check only shard I of N (files sorted by path, dealt round-robin)'
    )
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a finding is at or above this severity'
      )
        .choices(SEVERITIES)
        .default('error')
    )
    .option(
      '--only <kinds>',
      `report only these kinds (comma-separated: ${KINDS.join(', ')})`
    )
    .option('--ignore <kinds>', 'do not report these kinds (comma-separated)')
    .option(
      '--no-record',
      'ignore the execution record stored in the notebook (file-only mode)'
    )
    .option('--no-progress', 'never draw a progress bar')
    .option(
      '--jobs <n>',
      'worker threads (1: none; default: one per two cores when there are many notebooks)'
    )
    .option(
      '--python <path>',
      'the interpreter the notebooks will run with (module-missing, env-drift, python-version); default: python3 on PATH'
    )
    .action(async (paths: string[], raw: Record<string, unknown>) => {
      const options = parseOptions(raw);
      process.exitCode =
        options === null ? EXIT.usage : await runCheck(paths, options);
    });
}

/** Validate raw commander options; prints the problem and returns null on a usage error. */
function parseOptions(raw: Record<string, unknown>): ICheckOptions | null {
  const kinds = (value: unknown, flag: string): Set<VerdictId> | null => {
    const set = new Set<VerdictId>();
    for (const k of String(value ?? '')
      .split(',')
      .map(s => s.trim())
      .filter(s => s !== '')) {
      if (!isVerdictId(k)) {
        process.stderr.write(
          `linearize check: unknown kind "${k}" in ${flag} (known: ${KINDS.join(', ')})\n`
        );
        return null;
      }
      set.add(k);
    }
    return set;
  };
  const only =
    raw.only === undefined ? new Set<VerdictId>() : kinds(raw.only, '--only');
  const ignore =
    raw.ignore === undefined
      ? new Set<VerdictId>()
      : kinds(raw.ignore, '--ignore');
  if (only === null || ignore === null) {
    return null;
  }
  if (raw.json === true && raw.format !== 'text' && raw.format !== 'json') {
    process.stderr.write(
      `linearize check: --json and --format ${String(raw.format)} disagree\n`
    );
    return null;
  }
  const jobs =
    raw.jobs === undefined
      ? null
      : /^[1-9]\d{0,2}$/.test(String(raw.jobs))
        ? Number(raw.jobs)
        : NaN;
  if (Number.isNaN(jobs)) {
    process.stderr.write(
      `linearize check: --jobs wants a number from 1 to 999, not "${String(raw.jobs)}"\n`
    );
    return null;
  }
  const shard = typeof raw.shard === 'string' ? parseShard(raw.shard) : null;
  if (typeof shard === 'string') {
    process.stderr.write(`linearize check: ${shard}\n`);
    return null;
  }
  return {
    format: raw.json === true ? 'json' : (raw.format as CheckFormat),
    shard,
    failOn: raw.failOn as Severity,
    only: raw.only === undefined ? null : only,
    ignore,
    record: raw.record !== false,
    progress: raw.progress !== false,
    python: typeof raw.python === 'string' ? raw.python : null,
    jobs
  };
}

/** Check every notebook under `paths`, print the results, and return the exit code. */
export async function runCheck(
  paths: readonly string[],
  options: ICheckOptions
): Promise<number> {
  try {
    return await checkPaths(paths, options);
  } finally {
    // The run's interpreter probe, if one started, has nothing more to answer.
    closeInterpreters();
  }
}

async function checkPaths(
  paths: readonly string[],
  options: ICheckOptions
): Promise<number> {
  const walked = findNotebooks(paths);
  const items = inShard(walked.items, item => item.path, options.shard);
  const bar = progressBar(
    items.length,
    options.progress && options.format === 'text'
  );
  if (items.some(item => item.error === null)) {
    // Python starts while the notebooks are analysed; it is asked once all are loaded.
    startInterpreter(options.python ?? 'python3');
  }
  const cache = openFactsCache();
  // Results still valid from an earlier run; the rest is checked afresh.
  const reused =
    cache === null
      ? items.map(() => null)
      : await reuseResults(items, options, cache);
  const todo = items.filter((_, i) => reused[i] === null);
  const hits = items.length - todo.length;
  reused.forEach((r, i) => {
    if (r !== null) {
      bar.tick(i + 1, r.path);
    }
  });
  const counted: IProgress = {
    tick: (done, label) => bar.tick(hits + done, label),
    done: () => bar.done()
  };
  const jobs = jobCount(options.jobs ?? null, todo.length);
  const checked =
    todo.length === 0
      ? []
      : jobs > 1
        ? await checkInWorkers(todo, options, jobs, cache, counted)
        : await checkHere(todo, options, cache, counted);
  if (typeof checked === 'string') {
    cache?.sweep();
    process.stderr.write(`linearize check: ${checked}\n`);
    return EXIT.usage;
  }
  let next = 0;
  const results = reused.map(r => r ?? fresh(checked[next++], options, cache));
  cache?.sweep();
  bar.done();
  for (const dir of walked.empty) {
    process.stderr.write(`linearize check: no notebook found in ${dir}\n`);
  }
  const failing = results.filter(
    r =>
      r.error === null &&
      r.findings.some(f => atLeast(f.severity, options.failOn))
  ).length;
  writeCheckOutput(results, failing, options.failOn, options.format);
  if (results.length === 0 && walked.items.length > 0) {
    // An empty shard of a non-empty run is normal: more jobs than files.
    return EXIT.ok;
  }
  if (results.length === 0) {
    process.stderr.write('linearize check: no notebook to check\n');
    return EXIT.usage;
  }
  if (results.some(r => r.error !== null)) {
    return EXIT.usage;
  }
  return failing > 0 ? EXIT.findings : EXIT.ok;
}

/**
 * The stored results of `items` that still hold (null for the others): the notebook's file
 * is the same, then every file answer, then (once for all of them) the interpreter's answers
 * and the pinned states. A notebook that fails any is checked afresh.
 */
async function reuseResults(
  items: readonly IWalkItem[],
  options: ICheckOptions,
  cache: DiskCache
): Promise<(ICheckedNotebook | null)[]> {
  const found = items.map(item => {
    if (item.error !== null) {
      return null;
    }
    const entry = lookupResult(cache, item.path, options);
    if (entry === null) {
      return null;
    }
    const dir = notebookDir(item.path);
    return fileDepsHold(entry.deps, nodeFilePort(dir, new Map()), dir)
      ? entry
      : null;
  });
  const candidates = found.filter((e): e is IResultEntry => e !== null);
  if (candidates.length === 0) {
    return items.map(() => null);
  }
  // The same module set a full run asks, so the probe cache answers without Python.
  const modules = new Set<string>();
  const files: string[] = [];
  found.forEach((e, i) => {
    if (e !== null) {
      e.modules.forEach(m => modules.add(m));
      files.push(...pinnedPaths(e.deps, notebookDir(items[i].path)));
    }
  });
  const probe = await askInterpreter(
    options.python ?? 'python3',
    [...modules].sort()
  );
  if (probe.info === null) {
    // Checked afresh, which reports why the interpreter gave no answer.
    return items.map(() => null);
  }
  const info = probe.info;
  const pinned = files.length === 0 ? new Map() : await pinnedOf(files);
  return found.map((e, i) => {
    if (
      e === null ||
      interpreterAnswers(info, e.modules) !== e.interpreter ||
      !pinnedHold(e.deps, nodeFilePort(notebookDir(items[i].path), pinned))
    ) {
      return null;
    }
    return { path: items[i].path, ...e.result };
  });
}

/** A result checked in this run: stored when it can be, returned without what was stored with it. */
function fresh(
  r: ICheckedFresh,
  options: ICheckOptions,
  cache: DiskCache | null
): ICheckedNotebook {
  if (r.resultDeps === undefined) {
    return r;
  }
  const { resultDeps, ...result } = r;
  if (cache !== null && result.error === null) {
    storeResult(cache, result, resultDeps, options);
  }
  return result;
}

/** Checks `items` in this thread; a usage error message when the interpreter cannot run. */
async function checkHere(
  items: readonly IWalkItem[],
  options: ICheckOptions,
  cache: IFactsStore | null,
  bar: IProgress
): Promise<ICheckedNotebook[] | string> {
  // Load every notebook first: the interpreter is asked once, with all their modules.
  const loaded = items.map(item =>
    item.error === null
      ? loadNotebook(item.path, options, cache)
      : unreadable(item.path, item.error)
  );
  const env = await gatherEnvironment(
    loaded.map(l => ('nb' in l ? needsOf(l) : null)),
    options
  );
  if (typeof env === 'string') {
    return env;
  }
  return loaded.map((item, i) => {
    const result = 'nb' in item ? checkLoaded(item, options, env) : item;
    bar.tick(i + 1, item.path);
    return result;
  });
}

/** What a loaded notebook asks of the machine: modules to probe, data files to look up. */
export interface INeeds {
  readonly modules: readonly string[];
  readonly files: readonly string[];
}

export function needsOf(l: ILoaded): INeeds {
  const dir = notebookDir(l.path);
  const files: string[] = [];
  for (const r of l.scan.reads) {
    if (r.path !== null && !r.glob) {
      files.push(r.path.startsWith('/') ? r.path : `${dir}/${r.path}`);
    }
  }
  return { modules: l.scan.imports.map(i => i.module), files };
}

/** A notebook read and parsed, with the top-down scan the pillar verdicts share. */
export interface ILoaded {
  readonly path: string;
  readonly nb: INotebookSnapshot;
  readonly scan: INotebookScan;
  /** The order verdicts, computed right before the scan so both use the same parsed cells. */
  readonly analysed: IAnalysed;
  /** Lines of the `.ipynb` where each cell's source begins, for formats that point at them. */
  readonly lines?: readonly number[];
  /** The file's stat identity before it was read; null when too recent to trust (racy). */
  readonly file: string | null;
}

/** A result checked in this run, with what its stored copy will depend on (none: not storable). */
export interface ICheckedFresh extends ICheckedNotebook {
  readonly resultDeps?: IResultDeps;
}

/**
 * Read and parse one file; never throws. With `cache`, the facts of its code cells come from
 * there when it holds them, and go there when it did not.
 */
export function loadNotebook(
  path: string,
  options: ICheckOptions,
  cache: IFactsStore | null = null
): ILoaded | ICheckedNotebook {
  try {
    const { notebook: nb, text, stat, statAt } = readNotebookFileText(path);
    const cells = scanCells(nb);
    const stored = cache === null ? null : loadStoredFacts(cache, cells);
    const analysed = analyseNotebook(nb, options);
    const scan = stored ?? scanNotebook(cells);
    if (cache !== null && stored === null) {
      saveStoredFacts(cache, cells, scan);
    }
    return {
      path,
      nb,
      analysed,
      scan,
      ...(needsLines(options.format) ? { lines: cellSourceLines(text) } : {}),
      file: isRacy(stat, statAt) ? null : fileIdentity(stat)
    };
  } catch (e) {
    return unreadable(
      path,
      e instanceof LinearizeError
        ? e.message
        : `internal error: ${e instanceof Error ? e.message : String(e)}`
    );
  }
}

/** The order verdicts of one notebook, with the record they used and notes about it. */
interface IAnalysed {
  readonly report: ReturnType<typeof analyze>;
  readonly record: IExecutionRecord | null;
  readonly stripped: string | null;
  readonly notes: readonly string[];
}

function analyseNotebook(
  nb: INotebookSnapshot,
  options: ICheckOptions
): IAnalysed {
  const stripped = strippedNote(nb);
  const notes: string[] = stripped === null ? [] : [stripped];
  let record: IExecutionRecord | null = null;
  if (options.record && stripped === null) {
    const read = notebookRecord(nb);
    if (read.note !== null) {
      notes.push(read.note);
    }
    record = read.record;
  }
  return { report: analyze(nb, record), record, stripped, notes };
}

/**
 * Ask the target interpreter once, and git/DVC once, for every notebook. Returns a usage
 * error message when the interpreter the user named cannot run.
 */
export async function gatherEnvironment(
  needs: readonly (INeeds | null)[],
  options: ICheckOptions
): Promise<ICheckEnvironment | string> {
  const notebooks = needs.filter((n): n is INeeds => n !== null);
  const modules = new Set<string>();
  const files: string[] = [];
  for (const n of notebooks) {
    n.modules.forEach(m => modules.add(m));
    files.push(...n.files);
  }
  const python = options.python ?? 'python3';
  let interpreter: IInterpreterInfo | null = null;
  if (notebooks.length > 0) {
    const probe = await askInterpreter(python, [...modules].sort());
    if (probe.error !== null) {
      if (options.python) {
        return `--python: ${probe.error}`;
      }
      process.stderr.write(
        `linearize check: ${probe.error}: module-missing, env-drift and python-version were not checked (pass --python)\n`
      );
    }
    interpreter = probe.info;
  } else {
    closeInterpreters();
  }
  return {
    interpreter,
    deliberate: Boolean(options.python),
    label: options.python ? `\`${options.python}\`` : 'the default `python3`',
    pinned: await pinnedOf(files)
  };
}

/** Read and analyse one file, without the machine-dependent verdicts. Never throws. */
export function checkFile(
  path: string,
  options: ICheckOptions
): ICheckedNotebook {
  const loaded = loadNotebook(path, options);
  return 'nb' in loaded ? checkLoaded(loaded, options, null) : loaded;
}

/** Analyse one loaded notebook; `env` null leaves the machine-dependent verdicts out. */
export function checkLoaded(
  loaded: ILoaded,
  options: ICheckOptions,
  env: ICheckEnvironment | null
): ICheckedFresh {
  const { path, nb } = loaded;
  try {
    const { report, record, stripped, notes } = loaded.analysed;
    const dir = notebookDir(path);
    // Stored only with every machine answer it used: the interpreter's and the files'.
    const interpreter = env?.interpreter ?? null;
    const recording =
      env === null || interpreter === null || loaded.file === null
        ? null
        : recordingPort(nodeFilePort(dir, env.pinned), dir);
    const modules = needsOf(loaded).modules;
    const pillars = pillarFindings(
      nb,
      env === null
        ? {}
        : {
            files: recording?.port ?? nodeFilePort(dir, env.pinned),
            interpreter: env.interpreter,
            deliberate: env.deliberate,
            interpreterLabel: env.label,
            // What the kernel companion saw when the cells ran (record version 2).
            observed: record?.observed ?? null
          },
      loaded.scan
    );
    const findings = [...report.findings, ...pillars].sort(compareFindings);
    return {
      path,
      linear: report.linear,
      findings: (stripped === null ? findings : codeOnly(findings)).filter(f =>
        keep(f, options)
      ),
      error: null,
      counts: nb.cells.map(c => c.executionCount),
      notes,
      runOrder: runOrder(nb.cells),
      ...(loaded.lines !== undefined ? { lines: loaded.lines } : {}),
      ...(recording === null || interpreter === null || loaded.file === null
        ? {}
        : {
            resultDeps: {
              file: loaded.file,
              modules,
              interpreter: interpreterAnswers(interpreter, modules),
              deps: recording.deps
            }
          })
    };
  } catch (e) {
    if (e instanceof LinearizeError) {
      return unreadable(path, e.message);
    }
    // A bug of ours: say so in one line, no stack trace, and go on with the other files.
    return unreadable(
      path,
      `internal error: ${e instanceof Error ? e.message : String(e)}`
    );
  }
}

function keep(f: IFinding, options: ICheckOptions): boolean {
  return (
    (options.only === null || options.only.has(f.kind)) &&
    !options.ignore.has(f.kind)
  );
}

export function unreadable(path: string, message: string): ICheckedNotebook {
  return {
    path,
    linear: false,
    findings: [],
    error: message,
    counts: [],
    notes: [],
    runOrder: null
  };
}
