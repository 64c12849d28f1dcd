/**
 * The messages of parameter extraction as data (issue 18): every `ParamText` id, reached from
 * a real source where one reaches it, words in English exactly the message the extraction
 * printed before it carried `text` (the strings below are that output), and every sentence
 * goes through the translator as one literal msgid.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { ENGLISH, type ITranslatorPort } from '../../verdicts/messages';
import { deniedCallReason, denyReason } from '../denyList';
import { findParams } from '../findParams';
import {
  describeDenyReason,
  describeParam,
  type DenyReason,
  type ParamText
} from '../paramMessages';
import { readNumber } from '../pyNumber';
import { decodeString } from '../pyString';
import { readParamsYaml } from '../readYaml';
import { selectParams } from '../selectParams';
import { notebook, type CellSpec } from './helpers';

/** Something that carries a message and its text. */
interface IWorded {
  readonly message: string;
  readonly text: ParamText;
}

/** Every note, skip and warning of a notebook. */
function worded(cells: CellSpec[], language = 'python'): IWorded[] {
  const r = findParams(notebook(cells, language));
  return [
    ...r.notes,
    ...r.candidates.flatMap(c => [...(c.skip ? [c.skip] : []), ...c.warnings])
  ];
}

/** The failure of a literal that does not decode, as a list. */
function failed(r: { ok: true } | ({ ok: false } & IWorded)): IWorded[] {
  return r.ok ? [] : [r];
}

/** A text no real source reaches (a scanner bug, lezer refusing first): its message as built. */
function direct(text: ParamText): IWorded[] {
  return [{ message: describeParam(text), text }];
}

interface ICase {
  /** What carries the message: extraction of a real source where one reaches the id. */
  readonly from: () => IWorded[];
  /** The English message before `text` existed. */
  readonly english: string;
}

/** Keyed by id, so the compiler refuses a table that misses one. */
const CASES: Record<ParamText['id'], ICase> = {
  'not-python': {
    from: () => worded(['x = 1'], 'r'),
    english: 'the kernel language is r, not Python: no parameters extracted'
  },
  'scan-failed': {
    from: () =>
      direct({ id: 'scan-failed', args: { cell: 2, detail: 'boom' } }),
    english: 'cell 3 could not be scanned (boom); please report this'
  },
  'cell-syntax-error': {
    from: () => worded(['x = 1\ny = (']),
    english:
      'cell 1 does not parse as Python (line 2: unexpected end of input): its values are not extracted'
  },
  'magic-rewritten': {
    from: () => direct({ id: 'magic-rewritten', args: {} }),
    english: 'the value is part of IPython syntax that the export rewrites'
  },
  'magic-timeit': {
    from: () => worded(['%timeit x = 1']),
    english: 'inside %timeit, which runs the code but drops what it binds'
  },
  'syntax-error': {
    from: () => worded(['x = 1\ny = (']),
    english:
      'the cell does not parse as Python (line 2: unexpected end of input)'
  },
  chained: {
    from: () => worded(['a = b = 1']),
    english: 'a = b = … binds several names to one value; split it to extract'
  },
  unpacking: {
    from: () => worded(['a, b = 1, 2']),
    english: 'unpacking into a, b; assign each name on its own line to extract'
  },
  'deny-list': {
    from: () => worded(['f(figsize=(3, 4))']),
    english:
      'figsize=: plot styling: changes how a figure looks, not the analysis'
  },
  'already-extracted': {
    from: () => worded(['x = 1', 'y = 2\nx = 2']),
    english:
      'x is already extracted from cell 1, line 1; this assignment stays in the code'
  },
  excluded: {
    from: () =>
      selectParams(findParams(notebook(['x = 1'])).candidates, {
        exclude: ['x']
      }).flatMap(c => (c.skip ? [c.skip] : [])),
    english: 'excluded by --exclude'
  },
  'not-included': {
    from: () =>
      selectParams(findParams(notebook(['x = 1\ny = 2'])).candidates, {
        include: ['x']
      }).flatMap(c => (c.skip ? [c.skip] : [])),
    english: 'not matched by --include'
  },
  'assigned-again': {
    from: () => worded(['x = 1', 'y = 2\nx = 2']),
    english:
      'x is assigned again at cell 2, line 2: code after that uses the new value, not the config'
  },
  'assigned-earlier': {
    from: () =>
      worded(['lr = 0.5', { source: 'lr = 0.1', tags: ['parameters'] }]),
    english:
      'lr is also assigned earlier, at cell 1, line 1: code between that and this assignment uses the earlier value'
  },
  augmented: {
    from: () => worded(['x = 1', 'x += 5']),
    english:
      'x is changed in place at cell 2, line 1 (kept in the code): the config holds the value before that'
  },
  rebound: {
    from: () => worded(['x = 1', 'for x in y:\n    pass']),
    english: 'x is rebound at cell 2, line 1 (a loop, del, with or def)'
  },
  'read-in-function': {
    from: () => worded(['lr = 1', 'def train():\n    return lr']),
    english:
      'lr is read inside function train (cell 2, line 2): it sees the config value if it runs after the assignment'
  },
  'rebound-in-function': {
    from: () => worded(['lr = 1', 'def f():\n    global lr\n    lr = 2']),
    english:
      'lr is rebound through `global` inside function f (cell 2, line 3): calling it overrides the config value'
  },
  'too-deep': {
    from: () => worded(['x = ' + '['.repeat(105) + '1' + ']'.repeat(105)]),
    english: 'nested more than 100 levels'
  },
  'not-literal': {
    from: () => worded(['x = [1, y]']),
    english: 'y is not a literal'
  },
  expression: {
    from: () => worded(['x = 1 < 2']),
    english: '1 < 2 is an expression, not a literal'
  },
  set: {
    from: () => worded(['x = {1, 2}']),
    english: 'a set (YAML safe loaders have no set type)'
  },
  conditional: {
    from: () => worded(['x = 1 if c else 2']),
    english: '1 if c else 2 depends on a condition'
  },
  ellipsis: {
    from: () => worded(['x = ...']),
    english: '`...` (Ellipsis) has no YAML form'
  },
  'unary-not-number': {
    from: () => worded(['x = -True']),
    english: 'unary - applies to a number only, not to bool'
  },
  concatenation: {
    from: () =>
      worded(['x = "a very long string indeed" + "another long one here" + b']),
    english:
      '"a very long string indeed" + "another … is computed (a sum or concatenation)'
  },
  arithmetic: {
    from: () => worded(['x = 2**10']),
    english: '2**10 is arithmetic, computed when it runs'
  },
  starred: {
    from: () => worded(['x = [*xs, 1]']),
    english: 'a starred item (`*xs`) is not a literal'
  },
  'starred-mapping': {
    from: () => worded(["x = {**d, 'a': 1}"]),
    english: 'a `**mapping` inside a dict is not a literal'
  },
  'malformed-dict': {
    from: () => direct({ id: 'malformed-dict', args: {} }),
    english: 'a malformed dict'
  },
  'unhashable-key': {
    from: () => worded(['x = {(1, 2): 3}']),
    english:
      'dict key (1, 2) cannot be a YAML key that loads back as the same Python key'
  },
  'duplicate-key': {
    from: () => worded(["x = {1: 'a', True: 'b'}"]),
    english:
      'dict key True appears twice (Python keeps the last, YAML 1.2 refuses)'
  },
  complex: {
    from: () => worded(['x = 2j']),
    english: '2j is a complex number (YAML has no complex type)'
  },
  'leading-zeros': {
    // lezer refuses `0755` in a cell first: the token as `readNumber` reads it.
    from: () => failed(readNumber('0755')),
    english:
      '0755: leading zeros in a decimal int are a syntax error in Python 3 (write 0o755 for octal)'
  },
  'invalid-number': {
    from: () => worded(['x = 1__0']),
    english: '1__0 is not a valid Python number literal'
  },
  'not-a-string': {
    from: () => failed(decodeString('abc')),
    english: 'abc is not a string literal'
  },
  'f-string': {
    from: () => worded(['x = f"a{b}"']),
    english: 'an f-string is computed when it runs, not a literal'
  },
  bytes: {
    from: () => worded(['x = b"a"']),
    english: 'a bytes literal (YAML has no bytes type)'
  },
  'string-prefix': {
    from: () => failed(decodeString('ur"a"')),
    english: 'string prefix ur is not valid Python 3'
  },
  'unterminated-string': {
    from: () => failed(decodeString('"abc')),
    english: 'unterminated string'
  },
  'lone-surrogate': {
    from: () => worded(['x = r"\ud800"']),
    english:
      'the string holds a lone surrogate, which JavaScript and Python count differently'
  },
  'lone-backslash': {
    from: () => failed(decodeString('"a\\"')),
    english: 'a string cannot end with a lone backslash'
  },
  'truncated-escape': {
    from: () => worded(['x = "\\x4"']),
    english: 'truncated \\x escape'
  },
  'beyond-unicode': {
    from: () => worded(['x = "\\U00110000"']),
    english: '\\U00110000 is beyond U+10FFFF'
  },
  'surrogate-escape': {
    from: () => worded(['x = "\\ud800"']),
    english:
      '\\ud800 is a surrogate code point, which JavaScript cannot keep apart from a pair'
  },
  'name-escape': {
    from: () => worded(['x = "\\N{BULLET}"']),
    english:
      'a \\N{...} escape needs the Unicode name database to decode; write the character itself'
  },
  'yaml-invalid': {
    from: () => failed(readParamsYaml('"g": {"a": 1}\n"g": {}')),
    english: 'not valid YAML: Map keys must be unique at line 2, column 1:'
  },
  'yaml-not-mapping': {
    from: () => failed(readParamsYaml('- 1')),
    english: 'the config must be a mapping of groups to values'
  },
  'yaml-group': {
    from: () => failed(readParamsYaml('"g": 1')),
    english: 'group g must be a mapping of keys to values'
  },
  'yaml-unsupported': {
    from: () => failed(readParamsYaml('"g": {"a": !!binary aGVsbG8=}')),
    english: 'g.a: unsupported key or value'
  }
};

/** Other branches of one id, each with the English it printed before. */
const VARIANTS: [ParamText, string][] = [
  [
    { id: 'not-python', args: { language: null } },
    'the kernel language is unknown, not Python: no parameters extracted'
  ],
  [
    { id: 'f-string', args: { prefix: 't' } },
    'a t-string is computed when it runs, not a literal'
  ],
  [
    {
      id: 'read-in-function',
      args: { name: 'a', scope: null, cell: 0, line: 4 }
    },
    'a is read inside function ? (cell 1, line 4): it sees the config value if it runs after the assignment'
  ]
];

/** One keyword (or call) per deny-list row, with the message it printed before. */
const DENIED: Record<DenyReason, [string, string]> = {
  'plot-styling': [
    'f(figsize=(3, 4))',
    'figsize=: plot styling: changes how a figure looks, not the analysis'
  ],
  'widget-setting': [
    'f(continuous_update=True)',
    'continuous_update=: interactive widget setting: a UI control, not the analysis'
  ],
  'frame-mechanics': [
    "df.sort_values(by='a')",
    'by=: data-frame mechanics: part of what the code does, not a setting'
  ],
  'io-formatting': [
    "f(sep=',')",
    'sep=: input/output formatting: how text is read or written, not what is computed'
  ],
  'logging-only': [
    'f(verbose=1)',
    'verbose=: logging or speed only: does not change the result'
  ],
  'display-call': [
    "print(x, end='')",
    'end=: display or printing only: does not change the result'
  ],
  'plot-call': [
    'plt.figure(num=3)',
    'num=: plot call: changes how a figure looks, not the analysis'
  ],
  'widget-call': [
    'widgets.IntSlider(value=3)',
    'value=: interactive widget: a UI control, not the analysis'
  ]
};

/** A translator that marks every msgid between «» and records it. */
function marking(): ITranslatorPort & { readonly msgids: string[] } {
  const msgids: string[] = [];
  return {
    msgids,
    __: (msgid, ...args) => {
      msgids.push(msgid);
      return ENGLISH.__(`«${msgid}»`, ...args);
    },
    _n: (one, many, n, ...args) => {
      msgids.push(one, many);
      return ENGLISH._n(`«${one}»`, `«${many}»`, n, ...args);
    }
  };
}

/** Every text the tables reach. */
function allTexts(): ParamText[] {
  return [
    ...Object.values(CASES).flatMap(c => c.from().map(w => w.text)),
    ...VARIANTS.map(([text]) => text),
    ...Object.values(DENIED).flatMap(([source]) =>
      worded([source]).map(w => w.text)
    )
  ];
}

describe('parameter messages as data', () => {
  it.each(Object.entries(CASES) as [ParamText['id'], ICase][])(
    '%s words the English message it printed before',
    (id, c) => {
      const found = c.from().filter(w => w.text.id === id);
      expect(found.map(w => w.message)).toContain(c.english);
      for (const w of found) {
        expect(describeParam(w.text, ENGLISH)).toBe(w.message);
      }
    }
  );

  it.each(VARIANTS)('%j words its other branch as before', (text, english) => {
    expect(describeParam(text, ENGLISH)).toBe(english);
  });

  it.each(Object.entries(DENIED) as [DenyReason, [string, string]][])(
    'the deny-list row %s is an id worded as before',
    (reason, [source, english]) => {
      const [skip] = worded([source]);
      expect(skip.text).toMatchObject({ id: 'deny-list', args: { reason } });
      expect(skip.message).toBe(english);
      expect(english.endsWith(describeDenyReason(reason))).toBe(true);
    }
  );

  it('keeps the deny-list reasons in English for the CLI and the docs', () => {
    expect(denyReason('figsize')).toBe(
      'plot styling: changes how a figure looks, not the analysis'
    );
    expect(deniedCallReason('print')).toBe(
      'display or printing only: does not change the result'
    );
  });

  it('keeps the parse error as data in its text', () => {
    const [note] = findParams(notebook(['x = 1\ny = ('])).notes;
    expect(note.text).toEqual({
      id: 'cell-syntax-error',
      args: {
        cell: 0,
        error: expect.objectContaining({
          line: 2,
          problem: { id: 'end-of-input' }
        })
      }
    });
  });

  it('words every sentence as one msgid: a marking translator marks all of it', () => {
    const texts = allTexts();
    expect(new Set(texts.map(t => t.id))).toEqual(new Set(Object.keys(CASES)));
    for (const text of texts) {
      const t = marking();
      const out = describeParam(text, t);
      expect([text.id, out.startsWith('«'), out.endsWith('»')]).toEqual([
        text.id,
        true,
        true
      ]);
      // Once the marks are gone, the sentence is the English one: no words outside a msgid.
      expect(out.replace(/[«»]/g, '')).toBe(describeParam(text, ENGLISH));
    }
  });

  it('passes gettext a literal msgid in every call, so extraction finds them all', () => {
    const source = readFileSync(
      join(__dirname, '..', 'paramMessages.ts'),
      'utf8'
    );
    const calls = source.match(/\bt\.(?:__|_n)\(\s*[^\s]/g) ?? [];
    expect(calls.length).toBeGreaterThanOrEqual(Object.keys(CASES).length);
    for (const call of calls) {
      expect([call, /['"]$/.test(call)]).toEqual([call, true]);
    }
  });

  it('gives two texts of one id the same msgids (their data stays out of them)', () => {
    const a = marking();
    const b = marking();
    describeParam({ id: 'chained', args: { excerpt: 'a = b = ' } }, a);
    describeParam({ id: 'chained', args: { excerpt: 'XS = YS = ' } }, b);
    expect(a.msgids).toEqual(b.msgids);
  });
});
