import { LinearizeError } from '../errors';

/**
 * Typed errors of the git core. Each has a stable `code` (the class name) and serialisable
 * `data`, so the CLI can map `code` to an exit status and the lab can show details.
 */

/** A {@link LinearizeError} that keeps the error that caused it (`cause`), for logs. */
export class LinearizeErrorWithCause extends LinearizeError {
  readonly cause: unknown;
  constructor(message: string, data: Record<string, unknown>, cause: unknown) {
    super(message, data);
    this.cause = cause;
  }
}

/** No `.git` in the directory or any of its parents. */
export class NotARepositoryError extends LinearizeError {
  static readonly code = 'NotARepositoryError';
  constructor(dir: string) {
    super(`Not inside a git repository: ${dir}`, { dir });
  }
}

/**
 * A linked worktree or a submodule (a `.git` *file*): detected and reported, never guessed at.
 * `data.kind` says which; `data.gitdir` where its `.git` file points.
 */
export class UnsupportedRepositoryError extends LinearizeError {
  static readonly code = 'UnsupportedRepositoryError';
  constructor(kind: string, repoRoot: string, gitdir: string) {
    super(
      `The folder ${repoRoot} is a git ${kind} (its .git is a file pointing to ${gitdir}); ` +
        'git provenance for worktrees and submodules is not supported. ' +
        'Run the export from the main working tree of the repository.',
      { kind, repoRoot, gitdir }
    );
  }
}

/** HEAD is not on a branch, so there is no branch to move to the new commit. */
export class DetachedHeadError extends LinearizeError {
  static readonly code = 'DetachedHeadError';
  constructor(commit: string) {
    super(
      `HEAD is detached at ${commit.slice(0, 12)}: refusing to commit the export. ` +
        'Check out a branch (git switch <branch>) and export again.',
      { commit }
    );
  }
}

/**
 * The branch (or HEAD) moved between reading it and writing the new commit: someone else
 * committed meanwhile. Nothing was changed; the orphan commit object is harmless (`git gc`).
 */
export class RefChangedError extends LinearizeError {
  static readonly code = 'RefChangedError';
  constructor(ref: string, expected: string | null, actual: string | null) {
    super(
      `${ref} changed while committing the export (expected ${expected ?? 'none'}, found ` +
        `${actual ?? 'none'}): not moved. Export again to commit on top of the new state.`,
      { ref, expected, actual }
    );
  }
}

/** Another writer (usually a running git command) holds `<file>.lock`. */
export class LockedError extends LinearizeError {
  static readonly code = 'LockedError';
  constructor(path: string) {
    super(
      `${path} is locked by another git process (${path}.lock exists). ` +
        'Wait for it to finish, or remove the stale lock file if no git command is running.',
      { path }
    );
  }
}

/** No author identity in the environment, the repository config or the global config. */
export class NoAuthorError extends LinearizeError {
  static readonly code = 'NoAuthorError';
  constructor(missing: readonly string[], looked: readonly string[]) {
    super(
      `No git identity (${missing.join(' and ')} missing) for committing the export. ` +
        'Set it with: git config --global user.name "Your Name" && ' +
        'git config --global user.email you@example.com ' +
        '(or set GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL).',
      { missing: [...missing], looked: [...looked] }
    );
  }
}

/**
 * An exported file cannot be placed in the commit: its path leaves the repository, or it
 * collides with a directory, a submodule or a file used as a directory in HEAD's tree.
 */
export class ExportPathError extends LinearizeError {
  static readonly code = 'ExportPathError';
  constructor(path: string, reason: string) {
    super(`Cannot commit ${path}: ${reason}`, { path, reason });
  }
}

/** `GIT_AUTHOR_DATE`/`GIT_COMMITTER_DATE` is set but not a date git would accept. */
export class InvalidDateError extends LinearizeError {
  static readonly code = 'InvalidDateError';
  constructor(variable: string, value: string) {
    super(
      `${variable}=${value} is not a date: use "<unix seconds> <+hhmm>" or ISO 8601 ` +
        '(2024-01-31T12:00:00+01:00).',
      { variable, value }
    );
  }
}

/** A merge, cherry-pick, revert or rebase is in progress: committing now would interfere with it. */
export class OperationInProgressError extends LinearizeError {
  static readonly code = 'OperationInProgressError';
  constructor(operation: string, marker: string) {
    super(
      `A ${operation} is in progress (${marker} exists): refusing to commit the export, ` +
        'nothing was written. Finish or abort it (git status says how) and export again.',
      { operation, marker }
    );
  }
}

/**
 * `.git/index` is in a form the built-in committer cannot rewrite without losing part of it
 * (a split index, index version 4, a sparse index), and git's own plumbing is not available.
 */
export class UnsupportedIndexError extends LinearizeError {
  static readonly code = 'UnsupportedIndexError';
  constructor(path: string, reason: string) {
    super(
      `${path} is ${reason}, which only git itself can update safely, and the git command is ` +
        'not available here: refusing to commit the export, nothing was written. Install git, ' +
        'or commit the exported files yourself.',
      { path, reason }
    );
  }
}
