/**
 * Rewrites cell sources so extracted literals read the config (export-rules.md §3): each
 * literal's exact span is replaced, every other character is kept. Never text search.
 */
import type { INotebookSnapshot } from '../types';
import { pyStringSource } from './pySource';
import { isExtracted } from './toYaml';
import type { IParamCandidate } from './types';

/** One edit of a source: replace [from, to) by `text`. */
export interface IReplacement {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** The result of rewriting one source. */
export interface IRewriteResult {
  readonly source: string;
  /** Candidates whose literal was replaced. */
  readonly applied: readonly IParamCandidate[];
  /** The edits made, in order: what `parseEdited` re-parses. */
  readonly replacements: readonly IReplacement[];
  /** Candidates not applied, and why (a stale span, an overlap). */
  readonly rejected: readonly {
    readonly candidate: IParamCandidate;
    readonly reason: string;
  }[];
}

/** Names tried, in order, for the config variable; the first one the notebook never uses wins. */
const CONFIG_NAMES = ['P', 'PARAMS', 'LINEARIZE_PARAMS', '_P'];

/**
 * The name of the config variable for this notebook: `P` unless the notebook already uses
 * that name anywhere (a conservative word match, strings and comments included).
 */
export function chooseConfigName(nb: INotebookSnapshot): string {
  const code = nb.cells.filter(c => c.type === 'code').map(c => c.source);
  for (const name of CONFIG_NAMES) {
    const re = new RegExp(`(^|[^\\w.])${name}(?!\\w)`);
    if (!code.some(src => re.test(src))) {
      return name;
    }
  }
  return `${CONFIG_NAMES[CONFIG_NAMES.length - 1]}_${code.length}`;
}

/**
 * The expression that replaces a literal: `P["training"]["lr"]`; a tuple is rebuilt with
 * `tuple(...)` (YAML has no tuple) so the code keeps its type even if read without the prelude.
 */
export function paramExpression(c: IParamCandidate, configName = 'P'): string {
  const ref = `${configName}[${pyStringSource(c.group)}][${pyStringSource(c.key ?? c.name)}]`;
  return c.value?.kind === 'tuple' ? `tuple(${ref})` : ref;
}

/**
 * Applies non-overlapping replacements to `source`. Overlapping ones after the first are
 * dropped and returned in `rejected`.
 */
export function applyReplacements(
  source: string,
  replacements: readonly IReplacement[]
): { source: string; rejected: readonly IReplacement[] } {
  const sorted = [...replacements].sort(
    (a, b) => a.from - b.from || a.to - b.to
  );
  const rejected: IReplacement[] = [];
  let out = '';
  let at = 0;
  for (const r of sorted) {
    if (r.from < at || r.to < r.from || r.to > source.length) {
      rejected.push(r);
      continue;
    }
    out += source.slice(at, r.from) + r.text;
    at = r.to;
  }
  return { source: out + source.slice(at), rejected };
}

/**
 * Rewrites one cell source for the candidates of that cell (others are ignored). A candidate
 * whose span no longer holds its literal (the source changed since extraction) is rejected.
 */
export function rewriteSource(
  source: string,
  candidates: readonly IParamCandidate[],
  configName = 'P'
): IRewriteResult {
  const rejected: { candidate: IParamCandidate; reason: string }[] = [];
  const byReplacement = new Map<IReplacement, IParamCandidate>();
  for (const c of candidates) {
    if (!isExtracted(c)) {
      continue;
    }
    const [from, to] = c.span;
    if (source.slice(from, to) !== c.text) {
      rejected.push({
        candidate: c,
        reason: 'the source changed since the value was found'
      });
      continue;
    }
    byReplacement.set({ from, to, text: paramExpression(c, configName) }, c);
  }
  const result = applyReplacements(source, [...byReplacement.keys()]);
  for (const r of result.rejected) {
    const c = byReplacement.get(r);
    if (c) {
      rejected.push({
        candidate: c,
        reason: 'overlaps another extracted value'
      });
      byReplacement.delete(r);
    }
  }
  const replacements = [...byReplacement.keys()].sort(
    (a, b) => a.from - b.from
  );
  return {
    source: result.source,
    applied: replacements.map(r => byReplacement.get(r) as IParamCandidate),
    replacements,
    rejected
  };
}

/**
 * Rewrites every cell that holds an extracted value: cell id → new source (unchanged cells
 * are absent).
 */
export function rewriteNotebook(
  nb: INotebookSnapshot,
  candidates: readonly IParamCandidate[],
  configName = 'P'
): Map<string, IRewriteResult> {
  const byCell = new Map<string, IParamCandidate[]>();
  for (const c of candidates) {
    if (isExtracted(c)) {
      const list = byCell.get(c.cellId);
      if (list) {
        list.push(c);
      } else {
        byCell.set(c.cellId, [c]);
      }
    }
  }
  const out = new Map<string, IRewriteResult>();
  for (const cell of nb.cells) {
    const list = byCell.get(cell.id);
    if (list) {
      out.set(cell.id, rewriteSource(cell.source, list, configName));
    }
  }
  return out;
}
