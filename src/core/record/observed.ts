/**
 * The record's `observed` part (version 2): what the kernel companion saw when cells ran —
 * md5 and size of each data file read, version of each package imported — so that
 * `data-changed` and `env-drift` work on the saved notebook, from the CLI, days later.
 */
import type { IExecutionRecord, IObservedRecord } from '../types';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON form (sorted keys, so saving twice gives the same bytes). */
export function observedToJson(o: IObservedRecord): {
  data: Record<string, { md5: string; size: number; seq: number }>;
  packages: Record<
    string,
    { distribution: string; version: string; seq: number }
  >;
} {
  const data: Record<string, { md5: string; size: number; seq: number }> = {};
  for (const k of Object.keys(o.data).sort()) {
    const d = o.data[k];
    data[k] = { md5: d.md5, size: d.size, seq: d.seq };
  }
  const packages: Record<
    string,
    { distribution: string; version: string; seq: number }
  > = {};
  for (const k of Object.keys(o.packages).sort()) {
    const p = o.packages[k];
    packages[k] = {
      distribution: p.distribution,
      version: p.version,
      seq: p.seq
    };
  }
  return { data, packages };
}

/**
 * Read `observed`; entries of the wrong shape are dropped (they only ever lower what the
 * verdicts can say), a wrong container throws (the record is then ignored with a warning).
 */
export function readObserved(v: unknown): IObservedRecord {
  if (!isObj(v) || !isObj(v.data) || !isObj(v.packages)) {
    throw new Error('"observed" is not an object with "data" and "packages"');
  }
  const data: Record<string, { md5: string; size: number; seq: number }> = {};
  for (const [k, e] of Object.entries(v.data)) {
    if (
      isObj(e) &&
      typeof e.md5 === 'string' &&
      typeof e.size === 'number' &&
      typeof e.seq === 'number'
    ) {
      data[k] = { md5: e.md5, size: e.size, seq: e.seq };
    }
  }
  const packages: Record<
    string,
    { distribution: string; version: string; seq: number }
  > = {};
  for (const [k, e] of Object.entries(v.packages)) {
    if (
      isObj(e) &&
      typeof e.distribution === 'string' &&
      typeof e.version === 'string' &&
      typeof e.seq === 'number'
    ) {
      packages[k] = {
        distribution: e.distribution,
        version: e.version,
        seq: e.seq
      };
    }
  }
  return { data, packages };
}

/** One data file as a run read it. */
export interface IObservedFile {
  readonly path: string;
  readonly md5: string;
  readonly size: number;
}

/** One package as the kernel had it imported: top-level modules of one distribution. */
export interface IObservedPackage {
  readonly distribution: string;
  readonly version: string;
  readonly modules: readonly string[];
}

/** The record with what run `seq` saw added (newer observations replace older ones). */
export function withObserved(
  record: IExecutionRecord,
  seq: number,
  files: readonly IObservedFile[],
  packages: readonly IObservedPackage[]
): IExecutionRecord {
  if (files.length === 0 && packages.length === 0) {
    return record;
  }
  const before = record.observed ?? { data: {}, packages: {} };
  const data = { ...before.data };
  for (const f of files) {
    data[f.path] = { md5: f.md5, size: f.size, seq };
  }
  const pk = { ...before.packages };
  for (const p of packages) {
    for (const m of p.modules) {
      pk[m] = { distribution: p.distribution, version: p.version, seq };
    }
  }
  return { ...record, observed: { data, packages: pk } };
}

/** The record's observations in the shape the pillar verdicts read (`IObserved`). */
export function observedOf(record: IExecutionRecord | null): {
  data: Record<string, { md5: string; size: number }>;
  packages: Record<string, { distribution: string; version: string }>;
} | null {
  return record?.observed ?? null;
}
