/**
 * `linearize check`, run as users run it: the bundled CLI in a child process, on
 * notebooks written into temporary folders.
 */
import { readFileSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import { appendRun, emptyRecord, startSession, toMetadata } from '../../core';
import { Schema, validate } from '../../core/record/__tests__/miniSchema';
import {
  buildCli,
  ICellSpec,
  IRun,
  notebook,
  removeBuild,
  runCli,
  tempDir
} from './cli';

const outputSchema = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'check-output.schema.json'), 'utf8')
) as Schema;

let cli = '';
beforeAll(() => {
  cli = buildCli();
});
afterAll(() => removeBuild(cli));

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const run = (...args: string[]): IRun =>
  runCli(cli, ['check', ...args], tmp.dir);

function json(r: IRun): {
  version: number;
  notebooks: {
    path: string;
    linear: boolean;
    error: string | null;
    runOrder: string[] | null;
    findings: {
      kind: string;
      severity: string;
      cell: unknown;
      names: string[];
      message: string;
      rerun: string[];
    }[];
  }[];
} {
  const doc = JSON.parse(r.out);
  expect(validate(outputSchema, doc)).toEqual([]);
  return doc;
}

/** No stack trace anywhere: lines like "    at fn (file:1:2)". */
function noStack(r: IRun): void {
  expect(r.out + r.err).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(r.err).not.toContain('internal error');
}

const CLEAN: ICellSpec[] = [
  { src: '# Analysis', type: 'markdown' },
  { src: 'import math\nx = math.pi', n: 1 },
  { src: 'print(x)', n: 2 }
];
const FAILING: ICellSpec[] = [
  { src: 'x = 1', n: 1 },
  { src: 'print(y)', n: 2 }
];
const WARNING_ONLY: ICellSpec[] = [
  { src: 'x = 1', n: 1 },
  { src: 'z = 2' },
  { src: 'print(x, z)', n: 2 }
];
const INFO_ONLY: ICellSpec[] = [{ src: 'x = 1', n: 3 }];

describe('linearize check: output and exit codes', () => {
  const clean = tmp.write('clean.ipynb', notebook(CLEAN));
  const failing = tmp.write('failing.ipynb', notebook(FAILING));
  const warning = tmp.write('warning.ipynb', notebook(WARNING_ONLY));
  const info = tmp.write('info.ipynb', notebook(INFO_ONLY));

  it('a clean notebook: exit 0 and a summary line that says so', () => {
    const r = run(clean);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      '1 notebook checked: 1 linear, 0 not linear; no findings (nothing at or above error).\n'
    );
    expect(r.err).toBe('');
  });

  it('a finding at the threshold: exit 1, grouped under the path, cells numbered as people count', () => {
    const r = run(failing);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(`${failing}  (not linear)`);
    expect(lines[1]).toMatch(
      /^ {2}cell 2 \[2\] {2}error {4}rra-undefined {2}No cell above defines `y`\.$/
    );
    expect(r.out).toMatch(
      /1 notebook checked: 0 linear, 1 not linear; 1 error, 0 warnings, 0 info \(1 notebook with findings at or above error\)\.\n$/
    );
  });

  it('--json prints exactly the documented shape', () => {
    const r = run('--json', failing, clean);
    expect(r.code).toBe(1);
    const doc = json(r);
    expect(doc.version).toBe(1);
    expect(doc.notebooks.map(n => [n.path, n.linear, n.error])).toEqual([
      [failing, false, null],
      [clean, true, null]
    ]);
    expect(doc.notebooks[0].findings).toEqual([
      {
        kind: 'rra-undefined',
        severity: 'error',
        cell: { id: 'c2', index: 1 },
        names: ['y'],
        related: [],
        message: 'No cell above defines `y`.',
        rerun: []
      }
    ]);
    expect(Object.keys(doc.notebooks[0])).toEqual([
      'path',
      'linear',
      'findings',
      'error',
      'runOrder'
    ]);
    expect(doc.notebooks[0].runOrder).toEqual(['clean']);
  });

  it('notebook-level findings have "cell": null', () => {
    const doc = json(run('--json', info));
    expect(doc.notebooks[0].findings).toEqual([
      expect.objectContaining({
        kind: 'count-gap',
        severity: 'info',
        cell: null
      })
    ]);
  });

  it('--fail-on sets the threshold (default error)', () => {
    expect(run(warning).code).toBe(0);
    expect(run('--fail-on', 'warning', warning).code).toBe(1);
    expect(run('--fail-on', 'warning', info).code).toBe(0);
    expect(run('--fail-on', 'info', info).code).toBe(1);
    expect(run('--fail-on', 'error', failing).code).toBe(1);
  });

  it('--only and --ignore filter the findings, and the exit code follows the filtered list', () => {
    const only = json(
      run('--json', '--only', 'skipped,count-gap', warning, failing)
    );
    expect(only.notebooks.flatMap(n => n.findings.map(f => f.kind))).toEqual([
      'skipped'
    ]);
    expect(run('--ignore', 'rra-undefined', failing).code).toBe(0);
  });

  it('usage errors exit 2 with a message: unknown kind, bad severity, no path', () => {
    const kind = run('--only', 'stale,bogus', clean);
    expect(kind.code).toBe(2);
    expect(kind.err).toContain('unknown kind "bogus" in --only');
    const sev = run('--fail-on', 'fatal', clean);
    expect(sev.code).toBe(2);
    expect(sev.err).toMatch(/fatal.*(invalid|Allowed choices)/i);
    const none = run();
    expect(none.code).toBe(2);
    expect(none.err).toContain("missing required argument 'paths'");
  });

  it('draws no progress bar when the output is piped', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      tmp.write(`many/n${i}.ipynb`, notebook(CLEAN))
    );
    const r = run(...many);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('30 notebooks checked: 30 linear');
  });
});

describe('linearize check: folders', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());
  t.write('project/a.ipynb', notebook(CLEAN));
  t.write('project/sub/deeper/b.ipynb', notebook(FAILING));
  t.write('project/sub/c.IPYNB', notebook(CLEAN));
  t.write('project/.ipynb_checkpoints/a-checkpoint.ipynb', 'not json');
  t.write('project/sub/.ipynb_checkpoints/b-checkpoint.ipynb', 'not json');
  t.write('project/node_modules/pkg/x.ipynb', 'not json');
  t.write('project/.hidden/y.ipynb', 'not json');
  t.write('project/notes.txt', 'not a notebook');
  t.write('empty/readme.md', '');

  it('walks recursively in sorted order, skipping checkpoints, node_modules and hidden folders', () => {
    const r = runCli(cli, ['check', '--json', 'project'], t.dir);
    expect(r.code).toBe(1);
    expect(json(r).notebooks.map(n => n.path)).toEqual([
      path.join('project', 'a.ipynb'),
      path.join('project', 'sub', 'c.IPYNB'),
      path.join('project', 'sub', 'deeper', 'b.ipynb')
    ]);
  });

  it('checks a notebook given twice (as a file and in its folder) once', () => {
    const r = runCli(
      cli,
      ['check', '--json', 'project/a.ipynb', 'project'],
      t.dir
    );
    expect(json(r).notebooks).toHaveLength(3);
  });

  it('notes a folder without notebooks; with nothing to check at all, exit 2', () => {
    const r = runCli(cli, ['check', 'empty', 'project/a.ipynb'], t.dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain('no notebook found in empty');
    const none = runCli(cli, ['check', 'empty'], t.dir);
    expect(none.code).toBe(2);
    expect(none.err).toContain('no notebook to check');
  });
});

describe('linearize check: bad input', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());
  const good = t.write('good.ipynb', notebook(CLEAN));
  const cases: [string, string, RegExp][] = [
    ['invalid.ipynb', '{"cells": [', /invalid JSON/],
    ['truncated.ipynb', notebook(CLEAN).slice(0, 120), /invalid JSON/],
    ['empty.ipynb', '', /invalid JSON: the file is empty/],
    ['array.ipynb', '[1, 2]', /top level is not a JSON object/],
    [
      'nocells.ipynb',
      JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {} }),
      /"cells" is missing/
    ],
    [
      'wrongtype.ipynb',
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [{ cell_type: 'code', source: 5 }]
      }),
      /cell 1: "source" is neither a string nor a list of strings/
    ],
    [
      'nbformat2.ipynb',
      JSON.stringify({ nbformat: 2, worksheets: [] }),
      /unsupported nbformat 2/
    ]
  ];
  const bad = cases.map(([name, text]) => t.write(name, text));

  it.each(cases)(
    '%s: named with a one-line reason, exit 2, no stack trace',
    (name, _text, message) => {
      const r = runCli(cli, ['check', name], t.dir);
      expect(r.code).toBe(2);
      expect(r.out).toMatch(
        new RegExp(`^${name.replace('.', '\\.')}: cannot check: `)
      );
      expect(r.out).toMatch(message);
      noStack(r);
    }
  );

  it('every bad file is named and the good ones are still checked', () => {
    const r = runCli(
      cli,
      ['check', '--json', good, ...bad, 'missing.ipynb'],
      t.dir
    );
    expect(r.code).toBe(2);
    const doc = json(r);
    const byPath = new Map(doc.notebooks.map(n => [n.path, n]));
    // In argument order, unreadable ones in their place.
    expect(doc.notebooks.map(n => n.path)).toEqual([
      good,
      ...bad,
      'missing.ipynb'
    ]);
    expect(byPath.get(good)?.error).toBeNull();
    expect(byPath.get('missing.ipynb')?.error).toBe('no such file or folder');
    for (const file of bad) {
      expect(byPath.get(file)?.error).toEqual(expect.any(String));
      expect(byPath.get(file)?.linear).toBe(false);
    }
    noStack(r);
  });

  it('nbformat 3 notebooks are read (worksheets, input, prompt_number)', () => {
    const nb3 = t.write(
      'v3.ipynb',
      JSON.stringify({
        nbformat: 3,
        nbformat_minor: 0,
        metadata: {},
        worksheets: [
          {
            cells: [
              {
                cell_type: 'code',
                language: 'python',
                input: 'x = 1',
                prompt_number: 2,
                outputs: []
              },
              {
                cell_type: 'code',
                language: 'python',
                input: 'print(x)',
                prompt_number: 1,
                outputs: []
              }
            ]
          }
        ]
      })
    );
    const doc = json(runCli(cli, ['check', '--json', nb3], t.dir));
    expect(doc.notebooks[0].error).toBeNull();
    expect(doc.notebooks[0].findings.map(f => [f.kind, f.cell])).toEqual([
      ['count-order', null]
    ]);
  });

  it('cells without ids (nbformat 4.0-4.4) get position ids', () => {
    const text = JSON.stringify({
      nbformat: 4,
      nbformat_minor: 2,
      metadata: {},
      cells: [
        {
          cell_type: 'code',
          source: 'print(q)',
          execution_count: 1,
          outputs: [],
          metadata: {}
        }
      ]
    });
    const doc = json(
      runCli(cli, ['check', '--json', t.write('noids.ipynb', text)], t.dir)
    );
    expect(doc.notebooks[0].findings[0]).toMatchObject({
      kind: 'rra-undefined',
      cell: { id: 'cell-0', index: 0 }
    });
  });

  it('a non-Python kernel gets language-not-supported and only language-free checks', () => {
    const r = notebook(
      [
        { src: 'x <- 1', n: 1 },
        { src: 'print(undefined_thing)', n: 2, error: 'simpleError' }
      ],
      { language: 'R', kernel: 'ir' }
    );
    const doc = json(
      runCli(cli, ['check', '--json', t.write('r.ipynb', r)], t.dir)
    );
    expect(doc.notebooks[0].findings.map(f => f.kind)).toEqual([
      'language-not-supported',
      'errored'
    ]);
  });

  it('a 50 MB notebook is checked, without a hang or a stack trace', () => {
    // 400 cells, each with 128 KB of saved output: big like notebooks full of plots.
    const blob = 'x'.repeat(128 * 1024);
    const cells = Array.from({ length: 400 }, (_, i) => ({
      cell_type: 'code',
      id: `b${i}`,
      metadata: {},
      source: i === 0 ? 'v0 = 0' : `v${i} = v${i - 1} + 1`,
      execution_count: i + 1,
      outputs: [
        {
          output_type: 'display_data',
          data: { 'image/png': blob, 'text/plain': '<Figure>' },
          metadata: {}
        }
      ]
    }));
    const file = path.join(t.dir, 'big.ipynb');
    writeFileSync(
      file,
      JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells })
    );
    expect(statSync(file).size).toBeGreaterThan(50 * 1000 * 1000);
    const r = runCli(cli, ['check', '--json', 'big.ipynb'], t.dir);
    expect(r.code).toBe(0);
    expect(json(r).notebooks[0]).toMatchObject({
      error: null,
      linear: true,
      findings: []
    });
    noStack(r);
  });

  it('a notebook whose code is one 50 MB cell is checked without parsing it', () => {
    const src = 'data = [' + '12345, '.repeat(7_200_000) + ']';
    const file = t.write(
      'bigcode.ipynb',
      notebook([
        { src, n: 1 },
        { src: 'print(data)', n: 2 }
      ])
    );
    expect(statSync(file).size).toBeGreaterThan(50 * 1000 * 1000);
    const r = runCli(cli, ['check', '--json', 'bigcode.ipynb'], t.dir);
    expect(r.code).toBe(0);
    expect(json(r).notebooks[0]).toMatchObject({ error: null, findings: [] });
  });
});

describe('linearize check: the record stored in the notebook', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());
  // x = 1 ran, then its reader, then the first cell was edited and re-run: the reader is stale.
  let record = startSession(emptyRecord(), 'k', '2024-01-01T00:00:00Z');
  const step = (cellId: string, source: string, n: number): void => {
    record = appendRun(record, {
      cellId,
      source,
      executionCount: n,
      status: 'ok',
      time: 't'
    });
  };
  step('c1', 'x = 1', 1);
  step('c2', 'y = x * 2', 2);
  step('c1', 'x = 5', 3);
  const cells: ICellSpec[] = [
    { src: 'x = 5', n: 3 },
    { src: 'y = x * 2', n: 2 }
  ];

  it('is used when present: stale is reported, with the re-run set', () => {
    const file = t.write(
      'rec.ipynb',
      notebook(cells, { metadata: { linearize: toMetadata(record) } })
    );
    const doc = json(runCli(cli, ['check', '--json', file], t.dir));
    const stale = doc.notebooks[0].findings.find(f => f.kind === 'stale');
    expect(stale).toMatchObject({
      cell: { id: 'c2', index: 1 },
      names: ['x'],
      rerun: ['c2']
    });
    expect(doc.notebooks[0].linear).toBe(false);
    const human = runCli(cli, ['check', '--fail-on', 'warning', file], t.dir);
    expect(human.code).toBe(1);
    expect(human.out).toMatch(
      /cell 2 \[2\] +warning +stale +Cell 1 above changed `x` after this cell ran/
    );
  });

  it('--no-record ignores it (file-only)', () => {
    const file = t.write(
      'rec2.ipynb',
      notebook(cells, { metadata: { linearize: toMetadata(record) } })
    );
    const doc = json(
      runCli(cli, ['check', '--json', '--no-record', file], t.dir)
    );
    // Counts [3, 2]: out of order, and a gap (nothing ran as 1).
    expect(doc.notebooks[0].findings.map(f => f.kind)).toEqual([
      'count-order',
      'count-gap'
    ]);
  });

  it('a corrupt record is ignored with a note, and the file is still checked', () => {
    const file = t.write(
      'corrupt.ipynb',
      notebook(cells, { metadata: { linearize: { version: 1, runs: 'oops' } } })
    );
    const r = runCli(cli, ['check', file], t.dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'note: the execution record was ignored: "sessions" is not a list'
    );
    const j = runCli(cli, ['check', '--json', file], t.dir);
    expect(j.err).toContain('the execution record was ignored');
    expect(json(j).notebooks[0].error).toBeNull();
  });
});

describe('linearize check: a record the file has outgrown', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());

  it('is ignored with a note when the saved counts are not the recorded ones', () => {
    let record = startSession(emptyRecord(), 'k', 't');
    record = appendRun(record, {
      cellId: 'c1',
      source: 'x = 1',
      executionCount: 1,
      status: 'ok',
      time: 't'
    });
    record = appendRun(record, {
      cellId: 'c2',
      source: 'print(x)',
      executionCount: 2,
      status: 'ok',
      time: 't'
    });
    record = appendRun(record, {
      cellId: 'c1',
      source: 'x = 1',
      executionCount: 3,
      status: 'ok',
      time: 't'
    });
    // Re-executed top to bottom by another tool: counts 1, 2; our record says 3, 2.
    const file = t.write(
      'rerun.ipynb',
      notebook(
        [
          { src: 'x = 1', n: 1 },
          { src: 'print(x)', n: 2 }
        ],
        { metadata: { linearize: toMetadata(record) } }
      )
    );
    const r = runCli(cli, ['check', '--fail-on', 'info', file], t.dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'note: the execution record was ignored: the saved execution counts are not those it recorded'
    );
  });
});

describe('linearize check --json: hidden state carries its reason', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());

  it('names why the value is hidden (its writer cell was deleted)', () => {
    let record = startSession(emptyRecord(), 'k', 't');
    record = appendRun(record, {
      cellId: 'gone',
      source: 'a = 1',
      executionCount: 1,
      status: 'ok',
      time: 't'
    });
    record = appendRun(record, {
      cellId: 'c1',
      source: 'b = a + 1',
      executionCount: 2,
      status: 'ok',
      time: 't'
    });
    const file = t.write(
      'deleted.ipynb',
      notebook([{ src: 'b = a + 1', n: 2, id: 'c1' }], {
        metadata: { linearize: toMetadata(record) }
      })
    );
    const doc = json(runCli(cli, ['check', '--json', file], t.dir));
    const hidden = doc.notebooks[0].findings.filter(
      f => f.kind === 'hidden-state'
    );
    expect(hidden).toHaveLength(1);
    expect((hidden[0] as unknown as { reason: string }).reason).toBe('deleted');
    // Other kinds have no reason key at all.
    for (const f of doc.notebooks[0].findings.filter(
      x => x.kind !== 'hidden-state'
    )) {
      expect(Object.keys(f)).not.toContain('reason');
    }
  });
});
