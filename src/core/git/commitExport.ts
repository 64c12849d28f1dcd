import type { TreeEntry } from 'isomorphic-git';
import { utf8Encode } from '../util/sha256';
import {
  ExportPathError,
  LinearizeErrorWithCause,
  RefChangedError
} from './errors';
import { commitFs, codeOf } from './guardFs';
import { loadGit, type IsoGit } from './loadGit';
import type { GitCache, IFsLike } from './ports';
import type { IGitPlumbing } from './plumbing';
import { join } from './posixPath';
import { preflightCommit } from './preflight';
import {
  compareAndSwap,
  indexChecksum,
  readHead,
  readIndexChecksum,
  readRef,
  refChanged
} from './refs';
import type { IGitIdentity } from './resolveAuthor';

/** A file to commit: its path relative to `dir` (or absolute) and its exact bytes. */
export interface ICommitFile {
  readonly path: string;
  readonly content: string | Uint8Array;
}

/** An identity; the date defaults to now. */
export interface ICommitIdentity {
  readonly name: string;
  readonly email: string;
  readonly timestamp?: number;
  readonly timezoneOffset?: number;
}

/** Options of {@link commitExport}. */
export interface ICommitExportOptions {
  readonly fs: IFsLike;
  /** The notebook's folder; `files` are relative to it. */
  readonly dir: string;
  readonly files: readonly ICommitFile[];
  readonly message: string;
  readonly author: ICommitIdentity | IGitIdentity;
  /** Default: the author. */
  readonly committer?: ICommitIdentity | IGitIdentity;
  readonly cache?: GitCache;
  /**
   * git's own plumbing, when the caller can run git: the index is then updated by
   * `git update-index`, which keeps split and version-4 indexes intact. Without it such an
   * index is refused before anything is written (`UnsupportedIndexError`).
   */
  readonly plumbing?: IGitPlumbing | null;
}

/** What {@link commitExport} did. */
export interface ICommitExportResult {
  /** The new commit, or HEAD's when nothing changed. */
  readonly commit: string;
  /** HEAD's commit before (`null` on an unborn branch). */
  readonly parent: string | null;
  /** The branch that moved (`main`). */
  readonly branch: string;
  /** `false` when HEAD already held these exact files (no commit made). */
  readonly created: boolean;
  /** The committed paths, repo-relative. */
  readonly paths: readonly string[];
}

/**
 * Commits exactly `files` on the current branch, leaving everything else alone.
 *
 * Never `git add` + `git commit` (that sweeps the user's other staged changes into the
 * commit, `shared/design/git.md`). Instead: write the blobs; build a tree from HEAD's tree
 * with only these paths replaced; write the commit; then move the branch with a
 * compare-and-swap (re-read under git's `*.lock`, fail if it moved); last, point the index
 * entries of these paths (only) at the new blobs, so `git status` shows them clean and every
 * other staged change stays staged. The index entries get zeroed stats, so git re-hashes
 * the working-tree files once instead of trusting stats that never described them.
 *
 * Not written: the reflog (`git reflog` will not list the export commit) and hooks (none run).
 *
 * @throws everything {@link preflightCommit} throws (checked first; nothing changed then).
 * @throws {ExportPathError} for a path outside the repository, inside `.git`, listed twice,
 *   or colliding with a folder or submodule in HEAD.
 * @throws {RefChangedError} when the branch or HEAD moved meanwhile (nothing was changed).
 * @throws {LockedError} when a git process holds the branch's or the index's lock.
 * @throws {IndexNotUpdatedError} when the commit was made but the index could not be updated.
 */
export async function commitExport(
  options: ICommitExportOptions
): Promise<ICommitExportResult> {
  const { fs, dir } = options;
  const cache = options.cache ?? {};
  const checked = await preflightCommit({
    fs,
    dir,
    paths: options.files.map(file => file.path),
    plumbing: options.plumbing
  });
  const { repoRoot, gitdir, ref, branch } = checked;
  const files = options.files.map((file, i) => ({
    path: checked.paths[i],
    content:
      typeof file.content === 'string' ? utf8Encode(file.content) : file.content
  }));

  const git = await loadGit();
  // The index checksum seen now is the compare-and-swap's expected value at the end.
  let indexExpected = await readIndexChecksum(fs, gitdir);
  const writeIndex = async (data: Uint8Array): Promise<void> => {
    await compareAndSwap(
      fs,
      {
        kind: 'index',
        path: join(gitdir, 'index'),
        data,
        expected: indexExpected
      },
      () => readIndexChecksum(fs, gitdir)
    );
    indexExpected = indexChecksum(data);
  };
  const cfs = commitFs(fs, gitdir, writeIndex);

  const parent = await readRef(fs, gitdir, ref);
  const baseTree =
    parent === null
      ? null
      : (await git.readCommit({ fs: cfs, gitdir, oid: parent, cache })).commit
          .tree;

  const blobs = new Map<string, string>();
  for (const file of files) {
    blobs.set(
      file.path,
      await git.writeBlob({ fs: cfs, gitdir, blob: file.content })
    );
  }
  const modes = new Map<string, string>();
  const tree = await updateTree(
    git,
    cfs,
    gitdir,
    cache,
    baseTree,
    '',
    blobs,
    modes
  );
  const paths = files.map(file => file.path);
  if (tree === baseTree && parent !== null) {
    return { commit: parent, parent, branch, created: false, paths };
  }

  const author = fullIdentity(options.author);
  const committer = fullIdentity(options.committer ?? options.author);
  const message = options.message.endsWith('\n')
    ? options.message
    : options.message + '\n';
  const commit = await git.writeCommit({
    fs: cfs,
    gitdir,
    commit: {
      message,
      tree,
      parent: parent === null ? [] : [parent],
      author,
      committer
    }
  });

  // HEAD must still name the same branch, or the user switched meanwhile.
  const headNow = await readHead(fs, gitdir);
  if (headNow.kind !== 'branch' || headNow.ref !== ref) {
    throw new RefChangedError(
      'HEAD',
      `ref: ${ref}`,
      headNow.kind === 'branch' ? `ref: ${headNow.ref}` : headNow.oid
    );
  }
  try {
    await compareAndSwap(
      fs,
      {
        kind: 'ref',
        path: join(gitdir, ref),
        data: utf8Encode(commit + '\n'),
        expected: parent
      },
      () => readRef(fs, gitdir, ref)
    );
  } catch (error) {
    refChanged(ref, parent, error);
  }

  try {
    if (checked.indexWriter === 'git' && options.plumbing) {
      await options.plumbing.updateIndex({
        repoRoot,
        gitdir,
        entries: files.map(file => ({
          path: file.path,
          oid: blobs.get(file.path) ?? '',
          mode: modes.get(file.path) ?? '100644'
        }))
      });
    } else {
      for (const file of files) {
        await git.updateIndex({
          fs: cfs,
          dir: repoRoot,
          gitdir,
          cache,
          filepath: file.path,
          oid: blobs.get(file.path),
          mode: parseInt(modes.get(file.path) ?? '100644', 8),
          add: true
        });
      }
    }
  } catch (error) {
    throw new IndexNotUpdatedError(commit, branch, paths, error);
  }
  return { commit, parent, branch, created: true, paths };
}

/**
 * The branch moved to the export commit, but `.git/index` could not be updated (another
 * process changed or locked it). The commit is fine; `git reset -q -- <paths>` aligns the index.
 */
export class IndexNotUpdatedError extends LinearizeErrorWithCause {
  static readonly code = 'IndexNotUpdatedError';
  constructor(
    commit: string,
    branch: string,
    paths: readonly string[],
    cause: unknown
  ) {
    super(
      `Committed ${commit.slice(0, 12)} on ${branch}, but the index was changed or locked by ` +
        'another process and was not updated; run: git reset -q -- ' +
        paths.map(p => `'${p}'`).join(' '),
      {
        commit,
        branch,
        paths: [...paths],
        cause: codeOf(cause) ?? String(cause)
      },
      cause
    );
  }
}

function fullIdentity(identity: ICommitIdentity): IGitIdentity {
  const now = new Date();
  return {
    name: identity.name,
    email: identity.email,
    timestamp: identity.timestamp ?? Math.floor(now.getTime() / 1000),
    timezoneOffset: identity.timezoneOffset ?? now.getTimezoneOffset()
  };
}

/**
 * Writes the tree `base` with the blobs under `prefix` replaced or added, recursively, and
 * returns its oid (equal to `base` when nothing changed). `modes` receives each file's mode:
 * an executable file stays executable; anything else is a regular file.
 */
async function updateTree(
  git: IsoGit,
  fs: IFsLike,
  gitdir: string,
  cache: GitCache,
  base: string | null,
  prefix: string,
  blobs: ReadonlyMap<string, string>,
  modes: Map<string, string>
): Promise<string> {
  const entries: TreeEntry[] =
    base === null
      ? []
      : [...(await git.readTree({ fs, gitdir, oid: base, cache })).tree];
  const here = new Map<string, string>();
  const below = new Map<string, Map<string, string>>();
  for (const [path, oid] of blobs) {
    const slash = path.indexOf('/');
    if (slash < 0) {
      here.set(path, oid);
    } else {
      const name = path.slice(0, slash);
      const sub = below.get(name) ?? new Map<string, string>();
      sub.set(path.slice(slash + 1), oid);
      below.set(name, sub);
    }
  }
  let changed = false;
  const put = (entry: TreeEntry): void => {
    const i = entries.findIndex(e => e.path === entry.path);
    if (i < 0) {
      entries.push(entry);
      changed = true;
    } else if (entries[i].oid !== entry.oid || entries[i].mode !== entry.mode) {
      entries[i] = entry;
      changed = true;
    }
  };
  for (const [name, oid] of here) {
    const full = prefix + name;
    const existing = entries.find(e => e.path === name);
    if (existing?.type === 'tree') {
      throw new ExportPathError(full, 'HEAD has a folder there');
    }
    if (existing?.type === 'commit') {
      throw new ExportPathError(full, 'HEAD has a submodule there');
    }
    const mode = existing?.mode === '100755' ? '100755' : '100644';
    modes.set(full, mode);
    put({ mode, path: name, oid, type: 'blob' });
  }
  for (const [name, sub] of below) {
    const full = prefix + name;
    const existing = entries.find(e => e.path === name);
    if (existing && existing.type !== 'tree') {
      throw new ExportPathError(
        full,
        `HEAD has a ${existing.type === 'commit' ? 'submodule' : 'file'} there, not a folder`
      );
    }
    const oid = await updateTree(
      git,
      fs,
      gitdir,
      cache,
      existing?.oid ?? null,
      full + '/',
      sub,
      modes
    );
    put({ mode: '040000', path: name, oid, type: 'tree' });
  }
  if (!changed && base !== null) {
    return base;
  }
  return git.writeTree({ fs, gitdir, tree: entries });
}
