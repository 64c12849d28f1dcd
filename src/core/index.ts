/**
 * The core's one public door: the JupyterLab plugins and the CLI import from here and
 * nowhere else under `core/`. Framework-free: no JupyterLab, no Node.
 */

// Plain data shared by everything.
export type * from './types';

// Errors.
export {
  LinearizeError,
  NotebookFormatError,
  WouldOverwriteError
} from './errors';

// Reading notebooks.
export {
  fromIpynb,
  fromIpynbText,
  isPython,
  RECORD_KEY,
  utf8Problem
} from './notebook/fromIpynb';

// Utilities.
export { hashSource } from './util/hash';

// The execution record.
export {
  appendRun,
  COMPACT_EVERY,
  COMPACT_FROM,
  currentSession,
  emptyRecord,
  renameCell,
  runsOfSession,
  sourceKey,
  sourceOf,
  startSession,
  UNKNOWN_KERNEL,
  type IRunInput
} from './record/executionLog';
export { compact, type ICompactOptions } from './record/compact';
export { recordMatches } from './record/matches';
export { mergeParts, type IRecordPart } from './record/merge';
export {
  fromMetadata,
  mergedRecord,
  notebookRecord,
  partsFromMetadata,
  sharedToMetadata,
  type INotebookRecord,
  type IRecordParts,
  RECORD_VERSION,
  SHARED_RECORD_VERSION,
  toMetadata,
  type IRecordRead,
  type JsonValue
} from './record/metadata';

// Static facts.
export { cellFacts } from './facts/cellFacts';
export { FactsCache, factsCache, getFacts } from './facts/factsCache';
export {
  applyCalls,
  type FunctionTable,
  type IEffectiveFacts
} from './facts/applyCalls';

// The verdicts.
export {
  analyze,
  Analyzer,
  type IAnalyzeOptions,
  type IUpdateStats
} from './verdicts/analyzer';
export { MAX_SOURCE_LENGTH } from './verdicts/sizeLimit';
export {
  atLeast,
  BREAKS_LINEAR,
  isVerdictId,
  KINDS,
  SEVERITY
} from './verdicts/kinds';
export { isPredefined } from './verdicts/builtins';
export { isBlankSource } from './verdicts/counts';

// Parameters.
export * from './params';

// Asking before a run (strict mode).
export { outOfOrderInputs, type IOutOfOrderInput } from './verdicts/preflight';

// The kernel companion.
export * from './companion';

// Export.
export * from './export';

// Git.
export * from './git';

// What the lab and the CLI need beyond the folders above (they import the core only from here
// or from a folder's index.ts: an ESLint rule keeps it so).
export { compareFindings } from './verdicts/finding';
export {
  describe,
  ENGLISH,
  type FindingText,
  type ITranslatorPort
} from './verdicts/messages';
export {
  describeSyntax,
  type CommentedOutCause,
  type SyntaxProblem
} from './parse/syntaxProblem';
export { withRebound } from './record/rebound';
export { ghostFindings, ghostNames, type IGhost } from './verdicts/ghosts';
export { pinnedFiles } from './verdicts/pillars/pinned';
export {
  observedOf,
  withObserved,
  type IObservedFile,
  type IObservedPackage
} from './record/observed';
export {
  findingJson,
  type ICellRefJson,
  type IFindingJson
} from './verdicts/findingJson';
