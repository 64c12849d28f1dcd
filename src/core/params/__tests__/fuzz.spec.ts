import * as fc from 'fast-check';
import { parse } from 'yaml';
import { findParams } from '../findParams';
import { paramExpression, rewriteSource } from '../rewriteSource';
import { selectParams } from '../selectParams';
import { toYaml } from '../toYaml';
import { notebook } from './helpers';

/** Python-ish fragments, so random sources reach the interesting paths. */
const fragment = fc.constantFrom(
  'x',
  ' = ',
  '1',
  '0x1F',
  '5.',
  '1e-5',
  '"a"',
  "r'\\d'",
  'f"{x}"',
  'b"x"',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ', ',
  ': ',
  '\n',
  '    ',
  'def f():',
  'fit(',
  'epochs=',
  '%time ',
  '%%time\n',
  '!ls',
  '#',
  '"""',
  "'",
  '\\',
  '-',
  '+',
  '**',
  'if ',
  ' else ',
  'lambda: ',
  'global x',
  'for x in y:',
  '😀',
  '\r\n',
  '\u2028',
  '...',
  '*',
  'None',
  'True'
);
const source = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.array(fragment, { maxLength: 40 }).map(a => a.join(''))
);

describe('findParams on arbitrary sources', () => {
  it('never throws, and every span holds its text', () => {
    fc.assert(
      fc.property(
        fc.array(source, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (cells, tagged) => {
          const nb = notebook(
            cells.map((s, i) => ({
              source: s,
              tags: tagged && i === 0 ? ['parameters'] : []
            }))
          );
          const r = findParams(nb);
          for (const c of r.candidates) {
            const src = nb.cells[c.cellIndex].source;
            expect(src.slice(c.span[0], c.span[1])).toBe(c.text);
            expect(c.skip === null || c.skip.message.length > 0).toBe(true);
          }
          const keys = r.candidates.map(c => c.key).filter(k => k !== null);
          expect(new Set(keys).size).toBe(keys.length);
          expect(() =>
            parse(toYaml(selectParams(r.candidates, { include: ['*'] })))
          ).not.toThrow();
        }
      ),
      { numRuns: 400 }
    );
  });

  it('rewriting changes nothing outside the literal spans', () => {
    fc.assert(
      fc.property(source, src => {
        const list = findParams(notebook([src])).candidates.filter(
          c => c.skip === null
        );
        const sorted = [...list].sort((a, b) => a.span[0] - b.span[0]);
        // Expected: the original text with exactly each span swapped for its expression.
        let expected = '';
        let at = 0;
        for (const c of sorted) {
          expected += src.slice(at, c.span[0]) + paramExpression(c);
          at = c.span[1];
        }
        expected += src.slice(at);
        expect(rewriteSource(src, list).source).toBe(expected);
      }),
      { numRuns: 400 }
    );
  });
});
