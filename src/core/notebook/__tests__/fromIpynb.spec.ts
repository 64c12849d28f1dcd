import { NotebookFormatError } from '../../errors';
import { fromIpynb, isPython } from '../fromIpynb';

const nb4 = (cells: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', language: 'python' } },
    cells,
    ...extra
  });

function formatError(input: string): string {
  try {
    fromIpynb(input);
  } catch (e) {
    expect(e).toBeInstanceOf(NotebookFormatError);
    return (e as Error).message;
  }
  throw new Error('expected a NotebookFormatError');
}

describe('fromIpynb', () => {
  it('reads an nbformat 4.5 notebook: ids, types, joined sources, counts, outputs, tags', () => {
    const nb = fromIpynb(
      nb4([
        {
          cell_type: 'markdown',
          id: 'm1',
          metadata: {},
          source: ['# T', 'itle']
        },
        {
          cell_type: 'code',
          id: 'c1',
          metadata: { tags: ['parameters'] },
          source: ['a = 1\n', 'a'],
          execution_count: 3,
          outputs: [
            {
              output_type: 'execute_result',
              data: { 'text/plain': ['1'] },
              execution_count: 3
            },
            { output_type: 'stream', name: 'stdout', text: 'hi\n' },
            { output_type: 'error', ename: 'E', evalue: 'v', traceback: [] }
          ]
        }
      ])
    );
    expect(nb.nbformat).toEqual([4, 5]);
    expect(nb.language).toBe('python');
    expect(nb.kernelName).toBe('python3');
    expect(
      nb.cells.map(c => [c.id, c.type, c.source, c.executionCount])
    ).toEqual([
      ['m1', 'markdown', '# Title', null],
      ['c1', 'code', 'a = 1\na', 3]
    ]);
    expect(nb.cells[1].tags).toEqual(['parameters']);
    expect(nb.cells[1].outputs).toEqual([
      { type: 'execute_result', text: '1' },
      { type: 'stream', text: 'hi\n' },
      { type: 'error', ename: 'E', evalue: 'v' }
    ]);
  });

  it('gives cells without ids (nbformat < 4.5) stable positional ids, and de-duplicates ids', () => {
    const nb = fromIpynb(
      nb4([
        {
          cell_type: 'code',
          source: 'x',
          metadata: {},
          outputs: [],
          execution_count: null
        },
        {
          cell_type: 'code',
          id: 'dup',
          source: 'y',
          metadata: {},
          outputs: []
        },
        { cell_type: 'code', id: 'dup', source: 'z', metadata: {}, outputs: [] }
      ])
    );
    expect(nb.cells.map(c => c.id)).toEqual(['cell-0', 'dup', 'dup-2']);
  });

  it('reads nbformat 3: worksheets, input, prompt_number, headings and pyout/pyerr', () => {
    const nb = fromIpynb(
      JSON.stringify({
        nbformat: 3,
        nbformat_minor: 0,
        metadata: { name: 'old' },
        worksheets: [
          {
            cells: [
              { cell_type: 'heading', level: 2, source: 'Intro' },
              {
                cell_type: 'code',
                language: 'python',
                input: ['print 1\n'],
                prompt_number: 7,
                outputs: [
                  { output_type: 'pyout', text: ['1'] },
                  { output_type: 'pyerr', ename: 'X', evalue: 'y' }
                ]
              }
            ]
          }
        ]
      })
    );
    expect(nb.nbformat).toEqual([3, 0]);
    expect(nb.language).toBe('python');
    expect(nb.cells[0]).toMatchObject({ type: 'markdown', source: '## Intro' });
    expect(nb.cells[1]).toMatchObject({
      type: 'code',
      source: 'print 1\n',
      executionCount: 7
    });
    expect(nb.cells[1].outputs).toEqual([
      { type: 'execute_result', text: '1' },
      { type: 'error', ename: 'X', evalue: 'y' }
    ]);
  });

  it('keeps the raw execution record from metadata.linearize', () => {
    const nb = fromIpynb(nb4([], { metadata: { linearize: { version: 1 } } }));
    expect(nb.record).toEqual({ version: 1 });
  });

  it('reports the language of non-Python kernels', () => {
    const nb = fromIpynb(
      nb4([], { metadata: { kernelspec: { name: 'ir', language: 'R' } } })
    );
    expect(nb.language).toBe('r');
    expect(isPython(nb)).toBe(false);
    expect(isPython(fromIpynb(nb4([])))).toBe(true);
  });

  it.each([
    ['', /invalid JSON: the file is empty/],
    [
      '# %%\nimport os\n',
      /^not a notebook: an .ipynb file holds JSON, and this one starts with "# %%" \(Python: .*jupytext --to notebook/
    ],
    ['<html>', /^not a notebook: .* starts with "<html>"$/],
    ['{"cells": [', /invalid JSON/],
    ['[1, 2]', /top level is not a JSON object/],
    ['{"nbformat": 4, "metadata": {}}', /"cells" is missing/],
    ['{"nbformat": 5, "cells": []}', /unsupported nbformat 5/],
    ['{"nbformat": 3}', /without a "worksheets" list/],
    ['{"nbformat": 4, "cells": [3]}', /cell 1 is not a JSON object/],
    [
      '{"nbformat": 4, "cells": [{"cell_type": "code", "source": 5}]}',
      /cell 1: "source"/
    ],
    [
      '{"nbformat": 4, "cells": [{"cell_type": "python", "source": ""}]}',
      /cell 1: unknown cell_type "python"/
    ]
  ])('refuses %j with a one-line NotebookFormatError', (input, message) => {
    const text = formatError(input);
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
  });
});
