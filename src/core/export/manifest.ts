/**
 * The provenance manifest (export-rules §5): exactly its fields, in its order, as
 * deterministic YAML. `created_at` is the only time anywhere in an export, and it is given
 * by the caller (tests inject a fixed one).
 */
import { BREAKS_LINEAR } from '../verdicts/kinds';
import { pillarFindings } from '../verdicts/pillars/pillarFindings';
import type { INotebookScan } from '../verdicts/pillars/scanNotebook';
import type { IFinding, INotebookSnapshot, IReport } from '../types';
import { sha256 } from '../util/sha256';
import { GENERATED_MARKER, oneLine } from './markers';
import type { IPillars } from './pillars';
import type {
  IDataFile,
  IEnvInfo,
  IGitInfo,
  IManifest,
  IManifestVerdict
} from './types';
import { toYamlDocument, type YamlValue } from './yamlWriter';

/** The tool's name in `tool.name`. */
export const TOOL_NAME = 'linearize';

/** Git fields when the notebook is not in a repository (or provenance was not asked). */
export const NO_GIT: IGitInfo = {
  commit: null,
  branch: null,
  remote_url: null,
  dirty: null,
  dirty_policy: null,
  diff_sha256: null,
  subdirectory: null
};

/** Environment fields when no kernel runs (the CLI). */
export const NO_ENV: IEnvInfo = { python: null, os: null, packages: [] };

/**
 * The hash of a notebook's code, outputs excluded: SHA-256 of the UTF-8 JSON array of the
 * code cells' sources, in order (`JSON.stringify`, no spaces). In Python:
 * `sha256(json.dumps([c.source for c in code_cells], ensure_ascii=False,
 * separators=(",", ":")).encode()).hexdigest()`. Execution counts, outputs, metadata and
 * markdown do not change it; editing, adding, removing or moving code does.
 */
export function notebookCodeSha256(nb: INotebookSnapshot): string {
  return sha256(
    JSON.stringify(nb.cells.filter(c => c.type === 'code').map(c => c.source))
  );
}

/**
 * The verdict as the manifest records it; with `nb`, also the environment, data and
 * randomness findings the code alone shows (network reads, unseeded draws: issue 12).
 */
export function manifestVerdict(
  report: IReport,
  nb: INotebookSnapshot | null = null,
  /** `scanNotebook(scanCells(nb))` when the caller already has it (one walk per export). */
  scan: INotebookScan | null = null
): IManifestVerdict {
  const pillars = nb === null ? [] : pillarFindings(nb, {}, scan);
  return {
    linear: report.linear,
    recorded: report.recorded,
    findings: [...report.findings, ...pillars].map(f => ({
      kind: f.kind,
      severity: f.severity,
      cell: f.cell === null ? null : f.cell.id,
      index: f.cell === null ? null : f.cell.index,
      names: [...f.names],
      message: f.message
    }))
  };
}

/**
 * The findings that make a notebook-order export differ from what the user saw: the kinds
 * that break "linear" (verdicts.md) and an unexecuted cell above an executed one.
 */
export function differingFindings(report: IReport): IFinding[] {
  return report.findings.filter(
    f => f.hint !== true && (BREAKS_LINEAR.has(f.kind) || f.kind === 'skipped')
  );
}

/** Inputs of `buildManifest`. */
export interface IManifestInput {
  readonly notebook: string;
  readonly nb: INotebookSnapshot;
  readonly report: IReport;
  readonly paramsFile: string | null;
  readonly paramsText: string | null;
  readonly git: IGitInfo | null;
  readonly data: readonly IDataFile[];
  readonly env: IEnvInfo | null;
  readonly toolVersion: string;
  readonly createdAt: string;
  /** Outputs, sources, seeds, and the config keys of data paths (`pillarsOf`). */
  readonly pillars?: IPillars;
  /** The walk of `nb`'s code cells (`scanNotebook(scanCells(nb))`), if already done. */
  readonly scan?: INotebookScan | null;
}

/** Each data entry with the config key that names its path, when one does. */
function linkParams(
  data: readonly IDataFile[],
  pillars: IPillars | undefined
): IDataFile[] {
  const keys = new Map<string, string>();
  for (const d of pillars?.data ?? []) {
    if (d.param !== null) {
      keys.set(d.path, d.param);
    }
  }
  return data.map(d => {
    const param = keys.get(d.path);
    return param === undefined || d.param !== undefined ? d : { ...d, param };
  });
}

/** The manifest object. */
export function buildManifest(input: IManifestInput): IManifest {
  return {
    git: input.git ?? NO_GIT,
    source: {
      notebook: input.notebook,
      notebook_sha256: notebookCodeSha256(input.nb),
      verdict: manifestVerdict(input.report, input.nb, input.scan ?? null)
    },
    params: {
      file: input.paramsFile,
      sha256: input.paramsText === null ? null : sha256(input.paramsText)
    },
    data: linkParams(
      // A file the code writes (`open(p, 'w')`, `to_csv`) is an output, not a pinned input:
      // pinning it would stop the next run after this one wrote it.
      input.data.filter(
        d => !(input.pillars?.outputs ?? []).some(o => o.path === d.path)
      ),
      input.pillars
    ).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    sources: input.pillars?.sources ?? [],
    outputs: input.pillars?.outputs ?? [],
    seeds: input.pillars?.seeds ?? [],
    env: input.env ?? NO_ENV,
    tool: { name: TOOL_NAME, version: input.toolVersion },
    created_at: input.createdAt
  };
}

/** The manifest as YAML: a generated-by comment, then the fields of §5 in order. */
export function manifestYaml(m: IManifest): string {
  const data: YamlValue[] = m.data.map(d => ({
    path: d.path,
    md5: d.md5,
    size: d.size,
    ...(d.nfiles !== undefined ? { nfiles: d.nfiles } : {}),
    ...(d.missing === true ? { missing: true } : {}),
    ...(d.param !== undefined ? { param: d.param } : {})
  }));
  const param = (p: string | null): { [key: string]: YamlValue } =>
    p === null ? {} : { param: p };
  const doc: { [key: string]: YamlValue } = {
    git: {
      commit: m.git.commit,
      branch: m.git.branch,
      remote_url: m.git.remote_url,
      dirty: m.git.dirty,
      dirty_policy: m.git.dirty_policy,
      diff_sha256: m.git.diff_sha256,
      subdirectory: m.git.subdirectory
    },
    source: {
      notebook: m.source.notebook,
      notebook_sha256: m.source.notebook_sha256,
      verdict: {
        linear: m.source.verdict.linear,
        recorded: m.source.verdict.recorded,
        findings: m.source.verdict.findings.map(f => ({
          kind: f.kind,
          severity: f.severity,
          cell: f.cell,
          index: f.index,
          names: [...f.names],
          message: f.message
        }))
      }
    },
    params: { file: m.params.file, sha256: m.params.sha256 },
    data,
    sources: m.sources.map(s => ({ url: s.url, ...param(s.param) })),
    outputs: m.outputs.map(o => ({ path: o.path, ...param(o.param) })),
    seeds: m.seeds.map(s => ({
      call: s.call,
      keyword: s.keyword,
      value: s.value,
      ...param(s.param)
    })),
    env: {
      python: m.env.python,
      ...(m.env.target_python !== undefined
        ? { target_python: m.env.target_python }
        : {}),
      os: m.env.os,
      packages: [...m.env.packages]
    },
    tool: { name: m.tool.name, version: m.tool.version },
    created_at: m.created_at
  };
  return toYamlDocument(doc, [
    `${GENERATED_MARKER.slice(2)} export from ${JSON.stringify(oneLine(m.source.notebook))}: provenance of the exported files.`,
    'Fields: see "Manifest fields" in the jupyterlab-linearize README (git, source, params, data, sources, outputs, seeds, env, tool, created_at).'
  ]);
}
