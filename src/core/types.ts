/**
 * Plain data shared by every part of the core, the JupyterLab plugins and the CLI.
 *
 * Nothing here knows about JupyterLab or Node: a snapshot is what a notebook *is*
 * for the analysis, whichever front end produced it.
 */

import type { SyntaxProblem } from './parse/syntaxProblem';
import type { FindingText } from './verdicts/messages';

/** The cell kinds of nbformat. */
export type CellType = 'code' | 'markdown' | 'raw';

/** One saved output, reduced to what the analysis and `verify` compare. */
export interface IOutputSnapshot {
  readonly type: 'stream' | 'execute_result' | 'display_data' | 'error';
  /** `text/plain` (or the stream text) when present. */
  readonly text?: string;
  /** For errors. */
  readonly ename?: string;
  readonly evalue?: string;
}

/** A cell as the analysis sees it. */
export interface ICellSnapshot {
  /** nbformat 4.5 cell id; for older files a stable id derived from the position (`cell-<index>`). */
  readonly id: string;
  readonly type: CellType;
  readonly source: string;
  /** Saved execution count (`prompt_number` in nbformat 3); null when never run. */
  readonly executionCount: number | null;
  readonly outputs: readonly IOutputSnapshot[];
  /** `metadata.tags` (papermill's `parameters` tag lives here). */
  readonly tags: readonly string[];
}

/** A notebook as the analysis sees it: display order, current sources. */
export interface INotebookSnapshot {
  /** nbformat major and minor version of the file it came from. */
  readonly nbformat: readonly [number, number];
  /** Lower-case kernel language (`python`), or null when the file does not say. */
  readonly language: string | null;
  /** Kernel spec name when known (`python3`). */
  readonly kernelName: string | null;
  /** `language_info.version` as saved (`3.8.10`): the interpreter the notebook last ran with. */
  readonly languageVersion?: string | null;
  readonly cells: readonly ICellSnapshot[];
  /** The raw `metadata.linearize` value, when the file carries our execution record. */
  readonly record?: unknown;
}

/** A reference to a cell: id plus its 0-based index in the current notebook (null if deleted). */
export interface ICellRef {
  readonly id: string;
  readonly index: number | null;
}

/** Every verdict of shared/design/verdicts.md, by its JSON id, plus the two input diagnostics. */
export type VerdictId =
  | 'unexecuted'
  | 'skipped'
  | 'out-of-order'
  | 'count-order'
  | 'count-gap'
  | 'edited'
  | 'stale'
  | 'unsafe'
  | 'hidden-state'
  | 'shadowed'
  | 'rra-undefined'
  | 'rra-maybe-undefined'
  | 'errored'
  | 'history-var'
  /** A cell that does not parse as Python (after IPython syntax is masked). */
  | 'syntax-error'
  /** The notebook's kernel language is not Python: only language-independent verdicts ran. */
  | 'language-not-supported'
  // Environment, data and randomness (verdicts.md, "Verdicts of the other three pillars").
  | 'data-missing'
  | 'data-changed'
  | 'data-unpinned'
  | 'network-read'
  | 'unseeded-random'
  | 'python-version'
  | 'module-missing'
  | 'env-drift';

export type Severity = 'error' | 'warning' | 'info';

/** Why a value counts as hidden state (verdicts.md, `hidden-state`). */
export type HiddenStateReason =
  'deleted' | 'edited' | 're-run' | 'previous-session' | 'ghost';

/** One thing the analyser reports. Findings are data, never exceptions. */
export interface IFinding {
  readonly kind: VerdictId;
  readonly severity: Severity;
  /** The cell the finding is about; null for notebook-level findings (`count-order`, `count-gap`). */
  readonly cell: ICellRef | null;
  /** The names involved, sorted. */
  readonly names: readonly string[];
  /** The other cells involved (writers, producers, readers), in notebook order. */
  readonly related: readonly ICellRef[];
  /** One line a person understands (English: `describe(text)`). */
  readonly message: string;
  /** The message as data, to word it in another language (`verdicts/messages.ts`). */
  readonly text: FindingText;
  /** The smallest set of cell ids to re-run, in notebook order, that fixes it. */
  readonly rerun: readonly string[];
  /** For `hidden-state` only. */
  readonly reason?: HiddenStateReason;
  /** True for any-order hints that are not in-order verdicts. */
  readonly hint?: boolean;
}

/** The analyser's answer for one notebook. */
export interface IReport {
  readonly findings: readonly IFinding[];
  /** verdicts.md "linear": safe to export in notebook order. */
  readonly linear: boolean;
  /** True when the verdicts used an execution record; false in file-only mode. */
  readonly recorded: boolean;
}

/** Outcome of one execution as the kernel reported it. */
export type RunStatus = 'ok' | 'error' | 'unknown';

/** Names whose binding changed during one run, from the kernel companion's `{name: id(obj)}` diff. */
export interface IRebinding {
  /** Newly bound names. */
  readonly added: readonly string[];
  /** Names bound before and now bound to a different object. */
  readonly changed: readonly string[];
  /** Names deleted by the run. */
  readonly deleted: readonly string[];
}

/** One execution that reached the kernel (verdicts.md, the execution log entry). */
export interface IRun {
  /** Monotonic sequence number within the record, from 1. */
  readonly seq: number;
  readonly cellId: string;
  /** Hash key of the exact source that ran, into `IExecutionRecord.sources`. */
  readonly source: string;
  readonly executionCount: number | null;
  /** Index into `IExecutionRecord.sessions`. */
  readonly session: number;
  readonly status: RunStatus;
  /** ISO 8601 time the reply arrived. */
  readonly time: string;
  readonly rebound?: IRebinding;
  /**
   * The execute_request's msg_id, kept only in collaborative records: two clients that
   * both saw one execution on the shared kernel count it once (`mergeParts`).
   */
  readonly msgId?: string;
}

/** One kernel session: a new one starts on every restart or kernel change. */
export interface IKernelSession {
  /** Kernel id (or a generated id when the kernel is unknown). */
  readonly kernel: string;
  readonly started: string;
}

/**
 * What the kernel companion saw when cells ran (record version 2): the md5 and size of each
 * data file read, and the version of each package imported, each with the run (`seq`) after
 * which it was seen. `data-changed` and `env-drift` compare them with the machine later.
 */
export interface IObservedRecord {
  /** By path relative to the notebook's folder. */
  readonly data: Readonly<
    Record<
      string,
      { readonly md5: string; readonly size: number; readonly seq: number }
    >
  >;
  /** By top-level module imported (`sklearn`). */
  readonly packages: Readonly<
    Record<
      string,
      {
        readonly distribution: string;
        readonly version: string;
        readonly seq: number;
      }
    >
  >;
}

/** The whole record, as stored (JSON) in the notebook metadata under `linearize`. */
export interface IExecutionRecord {
  /** 2 since `observed` exists; a version 1 record is read as a version 2 one without it. */
  readonly version: 2;
  readonly sessions: readonly IKernelSession[];
  /** Each distinct source once, by hash key. */
  readonly sources: Readonly<Record<string, string>>;
  readonly runs: readonly IRun[];
  readonly observed?: IObservedRecord;
}

/** Per-function facts (verdicts.md: `reads_f`, `writes_f`, mutated parameters). */
export interface IFunctionFacts {
  /** Free globals the body reads. */
  readonly reads: readonly string[];
  /** Names the body writes through `global`. */
  readonly writes: readonly string[];
  /** 0-based positions of parameters the body mutates in place. */
  readonly mutatedParams: readonly number[];
  /** Globals the body mutates in place (`results.append(x)` on a global `results`), sorted. */
  readonly mutates?: readonly string[];
  /** Calls of global plain names in the body (nested functions included), for transitive application. */
  readonly calls?: readonly ICallSite[];
  /**
   * Calling it makes a value with state that calls advance: a generator function, or a
   * factory whose nested function rebinds a `nonlocal`.
   */
  readonly stateful?: boolean;
  /** Of `reads`, those read only in a branch of the body (`if`, `else`, `except`): some calls do not. */
  readonly maybeReads?: readonly string[];
}

/** A call of a plain name at top level, kept so a function defined in another cell can be applied. */
export interface ICallSite {
  readonly callee: string;
  /** For each positional argument, the bare name passed, or null for any other expression. */
  readonly args: readonly (string | null)[];
}

/** A syntax error found while parsing a cell. */
export interface IParseError {
  /** 1-based line and 0-based column in the cell's original source. */
  readonly line: number;
  readonly column: number;
  /** What is wrong, as data (`describeSyntax` words it). */
  readonly problem: SyntaxProblem;
}

/**
 * Static facts of one cell source (verdicts.md, "Per-source static facts").
 * Every list is de-duplicated; `reads` keeps first-use statement order.
 */
export interface ICellFacts {
  /** U: free reads. */
  readonly reads: readonly string[];
  /** D: definitely bound at top level. */
  readonly defs: readonly string[];
  /** D?: maybe bound. */
  readonly maybeDefs: readonly string[];
  /** M: in-place mutations of top-level names. */
  readonly mutations: readonly string[];
  /** M?: maybe-mutations. */
  readonly maybeMutations: readonly string[];
  /** K: `del name`. */
  readonly deletes: readonly string[];
  /** A `from m import *` is present. */
  readonly wildcard: boolean;
  /** H: output-history names read (`_`, `__`, `_3`, `_i3`, `In`, `Out`, …). */
  readonly history: readonly string[];
  /** `%run`, `%load` and similar: the cell may bind anything. */
  readonly opaque: boolean;
  /** Functions defined at top level in this cell. */
  readonly functions: Readonly<Record<string, IFunctionFacts>>;
  /** Calls of plain names at top level, in order. */
  readonly calls: readonly ICallSite[];
  /** Modules imported (top-level package names), for the environment and re-import checks. */
  readonly imports: readonly string[];
  /** Names this cell binds by `import` (`np` for `import numpy as np`), sorted: method calls on them are not mutations. */
  readonly modules?: readonly string[];
  /** Null when the cell parsed. */
  readonly parseError: IParseError | null;
  /**
   * Names the cell reads only as literal-keyed elements (`cfg['lr']`, `xs[0]`, `df['a']`),
   * with the keys (`s:lr`, `n:0`); a name read any other way is absent.
   */
  readonly elementReads?: Readonly<Record<string, readonly string[]>>;
  /** Names the cell mutates only through literal-keyed elements (`cfg['lr'] = …`), with the keys. */
  readonly elementWrites?: Readonly<Record<string, readonly string[]>>;
  /** Names bound at top level, outside branches and loops, to a literal (`DEBUG = False`). */
  readonly constants?: Readonly<
    Record<string, boolean | number | string | null>
  >;
  /** Free names in top-level conditions that a literal bound above would let fold. */
  readonly conditionNames?: readonly string[];
  /** Names a loop or consuming call advances if they hold an iterator (`for x in it`, `list(it)`). */
  readonly consumes?: readonly string[];
  /** Names bound here to an iterator (`zip(…)`, `iter(…)`, a generator expression). */
  readonly iterators?: readonly string[];
  /** Names bound here to the result of a call of a plain name: `name -> callee`. */
  readonly boundByCall?: Readonly<Record<string, string>>;
  /** Functions and classes defined here whose instances keep state that calls advance. */
  readonly factories?: readonly string[];
  /**
   * Free reads met only in annotations the module evaluates (parameters, returns, variables
   * at top level and in classes): under `from __future__ import annotations` nothing reads them.
   */
  readonly annotationReads?: readonly string[];
  /** `from __future__ import annotations` is here: IPython keeps it for the cells after. */
  readonly futureAnnotations?: true;
}
