/**
 * A small JSON Schema (draft-07) validator for the keywords our schemas use: `type`,
 * `const`, `enum`, `required`, `properties`, `additionalProperties`, `propertyNames`,
 * `items`, `pattern`, `minimum`, `oneOf` and local `$ref`. For tests only; the Python
 * `jsonschema` cross-check (schema.spec.ts) keeps it honest.
 */

export type Schema = { [key: string]: unknown } | boolean;

function typeOf(v: unknown): string {
  if (v === null) {
    return 'null';
  }
  if (Array.isArray(v)) {
    return 'array';
  }
  if (typeof v === 'number') {
    return Number.isInteger(v) ? 'integer' : 'number';
  }
  return typeof v;
}

function typeMatches(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

/** Every violation of `schema` by `value`, as "path: problem" lines (empty when valid). */
export function validate(
  schema: Schema,
  value: unknown,
  root: Schema = schema,
  path = '$'
): string[] {
  if (schema === true) {
    return [];
  }
  if (schema === false) {
    return [`${path}: not allowed`];
  }
  const s = schema;
  if (typeof s.$ref === 'string') {
    const target = (s.$ref as string)
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>(
        (node, key) => (node as Record<string, unknown>)[key],
        root
      );
    return validate(target as Schema, value, root, path);
  }
  const errors: string[] = [];
  if (s.type !== undefined) {
    const types = Array.isArray(s.type)
      ? (s.type as string[])
      : [s.type as string];
    if (!types.some(t => typeMatches(value, t))) {
      return [`${path}: expected ${types.join(' or ')}, got ${typeOf(value)}`];
    }
  }
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(value)) {
    errors.push(`${path}: expected ${JSON.stringify(s.const)}`);
  }
  if (
    Array.isArray(s.enum) &&
    !s.enum.some(e => JSON.stringify(e) === JSON.stringify(value))
  ) {
    errors.push(`${path}: not one of ${JSON.stringify(s.enum)}`);
  }
  if (Array.isArray(s.oneOf)) {
    const passing = (s.oneOf as Schema[]).filter(
      alt => validate(alt, value, root, path).length === 0
    );
    if (passing.length !== 1) {
      errors.push(`${path}: matches ${passing.length} of oneOf`);
    }
  }
  if (
    typeof value === 'string' &&
    typeof s.pattern === 'string' &&
    !new RegExp(s.pattern).test(value)
  ) {
    errors.push(`${path}: does not match ${s.pattern}`);
  }
  if (
    typeof value === 'number' &&
    typeof s.minimum === 'number' &&
    value < s.minimum
  ) {
    errors.push(`${path}: below ${s.minimum}`);
  }
  if (Array.isArray(value) && s.items !== undefined) {
    value.forEach((item, i) =>
      errors.push(...validate(s.items as Schema, item, root, `${path}[${i}]`))
    );
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of (s.required as string[] | undefined) ?? []) {
      if (!(key in obj)) {
        errors.push(`${path}: missing "${key}"`);
      }
    }
    const props = (s.properties as Record<string, Schema> | undefined) ?? {};
    for (const [key, v] of Object.entries(obj)) {
      if (s.propertyNames !== undefined) {
        errors.push(
          ...validate(
            s.propertyNames as Schema,
            key,
            root,
            `${path} key ${key}`
          )
        );
      }
      if (key in props) {
        errors.push(...validate(props[key], v, root, `${path}.${key}`));
      } else if (s.additionalProperties !== undefined) {
        errors.push(
          ...validate(
            s.additionalProperties as Schema,
            v,
            root,
            `${path}.${key}`
          )
        );
      }
    }
  }
  return errors;
}
