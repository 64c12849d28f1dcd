/**
 * Parameter extraction (shared/design/export-rules.md §3 and §4): find literal parameters in
 * a notebook, group them, write them as YAML every loader reads the same, rewrite the cells to
 * read the config, and generate the Python that loads it.
 */
export { findParams, PARAMETERS_TAG } from './findParams';
export { storedParams } from './storedParams';
export {
  categoryOf,
  GROUP_RULES,
  lastHeading,
  sectionSlugs,
  slugify
} from './groupParams';
export {
  deniedCallReason,
  deniedCallReasonId,
  deniedKeywords,
  denyReason,
  denyReasonId
} from './denyList';
export {
  describeDenyReason,
  describeParam,
  type DenyReason,
  type ParamArgs,
  type ParamText
} from './paramMessages';
export { configPrelude, type IPreludeOptions } from './prelude';
export {
  RUNTIME_FILE,
  RUNTIME_MODULE,
  scriptLoader,
  type ILoaderOptions
} from './loader';
export { RUNTIME_PY } from './python/runtime_py';
export { parametersCellSource, PARAMETERS_CELL_TAG } from './parametersCell';
export { pyFloatRepr, readNumber } from './pyNumber';
export { pySource, pyStringSource } from './pySource';
export { decodeString } from './pyString';
export {
  pyEquals,
  pyTypeName,
  pyValueToJson,
  type IntRadix,
  type PyValue,
  type PyValueJson
} from './pyValue';
export { readParamsYaml, readYamlValue, type ParamsConfig } from './readYaml';
export {
  applyReplacements,
  chooseConfigName,
  paramExpression,
  rewriteNotebook,
  rewriteSource,
  type IReplacement,
  type IRewriteResult
} from './rewriteSource';
export { globToRegExp, selectParams, type ISelection } from './selectParams';
export {
  isExtracted,
  toYaml,
  typeNotes,
  TYPES_KEY,
  yamlFloat,
  yamlString,
  yamlValue,
  YAML_MARKER,
  type IToYamlOptions,
  type ITypeNote
} from './toYaml';
export type * from './types';
