/**
 * The user's choice of parameters: `--include` / `--exclude` glob patterns on keys.
 */
import { NO_ARGS, paramSkip } from './paramMessages';
import type { IParamCandidate } from './types';

/** Glob patterns; each is matched against the key and against `group.key`. */
export interface ISelection {
  /** When non-empty, only candidates matching one of these are extracted. */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
}

/**
 * A glob as a RegExp: `*` any run of characters (dots included), `?` one character,
 * `[abc]` / `[!abc]` a class; everything else literal.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      re += '.*';
    } else if (c === '?') {
      re += '.';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) {
        body = body.slice(1);
      }
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else {
      re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`, 's');
}

/**
 * Applies a selection: an excluded candidate is skipped with code `excluded`; a deny-listed
 * keyword that an include pattern names exactly (no wildcard) is brought back. Other skips are kept (a value that
 * is not a literal cannot be included). Candidates without a key are returned unchanged.
 */
export function selectParams(
  candidates: readonly IParamCandidate[],
  selection: ISelection
): IParamCandidate[] {
  const include = (selection.include ?? []).map(globToRegExp);
  // Only a pattern without wildcards brings back a deny-listed keyword: `--include '*'`
  // means "everything found", not "every figsize too".
  const exact = new Set(
    (selection.include ?? []).filter(p => !/[*?[]/.test(p))
  );
  const exclude = (selection.exclude ?? []).map(globToRegExp);
  const matches = (res: RegExp[], c: IParamCandidate): boolean =>
    c.key !== null &&
    res.some(re => re.test(c.key as string) || re.test(`${c.group}.${c.key}`));
  return candidates.map(c => {
    if (c.key === null || (c.skip !== null && c.skip.code !== 'deny-list')) {
      return c;
    }
    if (matches(exclude, c)) {
      // A deny-listed keyword keeps its more telling reason.
      return c.skip === null
        ? {
            ...c,
            skip: paramSkip('excluded', { id: 'excluded', args: NO_ARGS })
          }
        : c;
    }
    if (include.length > 0) {
      if (matches(include, c)) {
        const named = exact.has(c.key) || exact.has(`${c.group}.${c.key}`);
        return c.skip?.code === 'deny-list' && named ? { ...c, skip: null } : c;
      }
      return c.skip === null
        ? {
            ...c,
            skip: paramSkip('excluded', { id: 'not-included', args: NO_ARGS })
          }
        : c;
    }
    return c;
  });
}
