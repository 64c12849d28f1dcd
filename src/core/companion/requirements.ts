/**
 * A pinned `requirements.txt` from what the kernel actually ran (issue 5, "environment
 * capture"): every distribution the session imported, `name==version`, plus what the
 * notebook's own `%pip install` lines asked for and the kernel did not show imported.
 * Deterministic: same inputs, same bytes (no dates, sorted).
 */

import type { IKernelEnvironment } from './types';

/** PEP 503 normalized name: `PyYAML` → `pyyaml`, `jupyter_client` → `jupyter-client`. */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** The parts of one requirement specifier that matter here. */
export interface IRequirement {
  /** Normalized name, or null for a bare URL/path. */
  readonly key: string | null;
  /** `[a,b]` as written, or ''. */
  readonly extras: string;
  /** A direct reference (`name @ url`, `git+…`, a path or an archive): never re-pinned. */
  readonly direct: boolean;
  /** The name as written (`Keras`), or null with `key`. */
  readonly name: string | null;
  /** The version of an exact pin (`x==1.2.3`, no wildcard, no marker), else null. */
  readonly exact: string | null;
}

const NAME =
  /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/s;

export function parseRequirement(line: string): IRequirement {
  const text = line.trim();
  if (text.startsWith('-')) {
    return { key: null, extras: '', direct: true, name: null, exact: null };
  }
  const looksLikePath =
    /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ||
    /^[a-z]+\+/i.test(text) ||
    /^[.~/]/.test(text) ||
    /\.(whl|zip|tar\.gz|tgz|tar\.bz2)$/i.test(text);
  const m = looksLikePath ? null : NAME.exec(text);
  if (!m) {
    return { key: null, extras: '', direct: true, name: null, exact: null };
  }
  const exact = /^==\s*([0-9][0-9A-Za-z.+!-]*)\s*$/.exec(m[3].trim());
  return {
    key: normalizeName(m[1]),
    extras: (m[2] ?? '').replace(/\s+/g, ''),
    direct: m[3].trimStart().startsWith('@'),
    name: m[1],
    exact: exact === null ? null : exact[1]
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A pinned requirements file.
 *
 * - Each imported distribution: `name==version` (with the extras a `%pip install` line gave
 *   it), sorted by normalized name.
 * - Each `%pip install` requirement that no imported distribution satisfies, as written;
 *   a direct reference (`name @ git+…`, a URL or a path) is kept as written and its
 *   distribution not re-pinned, since the version number alone may not exist on an index.
 * - `pip` upgrading itself is no requirement of the code, and is left out.
 *
 * `env` null (no live kernel): only the `%pip` lines, under a header that says so.
 */
export function requirementsTxt(
  env: IKernelEnvironment | null,
  pipLines: readonly string[]
): string {
  const pinned = new Map<
    string,
    { name: string; version: string; extras: string }
  >();
  for (const p of env?.packages ?? []) {
    pinned.set(normalizeName(p.name), {
      name: p.name,
      version: p.version,
      extras: ''
    });
  }
  const extra = new Set<string>();
  for (const line of pipLines) {
    const text = line.trim();
    if (text === '') {
      continue;
    }
    const req = parseRequirement(text);
    if (req.key === 'pip') {
      continue;
    }
    const pin = req.key === null ? undefined : pinned.get(req.key);
    if (req.direct) {
      extra.add(text);
      if (req.key !== null) {
        pinned.delete(req.key);
      }
    } else if (pin) {
      if (req.extras && !pin.extras) {
        pinned.set(req.key as string, { ...pin, extras: req.extras });
      }
    } else {
      extra.add(text);
    }
  }

  const lines: string[] = [];
  if (env) {
    lines.push(
      '# Pinned by jupyterlab-linearize from the live kernel:',
      `# Python ${env.python} (${env.implementation || 'unknown'}) on ${env.os || env.system || 'unknown'}`,
      '# The distributions this session imported, at the versions it ran.'
    );
  } else {
    lines.push(
      '# Written by jupyterlab-linearize without a live kernel:',
      '# only the %pip / !pip install lines of the notebook, not pinned.'
    );
  }
  const keys = [...pinned.keys()].sort(compareText);
  for (const key of keys) {
    const p = pinned.get(key);
    if (p) {
      lines.push(`${p.name}${p.extras}==${p.version}`);
    }
  }
  if (extra.size > 0) {
    if (env) {
      lines.push(
        '# From %pip / !pip install lines, not seen imported by the kernel:'
      );
    }
    const sorted = [...extra].sort((a, b) => {
      const ka = parseRequirement(a).key ?? `~${a}`;
      const kb = parseRequirement(b).key ?? `~${b}`;
      return compareText(ka, kb) || compareText(a, b);
    });
    lines.push(...sorted);
  }
  if (env && env.local.length > 0) {
    lines.push(
      `# Local modules the session imported (not installable from an index): ${[...env.local].sort(compareText).join(', ')}`
    );
  }
  return lines.join('\n') + '\n';
}
