/**
 * The four pillars' static part (issue 16): which files the code reads and writes, which URLs
 * it downloads, which seeds it sets — from the parameter candidates, so a value the config
 * overrides is known by its key (`param`) and the exported script's runtime can follow it.
 */
import { isUrl } from '../params/ioCalls';
import type { IParamCandidate } from '../params/types';
import { ENGLISH, type ITranslatorPort } from '../verdicts/messages';
import type { IManifest, IOutputFile, ISeed, ISource } from './types';
import type { IHostedUnit } from './environment';

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

/** What a pillar line says, as data (`pillarText`/`pillarMissing` word it). */
export type PillarFacts =
  | {
      readonly pillar: 'code';
      readonly commit: string | null;
      readonly dirty: boolean;
    }
  | {
      readonly pillar: 'config';
      readonly parameters: number;
      readonly file: string | null;
    }
  | {
      readonly pillar: 'environment';
      readonly python: string | null;
      readonly pins: number;
      readonly unpinned: readonly string[];
      /** Imported units only a hosted service has (`google.colab` on Google Colab). */
      readonly hosted?: readonly IHostedUnit[];
    }
  | {
      readonly pillar: 'data';
      readonly hashed: number;
      readonly outputs: number;
      readonly downloads: number;
      readonly absent: readonly string[];
      readonly unhashed: number;
    };

/** One pillar at a glance, for the export dialog and the CLI. */
export interface IPillarLine {
  readonly pillar: PillarFacts['pillar'];
  /** `commit 0123456789 (uncommitted changes)`, `4 parameters`, … (English). */
  readonly text: string;
  /** What is missing for this pillar to hold, or null (English). */
  readonly missing: string | null;
  /** What both say, as data, to word them in another language. */
  readonly facts: PillarFacts;
}

/** The line's text in the port's language. */
export function pillarText(
  f: PillarFacts,
  t: ITranslatorPort = ENGLISH
): string {
  switch (f.pillar) {
    case 'code':
      if (f.commit === null) {
        return t.__('no commit');
      }
      return f.dirty
        ? t.__('commit %1 with uncommitted changes', f.commit.slice(0, 10))
        : t.__('commit %1', f.commit.slice(0, 10));
    case 'config':
      return f.file
        ? t._n(
            '%1 parameter in %2',
            '%1 parameters in %2',
            f.parameters,
            f.file
          )
        : t._n('%1 parameter', '%1 parameters', f.parameters);
    case 'environment':
      return t._n(
        'Python %2, %1 package pinned',
        'Python %2, %1 packages pinned',
        f.pins,
        f.python ?? t.__('unknown')
      );
    case 'data':
      return t.__(
        '%1 hashed, %2, %3',
        t._n('%1 file', '%1 files', f.hashed),
        t._n('%1 output', '%1 outputs', f.outputs),
        t._n('%1 download', '%1 downloads', f.downloads)
      );
  }
}

/** What is missing for the pillar to hold, in the port's language, or null. */
export function pillarMissing(
  f: PillarFacts,
  t: ITranslatorPort = ENGLISH
): string | null {
  switch (f.pillar) {
    case 'code':
      if (f.commit === null) {
        return t.__(
          'not in a git repository with a commit: commit the notebook'
        );
      }
      return f.dirty
        ? t.__('uncommitted changes: commit them so the commit names this code')
        : null;
    case 'config':
      return f.parameters === 0 ? t.__('no parameter extracted') : null;
    case 'environment':
      if (f.unpinned.length > 0 || (f.hosted ?? []).length > 0) {
        return [
          ...(f.unpinned.length > 0
            ? [t.__('not pinned: %1', f.unpinned.join(', '))]
            : []),
          ...(f.hosted ?? []).map(h =>
            t.__('%1 exists only on %2', h.unit, h.service)
          )
        ].join(t.__('; '));
      }
      return f.python === null ? t.__('the Python version is unknown') : null;
    case 'data': {
      const problems = [
        ...(f.absent.length > 0
          ? [t.__('missing: %1', f.absent.join(', '))]
          : []),
        ...(f.unhashed > 0
          ? [t._n('%1 file not hashed', '%1 files not hashed', f.unhashed)]
          : []),
        ...(f.downloads > 0
          ? [
              t._n(
                '%1 download not pinned by a hash',
                '%1 downloads not pinned by a hash',
                f.downloads
              )
            ]
          : [])
      ];
      return problems.length > 0 ? problems.join(t.__('; ')) : null;
    }
  }
}

/** The four pillars of an export, one line each, with what is missing. */
export function pillarLines(
  manifest: IManifest,
  parameters: number,
  unpinned: readonly string[],
  hosted: readonly IHostedUnit[] = []
): IPillarLine[] {
  const git = manifest.git;
  const facts: PillarFacts[] = [
    { pillar: 'code', commit: git.commit, dirty: git.dirty === true },
    { pillar: 'config', parameters, file: manifest.params.file || null },
    {
      pillar: 'environment',
      python: manifest.env.python,
      pins: manifest.env.packages.length,
      unpinned,
      hosted
    },
    {
      pillar: 'data',
      hashed: manifest.data.filter(d => d.md5 !== null).length,
      outputs: manifest.outputs.length,
      downloads: manifest.sources.length,
      absent: manifest.data.filter(d => d.missing === true).map(d => d.path),
      unhashed: manifest.data.filter(d => d.md5 === null && d.missing !== true)
        .length
    }
  ];
  return facts.map(f => ({
    pillar: f.pillar,
    text: pillarText(f),
    missing: pillarMissing(f),
    facts: f
  }));
}
