/**
 * A typed model of the Python literal values parameter extraction handles.
 *
 * Why not plain JavaScript values: a JS `number` cannot hold Python ints beyond 2^53, cannot
 * tell `3` from `3.0`, and JS has no tuple. Every value here means exactly one Python value.
 */

/** Spelling of an int literal in the source; kept so a notebook can be regenerated as written. */
export type IntRadix = 2 | 8 | 10 | 16;

/** A Python `int`: decimal digits (with `-` when negative), never through a JS number. */
export interface IPyInt {
  readonly kind: 'int';
  /** Canonical decimal spelling: no `+`, no leading zeros, no `_`, `-` when negative, never `-0`. */
  readonly value: string;
  readonly radix: IntRadix;
}

/** A Python `float`: an IEEE double, the same type Python uses. */
export interface IPyFloat {
  readonly kind: 'float';
  readonly value: number;
}

/** A Python `str` (never bytes). */
export interface IPyStr {
  readonly kind: 'str';
  readonly value: string;
}

/** `True` / `False`. */
export interface IPyBool {
  readonly kind: 'bool';
  readonly value: boolean;
}

/** `None`. */
export interface IPyNone {
  readonly kind: 'none';
}

/** A list literal. */
export interface IPyList {
  readonly kind: 'list';
  readonly items: readonly PyValue[];
}

/** A tuple literal (YAML has none: the type map records it). */
export interface IPyTuple {
  readonly kind: 'tuple';
  readonly items: readonly PyValue[];
}

/** Entries in source order; keys are scalars (a tuple key cannot survive YAML and is refused). */
export interface IPyDict {
  readonly kind: 'dict';
  readonly entries: readonly (readonly [PyValue, PyValue])[];
}

/** Any literal value parameter extraction can carry. */
export type PyValue =
  IPyInt | IPyFloat | IPyStr | IPyBool | IPyNone | IPyList | IPyTuple | IPyDict;

/** The short type name of a value (`int`, `tuple`, …), as Python's `type(v).__name__` says. */
export function pyTypeName(v: PyValue): string {
  return v.kind === 'none' ? 'NoneType' : v.kind;
}

/**
 * Python `==` between two scalar dict keys (`1 == 1.0 == True`), used to refuse dict literals
 * that repeat a key: Python would silently keep the last value, YAML 1.2 loaders refuse them.
 * Containers are compared structurally.
 */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  const na = numericOf(a);
  const nb = numericOf(b);
  if (na !== null && nb !== null) {
    return numericEquals(na, nb);
  }
  if (a.kind !== b.kind) {
    return false;
  }
  switch (a.kind) {
    case 'str':
      return a.value === (b as IPyStr).value;
    case 'none':
      return true;
    case 'list':
    case 'tuple': {
      const bi = (b as IPyList | IPyTuple).items;
      return (
        a.items.length === bi.length &&
        a.items.every((x, i) => pyEquals(x, bi[i]))
      );
    }
    case 'dict': {
      const be = (b as IPyDict).entries;
      return (
        a.entries.length === be.length &&
        a.entries.every(([k, v]) =>
          be.some(([k2, v2]) => pyEquals(k, k2) && pyEquals(v, v2))
        )
      );
    }
    default:
      return false;
  }
}

type Numeric = { int: bigint } | { float: number };

function numericOf(v: PyValue): Numeric | null {
  switch (v.kind) {
    case 'int':
      return { int: BigInt(v.value) };
    case 'bool':
      return { int: v.value ? BigInt(1) : BigInt(0) };
    case 'float':
      return { float: v.value };
    default:
      return null;
  }
}

function numericEquals(a: Numeric, b: Numeric): boolean {
  if ('int' in a && 'int' in b) {
    return a.int === b.int;
  }
  if ('float' in a && 'float' in b) {
    return a.float === b.float;
  }
  const i = 'int' in a ? a.int : (b as { int: bigint }).int;
  const f = 'float' in a ? a.float : (b as { float: number }).float;
  // Python compares int and float exactly; a float equal to an int is integral and finite.
  return Number.isInteger(f) && BigInt(f) === i;
}

/** A JSON-safe form of a value (ints as decimal strings, floats with Python's `repr`). */
export type PyValueJson =
  | { readonly type: 'int'; readonly value: string; readonly radix: IntRadix }
  | { readonly type: 'float'; readonly repr: string }
  | { readonly type: 'str'; readonly value: string }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'none' }
  | { readonly type: 'list' | 'tuple'; readonly items: readonly PyValueJson[] }
  | {
      readonly type: 'dict';
      readonly entries: readonly (readonly [PyValueJson, PyValueJson])[];
    };

/**
 * Converts a value to its JSON-safe form; `floatRepr` is injected so this module stays free of
 * number formatting.
 */
export function pyValueToJson(
  v: PyValue,
  floatRepr: (x: number) => string
): PyValueJson {
  switch (v.kind) {
    case 'int':
      return { type: 'int', value: v.value, radix: v.radix };
    case 'float':
      return { type: 'float', repr: floatRepr(v.value) };
    case 'str':
      return { type: 'str', value: v.value };
    case 'bool':
      return { type: 'bool', value: v.value };
    case 'none':
      return { type: 'none' };
    case 'list':
    case 'tuple':
      return {
        type: v.kind,
        items: v.items.map(x => pyValueToJson(x, floatRepr))
      };
    case 'dict':
      return {
        type: 'dict',
        entries: v.entries.map(
          ([k, x]) =>
            [pyValueToJson(k, floatRepr), pyValueToJson(x, floatRepr)] as const
        )
      };
  }
}

/** True when the value holds a tuple or a non-decimal int anywhere (it needs a type-map entry). */
export function needsTypeMap(v: PyValue): boolean {
  switch (v.kind) {
    case 'tuple':
      return true;
    case 'int':
      return v.radix !== 10;
    case 'list':
      return v.items.some(needsTypeMap);
    case 'dict':
      return v.entries.some(([k, x]) => needsTypeMap(k) || needsTypeMap(x));
    default:
      return false;
  }
}
