/**
 * Reads a parameter config back into typed values, the TypeScript twin of the exported
 * script's `yaml.safe_load` (YAML 1.2 core schema, ints as bigint so big ones stay exact),
 * with the `_types` map applied so tuples and int spellings come back as written.
 */
import { parseDocument } from 'yaml';
import { describeParam, NO_ARGS, type ParamText } from './paramMessages';
import type { IntRadix, PyValue } from './pyValue';
import { TYPES_KEY } from './toYaml';

/** A config as typed values: group → key → value, in file order. */
export type ParamsConfig = ReadonlyMap<string, ReadonlyMap<string, PyValue>>;

/** A config, or the reason it cannot be read. */
export type ReadParamsResult =
  | { readonly ok: true; readonly config: ParamsConfig }
  | {
      readonly ok: false;
      /** `text` worded in English. */
      readonly message: string;
      readonly text: ParamText;
    };

function refused(text: ParamText): ReadParamsResult {
  return { ok: false, message: describeParam(text), text };
}

/** Parses one YAML value (or document) into a typed value; null when YAML cannot parse it. */
export function readYamlValue(text: string): PyValue | null {
  const doc = parseDocument(text, { intAsBigInt: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return null;
  }
  return toPy(doc.toJS({ mapAsMap: true, maxAliasCount: 0 }));
}

/** Reads a whole config. Never throws: a malformed file gives a message naming the problem. */
export function readParamsYaml(text: string): ReadParamsResult {
  let js: unknown;
  try {
    const doc = parseDocument(text, { intAsBigInt: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      return refused({
        id: 'yaml-invalid',
        args: { detail: doc.errors[0].message.split('\n')[0] }
      });
    }
    js = doc.toJS({ mapAsMap: true, maxAliasCount: 0 });
  } catch (e) {
    return refused({
      id: 'yaml-invalid',
      args: { detail: e instanceof Error ? e.message : String(e) }
    });
  }
  if (js === null || js === undefined) {
    return { ok: true, config: new Map() };
  }
  if (!(js instanceof Map)) {
    return refused({ id: 'yaml-not-mapping', args: NO_ARGS });
  }
  const config = new Map<string, Map<string, PyValue>>();
  for (const [group, section] of js) {
    if (group === TYPES_KEY) {
      continue;
    }
    if (typeof group !== 'string' || !(section instanceof Map)) {
      return refused({ id: 'yaml-group', args: { group: String(group) } });
    }
    const values = new Map<string, PyValue>();
    for (const [key, value] of section) {
      const v = toPy(value);
      if (typeof key !== 'string' || v === null) {
        return refused({
          id: 'yaml-unsupported',
          args: { group, key: String(key) }
        });
      }
      values.set(key, v);
    }
    config.set(group, values);
  }
  const types = js.get(TYPES_KEY);
  if (Array.isArray(types)) {
    for (const note of types) {
      applyNote(config, note);
    }
  }
  return { ok: true, config };
}

function toPy(x: unknown): PyValue | null {
  if (x === null || x === undefined) {
    return { kind: 'none' };
  }
  switch (typeof x) {
    case 'bigint':
      return { kind: 'int', value: x.toString(), radix: 10 };
    case 'number':
      return { kind: 'float', value: x };
    case 'string':
      return { kind: 'str', value: x };
    case 'boolean':
      return { kind: 'bool', value: x };
    default:
      break;
  }
  if (Array.isArray(x)) {
    const items: PyValue[] = [];
    for (const item of x) {
      const v = toPy(item);
      if (v === null) {
        return null;
      }
      items.push(v);
    }
    return { kind: 'list', items };
  }
  if (x instanceof Map) {
    const entries: [PyValue, PyValue][] = [];
    for (const [k, item] of x) {
      const pk = toPy(k);
      const pv = toPy(item);
      if (pk === null || pv === null) {
        return null;
      }
      entries.push([pk, pv]);
    }
    return { kind: 'dict', entries };
  }
  return null;
}

const RADIX: Readonly<Record<string, IntRadix>> = { hex: 16, oct: 8, bin: 2 };

/** Applies one `_types` entry; entries that do not fit the values are ignored. */
function applyNote(
  config: Map<string, Map<string, PyValue>>,
  note: unknown
): void {
  if (!(note instanceof Map)) {
    return;
  }
  const path = note.get('path');
  const type = note.get('type');
  if (!Array.isArray(path) || path.length < 2 || typeof type !== 'string') {
    return;
  }
  const [group, key, ...rest] = path as unknown[];
  const section = typeof group === 'string' ? config.get(group) : undefined;
  const root = typeof key === 'string' ? section?.get(key) : undefined;
  if (!section || root === undefined) {
    return;
  }
  section.set(key as string, rebuild(root, rest, type));
}

function rebuild(v: PyValue, path: readonly unknown[], type: string): PyValue {
  if (path.length === 0) {
    if (type === 'tuple' && v.kind === 'list') {
      return { kind: 'tuple', items: v.items };
    }
    if (v.kind === 'int' && RADIX[type] !== undefined) {
      return { ...v, radix: RADIX[type] };
    }
    return v;
  }
  const [step, ...rest] = path;
  if ((v.kind === 'list' || v.kind === 'tuple') && typeof step === 'bigint') {
    const i = Number(step);
    if (i < 0 || i >= v.items.length) {
      return v;
    }
    const items = v.items.slice();
    items[i] = rebuild(items[i], rest, type);
    return { ...v, items };
  }
  if (v.kind === 'dict') {
    const k = toPy(step);
    const entries = v.entries.map(([ek, ev]) =>
      k !== null && sameKey(ek, k)
        ? ([ek, rebuild(ev, rest, type)] as const)
        : ([ek, ev] as const)
    );
    return { kind: 'dict', entries };
  }
  return v;
}

function sameKey(a: PyValue, b: PyValue): boolean {
  if (a.kind !== b.kind) {
    return false;
  }
  if (a.kind === 'none' || b.kind === 'none') {
    return true;
  }
  return (
    'value' in a &&
    'value' in b &&
    (a.value === b.value || (Number.isNaN(a.value) && Number.isNaN(b.value)))
  );
}
