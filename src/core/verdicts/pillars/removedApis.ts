/**
 * Names that libraries (and Python) removed: code written for an older version fails on a
 * newer one with AttributeError, ImportError or TypeError at the line that uses them. The
 * commonest reason an old notebook does not run today, and one the code itself shows: the
 * `env-drift` verdict compares each entry with the version the target interpreter has.
 * The entries are in `removedApiTable.ts`.
 */

import { REMOVED_APIS } from './removedApiTable';

export { REMOVED_APIS };

/** One removed name. */
export interface IRemovedApi {
  /**
   * Canonical dotted name (`numpy.float`, `sklearn.cross_validation`): that name and every
   * name under it. `.ix` is an attribute of any object, counted only in a notebook that
   * imports `module`.
   */
  readonly api: string;
  /** The top-level module whose installed version decides; `python` for the standard library. */
  readonly module: string;
  /** The first release without it. */
  readonly removedIn: string;
  /** The release that brought the name back, if one did (numpy 2.0's `np.bool`). */
  readonly restoredIn?: string;
  /** What to write instead (code). */
  readonly use: string;
  /** Only a call that passes this keyword (`error_bad_lines=`). */
  readonly kw?: string;
  /** Only a call whose first argument is a string literal this matches (a style name). */
  readonly arg?: RegExp;
  /**
   * An attribute (`.append`) counted only on a name bound to a pandas DataFrame or Series
   * (`df = pd.read_csv(…)`), not on any object: lists have `.append` too.
   */
  readonly frame?: true;
  /**
   * Only a call passing more positional arguments than this: pandas 2.0 made the others
   * keyword-only (`df.drop('a', 1)` fails, `df.drop('a', axis=1)` runs).
   */
  readonly positional?: number;
}

/** Entries by name (`numpy.float`); keyword and argument variants under the callee. */
const BY_NAME = new Map<string, IRemovedApi[]>();
/** Entries of an attribute of any object, by the attribute (`ix` for `.ix`). */
const BY_ATTRIBUTE = new Map<string, IRemovedApi[]>();
for (const e of REMOVED_APIS) {
  const [map, key] = e.api.startsWith('.')
    ? [BY_ATTRIBUTE, e.api.slice(1)]
    : [BY_NAME, e.api];
  const list = map.get(key) ?? [];
  list.push(e);
  map.set(key, list);
}

/** The first part of every name (`numpy`, `time`): a quick no for every other call. */
const TOP_NAMES: ReadonlySet<string> = new Set(
  [...BY_NAME.keys()].map(n => n.split('.')[0])
);

/**
 * The last part of every name: a cell whose code holds none of them as `.<part>` (not
 * called) references no removed name outside calls and imports, which have events anyway.
 */
export const REMOVED_LAST_PARTS: ReadonlySet<string> = new Set(
  REMOVED_APIS.filter(e => e.kw === undefined && e.arg === undefined).map(e =>
    e.api.slice(e.api.lastIndexOf('.') + 1)
  )
);

/** A test of a cell's text: may it reference a removed name (as `.<part>`, not called)? */
export const MAY_REFERENCE_REMOVED = new RegExp(
  `\\.\\s*(?:${[...REMOVED_LAST_PARTS].join('|')})\\b(?!\\s*\\()`
);

/** What a use looks like, to match against the entries. */
export interface IUseShape {
  /** Keywords the call passes (none for a reference or an import). */
  readonly kw?: Readonly<Record<string, unknown>>;
  /** The first argument, when it is a string literal. */
  readonly arg?: string | null;
  /** How many positional arguments the call passes (unknown with `*args`, or not a call). */
  readonly positional?: number;
}

function matches(e: IRemovedApi, use: IUseShape): boolean {
  if (e.kw !== undefined && (use.kw === undefined || !(e.kw in use.kw))) {
    return false;
  }
  if (
    e.arg !== undefined &&
    (typeof use.arg !== 'string' || !e.arg.test(use.arg))
  ) {
    return false;
  }
  if (
    e.positional !== undefined &&
    (use.positional === undefined || use.positional <= e.positional)
  ) {
    return false;
  }
  return true;
}

/**
 * The entry for canonical `name` or the nearest name above it (`tensorflow.contrib` for
 * `tensorflow.contrib.layers.flatten`), or null. The longest name wins: a class can go
 * before its module (`keras.layers.normalization.BatchNormalization`).
 */
export function removedApi(
  name: string,
  use: IUseShape = {}
): IRemovedApi | null {
  const dot = name.indexOf('.');
  if (!TOP_NAMES.has(dot < 0 ? name : name.slice(0, dot))) {
    return null; // most calls: a package with no removals listed
  }
  for (let end = name.length; end > 0; end = name.lastIndexOf('.', end - 1)) {
    const hit = BY_NAME.get(name.slice(0, end))?.find(e => matches(e, use));
    if (hit !== undefined) {
      return hit;
    }
  }
  return null;
}

/** The entry for attribute `.prop` of any object (a method or an indexer), or null. */
export function removedAttribute(
  prop: string,
  use: IUseShape = {},
  onFrame = false
): IRemovedApi | null {
  return (
    BY_ATTRIBUTE.get(prop)?.find(
      e => (onFrame || e.frame !== true) && matches(e, use)
    ) ?? null
  );
}

/** Attributes some entry counts on any object (not only on a DataFrame). */
const ANY_RECEIVER: ReadonlySet<string> = new Set(
  [...BY_ATTRIBUTE]
    .filter(([, list]) => list.some(e => e.frame !== true))
    .map(([k]) => k)
);

/**
 * Whether a call of canonical `name`, or of method `method` (on a DataFrame when `onFrame`),
 * may use a removed name. Cheap: it runs for every call.
 */
export function mayCallRemoved(
  name: string | null,
  method: string | null,
  onFrame = false
): boolean {
  if (
    method !== null &&
    (onFrame ? BY_ATTRIBUTE.has(method) : ANY_RECEIVER.has(method))
  ) {
    return true;
  }
  if (name === null) {
    return false;
  }
  const dot = name.indexOf('.');
  return TOP_NAMES.has(dot < 0 ? name : name.slice(0, dot));
}

/** `2.1.3rc1` → [2, 1, 3]; the release numbers only. */
function release(version: string): number[] {
  const m = /^\d+(?:\.\d+)*/.exec(version.trim());
  return m === null ? [] : m[0].split('.').map(Number);
}

/** a < b, as release numbers (missing parts are 0). */
function before(a: string, b: string): boolean {
  const x = release(a);
  const y = release(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) {
      return d < 0;
    }
  }
  return false;
}

/** version ≥ release, as release numbers; false for a version we cannot read. */
export function atOrAfter(version: string, release_: string): boolean {
  return release(version).length > 0 && !before(version, release_);
}

/** Whether `version` lacks the entry's name. False for a version we cannot read. */
export function removedIn(e: IRemovedApi, version: string): boolean {
  if (release(version).length === 0) {
    return false;
  }
  return (
    !before(version, e.removedIn) &&
    (e.restoredIn === undefined || before(version, e.restoredIn))
  );
}

/** An upper bound the code puts on a package: it uses a name gone from `below` on. */
export interface IVersionBound {
  readonly below: string;
  /** The use, as written (`np.float`). */
  readonly written: string;
}

/**
 * Per top-level module, the lowest release that lacks a name the code uses: the export's
 * requirements install below it. Python's own removals and names that came back later
 * (`np.bool`) set no bound; an attribute of any object (`.ix`) only with its module imported.
 */
export function versionBounds(
  uses: readonly { readonly api: IRemovedApi; readonly written: string }[],
  imported: ReadonlySet<string>
): Map<string, IVersionBound> {
  const out = new Map<string, IVersionBound>();
  for (const { api, written } of uses) {
    if (
      api.module === 'python' ||
      api.restoredIn !== undefined ||
      !imported.has(api.module)
    ) {
      continue;
    }
    const was = out.get(api.module);
    if (was === undefined || before(api.removedIn, was.below)) {
      out.set(api.module, { below: api.removedIn, written });
    }
  }
  return out;
}
