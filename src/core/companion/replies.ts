/**
 * Parsers of the companion's replies: from the content of an `execute_reply` (unknown data
 * off the wire) to typed results. Tolerant by design: anything unexpected becomes a
 * `malformed` (or other) unavailable result, never an exception.
 */

import type { IRebinding } from '../types';
import { REPLY_KEY, type CompanionOp } from './snippets';
import type {
  CompanionResult,
  FingerprintError,
  FingerprintRefusal,
  IDeleteReply,
  IFingerprint,
  IInstallInfo,
  IKernelEnvironment,
  IPackage,
  IRebindReply,
  UnavailableReason
} from './types';

type Json = Record<string, unknown>;

/** An unavailable result. */
export function unavailable<T>(
  reason: UnavailableReason,
  message: string
): CompanionResult<T> {
  return { ok: false, reason, message };
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(v => typeof v === 'string');
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

const MALFORMED = 'the kernel companion sent a reply of an unexpected shape';

/**
 * Unwraps the reply of one companion request: the `execute_reply` content whose user
 * expression `REPLY_KEY` holds the JSON envelope `{ok, op, version, value | error, message}`.
 * Returns the envelope's `value` for `op`.
 */
export function parseEnvelope(
  content: unknown,
  op: CompanionOp
): CompanionResult<unknown> {
  if (!isRecord(content)) {
    return unavailable('malformed', MALFORMED);
  }
  if (content.status === 'aborted') {
    return unavailable('aborted', 'the kernel aborted the request');
  }
  if (content.status !== 'ok') {
    const why = [text(content.ename), text(content.evalue)].filter(Boolean);
    return unavailable(
      'refused',
      `the kernel refused a silent request${why.length ? `: ${why.join(': ')}` : ''}`
    );
  }
  const expressions = content.user_expressions;
  if (!isRecord(expressions) || !(REPLY_KEY in expressions)) {
    return unavailable(
      'refused',
      'the kernel does not evaluate user expressions'
    );
  }
  const entry = expressions[REPLY_KEY];
  if (!isRecord(entry)) {
    return unavailable('malformed', MALFORMED);
  }
  if (entry.status !== 'ok') {
    return unavailable(
      'error',
      `${text(entry.ename, 'Error')}: ${text(entry.evalue)}`.trim()
    );
  }
  const data = entry.data;
  const plain = isRecord(data) ? data['text/plain'] : undefined;
  if (typeof plain !== 'string') {
    return unavailable('malformed', MALFORMED);
  }
  if (plain.trim() === '0') {
    return unavailable(
      'not-installed',
      'the kernel companion is not installed'
    );
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(plain);
  } catch {
    return unavailable('malformed', MALFORMED);
  }
  if (!isRecord(envelope) || envelope.op !== op) {
    return unavailable('malformed', MALFORMED);
  }
  if (envelope.ok !== true) {
    const message = [text(envelope.error, 'Error'), text(envelope.message)]
      .filter(Boolean)
      .join(': ');
    return unavailable('error', message);
  }
  return { ok: true, value: envelope.value };
}

/** Applies `parse` to the envelope's value; `null` from `parse` means malformed. */
function parseWith<T>(
  content: unknown,
  op: CompanionOp,
  parse: (value: unknown) => T | null
): CompanionResult<T> {
  const envelope = parseEnvelope(content, op);
  if (!envelope.ok) {
    return envelope;
  }
  let value: T | null;
  try {
    value = parse(envelope.value);
  } catch {
    value = null;
  }
  return value === null
    ? unavailable('malformed', MALFORMED)
    : { ok: true, value };
}

function rebinding(value: unknown): IRebinding | null {
  if (!isRecord(value)) {
    return null;
  }
  const { added, changed, deleted } = value;
  if (
    !isStringArray(added) ||
    !isStringArray(changed) ||
    !isStringArray(deleted)
  ) {
    return null;
  }
  return { added, changed, deleted };
}

/** `install` → `{version, hook, count}`. */
export function parseInstall(content: unknown): CompanionResult<IInstallInfo> {
  return parseWith(content, 'install', v => {
    if (
      !isRecord(v) ||
      typeof v.version !== 'number' ||
      typeof v.hook !== 'boolean'
    ) {
      return null;
    }
    return {
      version: v.version,
      hook: v.hook,
      count: isCount(v.count) ? v.count : null
    };
  });
}

/** `rebind` → facts by execution count. A malformed run is left out, not fatal. */
export function parseRebind(content: unknown): CompanionResult<IRebindReply> {
  return parseWith(content, 'rebind', v => {
    if (!isRecord(v) || !isRecord(v.runs) || typeof v.hook !== 'boolean') {
      return null;
    }
    const runs = new Map<number, IRebinding>();
    for (const [key, run] of Object.entries(v.runs)) {
      const count = Number(key);
      const facts = rebinding(run);
      if (isCount(count) && String(count) === key && facts) {
        runs.set(count, facts);
      }
    }
    return { hook: v.hook, first: isCount(v.first) ? v.first : null, runs };
  });
}

/** `names` → the live user names. */
export function parseNames(
  content: unknown
): CompanionResult<readonly string[]> {
  return parseWith(content, 'names', v =>
    isRecord(v) && isStringArray(v.names) ? v.names : null
  );
}

/** `delete` → what was deleted, missing, refused. */
export function parseDelete(content: unknown): CompanionResult<IDeleteReply> {
  return parseWith(content, 'delete', v => {
    if (
      !isRecord(v) ||
      !isStringArray(v.deleted) ||
      !isStringArray(v.missing) ||
      !isStringArray(v.refused)
    ) {
      return null;
    }
    return { deleted: v.deleted, missing: v.missing, refused: v.refused };
  });
}

function pkg(value: unknown): IPackage | null {
  if (
    !isRecord(value) ||
    typeof value.name !== 'string' ||
    typeof value.version !== 'string' ||
    !isStringArray(value.modules)
  ) {
    return null;
  }
  return { name: value.name, version: value.version, modules: value.modules };
}

/** `env` → the kernel's environment. Malformed packages are left out. */
export function parseEnvironment(
  content: unknown
): CompanionResult<IKernelEnvironment> {
  return parseWith(content, 'env', v => {
    if (
      !isRecord(v) ||
      typeof v.python !== 'string' ||
      !Array.isArray(v.packages)
    ) {
      return null;
    }
    const packages: IPackage[] = [];
    for (const p of v.packages) {
      const parsed = pkg(p);
      if (parsed) {
        packages.push(parsed);
      }
    }
    return {
      python: v.python,
      implementation: text(v.implementation),
      os: text(v.os),
      system: text(v.system),
      machine: text(v.machine),
      packages,
      local: isStringArray(v.local) ? v.local : []
    };
  });
}

const REFUSALS: ReadonlySet<string> = new Set<FingerprintRefusal>([
  'absolute',
  'parent',
  'home',
  'url',
  'empty',
  'invalid'
]);
const ERRORS: ReadonlySet<string> = new Set<FingerprintError>([
  'too-large',
  'too-many-files',
  'unreadable',
  'unsupported',
  'interrupted'
]);

function isSize(value: unknown): value is number {
  return isCount(value);
}

function fingerprint(value: unknown): IFingerprint | null {
  if (!isRecord(value) || typeof value.path !== 'string') {
    return null;
  }
  const path = value.path;
  if (typeof value.md5 === 'string' && isSize(value.size)) {
    if (value.nfiles !== undefined) {
      return isCount(value.nfiles)
        ? {
            kind: 'folder',
            path,
            md5: value.md5,
            size: value.size,
            nfiles: value.nfiles
          }
        : null;
    }
    return { kind: 'file', path, md5: value.md5, size: value.size };
  }
  if (value.missing === true) {
    return { kind: 'missing', path };
  }
  if (typeof value.refused === 'string' && REFUSALS.has(value.refused)) {
    return {
      kind: 'refused',
      path,
      reason: value.refused as FingerprintRefusal
    };
  }
  if (typeof value.error === 'string' && ERRORS.has(value.error)) {
    const reason = value.error as FingerprintError;
    return typeof value.message === 'string'
      ? { kind: 'error', path, reason, message: value.message }
      : { kind: 'error', path, reason };
  }
  return null;
}

/** `fingerprint` → one entry per requested path, in request order. */
export function parseFingerprints(
  content: unknown
): CompanionResult<readonly IFingerprint[]> {
  return parseWith(content, 'fingerprint', v => {
    if (!isRecord(v) || !Array.isArray(v.entries)) {
      return null;
    }
    const entries: IFingerprint[] = [];
    for (const e of v.entries) {
      const parsed = fingerprint(e);
      if (!parsed) {
        return null;
      }
      entries.push(parsed);
    }
    return entries;
  });
}

/** `uninstall` → done. */
export function parseUninstall(content: unknown): CompanionResult<true> {
  return parseWith(content, 'uninstall', v => (isRecord(v) ? true : null));
}
