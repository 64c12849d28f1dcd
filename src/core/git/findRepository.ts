import { ExportPathError, NotARepositoryError } from './errors';
import { isNotFound } from './guardFs';
import type { IFsLike } from './ports';
import { dirname, join, normalize, rootOf } from './posixPath';

/** What kind of checkout a folder is in. Only `'repository'` is supported for provenance. */
export type RepositoryKind =
  /** A normal working tree with a `.git` folder. */
  | 'repository'
  /** A linked worktree (`git worktree add`): `.git` is a file pointing into `<main>/.git/worktrees/`. */
  | 'worktree'
  /** A submodule checkout: `.git` is a file pointing into `<super>/.git/modules/`. */
  | 'submodule'
  /** Another `.git` file (`git init --separate-git-dir`). */
  | 'gitfile';

/** Where a folder's repository is. Paths are absolute, `/`-separated, normalised. */
export interface IRepository {
  /** The working tree's top folder (the one holding `.git`). */
  readonly repoRoot: string;
  /** The git directory: `<repoRoot>/.git`, or where a `.git` file points. */
  readonly gitdir: string;
  readonly kind: RepositoryKind;
}

/**
 * Finds the repository enclosing `dir`, walking up the folders like `git rev-parse`.
 *
 * A `.git` *file* (worktree, submodule, separate git dir) is reported through `kind`, not
 * followed as if it were a normal repository: callers decide (provenance refuses them).
 *
 * @throws {NotARepositoryError} when no folder from `dir` up to `/` holds a `.git`.
 * @throws {ExportPathError} when `dir` is not absolute.
 */
export async function findRepository({
  fs,
  dir
}: {
  fs: IFsLike;
  dir: string;
}): Promise<IRepository> {
  if (!rootOf(dir)) {
    // The core cannot know the current folder: a relative path would silently stop at '.'.
    throw new ExportPathError(dir, 'the folder must be an absolute path');
  }
  let current = normalize(dir);
  for (;;) {
    const dotgit = join(current, '.git');
    const found = await probe(fs, dotgit);
    if (found === 'dir') {
      return { repoRoot: current, gitdir: dotgit, kind: 'repository' };
    }
    if (found === 'file') {
      const text = String(await fs.readFile(dotgit, { encoding: 'utf8' }));
      const match = /^gitdir:\s*(.+?)\s*$/m.exec(text);
      const target = match ? match[1] : '';
      const gitdir = rootOf(target) ? normalize(target) : join(current, target);
      return { repoRoot: current, gitdir, kind: kindOfGitfile(gitdir) };
    }
    const parent = dirname(current);
    if (parent === current) {
      throw new NotARepositoryError(dir);
    }
    current = parent;
  }
}

async function probe(
  fs: IFsLike,
  path: string
): Promise<'dir' | 'file' | null> {
  try {
    const stats = await fs.lstat(path);
    if (stats.isSymbolicLink()) {
      // A symlinked `.git` (some dotfile managers do this): judge by what it points to.
      return (await fs.stat(path)).isDirectory() ? 'dir' : 'file';
    }
    return stats.isDirectory() ? 'dir' : 'file';
  } catch (error) {
    if (isNotFound(error)) {
      return null;
    }
    throw error;
  }
}

function kindOfGitfile(gitdir: string): RepositoryKind {
  if (/\/worktrees\/[^/]+$/.test(gitdir)) {
    return 'worktree';
  }
  if (/\/modules\/./.test(gitdir)) {
    return 'submodule';
  }
  return 'gitfile';
}
