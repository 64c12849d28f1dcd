/**
 * Path expressions as the code writes them, kept symbolic so that a name bound in an earlier
 * cell can be substituted later (issue 12, "reads through names"): a string literal, a name,
 * an `os.path.join`/`Path(...)`/`/` of such, an f-string or a `+` of them. Anything else is
 * not a path expression (null): precision first, a non-literal is never guessed at.
 */

/** A symbolic path expression. */
export type PathExpr =
  | { readonly k: 'str'; readonly v: string }
  | { readonly k: 'name'; readonly n: string }
  /** `os.path.join(a, b)`, `Path(a, b)`, `Path(a) / b`; `path` when a `pathlib` object results. */
  | {
      readonly k: 'join';
      readonly parts: readonly PathExpr[];
      readonly path: boolean;
      /** Made by `/`: a join only when the left operand is a `pathlib` object. */
      readonly slash?: boolean;
    }
  /** `f"{d}/x.csv"` and `a + "/x.csv"`: pieces concatenated as strings. */
  | { readonly k: 'concat'; readonly parts: readonly PathExpr[] };

/** A value a name can hold for resolution: a string (and whether it is a `pathlib` object). */
export interface IPathValue {
  readonly value: string;
  readonly path: boolean;
}

/** What names hold: a resolvable path value, or null for "bound to something else". */
export type PathScope = {
  get(name: string): IPathValue | null | undefined;
};

/** The value of `e` with names looked up in `scope`, or null when any part is not known. */
export function evaluate(
  e: PathExpr | null,
  scope: PathScope
): IPathValue | null {
  if (e === null) {
    return null;
  }
  switch (e.k) {
    case 'str':
      return { value: e.v, path: false };
    case 'name':
      return scope.get(e.n) ?? null;
    case 'join': {
      const parts: string[] = [];
      for (const p of e.parts) {
        const v = evaluate(p, scope);
        if (v === null || (e.slash === true && parts.length === 0 && !v.path)) {
          return null;
        }
        parts.push(v.value);
      }
      return { value: joinPaths(parts, e.path), path: e.path };
    }
    case 'concat': {
      let out = '';
      for (const p of e.parts) {
        const v = evaluate(p, scope);
        if (v === null) {
          return null;
        }
        out += v.value;
      }
      return { value: out, path: false };
    }
  }
}

/**
 * `os.path.join` on POSIX: an absolute part restarts the path, and an empty part adds a
 * trailing separator (`join("data", "")` is `data/`, to which code often appends a name).
 * `pathlib` (`pathlib` true) drops empty parts and renders as `str(Path(...))` does.
 */
export function joinPaths(parts: readonly string[], pathlib = false): string {
  let out = '';
  for (const part of parts) {
    if (part.startsWith('/')) {
      out = part;
    } else if (out === '' || out.endsWith('/')) {
      out += part;
    } else if (part !== '' || !pathlib) {
      out = `${out}/${part}`;
    }
  }
  return pathlib ? pathString(out) : out;
}

/** `str(PurePosixPath(p))`: no empty or `.` segments, no trailing `/`; `.` when empty. */
function pathString(p: string): string {
  const absolute = p.startsWith('/');
  const segs = p.split('/').filter(s => s !== '' && s !== '.');
  const body = segs.join('/');
  return absolute ? `/${body}` : body === '' ? '.' : body;
}

/** `a/./b//c/../d` → `a/d`; keeps a leading `/` and leading `..`. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') {
      continue;
    }
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') {
      out.pop();
    } else if (seg !== '..' || !absolute) {
      out.push(seg);
    }
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined === '' ? '.' : joined;
}

/** `http://…`, `s3://…`, `gs://…`: a URL rather than a file path. */
export function isUrl(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value) && !/^file:/i.test(value);
}
