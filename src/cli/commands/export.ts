/**
 * `linearize export [options] <notebook...>`: a linear, versionable Python script for each
 * notebook, with its parameter config and provenance manifest, written next to the notebook
 * (or into `-o DIR`). A thin adapter: the core's export workflow (`runExportWorkflow`) plans,
 * hashes, writes and commits; this command brings Node's ports (file system, writer, data
 * hasher), reads the options and prints the outcome.
 *
 * Exit status: 0 when every export was written and nothing makes it differ from what the
 * notebook showed; 1 when written but the notebook is not linear (the findings that make
 * the script differ are printed and recorded in the manifest); 2 for a usage error, an
 * unreadable or non-Python notebook, a refused overwrite, a failed write or commit.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import {
  asLinearizeError,
  defaultNames,
  LinearizeError,
  runExportWorkflow,
  TreeStatus,
  type ExportOrder,
  type ShellCellPolicy
} from '../../core';
import type { IExportWriter } from '../../core/export';
import type { IFactsStore } from '../../core/verdicts/pillars';
import { openFactsCache } from '../diskCache';
import { EXIT } from '../exit';
import { creatingFolder, posix, probeFor, workdirFor } from '../exportPorts';
import { closeInterpreters } from '../probeSession';
import {
  checkUsage,
  collect,
  HELP_AFTER,
  type IExportCliOptions
} from '../exportOptions';
import {
  exportJson,
  formatExportOutcome,
  type IExportOutcomeReport
} from '../exportReport';
import { nodeDataHasher } from '../nodeData';
import { cliAuthor, gitPlumbing, nodeFs } from '../nodeFs';
import { FolderBatch } from '../folderBatch';
import { nodeWriter } from '../nodeWriter';
import { readNotebookFileText } from '../readNotebook';
import { inShard, parseShard } from '../shard';
import { VERSION } from '../version';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'export a linear, versionable script with its config and provenance manifest'
    )
    .argument('<notebooks...>', 'the .ipynb file(s)')
    .option(
      '-o, --output-dir <dir>',
      'write the files into DIR (created if missing) instead of next to each notebook'
    )
    .addOption(
      new Option('--order <order>', 'which cells, in which order')
        .choices(['notebook', 'history', 'slice'])
        .default('notebook')
    )
    .option(
      '--cell <id>',
      'with --order slice: the cell whose result the script computes'
    )
    .option(
      '--name <stem>',
      'file names <stem>.py, <stem>.params.yaml, <stem>.repro.yaml (one notebook only)'
    )
    .option(
      '--commit',
      'commit the exported files on the current branch (other staged changes stay staged)'
    )
    .option('-m, --message <text>', 'with --commit: the commit message')
    .option(
      '--ipython',
      'keep IPython semantics (get_ipython() calls): run the script with ipython'
    )
    .option(
      '--no-params',
      'do not extract parameters: no config file, literals stay in the code'
    )
    .option(
      '--include <glob>',
      'extract only parameters whose key matches GLOB (repeatable)',
      collect,
      []
    )
    .option(
      '--exclude <glob>',
      'do not extract parameters whose key matches GLOB (repeatable)',
      collect,
      []
    )
    .addOption(
      new Option(
        '--shell-cells <policy>',
        '%%bash/%%sh cells: run them, or comment them out'
      )
        .choices(['run', 'comment'])
        .default('run')
    )
    .option('--no-git', 'do not read git provenance')
    .option('--no-data', 'do not hash the data files the code reads')
    .option(
      '--python <path>',
      'pin the imported packages at the versions this interpreter has (env.packages, <stem>.requirements.txt); default: python3 on PATH'
    )
    .option('--no-env', 'ask no interpreter: nothing pinned')
    .option(
      '--force',
      'overwrite files even if linearize did not generate them'
    )
    .option('--json', 'print one JSON document instead of text')
    .option(
      '--shard <I/N>',
      'export only shard I of N (files sorted by path, dealt round-robin)'
    )
    .addHelpText('after', HELP_AFTER)
    .action(async (all: string[], raw: Record<string, unknown>) => {
      const shard =
        typeof raw.shard === 'string' ? parseShard(raw.shard) : null;
      if (typeof shard === 'string') {
        process.stderr.write(`linearize export: ${shard}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      const notebooks = inShard(all, p => p, shard);
      const options: IExportCliOptions = {
        outputDir:
          typeof raw.outputDir === 'string' ? raw.outputDir : undefined,
        order: raw.order as ExportOrder,
        cell: typeof raw.cell === 'string' ? raw.cell : undefined,
        name: typeof raw.name === 'string' ? raw.name : undefined,
        commit: raw.commit === true,
        message: typeof raw.message === 'string' ? raw.message : undefined,
        ipython: raw.ipython === true,
        params: raw.params !== false,
        include: (raw.include as string[]) ?? [],
        exclude: (raw.exclude as string[]) ?? [],
        shellCells: raw.shellCells as ShellCellPolicy,
        git: raw.git !== false,
        data: raw.data !== false,
        force: raw.force === true,
        json: raw.json === true,
        python:
          raw.env === false
            ? false
            : typeof raw.python === 'string'
              ? raw.python
              : null
      };
      process.exitCode = await runExport(notebooks, options);
    });
}

/** Runs the command; returns the exit code. Never throws. */
export async function runExport(
  notebooks: readonly string[],
  options: IExportCliOptions
): Promise<number> {
  const usage = checkUsage(notebooks, options);
  if (usage !== null) {
    process.stderr.write(`linearize export: ${usage}\n`);
    return EXIT.usage;
  }
  // The facts `check` keeps (and export adds to): a notebook checked or exported before is
  // planned without walking its code again.
  const facts = openFactsCache();
  let outcomes: IExportOutcomeReport[];
  try {
    outcomes = await exportAll(notebooks, options, facts);
  } finally {
    // The run's interpreter probe (one for every notebook) has nothing more to answer.
    closeInterpreters();
  }
  facts?.sweep();
  if (options.json) {
    process.stdout.write(`${JSON.stringify(exportJson(outcomes), null, 2)}\n`);
  } else {
    for (const o of outcomes) {
      if (o.error !== null) {
        process.stderr.write(
          `linearize export: ${o.path}: ${o.error.message}\n`
        );
      }
      process.stdout.write(formatExportOutcome(o));
    }
  }
  if (outcomes.some(o => o.error !== null)) {
    return EXIT.usage;
  }
  return outcomes.some(o => (o.plan?.differences.length ?? 0) > 0)
    ? EXIT.findings
    : EXIT.ok;
}

/**
 * How many exports run at once: while one waits for its flushes (a disk's slowest part), the
 * next is read and planned. A handful is enough to keep the disk and one core busy.
 */
const IN_FLIGHT = 4;

/**
 * Every notebook's outcome, in the given order. The exports into one folder run one after
 * the other, in that order (each sees what the one before wrote, as in a run of one at a
 * time); up to {@link IN_FLIGHT} folders are exported at once. With `--commit`, one at a
 * time: commits share the repository's index. Without git and data provenance (which read
 * the folder's files from outside the writer), a folder's exports are written in batches
 * (`FolderBatch`): the next export is planned while the one before waits to be written.
 */
async function exportAll(
  notebooks: readonly string[],
  options: IExportCliOptions,
  facts: IFactsStore | null
): Promise<IExportOutcomeReport[]> {
  const outcomes: IExportOutcomeReport[] = new Array(notebooks.length);
  const folders = new Map<string, number[]>();
  notebooks.forEach((path, i) => {
    const key = options.commit
      ? ''
      : folderKey(resolve(options.outputDir ?? dirname(path)));
    const list = folders.get(key);
    if (list === undefined) {
      folders.set(key, [i]);
    } else {
      list.push(i);
    }
  });
  const batched = !options.commit && !options.git && !options.data;
  // git status of the whole tree, walked once for the run (then the files it wrote).
  const status = new TreeStatus();
  const queue = [...folders.values()];
  const lane = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (!batched) {
        for (const i of next) {
          outcomes[i] = await exportOne(
            notebooks[i],
            options,
            facts,
            null,
            status
          );
        }
        continue;
      }
      const batch = new FolderBatch(
        outDirOf(notebooks[next[0]], options),
        options.force
      );
      const runs: Promise<void>[] = [];
      for (const i of next) {
        let joined = (): void => {};
        const inBatch = new Promise<void>(done => (joined = done));
        const run = exportOne(
          notebooks[i],
          options,
          facts,
          batch.writer(joined),
          status
        );
        runs.push(run.then(o => void (outcomes[i] = o)));
        // On to the next notebook once this one's files are in the batch (or it ended
        // without writing).
        await Promise.race([run, inBatch]);
        if (batch.full) {
          await batch.flush();
        }
      }
      await batch.flush();
      await Promise.all(runs);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, queue.length) }, lane)
  );
  return outcomes;
}

/** One key per folder, however it is spelled (links resolved where the path exists). */
function folderKey(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    const parent = dirname(dir);
    return parent === dir ? dir : join(folderKey(parent), basename(dir));
  }
}

/** Where `path`'s export goes. */
function outDirOf(path: string, options: IExportCliOptions): string {
  return resolve(options.outputDir ?? dirname(path));
}

/**
 * Reads, then runs the core's workflow on Node's ports (`writer`: a batch's, or null for
 * one of its own). Never throws.
 */
async function exportOne(
  path: string,
  options: IExportCliOptions,
  facts: IFactsStore | null,
  writer: IExportWriter | null,
  status: TreeStatus
): Promise<IExportOutcomeReport> {
  const outDir = outDirOf(path, options);
  const none = { plan: null, written: null, commit: null, notes: [] };
  let snapshot;
  let digest: string | undefined;
  try {
    ({ notebook: snapshot, digest } = readNotebookFileText(path, {
      digest: true
    }));
  } catch (e) {
    return { path, outDir, ...none, error: asLinearizeError(e) };
  }
  const nbDir = resolve(dirname(path));
  const probeNotes: string[] = [];
  const probe = await probeFor(snapshot, options.python, probeNotes, facts);
  if (typeof probe === 'string') {
    return { path, outDir, ...none, error: new LinearizeError(probe) };
  }
  const outcome = await runExportWorkflow(
    // The file's digest stands for the snapshot (read from its bytes alone): a stored plan
    // is keyed by it. Hashing the bytes once costs a third of hashing the decoded text.
    { notebook: basename(path), snapshot, identity: digest },
    {
      git: options.git
        ? {
            fs: nodeFs,
            dir: posix(nbDir),
            env: process.env,
            wholeTree: true,
            outDir: posix(outDir),
            status,
            commit: {
              plumbing: gitPlumbing(),
              identity: gitdir => cliAuthor(gitdir)
            }
          }
        : null,
      data: options.data ? nodeDataHasher(nbDir) : null,
      probe,
      facts
    },
    {
      order: options.order,
      cell: options.cell,
      ipython: options.ipython,
      noParams: !options.params,
      params: { include: options.include, exclude: options.exclude },
      names:
        options.name !== undefined
          ? defaultNames(`${options.name}.ipynb`)
          : undefined,
      shellCells: options.shellCells,
      workdir: workdirFor(outDir, nbDir),
      createdAt: new Date().toISOString(),
      toolVersion: VERSION
    },
    {
      writer: creatingFolder(
        outDir,
        writer ?? nodeWriter(outDir, { force: options.force })
      ),
      force: options.force,
      commit: options.commit
        ? { dir: posix(outDir), message: options.message }
        : null
    }
  );
  return {
    path,
    outDir,
    plan:
      outcome.plan === null
        ? null
        : {
            ...outcome.plan,
            files: outcome.plan.files.map(f => ({ name: f.name }))
          },
    written: outcome.written,
    commit: outcome.commit,
    notes: [...outcome.prepared.notes, ...probeNotes],
    error: outcome.error
  };
}
