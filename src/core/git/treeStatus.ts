/**
 * The changes of a whole working tree, kept through one run of exports into a repository.
 * Each export's provenance needs `git status` of the whole tree; walked again for every
 * notebook, a run over a repository's N notebooks costs N walks of a tree that grows by the
 * exports' own files (quadratic: ~1,700 entries stat-ed per notebook on the corpus). Between
 * two exports of one run the tree changes by what the run itself wrote, so after the first
 * walk only those paths are looked at again, and the first walk is redone whenever HEAD or
 * the index changed (a commit of an export, a `git add` meanwhile).
 *
 * Changes made by other programs during the run, to files the run did not write, are not
 * seen after the first walk: the run takes the tree as it was when it started (stated in the
 * README).
 */
import type { IChange } from './listChanges';
import type { GitCache } from './ports';
import { relativeInside } from './posixPath';

/** What the kept changes hold for: HEAD's commit, the index file's stats and the policy. */
export type TreeState = string;

interface IKept {
  readonly state: TreeState;
  readonly changes: readonly IChange[];
}

const byPath = (a: IChange, b: IChange): number =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : 0;

export class TreeStatus {
  /** isomorphic-git's cache, shared by the run's walks (the index is checked for staleness). */
  readonly cache: GitCache = {};
  private readonly kept = new Map<string, IKept>();
  /** Absolute paths (in the git file system's namespace) written since they were looked at. */
  private readonly written = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  /** The run wrote (or may have written) these files: the next walk looks at them again. */
  touched(paths: readonly string[]): void {
    for (const p of paths) {
      this.written.add(p);
    }
  }

  /**
   * The changes of the tree at `repoRoot` in `state`: kept ones, with the paths written since
   * listed again (`list(paths)`), or a whole walk (`list(null)`) when none are kept for this
   * state. One at a time, so that no walk misses a path another consumed.
   */
  changes(
    repoRoot: string,
    state: TreeState,
    list: (paths: readonly string[] | null) => Promise<IChange[]>
  ): Promise<IChange[]> {
    const next = this.queue.then(() => this.update(repoRoot, state, list));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async update(
    repoRoot: string,
    state: TreeState,
    list: (paths: readonly string[] | null) => Promise<IChange[]>
  ): Promise<IChange[]> {
    // Taken before listing: a path written while the walk runs is looked at again next time.
    const paths: string[] = [];
    for (const p of this.written) {
      const inside = relativeInside(repoRoot, p);
      if (inside !== null && inside !== '') {
        paths.push(inside);
        this.written.delete(p);
      }
    }
    const kept = this.kept.get(repoRoot);
    let changes: IChange[];
    try {
      if (kept === undefined || kept.state !== state) {
        changes = await list(null);
      } else if (paths.length === 0) {
        return [...kept.changes];
      } else {
        const again = new Set(paths);
        changes = [
          ...kept.changes.filter(c => !again.has(c.path)),
          ...(await list(paths))
        ].sort(byPath);
      }
    } catch (e) {
      // The paths taken are not looked at: the next call walks the whole tree again.
      this.kept.delete(repoRoot);
      throw e;
    }
    this.kept.set(repoRoot, { state, changes });
    return [...changes];
  }
}
