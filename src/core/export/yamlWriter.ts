/**
 * A small deterministic YAML writer for the manifest: block mappings in the order the keys
 * are given, block sequences, and scalars written by hand like the params config
 * (export-rules §4): strings always double-quoted (`yamlString`), integers as digits,
 * `true`/`false`/`null`; lists of scalars in flow style. Every loader (PyYAML's 1.1 rules,
 * the `yaml` package's 1.2) reads it back as the same values.
 */
import { yamlString } from '../params';

/** A value the writer accepts: plain JSON without floats (the manifest has none). */
export type YamlValue =
  | null
  | boolean
  | number
  | string
  | readonly YamlValue[]
  | { readonly [key: string]: YamlValue };

/** Plain keys (letters, digits, `_`) are written bare; any other key is quoted. */
function key(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) &&
    !/^(?:y|n|yes|no|on|off|true|false|null)$/i.test(k)
    ? k
    : yamlString(k);
}

function scalar(v: null | boolean | number | string): string {
  if (v === null) {
    return 'null';
  }
  if (typeof v === 'boolean') {
    return v ? 'true' : 'false';
  }
  if (typeof v === 'number') {
    // Integers only: sizes, counts, indices. Anything else is written as text, never as a float.
    return Number.isSafeInteger(v) ? String(v) : yamlString(String(v));
  }
  return yamlString(v);
}

function isScalar(v: YamlValue): v is null | boolean | number | string {
  return v === null || typeof v !== 'object';
}

function isList(v: YamlValue): v is readonly YamlValue[] {
  return Array.isArray(v);
}

/** Lines for `value` as the value of a mapping key at `indent`. */
function entry(
  k: string,
  value: YamlValue,
  indent: string,
  out: string[]
): void {
  if (isScalar(value)) {
    out.push(`${indent}${key(k)}: ${scalar(value)}`);
  } else if (isList(value)) {
    if (value.every(isScalar)) {
      out.push(
        `${indent}${key(k)}: [${value.map(x => scalar(x as null | boolean | number | string)).join(', ')}]`
      );
    } else {
      out.push(`${indent}${key(k)}:`);
      for (const item of value) {
        listItem(item, indent, out);
      }
    }
  } else {
    const keys = Object.keys(value);
    if (keys.length === 0) {
      out.push(`${indent}${key(k)}: {}`);
      return;
    }
    out.push(`${indent}${key(k)}:`);
    for (const kk of keys) {
      entry(kk, value[kk], `${indent}  `, out);
    }
  }
}

/** A `- ` item of a block sequence (mappings start on the dash line). */
function listItem(item: YamlValue, indent: string, out: string[]): void {
  if (isScalar(item) || isList(item)) {
    const inner: string[] = [];
    entry('x', item, '', inner);
    out.push(
      `${indent}- ${inner[0].slice(3)}`,
      ...inner.slice(1).map(l => `${indent}  ${l}`)
    );
    return;
  }
  const lines: string[] = [];
  for (const k of Object.keys(item)) {
    entry(k, item[k], `${indent}  `, lines);
  }
  if (lines.length === 0) {
    out.push(`${indent}- {}`);
    return;
  }
  out.push(
    `${indent}- ${lines[0].slice(indent.length + 2)}`,
    ...lines.slice(1)
  );
}

/**
 * A YAML document for a mapping, preceded by `comments` (each becomes a `# ` line).
 * LF line ends, one final newline.
 */
export function toYamlDocument(
  value: { readonly [key: string]: YamlValue },
  comments: readonly string[] = []
): string {
  const out = comments.map(c => (c === '' ? '#' : `# ${c}`));
  for (const k of Object.keys(value)) {
    entry(k, value[k], '', out);
  }
  return `${out.join('\n')}\n`;
}
