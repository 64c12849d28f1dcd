/**
 * What survives of our record when a notebook goes through the real nbstripout and nb-clean
 * (installed with the test extra), and what `check` says then: the record is used when the
 * stripper keeps counts and cell ids; when it removes every count and output, `check` says
 * so in a note and checks the code only, never a verdict about a kernel it cannot see.
 */
import { spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { appendRun, emptyRecord, startSession, toMetadata } from '../../core';
import {
  buildCli,
  ICellSpec,
  notebook,
  removeBuild,
  ROOT,
  runCli,
  tempDir
} from './cli';

/** A console script of the Python environment the tests run with. */
function tool(name: string): string {
  const dirs = [
    process.env.VIRTUAL_ENV && path.join(process.env.VIRTUAL_ENV, 'bin'),
    path.join(ROOT, '.venv', 'bin'),
    ...(process.env.PATH ?? '').split(path.delimiter)
  ].filter((d): d is string => typeof d === 'string' && d !== '');
  const found = dirs.map(d => path.join(d, name)).find(p => existsSync(p));
  if (found === undefined) {
    throw new Error(`${name} is not installed: pip install -e ".[test]"`);
  }
  return found;
}

let cli = '';
beforeAll(() => {
  cli = buildCli();
});
afterAll(() => removeBuild(cli));
const t = tempDir();
afterAll(() => t.cleanup());

// x = 1 ran, its reader ran, then x was edited and re-run: the reader is stale.
let record = startSession(emptyRecord(), 'k', '2024-01-01T00:00:00Z');
for (const [cellId, source, n] of [
  ['c1', 'x = 1', 1],
  ['c2', 'y = x * 2', 2],
  ['c1', 'x = 5', 3]
] as const) {
  record = appendRun(record, {
    cellId,
    source,
    executionCount: n,
    status: 'ok',
    time: 't'
  });
}
const CELLS: ICellSpec[] = [
  { src: 'x = 5', n: 3 },
  { src: 'y = x * 2', n: 2 },
  { src: 'print(z)', n: null }
];
const ORIGINAL = notebook(CELLS, {
  metadata: { linearize: toMetadata(record) }
});

interface ICheck {
  code: number | null;
  kinds: string[];
  err: string;
  meta: Record<string, unknown>;
}

function strippedThenChecked(name: string, command: string[]): ICheck {
  const file = t.write(`${name}.ipynb`, ORIGINAL);
  const s = spawnSync(command[0], [...command.slice(1), file], {
    encoding: 'utf8'
  });
  expect({ status: s.status, err: s.stderr }).toEqual({ status: 0, err: '' });
  const r = runCli(cli, ['check', '--json', file], t.dir);
  const doc = JSON.parse(r.out);
  return {
    code: r.code,
    kinds: (doc.notebooks[0].findings as { kind: string }[]).map(f => f.kind),
    err: r.err,
    meta: JSON.parse(readFileSync(file, 'utf8')).metadata
  };
}

describe('notebook strippers and the record', () => {
  it('unstripped: the record gives the stale verdict', () => {
    const file = t.write('plain.ipynb', ORIGINAL);
    const r = runCli(cli, ['check', '--json', file], t.dir);
    const kinds = JSON.parse(r.out).notebooks[0].findings.map(
      (f: { kind: string }) => f.kind
    );
    expect(kinds).toContain('stale');
    expect(kinds).toContain('rra-undefined');
  });

  it('nbstripout (default): record kept, counts and ids gone: a note, code-only verdicts', () => {
    const c = strippedThenChecked('nbs', [tool('nbstripout')]);
    expect(c.meta).toHaveProperty('linearize');
    expect(c.err).toContain(
      'stripped: no cell has an execution count or output'
    );
    expect(c.kinds).toEqual(['rra-undefined']);
    expect(c.code).toBe(1);
  });

  it('nbstripout --keep-count --keep-id: the record is used', () => {
    const c = strippedThenChecked('nbs-keep', [
      tool('nbstripout'),
      '--keep-count',
      '--keep-id'
    ]);
    expect(c.err).toBe('');
    expect(c.kinds).toContain('stale');
  });

  it('nb-clean clean (default): record kept, counts gone: a note, code-only verdicts', () => {
    const c = strippedThenChecked('nbc', [tool('nb-clean'), 'clean']);
    expect(c.meta).toHaveProperty('linearize');
    expect(c.err).toContain('stripped: no cell has an execution count');
    expect(c.kinds).toEqual(['rra-undefined']);
  });

  it('nb-clean clean --preserve-execution-counts: the record is used', () => {
    const c = strippedThenChecked('nbc-keep', [
      tool('nb-clean'),
      'clean',
      '--preserve-execution-counts'
    ]);
    expect(c.err).toBe('');
    expect(c.kinds).toContain('stale');
  });

  it('nb-clean clean --remove-all-notebook-metadata: no record, no counts: the never-run note', () => {
    const c = strippedThenChecked('nbc-all', [
      tool('nb-clean'),
      'clean',
      '--remove-all-notebook-metadata'
    ]);
    expect(c.meta).not.toHaveProperty('linearize');
    expect(c.err).toContain(
      'no cell has an execution count or output (never run, or stripped'
    );
    expect(c.kinds).toEqual(['rra-undefined']);
  });
});
