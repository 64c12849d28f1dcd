/**
 * The one export workflow (prepare, plan, write, commit) and the one data-hashing rule, used by
 * the CLI's and the lab's export commands.
 */
export {
  asLinearizeError,
  InternalError,
  planExport,
  prepareExport,
  runExportWorkflow,
  writePlan,
  type DataHasher,
  type IExportChoices,
  type IExportInput,
  type IExportOutcome,
  type IExportPorts,
  type IExportTarget,
  type IGitPort,
  type IPreparedExport
} from './exportWorkflow';
export {
  commitMessage,
  commitPlan,
  ExportCommitError,
  preflightPlan,
  type ICommitOutcome,
  type ICommitPorts
} from './commit';
export {
  describeGit,
  gitFacts,
  type GitSummary,
  type IGitFacts
} from './gitInfo';
export { DATA_RULE, dataNote, refusalOf, type IDataRule } from './dataRule';
export { dataManifest } from './dataManifest';
export { exportErrorAdvice, type IErrorAdvice } from './errorAdvice';
export { fingerprintFiles, type DataKind, type IDataFiles } from './hashData';
export { keepCreatedAt } from './stableManifest';
export { storedImports } from './storedCodeLists';
