import { decodeString, hasLoneSurrogate } from '../pyString';

describe('decodeString', () => {
  it.each([
    ['"abc"', 'abc'],
    ["'abc'", 'abc'],
    ['""', ''],
    ['u"x"', 'x'],
    ['U"x"', 'x'],
    ['r"\\d+\\n"', '\\d+\\n'],
    ['R"\\n"', '\\n'],
    ['"\\n\\t\\r\\\\\\\'\\""', '\n\t\r\\\'"'],
    ['"\\a\\b\\f\\v"', '\x07\b\f\v'],
    ['"\\0"', '\0'],
    ['"\\101\\7\\777"', 'A\x07\u01ff'],
    ['"\\1012"', 'A2'],
    ['"\\x41"', 'A'],
    ['"\\u00e9"', 'é'],
    ['"\\U0001F600"', '😀'],
    ['"😀"', '😀'],
    ['"\\d\\w\\8"', '\\d\\w\\8'],
    ['"a\\\nb"', 'ab'],
    ['"a\\\r\nb"', 'ab'],
    ['"""a\r\nb"""', 'a\nb'],
    ['r"""a\rb"""', 'a\nb'],
    ["'''x\ny'''", 'x\ny'],
    ['"""say "hi" """', 'say "hi" ']
  ])('%s decodes to %j', (token, value) => {
    expect(decodeString(token)).toEqual({ ok: true, value });
  });

  it.each([
    ['f"{x}"', 'f-string'],
    ['rf"{x}"', 'f-string'],
    ['FR"x"', 'f-string'],
    ['t"x"', 'f-string'],
    ['b"x"', 'bytes'],
    ['rb"x"', 'bytes'],
    ['Br"x"', 'bytes'],
    ['"\\N{BULLET}"', 'unicode-name-escape'],
    ['"\\ud800"', 'surrogate'],
    ['"\\ud83d\\ude00"', 'surrogate'],
    ['"\\x4"', 'invalid-literal'],
    ['"\\u12"', 'invalid-literal'],
    ['"\\U00110000"', 'invalid-literal'],
    ['ur"x"', 'invalid-literal'],
    ['"abc', 'invalid-literal'],
    ['x', 'invalid-literal']
  ])('refuses %s (%s)', (token, code) => {
    expect(decodeString(token)).toMatchObject({ ok: false, code });
  });

  it('refuses a lone surrogate written raw in the source', () => {
    expect(decodeString('"\ud800"')).toMatchObject({
      ok: false,
      code: 'surrogate'
    });
  });
});

describe('hasLoneSurrogate', () => {
  it('tells pairs from lone halves', () => {
    expect(hasLoneSurrogate('😀')).toBe(false);
    expect(hasLoneSurrogate('a\ud800')).toBe(true);
    expect(hasLoneSurrogate('\udc00a')).toBe(true);
    expect(hasLoneSurrogate('\ude00\ud83d')).toBe(true);
  });
});
