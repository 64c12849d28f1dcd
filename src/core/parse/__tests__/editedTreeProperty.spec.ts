/**
 * `editedTree` on random cells: statements of many shapes (compound statements, decorators,
 * semicolons, backslash and bracket continuations, multi-line strings, comments, blank lines,
 * a leading indent, broken code) with random literals replaced as an export replaces them.
 * Whenever it gives a tree for a cell without a syntax error, that tree is the one a parse of
 * the edited text gives, node for node; and `parseEdited` always equals a whole parse (tree
 * and first syntax error), broken cells included.
 */
import type { Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import * as fc from 'fast-check';
import { editedTree, type ITextEdit } from '../editedTree';
import { maskIpython } from '../maskIpython';
import { parseEdited, parseMasked } from '../parsePython';

/** Every node a cursor visits, with its place. */
function nodes(tree: Tree): string[] {
  const out: string[] = [];
  const c = tree.cursor();
  do {
    out.push(`${c.name}@${c.from}-${c.to}`);
  } while (c.next());
  return out;
}

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
