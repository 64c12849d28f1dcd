/**
 * The git core: provenance of an export and committing it, on an injected file system.
 * Framework-free; isomorphic-git is loaded lazily on first use (`loadGit`).
 */
export type {
  FsLike,
  GitCache,
  ICompareAndSwap,
  IFsLike,
  IFsStats,
  IWriteFileOptions
} from './ports';
export {
  DetachedHeadError,
  ExportPathError,
  InvalidDateError,
  LockedError,
  NoAuthorError,
  NotARepositoryError,
  OperationInProgressError,
  RefChangedError,
  UnsupportedIndexError,
  UnsupportedRepositoryError
} from './errors';
export {
  findRepository,
  type IRepository,
  type RepositoryKind
} from './findRepository';
export {
  diffSha256,
  provenance,
  type DirtyPolicy,
  type IProvenance,
  type IProvenanceOptions
} from './provenance';
export type { IChange } from './listChanges';
export { TreeStatus } from './treeStatus';
export {
  commitExport,
  IndexNotUpdatedError,
  type ICommitExportOptions,
  type ICommitExportResult,
  type ICommitIdentity,
  type ICommitFile
} from './commitExport';
export {
  parseGitDate,
  resolveAuthor,
  type IGitIdentity,
  type IResolveAuthorOptions,
  type IResolvedAuthor
} from './resolveAuthor';
export { stripCredentials } from './stripCredentials';
export { readOnlyFs } from './guardFs';
export {
  preflightCommit,
  type ICommitPreflight,
  type ICommitPreflightOptions
} from './preflight';
export type { IGitPlumbing, IIndexEntry } from './plumbing';
export { indexFormatProblem, unsafeIndexReason } from './indexFormat';
