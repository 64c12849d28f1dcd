/**
 * The export (shared/design/export-rules.md; style.md §8 "Data path B"): a pure
 * `exportNotebook` that plans the script, config and manifest, and `writeExport` that writes
 * a plan through an injected writer.
 */
export type * from './types';
export {
  baseName,
  defaultNames,
  exportNotebook,
  NotPythonError
} from './exportNotebook';
export { ExportOptionsError, historyUnits, notebookUnits } from './orders';
export { sliceIndices } from './slice';
export {
  emitScript,
  type IEmitOptions,
  type IEmittedScript
} from './emitScript';
export { emitCode, normalizeSource, type ICellContext } from './emitCell';
export {
  installRequirements,
  translateMagic,
  type ITranslation,
  type ITranslateContext
} from './translateMagic';
export { ipythonCleanup } from './cleanup';
export {
  buildManifest,
  differingFindings,
  manifestVerdict,
  manifestYaml,
  notebookCodeSha256,
  NO_ENV,
  NO_GIT,
  TOOL_NAME
} from './manifest';
export {
  cellMarker,
  escapeMarkerLine,
  GENERATED_MARKER,
  IPYTHON_COMMENT,
  IPYTHON_REPLACED,
  isMarkerLike,
  markerCellId,
  NOTE
} from './markers';
export {
  ExportWriteError,
  isGenerated,
  writeExport,
  type ExportWriter,
  type IExportWriter,
  type IWriteResult
} from './writeExport';
export { toYamlDocument, type YamlValue } from './yamlWriter';
export {
  compareCell,
  verifyOutcome,
  type VerifyOutcome,
  expectedOf,
  normalizeOutput,
  type IActualCell,
  type ICellVerify,
  type VerifyStatus
} from './compareOutputs';
export { VERIFY_DRIVER } from './verifyDriver';
export {
  describeRunFailure,
  describeVerifyDetail,
  type RunFailure,
  type VerifyDetail
} from './verifyWords';
export {
  actualCells,
  parseDriverResults,
  runFailure,
  runOutcome,
  type IDriverRecord,
  type IVerifyRunEnd
} from './verifyResults';
export {
  pillarLines,
  pillarMissing,
  pillarsOf,
  pillarText,
  tidyPath,
  type IPillarLine,
  type IPillars,
  type PillarFacts
} from './pillars';
export {
  dockerfileText,
  pinEnvironment,
  requirementsText,
  RUNTIME_MODULES,
  versionIn,
  type IInterpreterAnswer,
  type IModuleAnswer,
  type IPin,
  type IPinnedEnvironment
} from './environment';
export * from './workflow';
