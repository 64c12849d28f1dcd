import { Sha256 } from '../util/sha256';
import { ExportPathError, UnsupportedRepositoryError } from './errors';
import { findRepository } from './findRepository';
import { isNotFound, readOnlyFs } from './guardFs';
import { listChanges, type IChange } from './listChanges';
import { loadGit } from './loadGit';
import type { GitCache, IFsLike } from './ports';
import { join, normalize, relativeInside, rootOf } from './posixPath';
import { readHead, readRef } from './refs';
import { stripCredentials } from './stripCredentials';
import type { TreeStatus } from './treeStatus';

/**
 * Which changes make a tree dirty: `'tracked'` counts changes to tracked files only (MLflow's
 * definition); `'untracked'` also counts new files that are not ignored (ZenML's).
 */
export type DirtyPolicy = 'tracked' | 'untracked';

/** The git facts of the manifest (`shared/design/export-rules.md` §5, `git.*`). */
export interface IProvenance {
  /** HEAD's commit (40 hex), `null` on a branch with no commit yet. */
  readonly commit: string | null;
  /** The checked-out branch (`main`), `null` on a detached HEAD. */
  readonly branch: string | null;
  /** The first configured remote's URL, credentials stripped; `null` without remotes. */
  readonly remoteUrl: string | null;
  readonly dirty: boolean;
  readonly dirtyPolicy: DirtyPolicy;
  /**
   * When dirty: SHA-256 over the changed paths and their blob ids in HEAD, the index and the
   * working tree (see {@link diffSha256}); `null` when clean.
   */
  readonly diffSha256: string | null;
  /** Repo-relative paths of the changes, sorted (what made it dirty). */
  readonly changedFiles: readonly string[];
  /** What was checked: repo-relative paths, or `null` for the whole working tree. */
  readonly checked: readonly string[] | null;
  /** `dir` relative to the repository's top folder, `/`-separated; `'.'` at the top. */
  readonly subdirectory: string;
  /** The repository's top folder, in the caller's file system. */
  readonly repoRoot: string;
}

/** Options of {@link provenance}. */
export interface IProvenanceOptions {
  readonly fs: IFsLike;
  /** The notebook's folder (absolute, `/`-separated). */
  readonly dir: string;
  /**
   * Files or folders to check for changes, relative to `dir` (usually the notebook and the
   * exported files: cheap). Omit to check the whole working tree (costly on big trees).
   */
  readonly files?: readonly string[];
  /** isomorphic-git's cache, shared by every call of one operation. */
  readonly cache?: GitCache;
  /** Default `'tracked'`. */
  readonly dirtyPolicy?: DirtyPolicy;
  /**
   * A run's kept whole-tree changes (whole-tree checks only): walked once, then only the paths
   * the run wrote since ({@link TreeStatus}).
   */
  readonly status?: TreeStatus;
  /**
   * Files not counted as changes, relative to `dir` (or absolute): an export's own products.
   * Counting them would make every re-export in a dirty tree hash a new diff (the last
   * export's files are part of it), so the manifest would never settle.
   */
  readonly exclude?: readonly string[];
}

/**
 * Reads where `dir` stands in git: commit, branch, remote and whether `files` differ from
 * HEAD. Strictly read-only: it never writes `.git/index` or anything else (all writes are
 * refused by a read-only view of `fs`, and isomorphic-git is told not to refresh the index).
 *
 * @throws {NotARepositoryError} when `dir` is not in a repository.
 * @throws {UnsupportedRepositoryError} for a worktree or submodule checkout.
 * @throws {ExportPathError} when a path in `files` leaves the repository.
 */
export async function provenance(
  options: IProvenanceOptions
): Promise<IProvenance> {
  const fs = readOnlyFs(options.fs);
  const cache = options.cache ?? options.status?.cache ?? {};
  const dirtyPolicy = options.dirtyPolicy ?? 'tracked';
  const repo = await findRepository({ fs, dir: options.dir });
  if (repo.kind !== 'repository') {
    throw new UnsupportedRepositoryError(repo.kind, repo.repoRoot, repo.gitdir);
  }
  const { repoRoot, gitdir } = repo;
  const subdirectory = relativeInside(repoRoot, options.dir) || '.';
  const git = await loadGit();

  const head = await readHead(fs, gitdir);
  const branch =
    head.kind === 'branch' ? head.ref.replace(/^refs\/heads\//, '') : null;
  const commit =
    head.kind === 'branch' ? await readRef(fs, gitdir, head.ref) : head.oid;

  const remotes = await git
    .listRemotes({ fs, gitdir })
    .catch((error: unknown) => {
      if (isNotFound(error)) {
        return [];
      }
      throw error;
    });
  const remoteUrl =
    remotes.length > 0 ? stripCredentials(remotes[0].url) : null;

  const checked =
    options.files === undefined
      ? null
      : options.files.map(file => toRepoPath(repoRoot, options.dir, file));
  const status = checked === null ? options.status : undefined;
  const list = (paths: readonly string[] | null): Promise<IChange[]> =>
    listChanges({
      git,
      fs,
      dir: repoRoot,
      gitdir,
      cache,
      commit,
      paths,
      untracked: dirtyPolicy === 'untracked'
    });
  const listed =
    status === undefined
      ? await list(checked)
      : await status.changes(
          repoRoot,
          `${commit}\0${await indexState(fs, gitdir)}\0${dirtyPolicy}`,
          list
        );
  // Files outside the repository cannot be among its changes: nothing to leave out.
  const excluded = new Set(
    (options.exclude ?? []).map(file =>
      repoPathOrNull(repoRoot, options.dir, file)
    )
  );
  const changes =
    excluded.size === 0
      ? listed
      : listed.filter(change => !excluded.has(change.path));
  const dirty = changes.length > 0;
  return {
    commit,
    branch,
    remoteUrl,
    dirty,
    dirtyPolicy,
    diffSha256: dirty ? diffSha256(changes) : null,
    changedFiles: changes.map(change => change.path),
    checked,
    subdirectory,
    repoRoot
  };
}

/** The index file's stats: a `git add` or a commit changes them. */
async function indexState(fs: IFsLike, gitdir: string): Promise<string> {
  try {
    const st = await fs.lstat(join(gitdir, 'index'));
    return `${st.size}:${st.mtimeSeconds ?? ''}.${st.mtimeNanoseconds ?? ''}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
  } catch (e) {
    if (isNotFound(e)) {
      return 'none';
    }
    throw e;
  }
}

/**
 * The identity of a dirty state: SHA-256 of `linearize-git-diff-v1\n` followed, for each
 * change sorted by path, by `path NUL head NUL stage NUL workdir \n`, where each of the last
 * three is a blob id or `-` when absent. Two exports hash alike exactly when the same paths
 * differ in the same way. (Unambiguous: git paths have no NUL, oids have a fixed form.)
 */
export function diffSha256(changes: readonly IChange[]): string {
  const hash = new Sha256().update('linearize-git-diff-v1\n');
  for (const change of changes) {
    hash.update(
      `${change.path}\0${change.head ?? '-'}\0${change.stage ?? '-'}\0${change.workdir ?? '-'}\n`
    );
  }
  return hash.digest();
}

/** `file` (relative to `dir`, or absolute) as a repo-relative path. */
export function toRepoPath(
  repoRoot: string,
  dir: string,
  file: string
): string {
  const inside = repoPathOrNull(repoRoot, dir, file);
  if (inside === null) {
    throw new ExportPathError(file, `it is outside the repository ${repoRoot}`);
  }
  return inside;
}

/** {@link toRepoPath}, or null when `file` is outside the repository. */
function repoPathOrNull(
  repoRoot: string,
  dir: string,
  file: string
): string | null {
  const absolute = rootOf(file) ? normalize(file) : join(dir, file);
  const inside = relativeInside(repoRoot, absolute);
  return inside === '' ? '.' : inside;
}
