/**
 * The few POSIX path operations the git core needs. The core may not import Node's `path`,
 * and both of its file systems (Node on POSIX, the server bridge) use `/`-separated paths.
 */

/**
 * The root of an absolute path: `/`, or a drive `C:/` (Node accepts `/`-separated Windows
 * paths, which is what the CLI passes there); `''` for a relative path.
 */
export function rootOf(path: string): string {
  const drive = /^[A-Za-z]:\//.exec(path);
  if (drive) {
    return drive[0];
  }
  return path.startsWith('/') ? '/' : '';
}

/** Collapses `.`, `..` and repeated slashes; keeps the root; `''` becomes `'.'`. */
export function normalize(path: string): string {
  const root = rootOf(path);
  const parts: string[] = [];
  for (const part of path.slice(root.length).split('/')) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') {
        parts.pop();
      } else if (!root) {
        parts.push('..');
      }
      continue;
    }
    parts.push(part);
  }
  const joined = parts.join('/');
  if (root) {
    return root + joined;
  }
  return joined === '' ? '.' : joined;
}

/** Joins and normalises. */
export function join(...parts: string[]): string {
  return normalize(parts.filter(p => p !== '').join('/'));
}

/** The parent folder; the parent of a root (`/`, `C:/`) is itself. */
export function dirname(path: string): string {
  const p = normalize(path);
  const root = rootOf(p);
  const i = p.lastIndexOf('/');
  if (i < root.length) {
    return root || '.';
  }
  return p.slice(0, i);
}

/**
 * `target` relative to `base` when `target` is `base` or inside it (`''` for itself), else
 * `null`. Both must be absolute or both relative.
 */
export function relativeInside(base: string, target: string): string | null {
  const b = normalize(base);
  const t = normalize(target);
  if (t === b) {
    return '';
  }
  const prefix = b.endsWith('/') ? b : b + '/';
  return t.startsWith(prefix) ? t.slice(prefix.length) : null;
}
