/**
 * The exported script: a short header, the imports the translations need, the runtime
 * loader (config, data check, run record), a change into the notebook's folder, then one
 * `# %%` cell per unit.
 *
 * Deterministic (export-rules §2): no time, no execution counts, no tool version; LF line
 * ends and exactly one final newline; imports in a fixed order. The same units and options
 * give the same bytes.
 */
import { pipInstalls } from '../companion/pip';
import { getFacts } from '../facts/factsCache';
import type { CommentedOutCause } from '../parse/syntaxProblem';
import type { ICellFacts } from '../types';
import {
  emitCode,
  normalizeSource,
  scriptSource,
  type ICellContext
} from './emitCell';
import { planHistory, type IHistoryPlan } from './historyValues';
import { importLines, Needs } from './imports';
import {
  cellMarker,
  commentLines,
  GENERATED_MARKER,
  NOTE,
  oneLine
} from './markers';
import { pyString } from './pyText';
import type {
  ExportOrder,
  ExportWarningCode,
  IExportUnit,
  IExportWarning,
  ShellCellPolicy
} from './types';

/** Options of `emitScript`. */
export interface IEmitOptions {
  /** The notebook's file name (no folders: the script must not depend on where it lives). */
  readonly notebook: string;
  readonly order: ExportOrder;
  /** For `slice`: the cell whose result the script computes. */
  readonly sliceOf?: string;
  readonly ipython?: boolean;
  readonly shellCells?: ShellCellPolicy;
  /** See `IExportOptions.workdir`; default `.`. */
  readonly workdir?: string | null;
  /** The runtime loader (`scriptLoader`), or none. */
  readonly loader?: readonly string[];
  /** The config file name the prelude reads, for the "Run:" line. */
  readonly paramsFile?: string | null;
  /** The script's own file name, for the "Run:" line. */
  readonly scriptName: string;
  readonly commit?: string | null;
  readonly dirty?: boolean | null;
  /**
   * One line about the verdict (`linear.`), or null for none. A function gets the number of
   * cells left with a `history-var` note, known only once the cells are emitted, so that
   * the line can say so (the header is built last); it also gets the cells' warnings.
   */
  readonly verdict?:
    | string
    | null
    | ((historyNotes: number, warnings: readonly IExportWarning[]) => string);
}

/** The script and what its translation found. */
export interface IEmittedScript {
  readonly text: string;
  readonly warnings: readonly IExportWarning[];
  readonly requirements: readonly string[];
  /** Of those, what the notebook's `pip install` lines ask for (conda's are not pip's). */
  readonly pip: readonly string[];
}

/** Names a cell binds, for the automagic and history-variable decisions. */
function bindings(f: ICellFacts): string[] {
  return [
    ...f.defs,
    ...f.maybeDefs,
    ...Object.keys(f.functions),
    ...(f.modules ?? [])
  ];
}

/** Names a cell reads, its functions' bodies included. */
function readings(f: ICellFacts): string[] {
  const out = [...f.reads];
  for (const fn of Object.values(f.functions)) {
    out.push(...fn.reads);
  }
  return out;
}

/** Builds the script from units (see `orders.ts`). Never throws. */
export function emitScript(
  units: readonly IExportUnit[],
  options: IEmitOptions
): IEmittedScript {
  const ipython = options.ipython === true;
  // Each code unit's source as the script runs it, cleaned once for every step below.
  const cleaned = units.map(u =>
    u.type === 'code' && u.missing !== true ? scriptSource(u.source) : null
  );
  const facts = cleaned.map(c => (c === null ? null : getFacts(c)));
  const bound = new Set<string>();
  const lastRead = new Map<string, number>();
  facts.forEach((f, i) => {
    if (f !== null) {
      bindings(f).forEach(n => bound.add(n));
      readings(f).forEach(n => lastRead.set(n, i));
    }
  });
  // `_` and friends as a top-down run sets them: only the notebook order is one.
  const plans = new Map<number, IHistoryPlan>();
  if (options.order === 'notebook') {
    const code = units
      .map((u, i) => ({ u, i }))
      .filter(x => x.u.type === 'code');
    planHistory(
      code.map(({ u, i }) => {
        const f = facts[i];
        const clean =
          u.missing === true || u.status === 'error' || f === null
            ? null
            : cleaned[i];
        return {
          source: clean !== null && clean.includes('\0') ? null : clean,
          facts: f
        };
      }),
      bound
    ).forEach((p, k) => plans.set(code[k].i, p));
  }
  const pathName = bound.has('Path') ? 'pathlib.Path' : 'Path';
  const needs = new Needs();
  const warnings: IExportWarning[] = [];
  // What the notebook installs with pip (`pipInstalls`, shared with the lab); conda's are
  // added by the translations.
  const pip: readonly string[] = pipInstalls(
    units
      .filter(u => u.type === 'code' && u.missing !== true)
      .map(u => u.source)
  );
  const requirements: string[] = [...pip];
  const futures = new Set<string>();
  const boundBefore = new Set<string>();
  const cells: string[] = [];
  let codeCells = 0;
  units.forEach((unit, i) => {
    const warn = (
      code: ExportWarningCode,
      message: string,
      line: number | null,
      cause?: CommentedOutCause
    ): void => {
      warnings.push({
        code,
        message,
        cellId: unit.cellId,
        cellIndex: unit.cellIndex,
        line,
        ...(cause !== undefined ? { cause } : {})
      });
    };
    const marker = cellMarker(unit.type, unit.cellId, unit.note);
    let body: string[];
    if (unit.type === 'code') {
      codeCells++;
      const cx: ICellContext = {
        ipython,
        shellCells: options.shellCells ?? 'run',
        bound,
        boundBefore,
        usedLater: name => (lastRead.get(name) ?? -1) > i,
        pathName,
        needs,
        warn,
        requirement: r => {
          if (!requirements.includes(r)) {
            requirements.push(r);
          }
        },
        future: features => features.forEach(f => futures.add(f)),
        history: plans.get(i) ?? null,
        cleaned: cleaned[i] ?? undefined
      };
      body = emitCode(unit, cx);
      const f = facts[i];
      if (f !== null) {
        bindings(f).forEach(n => boundBefore.add(n));
      }
    } else {
      // Markdown and raw cells are comments: never code (export-rules §1).
      body = commentLines(normalizeSource(unit.source).trimEnd());
    }
    cells.push('', marker);
    // One by one: spreading a cell of many lines into push() can exceed the argument limit.
    for (const line of body) {
      cells.push(line);
    }
  });

  const workdir = options.workdir === undefined ? '.' : options.workdir;
  const chdir = workdirLines(workdir);
  if (chdir.length > 0) {
    needs.add('os');
  }
  const loader = options.loader ?? [];
  if (chdir.length > 3 || loader.length > 0) {
    needs.add('sys');
  }
  if (loader.length > 0) {
    needs.add('os');
  }
  const historyNotes = warnings.filter(w => w.code === 'history-var').length;
  const sections: string[][] = [
    header(options, codeCells, requirements, historyNotes, warnings)
  ];
  if (futures.size > 0) {
    // Before any other code, as Python requires; gathered from the cells that opened with them.
    sections.push([`from __future__ import ${[...futures].sort().join(', ')}`]);
  }
  const imports = importLines(needs, pathName);
  if (imports.length > 0) {
    sections.push(imports);
  }
  if (loader.length > 0) {
    sections.push([...loader]);
  }
  if (chdir.length > 0) {
    sections.push(chdir);
  }
  const lines: string[] = [];
  sections.forEach((s, k) => {
    if (k > 0) {
      lines.push('');
    }
    lines.push(...s);
  });
  for (const line of cells) {
    lines.push(line);
  }
  return {
    text: `${lines.join('\n').trimEnd()}\n`,
    warnings,
    requirements,
    pip
  };
}

/** The header: what this is, where it came from, how to run it. No time, no version. */
function header(
  options: IEmitOptions,
  codeCells: number,
  requirements: readonly string[],
  historyNotes: number,
  warnings: readonly IExportWarning[]
): string[] {
  const nb = oneLine(options.notebook);
  const out = [
    `${GENERATED_MARKER} from ${pyString(nb)}: edit the notebook and export again rather than this file.`
  ];
  if (options.commit !== undefined && options.commit !== null) {
    const dirty = options.dirty === true ? ' with uncommitted changes' : '';
    out.push(`# Source: git commit ${oneLine(options.commit)}${dirty}.`);
  }
  switch (options.order) {
    case 'history':
      out.push(
        `# Cells: the ${codeCells} runs of the current kernel session, in the order they ran.`
      );
      break;
    case 'slice':
      out.push(
        `# Cells: the ${codeCells} runs that the result of cell ${oneLine(options.sliceOf ?? '?')} depends on, in the order they ran.`
      );
      break;
    default:
      out.push(
        `# Cells: all cells, in notebook order (${codeCells} code cells).`
      );
  }
  const verdict =
    typeof options.verdict === 'function'
      ? options.verdict(historyNotes, warnings)
      : options.verdict;
  if (verdict !== undefined && verdict !== null) {
    out.push(`# Verdict: ${oneLine(verdict)}`);
  }
  const runner = options.ipython === true ? 'ipython' : 'python';
  const config = options.paramsFile
    ? ` [--config ${oneLine(options.paramsFile)}] [--set GROUP.KEY=VALUE ...]`
    : '';
  const check =
    options.loader !== undefined && options.loader.length > 0
      ? ' [--allow-changed-data]'
      : '';
  out.push(`# Run: ${runner} ${oneLine(options.scriptName)}${config}${check}`);
  if (requirements.length > 0) {
    out.push(
      `# Requires (installed by the notebook, not by this script): ${oneLine(requirements.join(' '))}`
    );
  }
  return out;
}

/**
 * A kernel starts in the notebook's folder; a script wherever it is started. Changing into
 * the notebook's folder (relative to the script) makes relative paths mean the same thing.
 * After the loader, so `--config FILE` is still read relative to where the user is.
 */
function workdirLines(workdir: string | null): string[] {
  if (workdir === null) {
    return [];
  }
  const here = 'os.path.dirname(os.path.abspath(__file__))';
  if (workdir === '.' || workdir === '') {
    return [
      `${NOTE}the notebook ran in its own folder: run the cells there too, wherever this script starts.`,
      'if "__file__" in globals():',
      `    os.chdir(${here})`
    ];
  }
  // Elsewhere than the notebook: its folder also stays importable, as in the kernel.
  return [
    `${NOTE}the notebook ran in its own folder: run the cells there too, wherever this script starts.`,
    'if "__file__" in globals():',
    `    os.chdir(os.path.join(${here}, ${pyString(workdir)}))`,
    '    sys.path.insert(0, os.getcwd())'
  ];
}
