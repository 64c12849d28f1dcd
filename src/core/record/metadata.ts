/**
 * The record's JSON form in notebook metadata (`metadata.linearize`), and the way back.
 *
 * Reading never throws: the metadata of a notebook is user-editable text, so a corrupt or
 * future-version record yields an empty record plus a warning the UI and CLI can show.
 * `record.schema.json` (next to this file) describes exactly what `toMetadata` writes.
 */
import type {
  IExecutionRecord,
  IKernelSession,
  INotebookSnapshot,
  IRebinding,
  IRun,
  RunStatus
} from '../types';
import { emptyRecord } from './executionLog';
import { recordMatches } from './matches';
import { mergeParts, type IRecordPart } from './merge';
import { observedToJson, readObserved } from './observed';

/** The record version this build writes; it also reads version 1 (no `observed`). */
export const RECORD_VERSION = 2;
/** The version of a collaborative record: a base record plus one part per client. */
export const SHARED_RECORD_VERSION = 3;

/** Result of reading a record from metadata. */
export interface IRecordRead {
  readonly record: IExecutionRecord;
  /** Null when the record was absent or read cleanly; otherwise one line saying why it was dropped. */
  readonly warning: string | null;
}

/** A JSON value, for the metadata form. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The plain JSON object to store under `metadata.linearize`. A fresh object every call
 * (JupyterLab's `setMetadata` wants a new value), with optional fields left out rather
 * than set to undefined.
 */
export function toMetadata(record: IExecutionRecord): {
  [key: string]: JsonValue;
} {
  return { version: record.version, ...partToJson(record) };
}

/**
 * A collaborative record (version 3): the base record (what the notebook held before
 * collaborators wrote, or nothing) and each client's own part under `clients`.
 */
export function sharedToMetadata(
  base: IExecutionRecord,
  clients: Readonly<Record<string, IExecutionRecord>>
): { [key: string]: JsonValue } {
  const parts: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(clients).sort()) {
    parts[key] = partToJson(clients[key]);
  }
  return {
    version: SHARED_RECORD_VERSION,
    ...partToJson(base),
    clients: parts
  };
}

function partToJson(record: IExecutionRecord): { [key: string]: JsonValue } {
  return {
    sessions: record.sessions.map(s => ({
      kernel: s.kernel,
      started: s.started
    })),
    sources: { ...record.sources },
    runs: record.runs.map(runToJson),
    ...(record.observed !== undefined
      ? { observed: observedToJson(record.observed) }
      : {})
  };
}

function runToJson(r: IRun): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {
    seq: r.seq,
    cellId: r.cellId,
    source: r.source,
    executionCount: r.executionCount,
    session: r.session,
    status: r.status,
    time: r.time
  };
  if (r.rebound !== undefined) {
    out.rebound = {
      added: [...r.rebound.added],
      changed: [...r.rebound.changed],
      deleted: [...r.rebound.deleted]
    };
  }
  if (r.msgId !== undefined) {
    out.msgId = r.msgId;
  }
  return out;
}

/** Thrown inside this module only, to unwind validation with a message. */
class Invalid extends Error {}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(message: string): never {
  throw new Invalid(message);
}

function str(v: unknown, where: string): string {
  return typeof v === 'string' ? v : fail(`${where} is not a string`);
}

function strList(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || !v.every(s => typeof s === 'string')) {
    fail(`${where} is not a list of strings`);
  }
  return v as string[];
}

const STATUSES: readonly RunStatus[] = ['ok', 'error', 'unknown'];

/**
 * Read a record from `metadata.linearize` (any value). Absent (`undefined`/`null`) gives
 * an empty record and no warning; anything malformed, or a version this build does not
 * know, gives an empty record and a one-line warning. Never throws.
 */
export function fromMetadata(value: unknown): IRecordRead {
  if (value === undefined || value === null) {
    return { record: emptyRecord(), warning: null };
  }
  try {
    return { record: readRecord(value), warning: null };
  } catch (e) {
    if (e instanceof Invalid) {
      return {
        record: emptyRecord(),
        warning: `the execution record was ignored: ${e.message}`
      };
    }
    // Anything else is a bug in this module, but a notebook must still open.
    return {
      record: emptyRecord(),
      warning: `the execution record was ignored: ${String(e)}`
    };
  }
}

/** The parts of a stored record: `base` (any version) and the collaborators' parts. */
export interface IRecordParts {
  readonly base: IExecutionRecord;
  /** Client key → that client's part; empty for a version 1 or 2 record. */
  readonly clients: Readonly<Record<string, IExecutionRecord>>;
}

/**
 * Read a stored record as parts (what a collaborating client needs to rewrite only its
 * own part). Absent gives empty parts; malformed gives null parts and a warning.
 */
export function partsFromMetadata(value: unknown): {
  readonly parts: IRecordParts | null;
  readonly warning: string | null;
} {
  if (value === undefined || value === null) {
    return { parts: { base: emptyRecord(), clients: {} }, warning: null };
  }
  try {
    return { parts: readParts(value), warning: null };
  } catch (e) {
    return {
      parts: null,
      warning: `the execution record was ignored: ${e instanceof Error ? e.message : String(e)}`
    };
  }
}

/** The one record the verdicts read: the base and every client's part, merged. */
export function mergedRecord(parts: IRecordParts): IExecutionRecord {
  const keys = Object.keys(parts.clients);
  if (keys.length === 0) {
    return parts.base;
  }
  const list: IRecordPart[] = [{ key: '', record: parts.base }];
  for (const key of keys) {
    list.push({ key, record: parts.clients[key] });
  }
  return mergeParts(list);
}

function readRecord(value: unknown): IExecutionRecord {
  return mergedRecord(readParts(value));
}

function readParts(value: unknown): IRecordParts {
  if (!isObj(value)) {
    fail('it is not a JSON object');
  }
  const version = value.version;
  if (typeof version === 'number' && version > SHARED_RECORD_VERSION) {
    fail(`it has version ${version}, written by a newer jupyterlab-linearize`);
  }
  if (version !== RECORD_VERSION && version !== 1 && version !== 3) {
    fail(`unknown version ${JSON.stringify(version ?? null)}`);
  }
  const base = readPart(value, version, '');
  if (version !== SHARED_RECORD_VERSION) {
    return { base, clients: {} };
  }
  if (!isObj(value.clients)) {
    fail('"clients" is not an object');
  }
  const clients: Record<string, IExecutionRecord> = {};
  for (const [key, part] of Object.entries(value.clients)) {
    if (!isObj(part)) {
      fail(`client ${key} is not an object`);
    }
    clients[key] = readPart(part, version, `client ${key}: `);
  }
  return { base, clients };
}

function readPart(
  value: Obj,
  version: unknown,
  where: string
): IExecutionRecord {
  try {
    return readPartFields(value, version);
  } catch (e) {
    if (e instanceof Invalid && where !== '') {
      fail(where + e.message);
    }
    throw e;
  }
}

function readPartFields(value: Obj, version: unknown): IExecutionRecord {
  const sessions = readSessions(value.sessions);
  const sources = readSources(value.sources);
  const runs = readRuns(value.runs, sessions.length, sources);
  const observed =
    version === 1 || value.observed === undefined
      ? undefined
      : readObservedOrFail(value.observed);
  return {
    version: RECORD_VERSION,
    sessions,
    sources,
    runs,
    ...(observed !== undefined ? { observed } : {})
  };
}

function readSessions(v: unknown): IKernelSession[] {
  if (!Array.isArray(v)) {
    fail('"sessions" is not a list');
  }
  return v.map((s: unknown, i) => {
    if (!isObj(s)) {
      fail(`session ${i} is not an object`);
    }
    return {
      kernel: str(s.kernel, `session ${i} kernel`),
      started: str(s.started, `session ${i} start time`)
    };
  });
}

function readSources(v: unknown): Record<string, string> {
  if (!isObj(v)) {
    fail('"sources" is not an object');
  }
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(v)) {
    out[key] = str(text, `source ${key}`);
  }
  return out;
}

function readRuns(
  v: unknown,
  sessionCount: number,
  sources: Record<string, string>
): IRun[] {
  if (!Array.isArray(v)) {
    fail('"runs" is not a list');
  }
  let lastSeq = 0;
  let lastSession = 0;
  return v.map((r: unknown, i) => {
    if (!isObj(r)) {
      fail(`run ${i} is not an object`);
    }
    const where = `run ${i}`;
    const seq = r.seq;
    if (typeof seq !== 'number' || !Number.isInteger(seq) || seq <= lastSeq) {
      fail(`${where}: "seq" is not an increasing positive integer`);
    }
    lastSeq = seq;
    const session = r.session;
    if (
      typeof session !== 'number' ||
      !Number.isInteger(session) ||
      session < lastSession ||
      session >= sessionCount
    ) {
      fail(`${where}: "session" does not name a known session in order`);
    }
    lastSession = session;
    const source = str(r.source, `${where} source`);
    if (sources[source] === undefined) {
      fail(`${where}: its source ${source} is not stored`);
    }
    const count = r.executionCount;
    if (
      count !== null &&
      (typeof count !== 'number' || !Number.isInteger(count))
    ) {
      fail(`${where}: "executionCount" is neither an integer nor null`);
    }
    const status = r.status;
    if (!STATUSES.includes(status as RunStatus)) {
      fail(`${where}: unknown status ${JSON.stringify(status ?? null)}`);
    }
    const run: IRun = {
      seq,
      cellId: str(r.cellId, `${where} cellId`),
      source,
      executionCount: count,
      session,
      status: status as RunStatus,
      time: str(r.time, `${where} time`),
      ...(r.rebound !== undefined
        ? { rebound: readRebound(r.rebound, where) }
        : {}),
      ...(r.msgId !== undefined
        ? { msgId: str(r.msgId, `${where} msgId`) }
        : {})
    };
    return run;
  });
}

function readRebound(v: unknown, where: string): IRebinding {
  if (!isObj(v)) {
    fail(`${where}: "rebound" is not an object`);
  }
  return {
    added: strList(v.added, `${where} rebound.added`),
    changed: strList(v.changed, `${where} rebound.changed`),
    deleted: strList(v.deleted, `${where} rebound.deleted`)
  };
}

/** The record a saved notebook is judged by, decided in one place for every command. */
export interface INotebookRecord {
  /** Null when the notebook has no usable record: judge it by its saved file only. */
  readonly record: IExecutionRecord | null;
  /** Why a record present in the file was not used (one line), or null. */
  readonly note: string | null;
}

/**
 * Whether check, export and verify judge a saved notebook by its `metadata.linearize`.
 * Absent: no record, no note. Present but empty (`null`, `{}`, `""`), corrupt or from a newer
 * version, or no longer matching the saved execution counts (the notebook ran without the
 * extension since): no record, and a note saying why. An export must never call a notebook
 * linear, or say it was recorded, from a record `check` rejects.
 */
export function notebookRecord(nb: INotebookSnapshot): INotebookRecord {
  if (nb.record === undefined) {
    return { record: null, note: null };
  }
  if (nb.record === null) {
    return {
      record: null,
      note: 'the execution record was ignored: it is empty (null)'
    };
  }
  const read = fromMetadata(nb.record);
  if (read.warning !== null) {
    return { record: null, note: read.warning };
  }
  if (!recordMatches(nb, read.record)) {
    return {
      record: null,
      note:
        'the execution record was ignored: the saved execution counts are not those it ' +
        'recorded (the notebook ran without the extension since)'
    };
  }
  return { record: read.record, note: null };
}

function readObservedOrFail(v: unknown): ReturnType<typeof readObserved> {
  try {
    return readObserved(v);
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
}
