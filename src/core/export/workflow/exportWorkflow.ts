/**
 * The one export workflow, for the CLI and the lab alike: prepare (record, git provenance,
 * data hashes), plan (the pure `exportNotebook`), write (`writeExport` through a writer) and
 * commit (`commitPlan`), each behind a port the caller brings: a file system for git, a data
 * hasher, a writer. The adapters add only their ports and their UI; the lab shows a dialog
 * between planning and writing, the CLI goes straight through with {@link runExportWorkflow}.
 */
import { scanCells } from '../../verdicts/pillars/pillarFindings';
import { scanNotebook } from '../../verdicts/pillars/scanNotebook';
import { storedParams } from '../../params/storedParams';
import { storedDataReads } from './storedCodeLists';
import { scriptCodeStore } from './storedScriptCode';
import { loadStoredPlan, planKey, saveStoredPlan } from './storedPlan';
import {
  loadStoredFacts,
  saveStoredFacts,
  type IFactsStore
} from '../../verdicts/pillars/storedFacts';
import type { IFingerprint } from '../../companion/types';
import type { IFsLike } from '../../git/ports';
import type { TreeStatus } from '../../git/treeStatus';
import { LinearizeError } from '../../errors';
import { notebookRecord } from '../../record/metadata';
import type { IExecutionRecord, INotebookSnapshot } from '../../types';
import type { IInterpreterAnswer } from '../environment';
import {
  defaultNames,
  exportFileNames,
  exportNotebook
} from '../exportNotebook';
import type {
  ExportOrder,
  IDataFile,
  IEnvInfo,
  IExportNames,
  IExportOptions,
  IExportPlan
} from '../types';
import {
  writeExport,
  type IExportWriter,
  type IWriteResult
} from '../writeExport';
import {
  commitPlan,
  preflightPlan,
  type ICommitOutcome,
  type ICommitPorts
} from './commit';
import { dataManifest } from './dataManifest';
import { DATA_RULE, type IDataRule } from './dataRule';
import { gitFacts, type IGitFacts } from './gitInfo';
import { keepCreatedAt } from './stableManifest';

/** The git side of an export: a file system and the notebook's folder in its namespace. */
export interface IGitPort {
  readonly fs: IFsLike;
  /** The notebook's folder, in `fs`'s namespace. */
  readonly dir: string;
  /** For the commit's author: `process.env` in the CLI, `{}` in the browser. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** What committing needs beyond `fs` and `env` (git's plumbing, the identity). */
  readonly commit?: Pick<ICommitPorts, 'plumbing' | 'identity'>;
  /**
   * `git.dirty` over every tracked file of the repository (the CLI). Without it only the
   * notebook is checked (the lab, whose bridge may not see the whole tree); the manifest's
   * `dirty_policy` says which.
   */
  readonly wholeTree?: boolean;
  /**
   * The output folder in `fs`'s namespace. With `wholeTree`, the files the export writes
   * there are not counted as changes: they are its products, not its inputs, and counting
   * them would give every re-export in a dirty tree a new `diff_sha256`.
   */
  readonly outDir?: string;
  /**
   * With `wholeTree`: the run's kept tree changes, shared by its exports (a CLI run over
   * many notebooks walks the tree once, then only the files its exports wrote).
   */
  readonly status?: TreeStatus;
}

/** Fingerprints of paths relative to the notebook's folder by `rule`; null when unavailable. */
export type DataHasher = (
  paths: readonly string[],
  rule: IDataRule
) => Promise<readonly IFingerprint[] | null>;

/** What one export starts from. */
export interface IExportInput {
  /** The notebook's file name (`demo.ipynb`). */
  readonly notebook: string;
  readonly snapshot: INotebookSnapshot;
  /**
   * The execution record: the lab passes its live one (null: none); when absent it is read
   * from the notebook's metadata, and a record that cannot be read is said and ignored.
   */
  readonly record?: IExecutionRecord | null;
  /**
   * What stands for the snapshot's content, when the caller has it (the CLI: the file's
   * text): with a facts store, the plan is then stored under it and the other inputs, and an
   * unchanged notebook is not planned again (`storedPlan.ts`).
   */
  readonly identity?: string;
}

/** The ports an adapter brings. Null: that step is skipped. */
export interface IExportPorts {
  readonly git: IGitPort | null;
  readonly data: DataHasher | null;
  /** The live kernel's environment, when one runs (the lab's companion). */
  readonly env?: IEnvInfo | null;
  /** The target interpreter's answer about the imported modules (the CLI's `--python`). */
  readonly probe?: IInterpreterAnswer | null;
  /**
   * Facts kept across runs (the CLI's disk cache, shared with `check`): a notebook whose
   * code cells are stored is planned without walking them again, and one that is not is
   * stored for the next run. The same bytes either way.
   */
  readonly facts?: IFactsStore | null;
}

/** Everything known before planning. */
export interface IPreparedExport {
  readonly input: IExportInput;
  readonly record: IExecutionRecord | null;
  readonly git: IGitFacts;
  readonly data: readonly IDataFile[];
  readonly env: IEnvInfo | null;
  readonly probe: IInterpreterAnswer | null;
  /** The facts store to plan from and fill (`IExportPorts.facts`). */
  readonly facts: IFactsStore | null;
  /** The notebook as the manifest names it: relative to the repository root when in one. */
  readonly manifestName: string;
  /** What the user should know (an ignored record, no provenance, data left out). */
  readonly notes: readonly string[];
}

/**
 * Gathers the record, git provenance and data hashes. Never throws. `names`: the output
 * names chosen (`IExportChoices.names`), so that git leaves the export's own files out.
 */
export async function prepareExport(
  input: IExportInput,
  ports: IExportPorts,
  names?: Partial<IExportNames>
): Promise<IPreparedExport> {
  const notes: string[] = [];
  let record: IExecutionRecord | null = input.record ?? null;
  if (input.record === undefined) {
    // The one record rule `check` applies too: a record it rejects is said and ignored.
    const read = notebookRecord(input.snapshot);
    record = read.record;
    if (read.note !== null) {
      notes.push(read.note);
    }
  }
  const sources = input.snapshot.cells
    .filter(c => c.type === 'code')
    .map(c => c.source);
  const [git, fingerprints] = await Promise.all([
    ports.git !== null
      ? gitFacts(
          ports.git.fs,
          ports.git.dir,
          input.notebook,
          ports.git.wholeTree === true,
          ownFiles(ports.git.outDir, input.notebook, names),
          ports.git.status
        )
      : Promise.resolve<IGitFacts>({
          info: null,
          summary: { id: 'not-read' },
          note: null
        }),
    ports.data !== null
      ? ports
          .data(storedDataReads(ports.facts ?? null, sources), DATA_RULE)
          .catch(() => null)
      : Promise.resolve(null)
  ]);
  if (git.note !== null) {
    notes.push(git.note);
  }
  const data = dataManifest(fingerprints ?? [], DATA_RULE);
  notes.push(...data.notes);
  const sub = git.info?.subdirectory ?? null;
  return {
    input,
    record,
    git,
    data: data.data,
    env: ports.env ?? null,
    probe: ports.probe ?? null,
    facts: ports.facts ?? null,
    manifestName:
      sub !== null && sub !== '' && sub !== '.'
        ? `${sub}/${input.notebook}`
        : input.notebook,
    notes
  };
}

/** The files an export writes into `outDir` (none when it is not known). */
function ownFiles(
  outDir: string | undefined,
  notebook: string,
  names: Partial<IExportNames> | undefined
): string[] {
  if (outDir === undefined) {
    return [];
  }
  const all = exportFileNames({ ...defaultNames(notebook), ...names });
  return all.map(name => `${outDir.replace(/\/+$/, '')}/${name}`);
}

/** The user's choices (CLI options, the lab's dialog and settings). */
export interface IExportChoices {
  readonly order: ExportOrder;
  readonly cell?: string;
  readonly ipython?: boolean;
  readonly noParams?: boolean;
  readonly params?: IExportOptions['params'];
  readonly names?: Partial<IExportNames>;
  readonly shellCells?: IExportOptions['shellCells'];
  /** The notebook's folder relative to the output folder (`.` beside it). */
  readonly workdir?: string | null;
  readonly createdAt: string;
  readonly toolVersion: string;
}

/** The plan (pure). Throws the core's typed errors (`NotPythonError`, `ExportOptionsError`). */
export function planExport(
  prepared: IPreparedExport,
  choices: IExportChoices
): IExportPlan {
  const nb = prepared.input.snapshot;
  const store = prepared.facts;
  const key = store !== null ? planKey(prepared, choices) : null;
  if (store !== null && key !== null) {
    const kept = loadStoredPlan(store, key, choices.createdAt);
    if (kept !== null) {
      return kept;
    }
  }
  // With a store: the stored walk (and the cells' facts, seeded into the facts cache) when
  // it holds these cells; otherwise the walk is done here and stored after the plan, once
  // the analysis has computed the facts (as `check` stores them).
  const cells = store !== null ? scanCells(nb) : null;
  const stored =
    store !== null && cells !== null ? loadStoredFacts(store, cells) : null;
  const scan = cells === null ? undefined : (stored ?? scanNotebook(cells));
  // The parameter scan is the one parse of every cell a warm export has left: stored too.
  const paramScan = store !== null ? storedParams(store, nb) : undefined;
  // And what it takes from the script's code (rewritten or not), saved once the plan is made.
  const scriptCode =
    store !== null && cells !== null
      ? scriptCodeStore(
          store,
          cells.map(c => c.source)
        )
      : null;
  const plan = exportNotebook(nb, prepared.record, {
    ...choices,
    scan,
    paramScan,
    scriptCode: scriptCode ?? undefined,
    notebook: prepared.manifestName,
    cell: choices.order === 'slice' ? choices.cell : undefined,
    git: prepared.git.info,
    data: prepared.data,
    env: prepared.env,
    probe: prepared.probe,
    notebookPython: nb.languageVersion ?? null
  });
  if (store !== null && cells !== null && stored === null && scan) {
    saveStoredFacts(store, cells, scan);
  }
  scriptCode?.save();
  if (store !== null && key !== null) {
    saveStoredPlan(store, key, plan);
  }
  return plan;
}

/** Writes a plan (all or nothing). Throws `WouldOverwriteError`, `ExportWriteError`. */
export function writePlan(
  writer: IExportWriter,
  plan: IExportPlan,
  force = false
): Promise<IWriteResult> {
  return writeExport({ writer, plan, force });
}

/** How far one export got. `error` is the first typed error; the steps before it stand. */
export interface IExportOutcome {
  readonly prepared: IPreparedExport;
  readonly plan: IExportPlan | null;
  readonly written: IWriteResult | null;
  readonly commit: ICommitOutcome | null;
  readonly error: LinearizeError | null;
}

/** Where the files go and whether to commit them. */
export interface IExportTarget {
  readonly writer: IExportWriter;
  readonly force?: boolean;
  /** Commit the files: the output folder in the git port's namespace, and the message. */
  readonly commit?: { readonly dir: string; readonly message?: string } | null;
}

/** Prepare, plan, check the commit, write and commit in one go (the CLI). Never throws. */
export async function runExportWorkflow(
  input: IExportInput,
  ports: IExportPorts,
  choices: IExportChoices,
  target: IExportTarget
): Promise<IExportOutcome> {
  const prepared = await prepareExport(input, ports, choices.names);
  let plan: IExportPlan | null = null;
  let written: IWriteResult | null = null;
  try {
    plan = await keepCreatedAt(target.writer, planExport(prepared, choices));
    const commitPorts: ICommitPorts | null =
      target.commit && ports.git !== null
        ? {
            fs: ports.git.fs,
            dir: target.commit.dir,
            env: ports.git.env,
            ...ports.git.commit
          }
        : null;
    // Every commit check runs before a file is written: a refused commit leaves nothing behind.
    const checked =
      commitPorts !== null ? await preflightPlan(commitPorts, plan) : null;
    try {
      written = await writePlan(target.writer, plan, target.force);
    } finally {
      // Whatever it wrote, the next export's provenance looks at these files again.
      ports.git?.status?.touched(
        ownFiles(ports.git.outDir, input.notebook, choices.names)
      );
    }
    const commit =
      commitPorts !== null
        ? await commitPlan(commitPorts, plan, {
            notebook: input.notebook,
            message: target.commit?.message,
            checked
          })
        : null;
    return { prepared, plan, written, commit, error: null };
  } catch (e) {
    return {
      prepared,
      plan,
      written,
      commit: null,
      error: asLinearizeError(e)
    };
  }
}

/** Keeps typed errors; anything else is an internal error (a bug), still typed for the UI. */
export function asLinearizeError(e: unknown): LinearizeError {
  if (e instanceof LinearizeError) {
    return e;
  }
  return new InternalError(
    `internal error: ${e instanceof Error ? e.message : String(e)}`
  );
}

/** Something the core did not expect: a bug to report. */
export class InternalError extends LinearizeError {
  static readonly code = 'InternalError';
}
