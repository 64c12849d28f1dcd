/**
 * A guard against pathological cells. Parsing is linear but not free (about 2 MB/s), and
 * a cell of megabytes of code is generated data, not something a person runs out of
 * order; its facts would cost seconds and say little. Such a cell is treated as opaque
 * (it may bind anything), which silences name checks below it rather than inventing
 * findings. The real corpus's largest code cell is 32 KB.
 */
import type { ICellFacts } from '../types';
import type { FactsOf } from './timeline';

/** Sources longer than this (in UTF-16 units) are not parsed. */
export const MAX_SOURCE_LENGTH = 1_000_000;

/** Facts that bind, read and call nothing: a non-Python cell's. */
export const EMPTY_FACTS: ICellFacts = {
  reads: [],
  defs: [],
  maybeDefs: [],
  mutations: [],
  maybeMutations: [],
  deletes: [],
  wildcard: false,
  history: [],
  opaque: false,
  functions: {},
  calls: [],
  imports: [],
  parseError: null
};

const TOO_LARGE: ICellFacts = { ...EMPTY_FACTS, opaque: true };

/** `factsOf`, except that sources over {@link MAX_SOURCE_LENGTH} get opaque, empty facts. */
export function limitSize(factsOf: FactsOf): FactsOf {
  return (source, env) =>
    source.length > MAX_SOURCE_LENGTH ? TOO_LARGE : factsOf(source, env);
}
