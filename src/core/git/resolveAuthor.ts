import { utf8Decode } from './utf8';
import { configValue, parseGitConfig, type IConfigEntry } from './gitConfig';
import { InvalidDateError, NoAuthorError } from './errors';
import { isNotFound } from './guardFs';
import { join } from './posixPath';

/** A commit signature, in isomorphic-git's shape (`timezoneOffset` as `Date#getTimezoneOffset`). */
export interface IGitIdentity {
  readonly name: string;
  readonly email: string;
  /** Seconds since the epoch. */
  readonly timestamp: number;
  /** Minutes *behind* UTC: `+0100` is `-60`. */
  readonly timezoneOffset: number;
}

/** Who commits the export, and where each half came from (for messages and `--json`). */
export interface IResolvedAuthor {
  readonly author: IGitIdentity;
  readonly committer: IGitIdentity;
  /** For each of `author.name`, `author.email`, `committer.name`, `committer.email`: an env variable or a file. */
  readonly sources: Readonly<Record<string, string>>;
}

/** Options of {@link resolveAuthor}. */
export interface IResolveAuthorOptions {
  /** The environment (`process.env` in the CLI; `{}` in the browser). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Reads a config file; resolves to `null`/`undefined` or rejects with `ENOENT` when it does
   * not exist. The caller decides what it may read (the lab can only reach the repo config).
   */
  readonly readFile: (
    path: string
  ) => Promise<string | Uint8Array | null | undefined>;
  /** The repository's git dir, for `<gitdir>/config`. */
  readonly gitdir?: string;
  /** The home folder for `~/.gitconfig` and `~/.config/git/config`; default `env.HOME`. */
  readonly home?: string;
  /** The time to stamp when `GIT_*_DATE` is unset; default now. */
  readonly now?: Date;
}

/**
 * Resolves the commit identity the way git does, because isomorphic-git ignores both the
 * environment and the global config (`shared/design/git.md`).
 *
 * Precedence, for each of name and email, author and committer:
 * 1. `GIT_AUTHOR_NAME`/`GIT_AUTHOR_EMAIL` (`GIT_COMMITTER_*` for the committer);
 * 2. config `author.*` (`committer.*`) then `user.*`, where the repository config
 *    (`<gitdir>/config`) beats the global one (`$GIT_CONFIG_GLOBAL`, else `~/.gitconfig`, which
 *    beats `$XDG_CONFIG_HOME/git/config`, default `~/.config/git/config`);
 * 3. for an email only, `EMAIL`.
 * Dates come from `GIT_AUTHOR_DATE`/`GIT_COMMITTER_DATE` when set. `[include]` is not followed.
 *
 * @throws {NoAuthorError} when a name or an email is still missing.
 * @throws {InvalidDateError} when a `GIT_*_DATE` variable cannot be read.
 */
export async function resolveAuthor(
  options: IResolveAuthorOptions
): Promise<IResolvedAuthor> {
  const { env } = options;
  const home = options.home ?? env.HOME;
  // Lowest precedence first: a later file overrides an earlier one, as git reads them.
  const files: string[] = [];
  if (env.GIT_CONFIG_GLOBAL !== undefined) {
    files.push(env.GIT_CONFIG_GLOBAL);
  } else {
    const xdg =
      env.XDG_CONFIG_HOME || (home ? join(home, '.config') : undefined);
    if (xdg) {
      files.push(join(xdg, 'git', 'config'));
    }
    if (home) {
      files.push(join(home, '.gitconfig'));
    }
  }
  if (options.gitdir) {
    files.push(join(options.gitdir, 'config'));
  }
  const configs: { path: string; entries: IConfigEntry[] }[] = [];
  for (const path of files) {
    const text = await readIfExists(options.readFile, path);
    if (text !== null) {
      configs.push({ path, entries: parseGitConfig(text) });
    }
  }

  const sources: Record<string, string> = {};
  const missing: string[] = [];
  const pick = (
    role: 'author' | 'committer',
    field: 'name' | 'email'
  ): string => {
    const variable = `GIT_${role.toUpperCase()}_${field.toUpperCase()}`;
    const fromEnv = env[variable];
    if (fromEnv) {
      sources[`${role}.${field}`] = variable;
      return fromEnv;
    }
    for (const section of [role, 'user']) {
      for (let i = configs.length - 1; i >= 0; i--) {
        const value = configValue(configs[i].entries, section, field);
        if (value) {
          sources[`${role}.${field}`] =
            `${configs[i].path} (${section}.${field})`;
          return value;
        }
      }
    }
    if (field === 'email' && env.EMAIL) {
      sources[`${role}.${field}`] = 'EMAIL';
      return env.EMAIL;
    }
    missing.push(`${role}.${field}`);
    return '';
  };
  const names = {
    author: { name: pick('author', 'name'), email: pick('author', 'email') },
    committer: {
      name: pick('committer', 'name'),
      email: pick('committer', 'email')
    }
  };
  if (missing.length > 0) {
    const looked = [
      'GIT_AUTHOR_NAME',
      'GIT_AUTHOR_EMAIL',
      'GIT_COMMITTER_NAME',
      'GIT_COMMITTER_EMAIL',
      ...files,
      'EMAIL'
    ];
    throw new NoAuthorError(missing, looked);
  }
  const now = options.now ?? new Date();
  const fallback = {
    timestamp: Math.floor(now.getTime() / 1000),
    timezoneOffset: now.getTimezoneOffset()
  };
  const authorDate = readDate(env, 'GIT_AUTHOR_DATE') ?? fallback;
  const committerDate = readDate(env, 'GIT_COMMITTER_DATE') ?? fallback;
  return {
    author: { ...names.author, ...authorDate },
    committer: { ...names.committer, ...committerDate },
    sources
  };
}

async function readIfExists(
  readFile: IResolveAuthorOptions['readFile'],
  path: string
): Promise<string | null> {
  try {
    const data = await readFile(path);
    if (data === null || data === undefined) {
      return null;
    }
    return typeof data === 'string' ? data : utf8Decode(data);
  } catch (error) {
    if (isNotFound(error)) {
      return null;
    }
    throw error;
  }
}

function readDate(
  env: Readonly<Record<string, string | undefined>>,
  variable: string
): { timestamp: number; timezoneOffset: number } | undefined {
  const value = env[variable];
  if (!value) {
    return undefined;
  }
  const parsed = parseGitDate(value);
  if (!parsed) {
    throw new InvalidDateError(variable, value);
  }
  return parsed;
}

/**
 * Reads git's internal date format (`1700000000 +0100`, optionally `@`-prefixed) or ISO 8601
 * with an explicit zone (`2024-01-31T12:00:00+01:00`, `…Z`). `undefined` otherwise.
 */
export function parseGitDate(
  value: string
): { timestamp: number; timezoneOffset: number } | undefined {
  const internal = /^@?(\d+)(?:\s+([+-])(\d\d):?(\d\d))?$/.exec(value.trim());
  if (internal) {
    const [, seconds, sign, hh, mm] = internal;
    const east = sign
      ? (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm))
      : 0;
    return { timestamp: Number(seconds), timezoneOffset: -east || 0 };
  }
  const iso =
    /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d))?(?:\.\d+)?\s*(Z|([+-])(\d\d):?(\d\d))$/.exec(
      value.trim()
    );
  if (iso) {
    const [, y, mo, d, h, mi, s, zone, sign, zh, zm] = iso;
    const east =
      zone === 'Z'
        ? 0
        : (sign === '-' ? -1 : 1) * (Number(zh) * 60 + Number(zm));
    const utcMs =
      Date.UTC(
        Number(y),
        Number(mo) - 1,
        Number(d),
        Number(h),
        Number(mi),
        Number(s ?? 0)
      ) -
      east * 60000;
    return { timestamp: Math.floor(utcMs / 1000), timezoneOffset: -east || 0 };
  }
  return undefined;
}
