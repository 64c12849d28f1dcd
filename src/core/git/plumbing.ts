/**
 * git's own plumbing, as an optional port. isomorphic-git rewrites `.git/index` from what it
 * understands (index versions 2 and 3, entries only), so it would drop a split index's link
 * to its shared part or fail on version 4. When the caller can run `git` (the CLI), index
 * updates go through `git update-index`, which keeps every format git itself writes.
 */

/** One index entry to point at a blob. */
export interface IIndexEntry {
  /** Repository-relative, `/`-separated. */
  readonly path: string;
  readonly oid: string;
  /** `100644` or `100755`. */
  readonly mode: string;
}

/** What the core needs from git's plumbing. */
export interface IGitPlumbing {
  /**
   * Points the index entries of `entries` (only) at their blobs, under git's own
   * `index.lock` (`git update-index --add --cacheinfo`). Rejects when git fails.
   */
  updateIndex(args: {
    readonly repoRoot: string;
    readonly gitdir: string;
    readonly entries: readonly IIndexEntry[];
  }): Promise<void>;
}
