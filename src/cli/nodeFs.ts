import { execFile, spawnSync } from 'node:child_process';
import { promises as fsp, type BigIntStats } from 'node:fs';
import { homedir } from 'node:os';
import {
  commitExport,
  preflightCommit,
  resolveAuthor,
  type ICommitExportResult,
  type ICommitPreflight,
  type IFsLike,
  type IFsStats,
  type IGitPlumbing,
  type IResolvedAuthor
} from '../core';

const NS = 1_000_000_000n;

/**
 * A file's stats with its times to the nanosecond. git's index holds them so: isomorphic-git
 * compares them with the file's before trusting the index's blob id, and the float `mtimeMs`
 * of Node's plain stats is 244 ns coarse at today's dates, so every file written by git
 * looked changed and was read and hashed on every status (a whole repository per export).
 */
function exactStats(s: BigIntStats): IFsStats {
  return {
    isFile: () => s.isFile(),
    isDirectory: () => s.isDirectory(),
    isSymbolicLink: () => s.isSymbolicLink(),
    mode: Number(s.mode),
    size: Number(s.size),
    ino: Number(s.ino),
    uid: Number(s.uid),
    gid: Number(s.gid),
    dev: Number(s.dev),
    mtimeMs: Number(s.mtimeMs),
    ctimeMs: Number(s.ctimeMs),
    mtimeSeconds: Number(s.mtimeNs / NS),
    mtimeNanoseconds: Number(s.mtimeNs % NS),
    ctimeSeconds: Number(s.ctimeNs / NS),
    ctimeNanoseconds: Number(s.ctimeNs % NS)
  };
}

/**
 * Node's promise file system as the git core's `FsLike` (isomorphic-git's own choice), with
 * {@link exactStats}; paths are absolute OS paths, `/`-separated on POSIX.
 */
export const nodeFs: IFsLike & { readonly rm: typeof fsp.rm } = {
  readFile: fsp.readFile,
  writeFile: fsp.writeFile,
  mkdir: fsp.mkdir,
  rmdir: fsp.rmdir,
  unlink: fsp.unlink,
  stat: async path => exactStats(await fsp.stat(path, { bigint: true })),
  lstat: async path => exactStats(await fsp.lstat(path, { bigint: true })),
  readdir: fsp.readdir,
  readlink: fsp.readlink,
  symlink: fsp.symlink,
  rename: fsp.rename,
  // isomorphic-git removes folders with `rm` when the file system has one (Node's has).
  rm: fsp.rm
};

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

/** The environment for a git command on `gitdir`: the user's, minus what would redirect it. */
function gitEnv(repoRoot: string, gitdir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'GIT_INDEX_FILE',
    'GIT_OBJECT_DIRECTORY',
    'GIT_ALTERNATE_OBJECT_DIRECTORIES',
    'GIT_NAMESPACE',
    'GIT_COMMON_DIR'
  ]) {
    delete env[name];
  }
  env.GIT_DIR = gitdir;
  env.GIT_WORK_TREE = repoRoot;
  return env;
}

let gitAvailable: boolean | null = null;

/**
 * git's own plumbing (`git update-index`), or null when no `git` runs here. Through it an
 * export commit keeps split, version-4 and sparse indexes intact; without it the core
 * refuses those before writing anything.
 */
export function gitPlumbing(): IGitPlumbing | null {
  if (gitAvailable === null) {
    const probe = spawnSync('git', ['--version'], { stdio: 'ignore' });
    gitAvailable = probe.status === 0;
  }
  if (!gitAvailable) {
    return null;
  }
  return {
    updateIndex: ({ repoRoot, gitdir, entries }) =>
      new Promise<void>((resolve, reject) => {
        const args = ['update-index', '--add'];
        for (const e of entries) {
          args.push('--cacheinfo', `${e.mode},${e.oid},${e.path}`);
        }
        execFile(
          'git',
          args,
          { cwd: repoRoot, env: gitEnv(repoRoot, gitdir) },
          (error, _stdout, stderr) => {
            if (error) {
              const err = new Error(
                `git update-index failed: ${String(stderr).trim() || error.message}`
              );
              reject(Object.assign(err, { code: 'EGIT' }));
            } else {
              resolve();
            }
          }
        );
      })
  };
}

/**
 * Every check of committing `paths` (relative to `dir`), identity included, before the
 * export writes a file: a refused commit leaves nothing behind.
 */
export function cliCommitPreflight(
  dir: string,
  paths: readonly string[]
): Promise<ICommitPreflight> {
  return preflightCommit({
    fs: nodeFs,
    dir,
    paths,
    plumbing: gitPlumbing(),
    identity: gitdir => cliAuthor(gitdir)
  });
}

/** Commits the exported files (only), after {@link cliCommitPreflight} passed. */
export async function cliCommit(
  dir: string,
  files: readonly { readonly name: string; readonly text: string }[],
  message: string,
  checked: ICommitPreflight
): Promise<ICommitExportResult> {
  const who = checked.identity ?? (await cliAuthor(checked.gitdir));
  return commitExport({
    fs: nodeFs,
    dir,
    files: files.map(f => ({ path: f.name, content: f.text })),
    message: message.endsWith('\n') ? message : `${message}\n`,
    author: who.author,
    committer: who.committer,
    plumbing: gitPlumbing()
  });
}
