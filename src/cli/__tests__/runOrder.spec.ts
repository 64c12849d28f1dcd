/**
 * Run-order categories and source lines: unit cases, then the whole shared corpus, where the
 * category counts equal shared/corpus/README.md's table and every cell's line is where its
 * source starts in the file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { fromIpynb } from '../../core';
import { cellSourceLines } from '../formats/sourceLines';
import { runOrder, type RunOrderCategory } from '../runOrder';
import { notebook, ROOT, type ICellSpec } from './cli';

const CORPUS =
  process.env.LINEARIZE_CORPUS ?? path.resolve(ROOT, '../shared/corpus');

const of = (cells: ICellSpec[]): RunOrderCategory[] =>
  runOrder(fromIpynb(notebook(cells)).cells);

describe('runOrder', () => {
  it('says clean, unexecuted, or each problem', () => {
    expect(
      of([
        { src: 'a', n: 1 },
        { src: '# t', type: 'markdown' },
        { src: 'b', n: 2 }
      ])
    ).toEqual(['clean']);
    expect(of([{ src: 'a' }, { src: 'b', n: 0 }])).toEqual(['unexecuted']);
    expect(of([])).toEqual(['unexecuted']);
    expect(
      of([
        { src: 'a', n: 1 },
        { src: 'b', n: 1 }
      ])
    ).toEqual(['duplicate-counts']);
    expect(
      of([
        { src: 'a', n: 2 },
        { src: 'b', n: 1 }
      ])
    ).toEqual(['unordered']);
    expect(
      of([
        { src: 'a', n: 2 },
        { src: 'b', n: 3 }
      ])
    ).toEqual(['not-from-one']);
    expect(
      of([
        { src: 'a', n: 1 },
        { src: 'b', n: 3 }
      ])
    ).toEqual(['gaps']);
    expect(of([{ src: 'a', n: 1 }, { src: 'b' }, { src: '  \n' }])).toEqual([
      'partially-run'
    ]);
    expect(
      of([
        { src: 'a', n: 5 },
        { src: 'b', n: 2 },
        { src: 'c', n: 2 },
        { src: 'd' }
      ])
    ).toEqual([
      'duplicate-counts',
      'unordered',
      'not-from-one',
      'gaps',
      'partially-run'
    ]);
  });
});

describe('cellSourceLines', () => {
  it('finds list and string sources, empty ones, nbformat 3 inputs', () => {
    const text = JSON.stringify(
      {
        cells: [
          { cell_type: 'markdown', metadata: {}, source: ['# T\n', 'x'] },
          {
            cell_type: 'code',
            metadata: {},
            outputs: [{ text: 'a"\\]' }],
            source: 'y = 1'
          },
          { cell_type: 'code', metadata: {}, source: [] }
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 2
      },
      null,
      1
    );
    const lines = text.split('\n');
    const got = cellSourceLines(text);
    expect(lines[got[0] - 1]).toContain('"# T\\n"');
    expect(lines[got[1] - 1]).toContain('"source": "y = 1"');
    expect(lines[got[2] - 1]).toContain('"source": []');
    const v3 = JSON.stringify(
      {
        nbformat: 3,
        worksheets: [
          {
            cells: [
              {
                cell_type: 'code',
                input: ['a = 1'],
                prompt_number: 1,
                language: 'python'
              }
            ]
          },
          { cells: [{ cell_type: 'heading', level: 1, source: ['Title'] }] }
        ]
      },
      null,
      2
    );
    const v3lines = v3.split('\n');
    const [a, b] = cellSourceLines(v3);
    expect(v3lines[a - 1]).toContain('"a = 1"');
    expect(v3lines[b - 1]).toContain('"Title"');
    expect(cellSourceLines('not json')).toEqual([]);
  });
});

function notebooksUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      out.push(...notebooksUnder(p));
    } else if (name.endsWith('.ipynb')) {
      out.push(p);
    }
  }
  return out;
}

describe('on the shared corpus', () => {
  const dir = path.join(CORPUS, 'notebooks');
  it('exists', () => {
    // Fail loudly: a missing corpus must not pass as an empty one.
    expect(existsSync(dir)).toBe(true);
  });

  it('counts the categories of shared/corpus/README.md and locates every source', () => {
    const files = notebooksUnder(dir);
    const tally = new Map<string, number>();
    const add = (k: string): void => {
      tally.set(k, (tally.get(k) ?? 0) + 1);
    };
    let located = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const nb = fromIpynb(text);
      const cats = runOrder(nb.cells);
      cats.forEach(add);
      if (cats.includes('unordered') || cats.includes('duplicate-counts')) {
        add('not strictly increasing');
      }
      if (cats.includes('gaps') || cats.includes('not-from-one')) {
        add('skips');
      }
      // Each cell's line holds the start of its source (or the empty list/string).
      const lines = cellSourceLines(text);
      expect(lines).toHaveLength(nb.cells.length);
      const rows = text.split('\n');
      nb.cells.forEach((c, i) => {
        const row = rows[lines[i] - 1].trim().replace(/,$/, '');
        const value = row.replace(/^"(source|input)":\s*/, '');
        const start =
          value === '[]' || value === '[' ? '' : (JSON.parse(value) as string);
        if (!c.source.startsWith(start.slice(0, 40))) {
          throw new Error(
            `${file}: cell ${i + 1} is not on line ${lines[i]}: ${row}`
          );
        }
        located++;
      });
    }
    expect(located).toBeGreaterThan(9773);
    if (
      process.env.LINEARIZE_CORPUS === undefined ||
      /shared[\\/]corpus\/?$/.test(CORPUS)
    ) {
      // shared/corpus/README.md, "What is in it": executed 396 of 472, clean 190, duplicate
      // counts 26, a real decrease 81 (87 not strictly increasing), skips 199 (168 counting
      // gaps only), an unexecuted non-empty code cell 30.
      expect(files).toHaveLength(472);
      expect(Object.fromEntries([...tally].sort())).toEqual({
        clean: 190,
        unexecuted: 472 - 396,
        'duplicate-counts': 26,
        unordered: 81,
        'not strictly increasing': 87,
        'not-from-one': 87,
        gaps: 168,
        skips: 199,
        'partially-run': 30
      });
    }
  });
});
