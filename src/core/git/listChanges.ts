import type { WalkerEntry, WalkerIterate } from 'isomorphic-git';
import type { IsoGit } from './loadGit';
import type { GitCache, IFsLike } from './ports';

/**
 * One path whose HEAD, index and working-tree versions are not all the same blob.
 * Oids are git blob ids (SHA-1 of the content); `null` where the path is absent.
 */
export interface IChange {
  readonly path: string;
  readonly head: string | null;
  readonly stage: string | null;
  readonly workdir: string | null;
  /** Neither in HEAD nor in the index (and not ignored). */
  readonly untracked: boolean;
}

/** Options of {@link listChanges}. */
export interface IListChangesOptions {
  readonly git: IsoGit;
  /** Must refuse writes: see `readOnlyFs`. */
  readonly fs: IFsLike;
  readonly dir: string;
  readonly gitdir: string;
  readonly cache: GitCache;
  /** HEAD's commit, or `null` on an unborn branch (then everything is new). */
  readonly commit: string | null;
  /** Repo-relative paths (files or folders) to look at; `null` for the whole tree. */
  readonly paths: readonly string[] | null;
  /** Report untracked, non-ignored files too. */
  readonly untracked: boolean;
}

/**
 * The changed paths, sorted: one walk over HEAD's tree, the working tree and the index, like
 * `statusMatrix`, but keeping the oids (for the diff hash) and pruning early.
 *
 * Read-only by construction: `WORKDIR({refresh: false})` never refreshes the index's stat
 * cache (isomorphic-git would otherwise rewrite `.git/index`), and the caller's `fs` refuses
 * writes anyway. A working-tree file whose stats match its index entry is not read. Folders
 * outside `paths`, untracked folders (unless `untracked`), ignored folders and submodules
 * (gitlinks) are not entered.
 */
export async function listChanges(
  options: IListChangesOptions
): Promise<IChange[]> {
  const { git, fs, dir, gitdir, cache, commit, paths } = options;
  const worth = paths === null ? null : worthWalking(paths);
  const trees = [git.WORKDIR({ refresh: false }), git.STAGE()];
  if (commit !== null) {
    trees.push(git.TREE({ ref: commit }));
  }
  const map = async (
    filepath: string,
    entries: Array<WalkerEntry | null>
  ): Promise<IChange | null | undefined> => {
    if (filepath === '.') {
      return undefined;
    }
    if (worth !== null && !worth(filepath)) {
      return null;
    }
    const [workdir, stage, head = null] = entries;
    const [workdirType, stageType, headType] = await Promise.all([
      workdir?.type(),
      stage?.type(),
      head?.type()
    ]);
    if (headType === 'commit' || stageType === 'commit') {
      // A submodule's gitlink: its own repository, not our business (reported, not entered).
      return null;
    }
    const tracked = headType !== undefined || stageType !== undefined;
    if (!tracked) {
      if (!options.untracked) {
        return workdirType === 'tree' ? null : undefined;
      }
      if (await git.isIgnored({ fs, dir, gitdir, filepath })) {
        return null;
      }
    }
    const isBlob = [workdirType, stageType, headType].includes('blob');
    if (!isBlob) {
      // Folders (and sockets, fifos…): keep walking, report nothing for the folder itself.
      return undefined;
    }
    const [workdirOid, stageOid, headOid] = await Promise.all([
      workdirType === 'blob' ? workdir?.oid() : undefined,
      stageType === 'blob' ? stage?.oid() : undefined,
      headType === 'blob' ? head?.oid() : undefined
    ]);
    const change: IChange = {
      path: filepath,
      head: headOid ?? null,
      stage: stageOid ?? null,
      workdir: workdirOid ?? null,
      untracked: !tracked
    };
    const clean = tracked
      ? change.head === change.stage && change.stage === change.workdir
      : change.workdir === null;
    return clean ? undefined : change;
  };
  // Children outside `paths` are dropped before they are walked: `map` would prune them too,
  // but only after isomorphic-git has stat-ed each one (and tried to list it as a folder), so
  // a check of a few files in a large folder cost a stat of every file there.
  const iterate: WalkerIterate | undefined =
    worth === null
      ? undefined
      : (walk, children) =>
          Promise.all(
            [...children]
              .filter(child => {
                const at = pathOfChild(child);
                return at === undefined || worth(at);
              })
              .map(walk)
          );
  const found = (await git.walk({
    fs,
    dir,
    gitdir,
    cache,
    trees,
    map,
    ...(iterate !== undefined ? { iterate } : {})
  })) as IChange[];
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The path of a child about to be walked. isomorphic-git passes each walker's path for it
 * (typed as entries); anything else keeps the child (then `map` prunes it).
 */
function pathOfChild(child: readonly unknown[]): string | undefined {
  for (const p of child) {
    if (typeof p === 'string') {
      return p;
    }
  }
  return undefined;
}

/**
 * Whether a path is one of `paths`, inside one, or a folder on the way to one: set lookups of
 * the path and its folders, as a run checks a few files against every entry of their folders.
 */
function worthWalking(paths: readonly string[]): (filepath: string) => boolean {
  if (paths.some(base => base === '' || base === '.')) {
    return () => true;
  }
  const bases = new Set(paths);
  const onTheWay = new Set<string>();
  for (const base of paths) {
    for (
      let at = base.lastIndexOf('/');
      at > 0;
      at = base.lastIndexOf('/', at - 1)
    ) {
      onTheWay.add(base.slice(0, at));
    }
  }
  return filepath => {
    if (bases.has(filepath) || onTheWay.has(filepath)) {
      return true;
    }
    for (
      let at = filepath.lastIndexOf('/');
      at > 0;
      at = filepath.lastIndexOf('/', at - 1)
    ) {
      if (bases.has(filepath.slice(0, at))) {
        return true;
      }
    }
    return false;
  };
}
