import { negate, pyFloatRepr, pyIntSource, readNumber } from '../pyNumber';

describe('readNumber', () => {
  it.each([
    ['0', '0', 10],
    ['00', '0', 10],
    ['0_0', '0', 10],
    ['1_000', '1000', 10],
    ['0x1F', '31', 16],
    ['0X_1f', '31', 16],
    ['0o755', '493', 8],
    ['0O17', '15', 8],
    ['0b101', '5', 2],
    ['0B_1_0', '2', 2],
    ['9007199254740993', '9007199254740993', 10],
    ['18446744073709551617', '18446744073709551617', 10],
    ['0xFFFFFFFFFFFFFFFFFFFF', '1208925819614629174706175', 16]
  ])(
    'reads the int %s exactly (never through a JS number)',
    (text, value, radix) => {
      expect(readNumber(text)).toEqual({
        ok: true,
        value: { kind: 'int', value, radix }
      });
    }
  );

  it.each([
    ['1e-5', 1e-5],
    ['1E+21', 1e21],
    ['.5', 0.5],
    ['5.', 5],
    ['5.e-3', 0.005],
    ['09.5', 9.5],
    ['0e0', 0],
    ['1_000.000_1', 1000.0001],
    ['1_0e1_0', 1e11],
    ['1e309', Infinity],
    ['2.2250738585072011e-308', 2.225073858507201e-308],
    ['0.1000000000000000055511151231257827021181583404541015625', 0.1]
  ])('reads the float %s', (text, value) => {
    const r = readNumber(text);
    expect(r).toEqual({ ok: true, value: { kind: 'float', value } });
  });

  it.each(['1j', '1.5J', '1e3j', '5.j'])('refuses the complex %s', text => {
    expect(readNumber(text)).toMatchObject({ ok: false, code: 'complex' });
  });

  it.each([
    '0755',
    '0_7',
    '1__0',
    '1_',
    '0x',
    '0b2',
    '0o8',
    '1e',
    '1e_5',
    '0x_'
  ])('refuses %s, which Python 3 does not accept', text => {
    expect(readNumber(text)).toMatchObject({
      ok: false,
      code: 'invalid-literal'
    });
  });

  it('explains legacy octal', () => {
    const r = readNumber('0755');
    expect(!r.ok && r.message).toMatch(/leading zeros.*0o755/);
  });
});

describe('negate', () => {
  it('keeps the radix and never writes -0', () => {
    expect(negate({ kind: 'int', value: '31', radix: 16 })).toEqual({
      kind: 'int',
      value: '-31',
      radix: 16
    });
    expect(negate({ kind: 'int', value: '-31', radix: 16 })).toEqual({
      kind: 'int',
      value: '31',
      radix: 16
    });
    expect(negate({ kind: 'int', value: '0', radix: 10 })).toEqual({
      kind: 'int',
      value: '0',
      radix: 10
    });
    expect(
      Object.is(
        (negate({ kind: 'float', value: 0 }) as { value: number }).value,
        -0
      )
    ).toBe(true);
  });
});

describe('pyFloatRepr', () => {
  // Expected values are Python 3 `repr(float(x))`.
  it.each([
    [0, '0.0'],
    [-0, '-0.0'],
    [1, '1.0'],
    [-0.5, '-0.5'],
    [0.1, '0.1'],
    [1e-4, '0.0001'],
    [1e-5, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [1e15, '1000000000000000.0'],
    [1234567890123456, '1234567890123456.0'],
    [1e16, '1e+16'],
    [1.2345678901234568e17, '1.2345678901234568e+17'],
    [1e21, '1e+21'],
    [1e22, '1e+22'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [3.141592653589793, '3.141592653589793'],
    [100, '100.0'],
    [123.456, '123.456'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [NaN, 'nan']
  ])('%p is %s', (x, repr) => {
    expect(pyFloatRepr(x)).toBe(repr);
  });
});

describe('pyIntSource', () => {
  it.each([
    [{ kind: 'int', value: '493', radix: 8 }, '0o755'],
    [{ kind: 'int', value: '-31', radix: 16 }, '-0x1f'],
    [{ kind: 'int', value: '5', radix: 2 }, '0b101'],
    [
      { kind: 'int', value: '18446744073709551617', radix: 10 },
      '18446744073709551617'
    ]
  ] as const)('%j is %s', (v, src) => {
    expect(pyIntSource(v)).toBe(src);
  });
});
