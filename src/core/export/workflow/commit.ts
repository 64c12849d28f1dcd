/**
 * Committing an export: only the exported files (and the notebook when asked), built from
 * HEAD's tree by the git core, with one message format for the CLI and the lab. A failure is a
 * typed {@link ExportCommitError} naming the files that were written but not committed.
 */
import { LinearizeError } from '../../errors';
import { commitExport } from '../../git/commitExport';
import type { IGitPlumbing } from '../../git/plumbing';
import type { IFsLike } from '../../git/ports';
import { preflightCommit, type ICommitPreflight } from '../../git/preflight';
import { resolveAuthor, type IResolvedAuthor } from '../../git/resolveAuthor';
import type { ExportOrder, IExportPlan } from '../types';
import type { ITranslatorPort } from '../../util/translator';

/** The files were written, but committing them failed; `data.files` names them, `data.cause` says why. */
export class ExportCommitError extends LinearizeError {
  static readonly code = 'ExportCommitError';
  readonly cause: unknown;
  constructor(files: readonly string[], cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    const list = files.join(', ');
    const said = (t: ITranslatorPort): string =>
      cause instanceof LinearizeError ? cause.said(t) : why;
    super(t => t.__('%1 written but not committed: %2', list, said(t)), {
      files: [...files],
      cause:
        cause instanceof LinearizeError
          ? cause.toJSON()
          : { code: 'Error', message: why, data: {} }
    });
    this.cause = cause;
  }
}

/** The one commit message: `Export demo.ipynb with linearize (notebook order)`. */
export function commitMessage(notebook: string, order: ExportOrder): string {
  return `Export ${notebook} with linearize (${order} order)\n`;
}

/** Where and how to commit. */
export interface ICommitPorts {
  readonly fs: IFsLike;
  /** The output folder in `fs`'s namespace: the plan's file names are relative to it. */
  readonly dir: string;
  /** For the author (`GIT_AUTHOR_NAME`…): `process.env` in the CLI, `{}` in the browser. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** git's own plumbing where git runs (the CLI); without it some index formats are refused. */
  readonly plumbing?: IGitPlumbing | null;
  /** The committer's identity; default: `env`, then the repository's config through `fs`. */
  readonly identity?: (gitdir: string) => Promise<IResolvedAuthor>;
}

function identityOf(
  ports: ICommitPorts
): (gitdir: string) => Promise<IResolvedAuthor> {
  return (
    ports.identity ??
    (gitdir =>
      resolveAuthor({
        env: ports.env,
        gitdir,
        readFile: async path => {
          try {
            return await ports.fs.readFile(path, { encoding: 'utf8' });
          } catch {
            return null;
          }
        }
      }))
  );
}

/**
 * Every check of committing the plan (repository, branch, index format, operation in progress,
 * identity) before a file is written: a refused commit leaves nothing behind. Throws the git
 * core's typed errors.
 */
export function preflightPlan(
  ports: ICommitPorts,
  plan: IExportPlan,
  extra: readonly string[] = []
): Promise<ICommitPreflight> {
  return preflightCommit({
    fs: ports.fs,
    dir: ports.dir,
    paths: [...plan.files.map(f => f.name), ...extra],
    plumbing: ports.plumbing ?? null,
    identity: identityOf(ports)
  });
}

/** What a commit did. */
export interface ICommitOutcome {
  readonly commit: string;
  readonly branch: string;
  /** False when the branch already held these exact files. */
  readonly created: boolean;
  readonly message: string;
}

/**
 * Commits the plan's files (plus `extra`, e.g. the saved notebook) with `message` or the one
 * format. Throws {@link ExportCommitError}.
 */
export async function commitPlan(
  ports: ICommitPorts,
  plan: IExportPlan,
  options: {
    readonly notebook: string;
    readonly message?: string;
    readonly extra?: readonly { path: string; content: string }[];
    /** The result of {@link preflightPlan} before writing (its identity is reused). */
    readonly checked?: ICommitPreflight | null;
  }
): Promise<ICommitOutcome> {
  const files = [
    ...plan.files.map(f => ({ path: f.name, content: f.text })),
    ...(options.extra ?? [])
  ];
  const raw = options.message ?? commitMessage(options.notebook, plan.order);
  const message = raw.endsWith('\n') ? raw : `${raw}\n`;
  try {
    const who =
      options.checked?.identity ??
      (await identityOf(ports)(
        (options.checked ?? (await preflightPlan(ports, plan))).gitdir
      ));
    const result = await commitExport({
      fs: ports.fs,
      dir: ports.dir,
      files,
      message,
      author: who.author,
      committer: who.committer,
      plumbing: ports.plumbing ?? null
    });
    return {
      commit: result.commit,
      branch: result.branch,
      created: result.created,
      message
    };
  } catch (e) {
    throw new ExportCommitError(
      files.map(f => f.path),
      e
    );
  }
}
