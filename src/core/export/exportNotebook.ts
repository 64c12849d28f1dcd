/**
 * The export, as a pure function (jupytext's `writes`): notebook + execution record +
 * options → the files to write and what the user should know. No IO, no clock (the
 * manifest's time is an option), so the CLI and JupyterLab produce the same bytes.
 */
import { LinearizeError } from '../errors';
import { isPython } from '../notebook/fromIpynb';
import {
  chooseConfigName,
  findParams,
  isExtracted,
  rewriteNotebook,
  RUNTIME_FILE,
  RUNTIME_PY,
  scriptLoader,
  selectParams,
  toYaml,
  type IParamCandidate,
  type IReplacement
} from '../params';
import { getFacts } from '../facts/factsCache';
import { parseEdited } from '../parse/parsePython';
import { analyze } from '../verdicts/analyzer';
import { finding } from '../verdicts/finding';
import type {
  IExecutionRecord,
  IFinding,
  INotebookSnapshot,
  IReport
} from '../types';
import { ipythonCleanup } from './cleanup';
import { normalizeSource } from './emitCell';
import { emitScript } from './emitScript';
import { buildManifest, differingFindings, manifestYaml } from './manifest';
import { oneLine } from './markers';
import { pillarLines, pillarsOf } from './pillars';
import {
  dockerfileText,
  pinEnvironment,
  requirementsText
} from './environment';
import { importedModules } from '../companion/imports';
import { resolveDataPaths } from '../verdicts/pillars/resolveDataPaths';
import { scanCells } from '../verdicts/pillars/pillarFindings';
import { versionBounds } from '../verdicts/pillars/removedApis';
import { shownVersions } from '../verdicts/pillars/shownVersions';
import { scanNotebook } from '../verdicts/pillars/scanNotebook';
import { ExportOptionsError, historyUnits, notebookUnits } from './orders';
import { sliceIndices } from './slice';
import type {
  ExportOrder,
  IExportNames,
  IExportOptions,
  IExportPlan,
  IExportUnit,
  IExportWarning
} from './types';

/** The notebook's language is not Python: nothing to export. */
export class NotPythonError extends LinearizeError {
  static readonly code: string = 'NotPythonError';
}

/** Default file names for a notebook path: `<stem>.py`, `<stem>.params.yaml`, `<stem>.repro.yaml`. */
export function defaultNames(notebook: string): IExportNames {
  const base = baseName(notebook);
  const stem = base.replace(/\.ipynb$/i, '') || 'notebook';
  return {
    script: `${stem}.py`,
    params: `${stem}.params.yaml`,
    manifest: `${stem}.repro.yaml`,
    requirements: `${stem}.requirements.txt`,
    dockerfile: `${stem}.Dockerfile`
  };
}

/**
 * The files of an export, in the order they are written and reported. `exportNotebook` gives
 * each a text (a `Record` over these roles, so a new file cannot be left out) and
 * `exportFileNames` names them for the workflow, which must know the export's own files.
 */
const FILE_ROLES = [
  'script',
  'params',
  'manifest',
  'runtime',
  'requirements',
  'dockerfile'
] as const;
type FileRole = (typeof FILE_ROLES)[number];

function fileName(names: IExportNames, role: FileRole): string {
  return role === 'runtime' ? RUNTIME_FILE : names[role];
}

/** Every file an export may write under `names`, the script's runtime module included. */
export function exportFileNames(names: IExportNames): string[] {
  return FILE_ROLES.map(role => fileName(names, role));
}

/** The last path component (`/` or `\` separated). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(p => p !== '');
  return parts.length > 0 ? parts[parts.length - 1] : path;
}

/** The units for the chosen order, and warnings about fallbacks. */
function unitsFor(
  nb: INotebookSnapshot,
  record: IExecutionRecord | null,
  order: ExportOrder,
  cell: string | undefined,
  warnings: IExportWarning[]
): IExportUnit[] {
  if (order === 'notebook') {
    return notebookUnits(nb);
  }
  if (order === 'history') {
    return historyUnits(nb, record);
  }
  if (cell === undefined || cell === '') {
    throw new ExportOptionsError(
      t => t.__('the slice order needs a cell id (--cell ID)'),
      { order }
    );
  }
  const index = nb.cells.findIndex(c => c.id === cell);
  if (index < 0) {
    throw new ExportOptionsError(
      t => t.__('no cell with id %1 in the notebook', JSON.stringify(cell)),
      { order, cell }
    );
  }
  if (nb.cells[index].type !== 'code') {
    const type = nb.cells[index].type;
    throw new ExportOptionsError(
      t =>
        type === 'markdown'
          ? t.__('cell %1 is a markdown cell, not code', JSON.stringify(cell))
          : t.__('cell %1 is a raw cell, not code', JSON.stringify(cell)),
      { order, cell }
    );
  }
  let units: IExportUnit[] | null = null;
  let reason = '';
  if (record === null) {
    reason = 'the notebook has no execution record';
  } else {
    try {
      units = historyUnits(nb, record);
    } catch (e) {
      if (!(e instanceof ExportOptionsError)) {
        throw e;
      }
      reason = e.message;
    }
  }
  let target =
    units === null
      ? -1
      : lastIndex(units, u => u.cellId === cell && u.status !== 'error');
  if (units !== null && target < 0) {
    reason = `cell ${cell} did not run (successfully) in the current kernel session`;
  }
  if (units === null || target < 0) {
    warnings.push({
      code: 'slice-fallback',
      message: `${reason}: sliced over the cells above it in notebook order`,
      cellId: cell,
      cellIndex: index,
      line: null
    });
    units = notebookUnits(nb)
      .slice(0, index + 1)
      .filter(u => u.type === 'code');
    target = units.length - 1;
  }
  const picked = sliceIndices(units, target, u =>
    u.missing === true
      ? null
      : getFacts(ipythonCleanup(normalizeSource(u.source)).source)
  );
  return picked.map(i => units[i]);
}

function lastIndex<T>(list: readonly T[], test: (x: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) {
    if (test(list[i])) {
      return i;
    }
  }
  return -1;
}

/**
 * The findings that make this export differ from what the user saw (none when the notebook
 * is linear). In notebook order: everything that breaks "linear". In history or slice order the script replays what ran,
 * so only values from code that is no longer there (a previous kernel session, a ghost name)
 * and failed runs make it differ.
 */
function differencesFor(report: IReport, order: ExportOrder): IFinding[] {
  if (report.linear) {
    return [];
  }
  const all = differingFindings(report);
  if (order === 'notebook') {
    return all;
  }
  return all.filter(
    f =>
      f.kind === 'hidden-state' &&
      (f.reason === 'previous-session' || f.reason === 'ghost')
  );
}

/** Executed cells the script carries commented out (they do not parse as Python 3). */
function commentedExecuted(
  warnings: readonly IExportWarning[],
  nb: INotebookSnapshot,
  order: ExportOrder
): IFinding[] {
  if (order !== 'notebook') {
    return [];
  }
  const out: IFinding[] = [];
  const seen = new Set<string>();
  for (const w of warnings) {
    const cause = w.cause;
    if (cause === undefined || w.cellId === null || seen.has(w.cellId)) {
      continue;
    }
    const index = nb.cells.findIndex(c => c.id === w.cellId);
    const cell = nb.cells[index];
    if (cell === undefined || cell.executionCount === null) {
      continue;
    }
    seen.add(w.cellId);
    out.push(
      finding({
        kind: 'syntax-error',
        cell: { id: w.cellId, index },
        text: {
          id: 'commented-out',
          args: { cell: index, cause }
        }
      })
    );
  }
  return out;
}

/** One line for the script header. */
function verdictLine(
  report: IReport,
  differences: readonly IFinding[],
  manifest: string
): (historyNotes: number) => string {
  // Cells still reading `_`/`Out[n]` (not translated) may fail or differ in a script: the
  // header never says "linear" without saying so (history-var notes in the cells).
  const history = (n: number): string =>
    `${n === 1 ? '1 cell reads' : `${n} cells read`} IPython's output history, which a script does not have: it may fail or differ there (${n} history-var note${n > 1 ? 's' : ''} below).`;
  const capital = (t: string): string => t.charAt(0).toUpperCase() + t.slice(1);
  return historyNotes => {
    if (differences.length === 0 && report.linear) {
      return historyNotes === 0
        ? 'linear: no finding makes this script differ from what the notebook shows.'
        : `linear in notebook order, but ${history(historyNotes)}`;
    }
    const n = differences.length;
    const base =
      n === 0
        ? 'not linear, but nothing makes this script differ from what ran.'
        : `not linear: ${n} finding${n > 1 ? 's' : ''} make${n > 1 ? '' : 's'} this script differ from what the notebook showed (see ${oneLine(manifest)}).`;
    return historyNotes === 0
      ? base
      : `${base} ${capital(history(historyNotes))}`;
  };
}

/**
 * Plans the export of `nb`: the script, the parameter config (unless `noParams`) and the
 * manifest. Pure and deterministic: the same inputs give the same bytes.
 *
 * @param record the execution record (`fromMetadata(nb.record)`), or null for file-only mode.
 * @throws {NotPythonError} when the notebook's language is not Python.
 * @throws {ExportOptionsError} when the order cannot be honoured (no record for `history`,
 *   an unknown `cell` for `slice`).
 */
export function exportNotebook(
  nb: INotebookSnapshot,
  record: IExecutionRecord | null,
  options: IExportOptions
): IExportPlan {
  if (!isPython(nb)) {
    const language = nb.language;
    throw new NotPythonError(
      t =>
        language === null
          ? t.__(
              "the notebook's kernel language is unknown, not Python: only Python notebooks can be exported"
            )
          : t.__(
              "the notebook's kernel language is %1, not Python: only Python notebooks can be exported",
              language
            ),
      { language }
    );
  }
  const order: ExportOrder = options.order ?? 'notebook';
  const names: IExportNames = {
    ...defaultNames(options.notebook),
    ...options.names
  };
  const warnings: IExportWarning[] = [];
  let units = unitsFor(nb, record, order, options.cell, warnings);

  // Parameters: literals replaced by their exact span, in the current sources only.
  let paramsText: string | null = null;
  const found = options.paramScan ?? findParams(nb);
  const configName = chooseConfigName(nb);
  let candidates: IParamCandidate[] = [...found.candidates];
  // Rewritten cells the script runs: their sources, and the originals they were edited from.
  const edited: {
    readonly base: string;
    readonly edits: readonly IReplacement[];
    readonly source: string;
  }[] = [];
  if (options.noParams !== true) {
    candidates = selectParams(found.candidates, options.params ?? {});
    const rewritten = rewriteNotebook(nb, candidates, configName);
    const current = new Map(nb.cells.map(c => [c.id, c.source]));
    units = units.map(u => {
      const r = rewritten.get(u.cellId);
      if (r === undefined || u.type !== 'code') {
        return u;
      }
      if (u.source !== current.get(u.cellId)) {
        if (r.applied.length > 0) {
          warnings.push({
            code: 'params-not-applied',
            message:
              'an older version of this cell ran: its literal values stay in the code, not in the config',
            cellId: u.cellId,
            cellIndex: u.cellIndex,
            line: null
          });
        }
        return u;
      }
      edited.push({ base: u.source, edits: r.replacements, source: r.source });
      return { ...u, source: r.source };
    });
    paramsText = toYaml(candidates, { notebook: baseName(options.notebook) });
  }
  const extracted = new Set(
    options.noParams === true ? [] : candidates.filter(isExtracted)
  );
  const codeSources = units
    .filter(u => u.type === 'code' && u.missing !== true)
    .map(u => u.source);
  // The imports, the data paths and the emitter below all parse the rewritten cells, unless
  // a caller's store holds what they take of them: parsed now from the originals' trees,
  // only their edited statements again.
  if (options.scriptCode?.stored(codeSources) !== true) {
    for (const e of edited) {
      parseEdited(e.base, e.edits, e.source);
    }
  }
  // First of what the script's code gives: a caller's store seeds the emitter's facts with it.
  const modules =
    options.scriptCode !== undefined
      ? options.scriptCode.imports(codeSources)
      : importedModules(codeSources);
  // One top-down walk of the notebook's code serves the manifest's findings and, when the
  // script runs the same sources (notebook order, no literal replaced), the outputs.
  const cells = scanCells(nb);
  const scan = options.scan ?? scanNotebook(cells);
  const sameCode =
    codeSources.length === cells.length &&
    codeSources.every((s, i) => s === cells[i].source);
  const pillars = pillarsOf(
    candidates,
    extracted,
    sameCode
      ? scan.writes
      : options.scriptCode !== undefined
        ? options.scriptCode.writes(codeSources)
        : resolveDataPaths(codeSources).writes
  );
  const workdir = options.workdir === undefined ? '.' : options.workdir;
  const loader = scriptLoader(candidates, {
    configFile: paramsText === null ? null : names.params,
    manifest: names.manifest,
    configName,
    workdir
  });

  const report = analyze(nb, record);
  let differences = differencesFor(report, order);
  // A cell that ran but must be commented out (Python 2 `print x`…) leaves out what it did:
  // the script differs from what the notebook showed (issue 12). Named, and not linear. The
  // header, built after the cells, already says so: the script is emitted once.
  let commented: IFinding[] = [];
  const emitted = emitScript(units, {
    notebook: baseName(options.notebook),
    order,
    sliceOf: options.cell,
    ipython: options.ipython,
    shellCells: options.shellCells,
    workdir: options.workdir,
    loader,
    paramsFile:
      paramsText === null || extracted.size === 0 ? null : names.params,
    scriptName: names.script,
    commit: options.git?.commit ?? null,
    dirty: options.git?.dirty ?? null,
    verdict: (historyNotes, cellWarnings) => {
      commented = commentedExecuted(cellWarnings, nb, order);
      return verdictLine(
        report,
        commented.length > 0 ? [...differences, ...commented] : differences,
        names.manifest
      )(historyNotes);
    }
  });
  if (commented.length > 0) {
    differences = [...differences, ...commented];
  }
  const pinned = pinEnvironment(modules, {
    notebookPython: options.notebookPython ?? null,
    env: options.env ?? null,
    probe: options.probe ?? null,
    // A name the code uses and a release removed holds its package below that release.
    bounds: versionBounds(
      scan.removed,
      new Set(scan.imports.map(i => i.module))
    ),
    shown: new Map(
      [...shownVersions(nb)].map(([m, v]) => [m, v.version] as const)
    ),
    pipLines: emitted.pip
  });
  const env = {
    python: pinned.python,
    ...(pinned.targetPython !== null
      ? { target_python: pinned.targetPython }
      : {}),
    os: options.env?.os ?? null,
    packages: [
      ...pinned.pins.map(p => `${p.name}==${p.version}`),
      ...pinned.shownPins.map(p => `${p.name}==${p.version}`),
      ...pinned.bounded.map(b => `${b.name}<${b.below}`),
      ...pinned.pipPins.map(p => `${p.name}==${p.version}`)
    ]
  };
  const manifest = buildManifest({
    notebook: options.notebook,
    nb,
    report,
    paramsFile: paramsText === null ? null : names.params,
    paramsText,
    git: options.git ?? null,
    data: options.data ?? [],
    env,
    toolVersion: options.toolVersion ?? '0.0.0-dev',
    createdAt: options.createdAt,
    pillars,
    scan
  });
  const texts: Record<FileRole, string | null> = {
    script: emitted.text,
    // No parameters found: no config file.
    params: paramsText,
    manifest: manifestYaml(manifest),
    // The script's runtime (config, data check, run record), the same bytes for every export.
    runtime: RUNTIME_PY,
    requirements: requirementsText(
      baseName(options.notebook),
      pinned,
      emitted.requirements.filter(r => !emitted.pip.includes(r))
    ),
    dockerfile: dockerfileText({
      notebook: baseName(options.notebook),
      names,
      runtime: RUNTIME_FILE,
      requirements: names.requirements,
      paramsFile: paramsText === null ? null : names.params,
      env: pinned,
      data: manifest.data,
      workdir
    })
  };
  const files = FILE_ROLES.flatMap(role => {
    const text = texts[role];
    return text === null ? [] : [{ name: fileName(names, role), text }];
  });
  return {
    files,
    names,
    manifest,
    warnings: [...warnings, ...emitted.warnings],
    verdict: report,
    differences,
    requirements: emitted.requirements,
    order,
    cells: units.filter(u => u.type === 'code').length,
    pillars: pillarLines(
      manifest,
      extracted.size,
      pinned.unpinned,
      pinned.hosted
    )
  };
}
