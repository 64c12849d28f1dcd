/**
 * Uses of names a release removed (`removedApis.ts`), met as the top-down walk meets them:
 * imports, references and calls, resolved through the notebook's import aliases, and
 * DataFrame methods on the names bound to a DataFrame. `scanNotebook` feeds the events;
 * `pillarFindings` judges the uses against the target's versions.
 */
import type { CellEvent } from './cellEvents';
import { canonical, dots } from './dottedNames';
import {
  mayCallRemoved,
  removedApi,
  removedAttribute,
  type IRemovedApi,
  type IUseShape
} from './removedApis';
import type { ISite } from './scanNotebook';
import { FRAME_MAKERS, FRAME_METHODS } from './tables';

/** A use of a name some release removed (`np.float`), met top-down outside any guard. */
export interface IRemovedUse extends ISite {
  readonly api: IRemovedApi;
  /** As written: `np.float`, `.ix`, `sklearn.cross_validation`. */
  readonly written: string;
}

/** What the walk knows that the uses depend on. */
export interface IRemovedState {
  readonly aliases: ReadonlyMap<string, string>;
  /** Import names bound to two modules, or rebound by an assignment: not resolved. */
  readonly unsureAliases: ReadonlySet<string>;
  /** Top-level names bound to a pandas DataFrame or Series (`df = pd.read_csv(…)`). */
  readonly frames: Set<string>;
  readonly uses: IRemovedUse[];
}

/** Import names bound to two modules in the notebook, or rebound by an assignment. */
export function unsureAliases(
  cells: Iterable<readonly CellEvent[]>
): Set<string> {
  const seen = new Map<string, string>();
  const out = new Set<string>();
  for (const events of cells) {
    for (const e of events) {
      if (e.t === 'alias') {
        const was = seen.get(e.name);
        if (was !== undefined && was !== e.dotted) {
          out.add(e.name); // `try: import a.v1 as tf` / `except: import a as tf`
        }
        seen.set(e.name, e.dotted);
      } else if (e.t === 'bind' && e.fn === null) {
        out.add(e.name); // `tf = tf.compat.v1`; a plain name is no alias anyway
      }
    }
  }
  return out;
}

/** An import (`import sklearn.cross_validation`) or a name imported from a module. */
export function removedImport(
  dotted: string,
  site: ISite,
  st: IRemovedState
): void {
  noteRemoved(st, site, removedApi(dotted), dotted);
}

/** A top-level binding: `name` is a DataFrame from here on, or no longer one. */
export function bindFrame(
  name: string,
  call: readonly string[] | null,
  sure: boolean,
  st: IRemovedState
): void {
  if (sure && makesFrame(call, st)) {
    st.frames.add(name);
  } else {
    st.frames.delete(name);
  }
}

/** Notes a use of `api` (written `written`) unless it is null. */
function noteRemoved(
  st: IRemovedState,
  site: ISite,
  api: IRemovedApi | null,
  written: string
): void {
  if (api !== null) {
    st.uses.push({
      cellId: site.cellId,
      index: site.index,
      line: site.line,
      api,
      written
    });
  }
}

/** The canonical name of dotted `parts`, or null when its first name is not surely a module. */
function moduleName(
  parts: readonly string[] | null,
  st: IRemovedState
): string | null {
  return parts === null || st.unsureAliases.has(parts[0])
    ? null
    : canonical(parts, st.aliases);
}

/** `np.float`, `df.ix[…]`: a reference that is not a call. */
export function removedRef(
  e: Extract<CellEvent, { t: 'ref' }>,
  site: ISite,
  st: IRemovedState
): void {
  const name = moduleName(e.parts, st);
  const hit = name === null ? null : removedApi(name);
  if (hit !== null && e.parts !== null) {
    noteRemoved(st, site, hit, e.parts.join('.'));
    return;
  }
  noteRemoved(st, site, removedAttribute(e.prop), `.${e.prop}`);
}

/** A call of a removed function, or with a removed keyword or argument. */
export function removedCall(
  e: Extract<CellEvent, { t: 'call' }>,
  name: string | null,
  site: ISite,
  st: IRemovedState
): void {
  // `df.append(…)` on a name bound to a DataFrame (not `rows.append(…)` on a list).
  const onFrame =
    e.parts !== null && e.parts.length === 2 && st.frames.has(e.parts[0]);
  if (!mayCallRemoved(name, e.method, onFrame)) {
    return; // nearly every call: no allocation below
  }
  const first = e.pos[0]?.lit;
  const use: IUseShape = {
    kw: e.kw,
    arg: typeof first === 'string' ? first : null,
    ...(e.starred ? {} : { positional: e.pos.length })
  };
  // `name` is `canonical(e.parts)`: judged like any dotted name (`moduleName`).
  const hit =
    name === null || e.parts === null || st.unsureAliases.has(e.parts[0])
      ? null
      : removedApi(name, use);
  if (hit !== null && e.parts !== null) {
    noteRemoved(
      st,
      site,
      hit,
      hit.positional !== undefined
        ? e.text
        : callText(e.parts.join('.'), hit, use)
    );
    return;
  }
  const method =
    e.method === null ? null : removedAttribute(e.method, use, onFrame);
  if (method !== null) {
    const written =
      method.frame === true && e.parts !== null
        ? e.parts.join('.')
        : `.${e.method}`;
    // A positional argument the release refuses: the call as written shows which.
    noteRemoved(
      st,
      site,
      method,
      method.positional !== undefined ? e.text : callText(written, method, use)
    );
  }
}

/** Whether a value called as `parts` (`pd.read_csv`, `df.dropna`) is a DataFrame or Series. */
function makesFrame(
  parts: readonly string[] | null,
  st: IRemovedState
): boolean {
  if (parts === null) {
    return false;
  }
  if (parts.length === 2 && st.frames.has(parts[0])) {
    return FRAME_METHODS.has(parts[1]);
  }
  const name = moduleName(parts, st);
  return (
    name !== null &&
    (FRAME_MAKERS.has(name) ||
      (name.startsWith('pandas.read_') && dots(name) === 1))
  );
}

/** `pd.read_csv(error_bad_lines=…)`, `plt.style.use('seaborn')`: the part that is removed. */
function callText(callee: string, api: IRemovedApi, use: IUseShape): string {
  if (api.kw !== undefined) {
    return `${callee}(${api.kw}=…)`;
  }
  return api.arg !== undefined && typeof use.arg === 'string'
    ? `${callee}('${use.arg}')`
    : callee;
}
