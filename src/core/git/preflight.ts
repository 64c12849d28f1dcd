/**
 * Every check `commitExport` makes before it changes anything, as one function the caller
 * runs BEFORE writing the exported files: a refused commit must leave nothing behind, not
 * three untracked files. `commitExport` runs it again itself (the state may have changed).
 */
import {
  DetachedHeadError,
  ExportPathError,
  LockedError,
  OperationInProgressError,
  UnsupportedIndexError,
  UnsupportedRepositoryError
} from './errors';
import { findRepository } from './findRepository';
import { unsafeIndexReason } from './indexFormat';
import type { IGitPlumbing } from './plumbing';
import type { IFsLike } from './ports';
import { join } from './posixPath';
import { toRepoPath } from './provenance';
import { readHead } from './refs';
import type { IResolvedAuthor } from './resolveAuthor';

/** Options of {@link preflightCommit}. */
export interface ICommitPreflightOptions {
  readonly fs: IFsLike;
  /** The folder the paths are relative to. */
  readonly dir: string;
  /** The paths to commit (relative to `dir`, or absolute). */
  readonly paths: readonly string[];
  /** git's plumbing when the caller can run git; without it some index formats are refused. */
  readonly plumbing?: IGitPlumbing | null;
  /** Resolves the identity (throws `NoAuthorError`); checked here so a missing one refuses early. */
  readonly identity?: (gitdir: string) => Promise<IResolvedAuthor>;
}

/** What the checks found, for the commit. */
export interface ICommitPreflight {
  readonly repoRoot: string;
  readonly gitdir: string;
  /** `refs/heads/<branch>`. */
  readonly ref: string;
  readonly branch: string;
  /** Repository-relative paths, in the order given. */
  readonly paths: readonly string[];
  /** Who updates `.git/index`: git's plumbing, or isomorphic-git (only when that is safe). */
  readonly indexWriter: 'git' | 'isomorphic-git';
  readonly identity: IResolvedAuthor | null;
}

/** Markers of an operation in progress (as `git status` reads them), in `gitdir`. */
const IN_PROGRESS: readonly (readonly [string, string])[] = [
  ['MERGE_HEAD', 'merge'],
  ['CHERRY_PICK_HEAD', 'cherry-pick'],
  ['REVERT_HEAD', 'revert'],
  ['rebase-merge', 'rebase'],
  ['rebase-apply', 'rebase or git am'],
  ['BISECT_LOG', 'bisect']
];

async function exists(fs: IFsLike, path: string): Promise<boolean> {
  return fs.lstat(path).then(
    () => true,
    () => false
  );
}

/**
 * Checks, without writing anything, that the export can be committed.
 *
 * @throws {NotARepositoryError} outside a repository.
 * @throws {UnsupportedRepositoryError} in a linked worktree or a submodule.
 * @throws {DetachedHeadError} when HEAD is not on a local branch.
 * @throws {OperationInProgressError} during a merge, cherry-pick, revert, rebase or bisect.
 * @throws {LockedError} while another git process holds `index.lock`.
 * @throws {ExportPathError} for a path outside the repository, inside `.git` or listed twice.
 * @throws {UnsupportedIndexError} for an index only git can update, when git is not available.
 * @throws {NoAuthorError} from `identity`.
 */
export async function preflightCommit(
  options: ICommitPreflightOptions
): Promise<ICommitPreflight> {
  const { fs, dir } = options;
  const repo = await findRepository({ fs, dir });
  if (repo.kind !== 'repository') {
    throw new UnsupportedRepositoryError(repo.kind, repo.repoRoot, repo.gitdir);
  }
  const { repoRoot, gitdir } = repo;
  const head = await readHead(fs, gitdir);
  if (head.kind !== 'branch' || !head.ref.startsWith('refs/heads/')) {
    throw new DetachedHeadError(head.kind === 'detached' ? head.oid : head.ref);
  }
  for (const [marker, operation] of IN_PROGRESS) {
    if (await exists(fs, join(gitdir, marker))) {
      throw new OperationInProgressError(operation, join(gitdir, marker));
    }
  }
  if (await exists(fs, join(gitdir, 'index.lock'))) {
    throw new LockedError(join(gitdir, 'index'));
  }
  const paths = options.paths.map(p =>
    checkPath(toRepoPath(repoRoot, dir, p), p)
  );
  const seen = new Set<string>();
  for (const p of paths) {
    if (seen.has(p)) {
      throw new ExportPathError(p, 'it is listed twice');
    }
    seen.add(p);
  }
  let indexWriter: ICommitPreflight['indexWriter'] = 'git';
  if (!options.plumbing) {
    const problem = await unsafeIndexReason(fs, gitdir);
    if (problem !== null) {
      throw new UnsupportedIndexError(join(gitdir, 'index'), problem);
    }
    indexWriter = 'isomorphic-git';
  }
  const identity = options.identity ? await options.identity(gitdir) : null;
  return {
    repoRoot,
    gitdir,
    ref: head.ref,
    branch: head.ref.slice('refs/heads/'.length),
    paths,
    indexWriter,
    identity
  };
}

/** The repository-relative path, or an `ExportPathError` for one that must not be committed. */
export function checkPath(repoPath: string, given: string): string {
  if (repoPath === '.' || repoPath.split('/').some(part => part === '..')) {
    throw new ExportPathError(given, 'it is not a file inside the repository');
  }
  if (repoPath.split('/').some(part => part.toLowerCase() === '.git')) {
    throw new ExportPathError(given, 'it is inside a .git folder');
  }
  return repoPath;
}
