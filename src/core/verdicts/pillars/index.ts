/** The environment, data and randomness verdicts (issue 12) and what they resolve. */
export {
  modulesToProbe,
  pillarFindings,
  scanCells,
  type IFilePort,
  type IObserved,
  type IPillarContext
} from './pillarFindings';
export {
  parseProbeOutput,
  PROBE_SCRIPT,
  type IInterpreterInfo,
  type IModuleInfo
} from './probe';
export { resolveDataPaths, type IDataPaths } from './resolveDataPaths';
export {
  scanNotebook,
  type IImportSite,
  type INetworkRead,
  type INotebookScan,
  type IResolvedRead,
  type IScanCell,
  type IUnseededDraw
} from './scanNotebook';
export {
  loadStoredFacts,
  saveStoredFacts,
  type IFactsStore
} from './storedFacts';
