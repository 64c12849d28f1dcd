/**
 * Plain data of the export (shared/design/export-rules.md): what goes in, what comes out.
 * `exportNotebook` turns a notebook (plus its execution record) into an {@link IExportPlan};
 * `writeExport` writes a plan through an {@link ExportWriter}. Nothing here does IO.
 */
import type { IParamsResult, ISelection } from '../params';
import type { CommentedOutCause } from '../parse/syntaxProblem';
import type { IInterpreterAnswer } from './environment';
import type { IPillarLine } from './pillars';
import type { IFinding, IReport, RunStatus } from '../types';
import type { INotebookScan } from '../verdicts/pillars/scanNotebook';

/** Which cells go into the script, in which order. */
export type ExportOrder = 'notebook' | 'history' | 'slice';

/** What to do with `%%bash` / `%%sh` / `%%script` cells (export-rules §1: "a setting"). */
export type ShellCellPolicy = 'run' | 'comment';

/** One piece of the script, before translation: a cell, or one run of a cell. */
export interface IExportUnit {
  readonly type: 'code' | 'markdown' | 'raw';
  readonly cellId: string;
  /** 0-based position in the current notebook; null when the cell was deleted. */
  readonly cellIndex: number | null;
  /** The source to export (the current source, or the exact source of a run). */
  readonly source: string;
  /** History and slice orders: the run's sequence number in the record. */
  readonly seq?: number;
  /** History and slice orders: how the run ended. An `error` run is exported commented out. */
  readonly status?: RunStatus;
  /** A short note for the cell marker line (`run 12`, `deleted`, `edited since`). */
  readonly note?: string;
  /** Null when the source could not be recovered (a hand-edited record). */
  readonly missing?: boolean;
}

/** Why something in the export needs a person's attention. Stable codes: they appear in `--json`. */
export type ExportWarningCode =
  /** The cell does not parse as Python 3: exported commented out. */
  | 'syntax-error'
  /** An IPython construct with no plain-Python equivalent: commented out, its effect is missing. */
  | 'untranslated'
  /** `!pip install` / `%pip install`: commented out, listed as a requirement. */
  | 'requirement'
  /** `x = !cmd`: a plain list, IPython's `SList` helpers (`.s`, `.n`, `.grep`) are absent. */
  | 'slist'
  /** `%run other.ipynb`: another notebook this one depends on. */
  | 'notebook-dependency'
  /** The cell reads `_`, `Out[3]`, `In[-1]`…: ask the user to name the value. */
  | 'history-var'
  /** The cell calls `get_ipython()` or another name only IPython provides. */
  | 'needs-ipython'
  /** A shell cell commented out because of the `shellCells: "comment"` setting. */
  | 'shell-commented'
  /** A run that raised in the kernel (history and slice orders): exported commented out. */
  | 'errored-run'
  /** The record lacks the source of a run. */
  | 'missing-source'
  /** A `# %%` line inside a string literal: kept (changing it would change the value). */
  | 'marker-in-string'
  /** An older version of a cell (history order): its literals are not read from the config. */
  | 'params-not-applied'
  /** Slicing without a usable record, or with a cell that did not run: sliced in notebook order. */
  | 'slice-fallback'
  /** A note about the export as a whole. */
  | 'note';

/** One warning of the export. */
export interface IExportWarning {
  readonly code: ExportWarningCode;
  readonly message: string;
  /** The cell concerned, when there is one. */
  readonly cellId: string | null;
  readonly cellIndex: number | null;
  /** 1-based line in the cell's source, when known. */
  readonly line: number | null;
  /** `syntax-error` only: why, as data (the lab words it through its translator). */
  readonly cause?: CommentedOutCause;
}

/** Git facts for the manifest (export-rules §5), computed by the caller (the git core). */
export interface IGitInfo {
  /** 40-hex HEAD, or null when the repository has no commit yet. */
  readonly commit: string | null;
  /** Null on a detached HEAD. */
  readonly branch: string | null;
  /** The first remote's URL, credentials stripped; null without a remote. */
  readonly remote_url: string | null;
  readonly dirty: boolean | null;
  /** Which definition of dirty was used: tracked files only, or untracked files too. */
  readonly dirty_policy: string | null;
  /** sha256 of the uncommitted diff when dirty. */
  readonly diff_sha256: string | null;
  /** The notebook's folder relative to the repository root (`.` at the root). */
  readonly subdirectory: string | null;
}

/** A data file the code reads (DVC's `deps` names, so `dvc add` agrees). */
export interface IDataFile {
  readonly path: string;
  /** md5 of the bytes; for a folder, DVC's `<md5>.dir` of its listing; null when not hashed. */
  readonly md5: string | null;
  readonly size: number | null;
  /** Folders only: the number of files below it. */
  readonly nfiles?: number;
  /** The file does not exist at export time (listed, never dropped). */
  readonly missing?: boolean;
  /** The config key that names this path (`data.read_csv.path`): a run may read another file. */
  readonly param?: string;
}

/** A file the code writes (`to_csv`, `savefig`, `joblib.dump`…): the manifest's `outputs[]`. */
export interface IOutputFile {
  readonly path: string;
  /** The config key that names this path, or null. */
  readonly param: string | null;
}

/** A network read: the manifest's `sources[]`. */
export interface ISource {
  readonly url: string;
  readonly param: string | null;
}

/** A seed the code sets: the manifest's `seeds[]`. */
export interface ISeed {
  /** The seeding call as written (`np.random.seed`), the call given `random_state=`, or the name. */
  readonly call: string;
  /** `random_state` for a keyword, null for a positional seed or an assignment. */
  readonly keyword: string | null;
  /** The literal as written (`13`). */
  readonly value: string;
  readonly param: string | null;
}

/** The environment of the live kernel, when one runs. */
export interface IEnvInfo {
  /** The kernel's Python, or the notebook's saved `language_info.version`. */
  readonly python: string | null;
  /** The interpreter the export was pinned for (`--python`), when one was asked. */
  readonly target_python?: string | null;
  readonly os: string | null;
  /** `name==version`, sorted. */
  readonly packages: readonly string[];
}

/** File names of an export, relative to the output folder. */
export interface IExportNames {
  readonly script: string;
  readonly params: string;
  readonly manifest: string;
  /** `<stem>.requirements.txt`: the pinned distributions. */
  readonly requirements: string;
  /** `<stem>.Dockerfile`: the container recipe. */
  readonly dockerfile: string;
}

/** Options of `exportNotebook`. */
export interface IExportOptions {
  /**
   * The notebook as the manifest names it (a path relative to the repository root, or its
   * file name). The script header uses only its base name, so the script does not depend on
   * where the notebook lives.
   */
  readonly notebook: string;
  /** Default `notebook`. */
  readonly order?: ExportOrder;
  /** The cell whose result `slice` keeps. */
  readonly cell?: string;
  /** Keep IPython semantics (`get_ipython().run_line_magic(...)`) for `ipython script.py`. */
  readonly ipython?: boolean;
  /** Do not extract parameters: no `.params.yaml`, literals stay in the code. */
  readonly noParams?: boolean;
  /** Which parameters to extract (glob patterns on keys). */
  readonly params?: ISelection;
  /** Output file names; default `<stem>.py`, `<stem>.params.yaml`, `<stem>.repro.yaml`. */
  readonly names?: Partial<IExportNames>;
  /** Default `run`. */
  readonly shellCells?: ShellCellPolicy;
  /**
   * The notebook's folder relative to the script's folder (`.` when they are the same, the
   * default), or an absolute path. The script changes into it before the first cell, as a
   * kernel starts in the notebook's folder; null to leave the working directory alone.
   */
  readonly workdir?: string | null;
  readonly git?: IGitInfo | null;
  readonly data?: readonly IDataFile[];
  readonly env?: IEnvInfo | null;
  /** The notebook's saved `language_info.version`, when `env` (a live kernel) is absent. */
  readonly notebookPython?: string | null;
  /** The target interpreter's answer about the imported modules (`--python`), when asked. */
  readonly probe?: IInterpreterAnswer | null;
  /** ISO 8601 time for `created_at`: the manifest is the only file with a time. */
  readonly createdAt: string;
  /** `tool.version` (the CLI and the lab pass the package version). */
  readonly toolVersion?: string;
  /**
   * `scanNotebook(scanCells(nb))` when the caller already has it (a stored walk, see
   * `loadStoredFacts`): the export then does not walk the code again. Never changes a byte.
   */
  readonly scan?: INotebookScan;
  /**
   * `findParams(nb)` when the caller already has it (a stored scan, see `storedParams`): the
   * export then does not parse the cells for it. Never changes a byte.
   */
  readonly paramScan?: IParamsResult;
  /**
   * What the export takes from the script's code, when the caller keeps it (see
   * `scriptCodeStore`): called instead of computing it. Never changes a byte.
   */
  readonly scriptCode?: IScriptCode;
}

/** What the export takes from the script's code sources (code units, in order). */
export interface IScriptCode {
  /** `resolveDataPaths(sources).writes`: the files the code writes. */
  readonly writes: (sources: readonly string[]) => readonly string[];
  /** `importedModules(sources)`: the units to install the code imports (see importUnits). */
  readonly imports: (sources: readonly string[]) => readonly string[];
  /**
   * Whether the store holds what the export takes from `sources` (their imports, and the
   * emitter's facts): then none of them needs parsing.
   */
  readonly stored: (sources: readonly string[]) => boolean;
}

/** One file of a plan. */
export interface IPlanFile {
  /** Relative to the output folder. */
  readonly name: string;
  /** LF line ends, one final newline. */
  readonly text: string;
}

/** The verdict part of the manifest. */
export interface IManifestVerdict {
  readonly linear: boolean;
  /** Whether the verdict used the execution record (false: file-only mode). */
  readonly recorded: boolean;
  readonly findings: readonly {
    readonly kind: string;
    readonly severity: string;
    readonly cell: string | null;
    readonly index: number | null;
    readonly names: readonly string[];
    readonly message: string;
  }[];
}

/** The provenance manifest (export-rules §5), field for field. */
export interface IManifest {
  readonly git: IGitInfo;
  readonly source: {
    readonly notebook: string;
    readonly notebook_sha256: string;
    readonly verdict: IManifestVerdict;
  };
  readonly params: {
    readonly file: string | null;
    readonly sha256: string | null;
  };
  readonly data: readonly IDataFile[];
  readonly sources: readonly ISource[];
  readonly outputs: readonly IOutputFile[];
  readonly seeds: readonly ISeed[];
  readonly env: IEnvInfo;
  readonly tool: { readonly name: string; readonly version: string };
  readonly created_at: string;
}

/** What `exportNotebook` returns: jupytext's `writes`, for three files. */
export interface IExportPlan {
  /** The script, then the config (unless `noParams`), then the manifest. */
  readonly files: readonly IPlanFile[];
  readonly names: IExportNames;
  readonly manifest: IManifest;
  readonly warnings: readonly IExportWarning[];
  /** The analyser's report on the notebook. */
  readonly verdict: IReport;
  /**
   * The findings that make this export differ from what the user saw (empty when linear):
   * for the CLI output, the JupyterLab dialog and the manifest.
   */
  readonly differences: readonly IFinding[];
  /** Packages the notebook installs with `!pip install` / `%pip install` (never run by the script). */
  readonly requirements: readonly string[];
  readonly order: ExportOrder;
  /** How many cells (or runs) the script holds. */
  readonly cells: number;
  /** The four pillars at a glance (code, config, environment, data), with what is missing. */
  readonly pillars: readonly IPillarLine[];
}
