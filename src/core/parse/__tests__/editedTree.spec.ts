/**
 * A rewritten cell's tree made from its original's (`editedTree`, `parseEdited`) must be the
 * tree a parse of the whole rewritten cell gives: the same nodes at the same places, and the
 * same syntax error. Checked on hand-made edits, on every cell of the shared corpus whose
 * literals an export replaces by parameters, and on random cells: statements of many shapes
 * (compound statements, decorators, semicolons, backslash and bracket continuations,
 * multi-line strings, comments, blank lines, a leading indent, broken code) with random
 * literals replaced. `editedTree` gives a tree only for a cell without a syntax error (whose
 * recovery may look past a statement), which `parseEdited` checks first.
 */
import { readFileSync } from 'fs';
import type { Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import * as fc from 'fast-check';
import { fromIpynb } from '../../notebook/fromIpynb';
import {
  chooseConfigName,
  findParams,
  rewriteNotebook,
  selectParams
} from '../../params';
import { corpusNotebooks } from '../../__tests__/corpus';
import { editedTree, type ITextEdit } from '../editedTree';
import { maskIpython } from '../maskIpython';
import { parseEdited, parseMasked } from '../parsePython';

/** Every node a cursor visits, with its place: what the analyses read of a tree. */
function nodes(tree: Tree): string[] {
  const out: string[] = [];
  const c = tree.cursor();
  do {
    out.push(`${c.name}@${c.from}-${c.to}`);
  } while (c.next());
  return out;
}

/** `text` with `edits` applied, and the edits. */
function edit(
  text: string,
  ...edits: [string, string][]
): { after: string; edits: ITextEdit[] } {
  const list: ITextEdit[] = [];
  for (const [from, to] of edits) {
    const at = text.indexOf(from);
    list.push({ from: at, to: at + from.length, text: to });
  }
  list.sort((a, b) => a.from - b.from);
  let after = '';
  let at = 0;
  for (const e of list) {
    after += text.slice(at, e.from) + e.text;
    at = e.to;
  }
  return { after: after + text.slice(at), edits: list };
}

describe('editedTree', () => {
  it.each([
    ['one statement', 'lr = 0.01\n', [['0.01', 'P["a"]["lr"]']]],
    [
      'the middle of several, with comments and blank lines',
      'import os\n# a comment\n\nlr = 0.01\n\nn = 10  # epochs\nprint(lr, n)\n',
      [['0.01', 'P["a"]["lr"]']]
    ],
    [
      'statements sharing a line',
      'a = 1; b = 2\nc = 3; d = 4\ne = 5\n',
      [
        ['2', 'P["a"]["b"]'],
        ['5', 'P["a"]["e"]']
      ]
    ],
    [
      'inside a function body, before and after a compound statement',
      'def f(x=3):\n    return x * 2\n\n\nfor i in range(4):\n    f(i)\ny = f(7)\n',
      [
        ['3', 'P["f"]["x"]'],
        ['7', 'P["f"]["y"]']
      ]
    ],
    [
      'a multi-line string replaced, lines fewer after',
      'q = """select\n  *\nfrom t"""\nrun(q)\nif q:\n    pass\n',
      [['"""select\n  *\nfrom t"""', 'P["q"]["q"]']]
    ],
    [
      'a tuple becomes a call, at the end of the cell without a newline',
      'x = 1\nshape = (28, 28)',
      [['(28, 28)', 'tuple(P["a"]["shape"])']]
    ],
    [
      'the first statement of an indented cell',
      '  lr = 0.5\n  n = 2\n',
      [['0.5', 'P["a"]["lr"]']]
    ]
  ] as [string, string, [string, string][]][])('%s', (_, text, pairs) => {
    const { after, edits } = edit(text, ...pairs);
    const tree = editedTree(parser.parse(text), text, after, edits);
    expect(tree).not.toBeNull();
    expect(nodes(tree as Tree)).toEqual(nodes(parser.parse(after)));
  });

  it('gives up on an edit outside every top-level statement', () => {
    const text = 'x = 1\n\n\ny = 2\n';
    const edits = [{ from: 6, to: 7, text: '\n\n' }];
    expect(
      editedTree(parser.parse(text), text, 'x = 1\n\n\n\ny = 2\n', edits)
    ).toBeNull();
  });

  it('a syntax error after the edit: parseEdited reports it as a whole parse does', () => {
    const base = 'lr = 0.1\nx = (1,\n';
    const { after, edits } = edit(base, ['0.1', 'P["a"]["lr"]']);
    const parsed = parseEdited(base, edits, after);
    const whole = parseMasked(maskIpython(after));
    expect(parsed.error).toEqual(whole.error);
    expect(nodes(parsed.tree)).toEqual(nodes(whole.tree));
  });
});

describe('parseEdited on the shared corpus', () => {
  it('equals a parse of the whole rewritten cell, for every cell with parameters', () => {
    let cells = 0;
    let made = 0;
    for (const file of corpusNotebooks()) {
      const nb = fromIpynb(readFileSync(file, 'utf8'));
      const { candidates } = findParams(nb);
      const rewritten = rewriteNotebook(
        nb,
        selectParams(candidates, {}),
        chooseConfigName(nb)
      );
      for (const cell of nb.cells) {
        const r = rewritten.get(cell.id);
        if (r === undefined || r.source === cell.source) {
          continue;
        }
        cells++;
        const parsed = parseEdited(cell.source, r.replacements, r.source);
        // Without any cache: masked and parsed from scratch.
        const whole = parseMasked(maskIpython(r.source));
        const where = `${file}, cell ${cell.id}`;
        expect([where, parsed.error]).toEqual([where, whole.error]);
        expect([where, parsed.masked.python]).toEqual([
          where,
          whole.masked.python
        ]);
        expect([where, nodes(parsed.tree)]).toEqual([where, nodes(whole.tree)]);
        // And the tree made from the original's, whether or not the cache had the cell.
        const before = parseMasked(maskIpython(cell.source));
        if (before.error === null && before.masked.python === cell.source) {
          const tree = editedTree(
            before.tree,
            cell.source,
            r.source,
            r.replacements
          );
          if (tree !== null) {
            made++;
            expect([where, nodes(tree)]).toEqual([where, nodes(whole.tree)]);
          }
        }
      }
    }
    expect(cells).toBeGreaterThan(2000);
    expect(made).toBeGreaterThan(1800);
  });
});

/** A piece of code and the spans of the literals in it that an export may replace. */
interface IPiece {
  readonly text: string;
  readonly literals: readonly [number, number][];
}

const lit = (text: string): IPiece => ({ text, literals: [[0, text.length]] });
const code = (text: string): IPiece => ({ text, literals: [] });

/** Pieces joined: the literal spans moved to where each piece lands. */
function join(...parts: IPiece[]): IPiece {
  let text = '';
  const literals: [number, number][] = [];
  for (const p of parts) {
    for (const [a, b] of p.literals) {
      literals.push([a + text.length, b + text.length]);
    }
    text += p.text;
  }
  return { text, literals };
}

const name = fc.constantFrom('lr', 'n', 'path', 'x', 'seed', 'df', 'model');
const literal = fc.oneof(
  fc.integer({ min: 0, max: 999 }).map(n => lit(String(n))),
  fc
    .constantFrom('0.01', '1e-3', '-2', '"data.csv"', "'a b'", 'True', 'None')
    .map(lit),
  fc.constantFrom('(28, 28)', '[1, 2, 3]').map(lit),
  fc.constantFrom('"""select\n  *\nfrom t"""', "'''x\ny'''").map(lit)
);
const expr: fc.Arbitrary<IPiece> = fc.oneof(
  literal,
  name.map(code),
  fc.tuple(name, literal).map(([f, a]) => join(code(`${f}(`), a, code(')'))),
  fc
    .tuple(literal, literal)
    .map(([a, b]) => join(code('('), a, code(',\n    '), b, code(')'))),
  fc.tuple(literal, literal).map(([a, b]) => join(a, code(' + \\\n    '), b))
);
const simple: fc.Arbitrary<IPiece> = fc.oneof(
  fc.tuple(name, expr).map(([n, e]) => join(code(`${n} = `), e)),
  fc
    .tuple(name, literal, literal)
    .map(([n, a, b]) => join(code(`${n} = `), a, code('; y = '), b)),
  expr,
  fc
    .constantFrom(
      'import os',
      'from a import (b,\n    c)',
      'pass',
      'print(x)',
      'x = (1,',
      ')'
    )
    .map(code)
);
/** `head:` and `body` indented under it, the literal spans moved with their text. */
const block = (head: string, body: IPiece): IPiece =>
  join(code(`${head}:\n    `), {
    text: body.text.replace(/\n/g, '\n    '),
    literals: body.literals.map(([a, b]) => {
      const shift = (body.text.slice(0, a).match(/\n/g) ?? []).length * 4;
      const inside = (body.text.slice(a, b).match(/\n/g) ?? []).length * 4;
      return [a + shift, b + shift + inside] as [number, number];
    })
  });
const statement: fc.Arbitrary<IPiece> = fc.oneof(
  { weight: 4, arbitrary: simple },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'if x',
          'for i in range(3)',
          'def f(a=1)',
          'class C',
          'with open(p) as f',
          'try'
        ),
        simple
      )
      .map(([h, s]) => block(h, s))
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(name, simple)
      .map(([d, s]) => join(code(`@${d}\n`), block('def g()', s)))
  }
);
const gap = fc.constantFrom(
  '\n',
  '\n\n',
  '\n# note\n',
  '  # trailing\n',
  '\n\n\n'
);
const cell = fc
  .tuple(
    fc.constantFrom('', '# head\n', '\n', '  '),
    fc.array(fc.tuple(statement, gap), { minLength: 1, maxLength: 8 }),
    fc.boolean()
  )
  .map(([lead, body, newlineAtEnd]) => {
    const all = join(code(lead), ...body.flatMap(([s, g]) => [s, code(g)]));
    return newlineAtEnd ? all : { ...all, text: all.text.replace(/\n+$/, '') };
  });

const REPLACEMENTS = ['P["a"]["k"]', 'tuple(P["a"]["shape"])', 'P["cfg"]["x"]'];

describe('editedTree on random cells', () => {
  it('gives the tree of a whole parse, or null', () => {
    let made = 0;
    fc.assert(
      fc.property(
        cell,
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.nat(),
        (c, picks, r) => {
          const spans = c.literals.filter(([, b]) => b <= c.text.length);
          if (spans.length === 0) {
            return;
          }
          const chosen = [...new Set(picks.map(p => p % spans.length))].sort(
            (a, b) => a - b
          );
          const edits: ITextEdit[] = chosen.map((k, n) => ({
            from: spans[k][0],
            to: spans[k][1],
            text: REPLACEMENTS[(r + n) % REPLACEMENTS.length]
          }));
          let after = '';
          let at = 0;
          for (const e of edits) {
            after += c.text.slice(at, e.from) + e.text;
            at = e.to;
          }
          after += c.text.slice(at);
          // Its contract: a tree only for an original without a syntax error (error
          // recovery may look past a statement), which `parseEdited` checks first.
          if (parseMasked(maskIpython(c.text)).error === null) {
            const tree = editedTree(parser.parse(c.text), c.text, after, edits);
            if (tree !== null) {
              made++;
              expect(nodes(tree)).toEqual(nodes(parser.parse(after)));
            }
          }
          const parsed = parseEdited(c.text, edits, after);
          const whole = parseMasked(maskIpython(after));
          expect(parsed.error).toEqual(whole.error);
          expect(nodes(parsed.tree)).toEqual(nodes(whole.tree));
        }
      ),
      { numRuns: 3000, seed: 20261207 }
    );
    // Most random cells parse cleanly: the rebuilt tree itself was compared often.
    expect(made).toBeGreaterThan(1000);
  });
});
