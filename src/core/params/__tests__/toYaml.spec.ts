import * as fc from 'fast-check';
import { parse, parseDocument } from 'yaml';
import { readParamsYaml, readYamlValue } from '../readYaml';
import type { PyValue } from '../pyValue';
import {
  toYaml,
  typeNotes,
  yamlFloat,
  yamlString,
  yamlValue,
  YAML_MARKER
} from '../toYaml';
import { candidates } from './helpers';

describe('yamlString', () => {
  it.each([
    ['yes', '"yes"'],
    ['', '""'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\n\t\r\b\f', '"\\n\\t\\r\\b\\f"'],
    ['\0\x07\x0b\x1b', '"\\x00\\x07\\x0b\\x1b"'],
    ['\x7f\x85\x9f', '"\\x7f\\x85\\x9f"'],
    ['\u2028\u2029\ufeff\ufffe\uffff', '"\\u2028\\u2029\\ufeff\\ufffe\\uffff"'],
    ['\ud800x\udc00', '"\\ud800x\\udc00"'],
    ['😀 é 日本', '"😀 é 日本"'],
    ["'#: -[]{}*&!%@`|>", '"\'#: -[]{}*&!%@`|>"']
  ])('%j is %s', (s, yaml) => {
    expect(yamlString(s)).toBe(yaml);
  });

  it('reads back exactly with the yaml package (YAML 1.2), for any string', () => {
    const anyUnit = fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map(c => String.fromCharCode(c)),
      fc.constantFrom('\n', '"', '\\', '\u2028', '\ufeff', '😀', ':', '#', ' ')
    );
    fc.assert(
      fc.property(fc.string({ unit: anyUnit }), s => {
        expect(parse(yamlString(s))).toBe(s);
        expect(parse(`${yamlString(s)}: ${yamlString(s)}\n`)).toEqual({
          [s]: s
        });
      }),
      { numRuns: 2000 }
    );
  });
});

describe('yamlFloat', () => {
  it.each([
    [1e-5, '1.0e-05'],
    [1e21, '1.0e+21'],
    [1e16, '1.0e+16'],
    [1.5e300, '1.5e+300'],
    [3, '3.0'],
    [-0.5, '-0.5'],
    [-0, '-0.0'],
    [5e-324, '5.0e-324'],
    [Infinity, '.inf'],
    [-Infinity, '-.inf'],
    [NaN, '.nan']
  ])('%p is %s', (x, yaml) => {
    expect(yamlFloat(x)).toBe(yaml);
  });

  it('has a dot and a signed exponent, as the YAML 1.1 float resolver requires', () => {
    const yaml11Float =
      /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
    fc.assert(
      fc.property(fc.double(), x => {
        expect(yamlFloat(x)).toMatch(yaml11Float);
      }),
      { numRuns: 3000 }
    );
  });

  it('reads back as the same double with the yaml package', () => {
    fc.assert(
      fc.property(fc.double(), x => {
        const back: unknown = parse(yamlFloat(x), { intAsBigInt: true });
        expect(typeof back).toBe('number');
        expect(Object.is(back, x)).toBe(true);
      }),
      { numRuns: 3000 }
    );
  });
});

describe('ints', () => {
  it('read back exactly, beyond 2^53', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }), n => {
        const v: PyValue = { kind: 'int', value: n.toString(), radix: 10 };
        expect(parse(yamlValue(v), { intAsBigInt: true })).toBe(n);
      })
    );
  });
});

const arbValue: fc.Arbitrary<PyValue> = fc.letrec<{ value: PyValue }>(tie => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .bigInt()
      .map((n): PyValue => ({ kind: 'int', value: n.toString(), radix: 10 })),
    fc.double().map((x): PyValue => ({ kind: 'float', value: x })),
    fc
      .string({ unit: 'binary' })
      .map((s): PyValue => ({ kind: 'str', value: s })),
    fc.boolean().map((b): PyValue => ({ kind: 'bool', value: b })),
    fc.constant<PyValue>({ kind: 'none' }),
    fc
      .array(tie('value'), { maxLength: 4 })
      .map((items): PyValue => ({ kind: 'list', items })),
    fc
      .uniqueArray(fc.string({ unit: 'binary' }), { maxLength: 4 })
      .chain(keys =>
        fc.tuple(...keys.map(() => tie('value'))).map((vals): PyValue => ({
          kind: 'dict',
          entries: keys.map(
            (k, i) => [{ kind: 'str', value: k }, vals[i]] as const
          )
        }))
      )
  )
})).value;

describe('yamlValue', () => {
  it('writes flow collections', () => {
    const v: PyValue = {
      kind: 'dict',
      entries: [
        [
          { kind: 'str', value: 'on' },
          {
            kind: 'list',
            items: [{ kind: 'int', value: '1', radix: 16 }, { kind: 'none' }]
          }
        ],
        [
          { kind: 'int', value: '2', radix: 10 },
          { kind: 'tuple', items: [] }
        ],
        [
          { kind: 'bool', value: true },
          { kind: 'dict', entries: [] }
        ]
      ]
    };
    expect(yamlValue(v)).toBe('{"on": [1, null], 2: [], true: {}}');
  });

  it('reads back as the same value with the yaml package (string keys, no tuples)', () => {
    fc.assert(
      fc.property(arbValue, v => {
        expect(normalise(readYamlValue(yamlValue(v)))).toEqual(normalise(v));
      }),
      { numRuns: 500 }
    );
  });
});

/** Float NaN and -0 compared by repr; everything else structurally. */
function normalise(v: PyValue | null): unknown {
  if (v === null) {
    return null;
  }
  switch (v.kind) {
    case 'float':
      return { float: Object.is(v.value, -0) ? '-0' : String(v.value) };
    case 'list':
    case 'tuple':
      return { [v.kind]: v.items.map(normalise) };
    case 'dict':
      return { dict: v.entries.map(([k, x]) => [normalise(k), normalise(x)]) };
    default:
      return v;
  }
}

describe('typeNotes', () => {
  it('records tuples and radix at every depth', () => {
    const v: PyValue = {
      kind: 'list',
      items: [
        { kind: 'tuple', items: [{ kind: 'int', value: '8', radix: 8 }] },
        {
          kind: 'dict',
          entries: [
            [
              { kind: 'str', value: 'k' },
              { kind: 'int', value: '5', radix: 2 }
            ]
          ]
        }
      ]
    };
    expect(typeNotes(v, ['g', 'k'])).toEqual([
      { path: ['g', 'k', 0], type: 'tuple' },
      { path: ['g', 'k', 0, 0], type: 'oct' },
      { path: ['g', 'k', 1, { kind: 'str', value: 'k' }], type: 'bin' }
    ]);
  });
});

describe('toYaml', () => {
  const list = candidates(
    'md:# Yes',
    { source: 'lr = 1e-5\nshape = (28, 28)\nmode = 0o755', id: 'p"1\u2028' },
    'train_test_split(X, test_size=0.2)\nname = "on"\nx = 2**10'
  );

  it('writes the golden document', () => {
    expect(toYaml(list, { notebook: 'nb.ipynb' })).toBe(
      [
        `${YAML_MARKER} from "nb.ipynb".`,
        '# Edit the values, keep the keys. A script exported with it also takes --set GROUP.KEY=VALUE.',
        '"training":',
        '  # cell 2, line 1, id "p\\"1\\u2028": lr = ...',
        '  "lr": 1.0e-05',
        '"yes":',
        '  # cell 2, line 2, id "p\\"1\\u2028": shape = ...',
        '  "shape": [28, 28]',
        '  # cell 2, line 3, id "p\\"1\\u2028": mode = ...',
        '  "mode": 493',
        '  # cell 3, line 2, id "c2": name = ...',
        '  "name": "on"',
        '"split":',
        '  # cell 3, line 1, id "c2": train_test_split(test_size=...)',
        '  "train_test_split.test_size": 0.2',
        '# How to rebuild values YAML has no type for (tuples) or spells differently (0x, 0o, 0b).',
        '"_types":',
        '  - {"path": ["yes", "shape"], "type": "tuple"}',
        '  - {"path": ["yes", "mode"], "type": "oct"}',
        ''
      ].join('\n')
    );
  });

  it('is deterministic, LF only, one final newline', () => {
    const a = toYaml(list);
    expect(toYaml(list)).toBe(a);
    expect(a).not.toMatch(/\r/);
    expect(a.endsWith('\n') && !a.endsWith('\n\n')).toBe(true);
  });

  it('reads back with types through readParamsYaml', () => {
    const r = readParamsYaml(toYaml(list));
    expect(r.ok).toBe(true);
    const config = r.ok ? r.config : new Map();
    expect(config.get('yes')?.get('shape')).toEqual({
      kind: 'tuple',
      items: [
        { kind: 'int', value: '28', radix: 10 },
        { kind: 'int', value: '28', radix: 10 }
      ]
    });
    expect(config.get('yes')?.get('mode')).toEqual({
      kind: 'int',
      value: '493',
      radix: 8
    });
    expect(config.get('training')?.get('lr')).toEqual({
      kind: 'float',
      value: 1e-5
    });
  });

  it('writes an empty mapping when nothing is extracted', () => {
    const text = toYaml([]);
    expect(parse(text)).toEqual({});
    expect(text.split('\n')[0]).toBe(YAML_MARKER + '.');
  });

  it('keeps comments on one printable line whatever the cell id', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), id => {
        const text = toYaml(candidates({ source: 'x = 1', id }));
        const doc = parseDocument(text);
        expect(doc.errors).toEqual([]);
        expect(doc.toJS()).toEqual({ general: { x: 1 } });
      }),
      { numRuns: 300 }
    );
  });
});

describe('readParamsYaml', () => {
  it.each([
    ['- 1', /mapping of groups/],
    ['"g": 1', /group g must be a mapping/],
    ['"g": {"a": 1}\n"g": {}', /not valid YAML/],
    ['"g": [', /not valid YAML/]
  ])('refuses %j', (text, message) => {
    const r = readParamsYaml(text);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toMatch(message);
  });
});
