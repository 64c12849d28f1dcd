import { promises as fsp } from 'node:fs';
import { homedir } from 'node:os';
import { resolveAuthor, type IFsLike, type IResolvedAuthor } from '../core';

/**
 * Node's promise file system is the git core's `FsLike` as is (isomorphic-git's own
 * choice); paths are absolute OS paths, `/`-separated on POSIX.
 */
export const nodeFs: IFsLike = fsp;

/**
 * The identity the CLI commits an export with: `GIT_AUTHOR_*`/`GIT_COMMITTER_*`, then the
 * repository's config, then `~/.gitconfig` and `$XDG_CONFIG_HOME/git/config`.
 *
 * @throws {NoAuthorError} when none is configured (the message says how to set one).
 */
export function cliAuthor(
  gitdir: string,
  env: Readonly<Record<string, string | undefined>> = process.env
): Promise<IResolvedAuthor> {
  return resolveAuthor({
    env,
    readFile: path => fsp.readFile(path, 'utf8'),
    gitdir,
    home: env.HOME ?? homedir()
  });
}
