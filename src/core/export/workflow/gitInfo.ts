/**
 * The manifest's git fields through the git core on an injected file system. Outside a
 * repository there is simply no provenance; any other failure is said, never thrown: an export
 * without git facts is still an export.
 */
import type { IFsLike } from '../../git/ports';
import { NotARepositoryError } from '../../git/errors';
import { findRepository } from '../../git/findRepository';
import { provenance } from '../../git/provenance';
import type { TreeStatus } from '../../git/treeStatus';
import type { IGitInfo } from '../types';
import { ENGLISH, type ITranslatorPort } from '../../util/translator';

/**
 * The git state in one line, as data (`describeGit` words it): HEAD and branch with how the
 * tree differs, outside a repository, provenance that failed (`why`: the error, or null when
 * the repository borrows objects from another), or git not asked.
 */
export type GitSummary =
  | {
      readonly id: 'head';
      /** 10-hex HEAD, or null before the first commit; null branch: detached. */
      readonly head: string | null;
      readonly branch: string | null;
      /** Changed since HEAD: the tracked files (`files`, counted) or the notebook (`files` null). */
      readonly dirty: boolean;
      readonly files: number | null;
    }
  | { readonly id: 'not-a-repository' }
  | { readonly id: 'no-provenance'; readonly why: string | null }
  | { readonly id: 'not-read' };

/** What the workflow knows about git before planning. */
export interface IGitFacts {
  readonly info: IGitInfo | null;
  /** For a dialog or a report: `1a2b3c4d5e on main, notebook committed.` */
  readonly summary: GitSummary;
  /** Said when provenance failed for a reason other than "not a repository". */
  readonly note: string | null;
}

/**
 * Provenance of `notebook` (a file name in `dir`, both in `fs`'s namespace). Never throws.
 * `exclude`: files (in `fs`'s namespace) the whole-tree check does not count as changes;
 * `status`: a run's kept whole-tree changes.
 */
export async function gitFacts(
  fs: IFsLike,
  dir: string,
  notebook: string,
  wholeTree = false,
  exclude: readonly string[] = [],
  status?: TreeStatus
): Promise<IGitFacts> {
  try {
    // The CLI checks every tracked file (a changed data file makes the tree dirty); the lab
    // only the notebook: `dirty_policy` says which (`tracked` or `notebook`).
    const p = await provenance(
      wholeTree ? { fs, dir, exclude, status } : { fs, dir, files: [notebook] }
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
    return {
      info,
      summary: {
        id: 'head',
        head: p.commit ? p.commit.slice(0, 10) : null,
        branch: p.branch,
        dirty: p.dirty === true,
        files: wholeTree ? p.changedFiles.length : null
      },
      note: null
    };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof NotARepositoryError) {
      return { info: null, summary: { id: 'not-a-repository' }, note: null };
    }
    const borrowed = await borrowsObjects(fs, dir);
    const why = borrowed ? null : message;
    return {
      info: null,
      summary: { id: 'no-provenance', why },
      note: `no git provenance: ${why ?? borrowsWords(ENGLISH)}`
    };
  }
}

/** Why provenance fails in a repository that borrows objects, and the remedy. */
function borrowsWords(t: ITranslatorPort): string {
  return t.__(
    'the repository borrows objects from another one (objects/info/alternates, as `git clone --shared` makes), which linearize cannot read; run `git repack -a -d` there to make it self-contained'
  );
}

/** The summary in the translator's words (one sentence). */
export function describeGit(
  s: GitSummary,
  t: ITranslatorPort = ENGLISH
): string {
  switch (s.id) {
    case 'head': {
      const head = s.head ?? t.__('no commit yet');
      const branch = s.branch ?? t.__('detached HEAD');
      if (s.files !== null) {
        return s.dirty
          ? t.__(
              '%1 on %2, %3 tracked file(s) changed since that commit.',
              head,
              branch,
              s.files
            )
          : t.__('%1 on %2, working tree clean.', head, branch);
      }
      return s.dirty
        ? t.__('%1 on %2, notebook changed since that commit.', head, branch)
        : t.__('%1 on %2, notebook committed.', head, branch);
    }
    case 'not-a-repository':
      return t.__('not in a git repository.');
    case 'no-provenance':
      return t.__('no provenance (%1).', s.why ?? borrowsWords(t));
    case 'not-read':
      return t.__('git not read.');
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
