/**
 * export-rules §2: the same notebook gives the same bytes; where the notebook lives does not
 * change the script; line endings of the sources do not either. Plus properties over random
 * notebooks: the export never throws, always parses, and keeps one marker per cell.
 */
import * as fc from 'fast-check';
import { exportNotebook } from '..';
import { maskIpython } from '../../parse/maskIpython';
import { parsePython } from '../../parse/parsePython';
import type { INotebookSnapshot } from '../../types';
import { snapshot } from './golden';

const NB = snapshot([
  { type: 'markdown', source: '# Demo\nText.' },
  {
    source: '%matplotlib inline\nimport os\nlr = 0.01\nfiles = !ls {lr}',
    count: 1
  },
  { source: '%%writefile f.txt\nhello', count: 2 },
  { source: 'print(lr)\ndisplay(files)', count: 3 }
]);

const OPTIONS = {
  notebook: 'demo.ipynb',
  createdAt: '2024-05-01T12:00:00.000Z'
} as const;

describe('determinism', () => {
  it('gives the same bytes for the same inputs', () => {
    const a = exportNotebook(NB, null, OPTIONS);
    const b = exportNotebook(
      JSON.parse(JSON.stringify(NB)) as INotebookSnapshot,
      null,
      OPTIONS
    );
    expect(b.files).toEqual(a.files);
    expect(a.files.map(f => f.name)).toEqual([
      'demo.py',
      'demo.params.yaml',
      'demo.repro.yaml',
      '_linearize_runtime.py',
      'demo.requirements.txt',
      'demo.Dockerfile'
    ]);
  });

  it('writes the same script for the same notebook at another path', () => {
    const here = exportNotebook(NB, null, OPTIONS);
    const there = exportNotebook(NB, null, {
      ...OPTIONS,
      notebook: 'deep/folder/demo.ipynb'
    });
    expect(there.files[0].text).toBe(here.files[0].text);
    expect(there.files[1].text).toBe(here.files[1].text);
    // Only the manifest names the path.
    expect(there.manifest.source.notebook).toBe('deep/folder/demo.ipynb');
  });

  it('does not depend on the sources line endings', () => {
    const crlf: INotebookSnapshot = {
      ...NB,
      cells: NB.cells.map(c => ({
        ...c,
        source: c.source.replace(/\n/g, '\r\n')
      }))
    };
    const a = exportNotebook(NB, null, { ...OPTIONS, noParams: true }).files[0]
      .text;
    const b = exportNotebook(crlf, null, { ...OPTIONS, noParams: true })
      .files[0].text;
    expect(b).toBe(a);
    expect(b).not.toMatch(/\r/);
  });

  it('keeps times out of everything but the manifest', () => {
    const a = exportNotebook(NB, null, OPTIONS);
    const b = exportNotebook(NB, null, {
      ...OPTIONS,
      createdAt: '2030-01-01T00:00:00.000Z'
    });
    expect(b.files[0].text).toBe(a.files[0].text);
    expect(b.files[1].text).toBe(a.files[1].text);
    expect(b.files[2].text).not.toBe(a.files[2].text);
    expect(
      b.files[2].text.replace(
        '2030-01-01T00:00:00.000Z',
        '2024-05-01T12:00:00.000Z'
      )
    ).toBe(a.files[2].text);
  });

  it('does not depend on execution counts or outputs', () => {
    const rerun: INotebookSnapshot = {
      ...NB,
      cells: NB.cells.map(c => ({
        ...c,
        executionCount: c.type === 'code' ? 40 : null,
        outputs: [{ type: 'stream', text: 'x' }]
      }))
    };
    const a = exportNotebook(NB, null, OPTIONS);
    const b = exportNotebook(rerun, null, OPTIONS);
    expect(b.manifest.source.notebook_sha256).toBe(
      a.manifest.source.notebook_sha256
    );
  });
});

/** Pieces of cells that exercise magics, strings, markers and blocks. */
const FRAGMENTS = [
  'x = 1',
  'print(x)',
  '%matplotlib inline',
  '!echo {x}',
  'y = !ls',
  '%time z = 2',
  '%timeit x + 1',
  's = """\n%not_magic\n# %% in string\n"""',
  '# %% marker-looking comment',
  '#%%',
  'for i in range(2):\n    %time i\n    !echo hi',
  'if x:\n    len?',
  'def f(a):\n    return a % 2',
  'print "py2"',
  'await g()',
  'from __future__ import annotations',
  '    indented = True',
  'display(x)',
  '_',
  'ls',
  'cd data',
  '%env A=1',
  '%run util.py',
  'lambda: (yield)',
  'x = 1.',
  '\\',
  '"""unterminated',
  '',
  '\u2028',
  'café = "naïve"'
];

const CELL_HEADS = [
  '',
  '%%bash\n',
  '%%writefile out.txt\n',
  '%%capture out\n',
  '%%time\n',
  '%%timeit\n',
  '%%html\n'
];

const cellArb = fc.record({
  type: fc.constantFrom(
    'code',
    'code',
    'code',
    'markdown',
    'raw'
  ) as fc.Arbitrary<'code' | 'markdown' | 'raw'>,
  head: fc.constantFrom(...CELL_HEADS),
  body: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 4 }),
  eol: fc.constantFrom('\n', '\r\n')
});

describe('properties over random notebooks', () => {
  it('never throws, parses, keeps one marker per cell, and is stable', () => {
    fc.assert(
      fc.property(
        fc.array(cellArb, { maxLength: 6 }),
        fc.boolean(),
        (cells, ipython) => {
          const nb = snapshot(
            cells.map(c => ({
              type: c.type,
              source:
                (c.type === 'code' ? c.head : '') +
                c.body.join('\n').replace(/\n/g, c.eol)
            }))
          );
          const opts = { ...OPTIONS, ipython };
          const plan = exportNotebook(nb, null, opts);
          const script = plan.files[0].text;
          expect(exportNotebook(nb, null, opts).files[0].text).toBe(script);
          expect(script).not.toMatch(/\r/);
          expect(script.endsWith('\n') && !script.endsWith('\n\n')).toBe(true);
          const inStrings = plan.warnings.filter(
            w => w.code === 'marker-in-string'
          ).length;
          const markers = script.split('\n').filter(l => /^#\s*%%/.test(l));
          expect(markers.length).toBe(cells.length + inStrings);
          expect(parsePython(script).error).toBeNull();
          // No IPython syntax is left for Python to choke on (the ipython mode keeps none either).
          expect(maskIpython(script).magics.map(m => m.text)).toEqual([]);
        }
      ),
      { numRuns: 150, seed: 20240501 }
    );
  });
});
