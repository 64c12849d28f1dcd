/**
 * The kernel companion (issue 5), framework-free: the Python it sends, the parsers of its
 * replies, the protocol client, and the pure helpers around it (data reads, `%pip` lines,
 * `requirements.txt`, manifest entries).
 */

export {
  CompanionClient,
  type ICompanionOptions,
  type ICompanionTransport,
  type ITimers
} from './client';
export { dataReads, dataReadSites, type IDataReadSite } from './dataReads';
export { collectImports, importedModules } from './imports';
export { dataEntries } from './manifest';
export { pipInstalls } from './pip';
export {
  CONVENTIONAL_ALIASES,
  PATH_BUILDERS,
  PATH_READ_METHODS,
  READ_CALLS,
  type IReadCall
} from './readCalls';
export {
  parseDelete,
  parseEnvelope,
  parseEnvironment,
  parseFingerprints,
  parseInstall,
  parseNames,
  parseRebind,
  parseUninstall,
  unavailable
} from './replies';
export { normalizeName, requirementsTxt } from './requirements';
export {
  callExpression,
  COMPANION_ENTRY,
  COMPANION_MODULE,
  installExpression,
  KERNEL_SOURCE,
  PROTOCOL_VERSION,
  pyString,
  REPLY_KEY,
  silentRequest,
  type CompanionOp,
  type ISilentRequest
} from './snippets';
export type * from './types';
