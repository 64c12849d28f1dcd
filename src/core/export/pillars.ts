/**
 * The four pillars' static part (issue 16): which files the code reads and writes, which URLs
 * it downloads, which seeds it sets — from the parameter candidates, so a value the config
 * overrides is known by its key (`param`) and the exported script's runtime can follow it.
 */
import { isUrl } from '../params/ioCalls';
import type { IParamCandidate } from '../params/types';
import type { IManifest, IOutputFile, ISeed, ISource } from './types';

/** What `pillarsOf` finds. */
export interface IPillars {
  /** Files read through a literal or a name bound to one (`path` as the code writes it). */
  readonly data: readonly { path: string; param: string | null }[];
  readonly outputs: readonly IOutputFile[];
  readonly sources: readonly ISource[];
  readonly seeds: readonly ISeed[];
}

/** `./a//b` → `a/b`, as `dataReads` names paths, so both agree. */
export function tidyPath(path: string): string {
  return path.replace(/\/{2,}/g, '/').replace(/^(\.\/)+/, '');
}

function stringValue(c: IParamCandidate): string | null {
  return c.value?.kind === 'str' ? c.value.value : null;
}

function byPath<T extends { path: string }>(list: T[]): T[] {
  // The first entry of a path wins: candidates (with their config key) come first.
  const seen = new Map<string, T>();
  for (const x of list) {
    if (!seen.has(x.path)) {
      seen.set(x.path, x);
    }
  }
  return [...seen.values()].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0
  );
}

/**
 * Data, outputs, sources and seeds of a notebook. `extracted` are the candidates read from
 * the config (their `group.key` is the `param`); others still count, without a `param`.
 */
export function pillarsOf(
  candidates: readonly IParamCandidate[],
  extracted: ReadonlySet<IParamCandidate>,
  /** Paths the code writes that the data-path resolver found (names, joins, f-strings). */
  writes: readonly string[] = []
): IPillars {
  const data: { path: string; param: string | null }[] = [];
  const outputs: IOutputFile[] = [];
  const sources: ISource[] = [];
  const seeds: ISeed[] = [];
  for (const c of candidates) {
    const param =
      extracted.has(c) && c.key !== null ? `${c.group}.${c.key}` : null;
    const text = stringValue(c);
    if (c.role === 'data' && text !== null) {
      if (isUrl(text)) {
        sources.push({ url: text, param });
      } else if (text !== '') {
        data.push({ path: tidyPath(text), param });
      }
    } else if (c.role === 'outputs' && text !== null && text !== '') {
      outputs.push({ path: tidyPath(text), param });
    } else if (c.group === 'seeds' && c.value !== null && c.skip === null) {
      seeds.push({
        call: c.kind === 'assign' ? c.name : (c.callee ?? 'call'),
        keyword: c.kind === 'keyword' ? c.name : null,
        value: c.text,
        param
      });
    }
  }
  for (const w of writes) {
    outputs.push({ path: tidyPath(w), param: null });
  }
  const written = new Set(outputs.map(o => o.path));
  return {
    // A file the code writes before reading it is an output, not a pinned input.
    data: byPath(data).filter(d => !written.has(d.path)),
    outputs: byPath(outputs),
    sources: [...new Map(sources.map(s => [s.url, s])).values()].sort((a, b) =>
      a.url < b.url ? -1 : a.url > b.url ? 1 : 0
    ),
    seeds
  };
}

/** One pillar at a glance, for the export dialog and the CLI. */
export interface IPillarLine {
  readonly pillar: 'code' | 'config' | 'environment' | 'data';
  /** `commit 0123456789 (uncommitted changes)`, `4 parameters`, … */
  readonly text: string;
  /** What is missing for this pillar to hold, or null. */
  readonly missing: string | null;
}

/** The four pillars of an export, one line each, with what is missing. */
export function pillarLines(
  manifest: IManifest,
  parameters: number,
  unpinned: readonly string[]
): IPillarLine[] {
  const git = manifest.git;
  const code: IPillarLine =
    git.commit === null
      ? {
          pillar: 'code',
          text: 'no commit',
          missing: 'not in a git repository with a commit: commit the notebook'
        }
      : {
          pillar: 'code',
          text: `commit ${git.commit.slice(0, 10)}${git.dirty === true ? ' with uncommitted changes' : ''}`,
          missing:
            git.dirty === true
              ? 'uncommitted changes: commit them so the commit names this code'
              : null
        };
  const config: IPillarLine = {
    pillar: 'config',
    text: `${parameters} parameter${parameters === 1 ? '' : 's'}${manifest.params.file ? ` in ${manifest.params.file}` : ''}`,
    missing: parameters === 0 ? 'no parameter extracted' : null
  };
  const pins = manifest.env.packages.length;
  const environment: IPillarLine = {
    pillar: 'environment',
    text: `Python ${manifest.env.python ?? 'unknown'}, ${pins} package${pins === 1 ? '' : 's'} pinned`,
    missing:
      unpinned.length > 0
        ? `not pinned: ${unpinned.join(', ')}`
        : manifest.env.python === null
          ? 'the Python version is unknown'
          : null
  };
  const hashed = manifest.data.filter(d => d.md5 !== null).length;
  const absent = manifest.data.filter(d => d.missing === true).map(d => d.path);
  const unhashed = manifest.data.filter(
    d => d.md5 === null && d.missing !== true
  ).length;
  const n = (k: number, what: string): string =>
    `${k} ${what}${k === 1 ? '' : 's'}`;
  const problems = [
    ...(absent.length > 0 ? [`missing: ${absent.join(', ')}`] : []),
    ...(unhashed > 0 ? [`${n(unhashed, 'file')} not hashed`] : []),
    ...(manifest.sources.length > 0
      ? [`${n(manifest.sources.length, 'download')} not pinned by a hash`]
      : [])
  ];
  const data: IPillarLine = {
    pillar: 'data',
    text: `${n(hashed, 'file')} hashed, ${n(manifest.outputs.length, 'output')}, ${n(manifest.sources.length, 'download')}`,
    missing: problems.length > 0 ? problems.join('; ') : null
  };
  return [code, config, environment, data];
}
