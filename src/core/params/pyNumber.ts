/**
 * Python number literals: which spellings are valid Python 3, what value they mean, and how
 * Python's `repr` prints a float.
 *
 * lezer's `Number` token is looser than Python's (it accepts `0755`, `1__0`, `1_`) and splits
 * `5.` / `5.e-3` into a member expression, so the literal's text is always re-checked here
 * against the Python reference grammar (Lexical analysis, "Numeric literals").
 */
import { paramSkip, type ParamText } from './paramMessages';
import type { IntRadix, IPyFloat, IPyInt } from './pyValue';

/** `digitpart ::= digit (["_"] digit)*` */
const D = '[0-9](?:_?[0-9])*';
const EXPONENT = `[eE][+-]?${D}`;
const POINT_FLOAT = `(?:(?:${D})?\\.${D}|${D}\\.)`;
const FLOAT = `(?:${POINT_FLOAT}(?:${EXPONENT})?|${D}${EXPONENT})`;

const FLOAT_RE = new RegExp(`^${FLOAT}$`);
const IMAG_RE = new RegExp(`^(?:${FLOAT}|${D})[jJ]$`);
const HEX_RE = /^0[xX](?:_?[0-9a-fA-F])+$/;
const OCT_RE = /^0[oO](?:_?[0-7])+$/;
const BIN_RE = /^0[bB](?:_?[01])+$/;
const DEC_RE = /^(?:[1-9](?:_?[0-9])*|0+(?:_?0)*)$/;
const LEADING_ZERO_RE = /^0[0-9_]*[1-9][0-9_]*$/;

/** What a number literal's text is in Python 3. */
export type NumberLiteral =
  | { readonly ok: true; readonly value: IPyInt | IPyFloat }
  | {
      readonly ok: false;
      readonly code: 'complex' | 'invalid-literal';
      readonly message: string;
      readonly text: ParamText;
    };

/**
 * Reads the text of one Python number token (no sign, no spaces).
 *
 * Ints go through `BigInt`, never a JS number; floats through `Number`, which rounds a decimal
 * string correctly to the nearest double, as Python's `float()` does.
 */
export function readNumber(text: string): NumberLiteral {
  if (IMAG_RE.test(text)) {
    return {
      ok: false,
      ...paramSkip('complex', { id: 'complex', args: { text } })
    };
  }
  if (FLOAT_RE.test(text)) {
    return {
      ok: true,
      value: { kind: 'float', value: Number(text.replace(/_/g, '')) }
    };
  }
  const radix = intRadix(text);
  if (radix !== null) {
    const digits = text.replace(/_/g, '');
    const value = BigInt(
      radix === 10 ? digits.replace(/^0+(?=.)/, '') : digits
    ).toString();
    return { ok: true, value: { kind: 'int', value, radix } };
  }
  if (LEADING_ZERO_RE.test(text)) {
    const octal = `0o${text.replace(/^[0_]+/, '')}`;
    return {
      ok: false,
      ...paramSkip('invalid-literal', {
        id: 'leading-zeros',
        args: { text, octal }
      })
    };
  }
  return {
    ok: false,
    ...paramSkip('invalid-literal', { id: 'invalid-number', args: { text } })
  };
}

/** True when `text` is exactly one Python number token (int, float or imaginary). */
export function isNumberText(text: string): boolean {
  return FLOAT_RE.test(text) || IMAG_RE.test(text) || intRadix(text) !== null;
}

function intRadix(text: string): IntRadix | null {
  if (DEC_RE.test(text)) {
    return 10;
  }
  if (HEX_RE.test(text)) {
    return 16;
  }
  if (OCT_RE.test(text)) {
    return 8;
  }
  if (BIN_RE.test(text)) {
    return 2;
  }
  return null;
}

/** Negates an int or float value (`-x`), keeping the radix; `-0` stays `0` for ints. */
export function negate(v: IPyInt | IPyFloat): IPyInt | IPyFloat {
  if (v.kind === 'float') {
    return { kind: 'float', value: -v.value };
  }
  const value =
    v.value === '0'
      ? '0'
      : v.value.startsWith('-')
        ? v.value.slice(1)
        : `-${v.value}`;
  return { kind: 'int', value, radix: v.radix };
}

/**
 * Python's `repr(float)`: the shortest digits that read back to the same double (JavaScript's
 * `toExponential()` with no argument finds the same digits), laid out as Python does: fixed
 * notation when the decimal exponent is in [-4, 16), otherwise `d.ddde±XX`.
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) {
    return 'nan';
  }
  if (!Number.isFinite(x)) {
    return x > 0 ? 'inf' : '-inf';
  }
  if (x === 0) {
    return Object.is(x, -0) ? '-0.0' : '0.0';
  }
  const sign = x < 0 ? '-' : '';
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  // Position of the decimal point relative to the digits: x = 0.DIGITS × 10^decpt.
  const decpt = Number(exponent) + 1;
  if (decpt <= -4 || decpt > 16) {
    const mant =
      digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    const e = decpt - 1;
    return `${sign}${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (decpt <= 0) {
    return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  }
  if (decpt >= digits.length) {
    return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
  }
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

/** Spells an int in its source radix (`0x1f`, `-0o755`, `0b101`), for regenerated Python code. */
export function pyIntSource(v: IPyInt): string {
  if (v.radix === 10) {
    return v.value;
  }
  const negative = v.value.startsWith('-');
  const magnitude = BigInt(negative ? v.value.slice(1) : v.value);
  const prefix = v.radix === 16 ? '0x' : v.radix === 8 ? '0o' : '0b';
  return `${negative ? '-' : ''}${prefix}${magnitude.toString(v.radix)}`;
}
