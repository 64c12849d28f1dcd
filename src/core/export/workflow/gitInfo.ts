/**
 * The manifest's git fields through the git core on an injected file system. Outside a
 * repository there is simply no provenance; any other failure is said, never thrown: an export
 * without git facts is still an export.
 */
import type { IFsLike } from '../../git/ports';
import { NotARepositoryError } from '../../git/errors';
import { findRepository } from '../../git/findRepository';
import { provenance } from '../../git/provenance';
import type { IGitInfo } from '../types';

/** What the workflow knows about git before planning. */
export interface IGitFacts {
  readonly info: IGitInfo | null;
  /** One line for a dialog or a report: `1a2b3c4d5e on main, notebook committed.` */
  readonly summary: string;
  /** Said when provenance failed for a reason other than "not a repository". */
  readonly note: string | null;
}

/** Provenance of `notebook` (a file name in `dir`, both in `fs`'s namespace). Never throws. */
export async function gitFacts(
  fs: IFsLike,
  dir: string,
  notebook: string,
  wholeTree = false
): Promise<IGitFacts> {
  try {
    // The CLI checks every tracked file (a changed data file makes the tree dirty); the lab
    // only the notebook: `dirty_policy` says which (`tracked` or `notebook`).
    const p = await provenance(
      wholeTree ? { fs, dir } : { fs, dir, files: [notebook] }
    );
    const info: IGitInfo = {
      commit: p.commit,
      branch: p.branch,
      remote_url: p.remoteUrl,
      dirty: p.dirty,
      dirty_policy: wholeTree ? p.dirtyPolicy : 'notebook',
      diff_sha256: p.diffSha256,
      subdirectory: p.subdirectory
    };
    const head = p.commit ? p.commit.slice(0, 10) : 'no commit yet';
    const state = p.dirty
      ? wholeTree
        ? `${p.changedFiles.length} tracked file(s) changed since that commit`
        : 'notebook changed since that commit'
      : wholeTree
        ? 'working tree clean'
        : 'notebook committed';
    return {
      info,
      summary: `${head} on ${p.branch ?? 'detached HEAD'}, ${state}.`,
      note: null
    };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof NotARepositoryError) {
      return { info: null, summary: 'not in a git repository.', note: null };
    }
    const borrowed = await borrowsObjects(fs, dir);
    const why = borrowed
      ? 'the repository borrows objects from another one (objects/info/alternates, as `git clone --shared` makes), which linearize cannot read; run `git repack -a -d` there to make it self-contained'
      : message;
    return {
      info: null,
      summary: `no provenance (${why}).`,
      note: `no git provenance: ${why}`
    };
  }
}

/** True when the repository holding `dir` has `objects/info/alternates`. Never throws. */
async function borrowsObjects(fs: IFsLike, dir: string): Promise<boolean> {
  try {
    const repo = await findRepository({ fs, dir });
    await fs.stat(`${repo.gitdir}/objects/info/alternates`);
    return true;
  } catch {
    return false;
  }
}
