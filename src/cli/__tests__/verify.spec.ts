/**
 * `linearize verify` with a real Python: the `--json` document carries what the text says
 * (summary, every cell, the findings in check's shape, how the process ended) and validates
 * against `verify-output.schema.json`; a script that raises, exits non-zero or is killed
 * never verifies, even when that happens after its last cell.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { Schema, validate } from '../../core/record/__tests__/miniSchema';
import { runCli, useCli } from './cli';

const PYTHON = process.env.LINEARIZE_TEST_PYTHON ?? 'python3';
const SCHEMA = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'verify-output.schema.json'), 'utf8')
) as Schema & { definitions: Record<string, unknown> };
const FINDING = JSON.parse(
  readFileSync(
    path.join(__dirname, '..', '..', 'core', 'finding.schema.json'),
    'utf8'
  )
) as { definitions: Record<string, unknown> };

const fx = useCli();
const tmp = fx.tmp;

/** A notebook whose cells ran in order, each with the stdout text given. */
function executed(name: string, cells: readonly [string, string][]): string {
  return tmp.write(
    name,
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: { name: 'python3', language: 'python', display_name: 'P' }
      },
      cells: cells.map(([source, out], i) => ({
        cell_type: 'code',
        id: `c${i + 1}`,
        metadata: {},
        source,
        execution_count: i + 1,
        outputs:
          out === ''
            ? []
            : [{ output_type: 'stream', name: 'stdout', text: out }]
      }))
    })
  );
}

interface IVerifyDoc {
  outcome: string;
  reproduces: boolean;
  summary: string;
  compared: number;
  reproduced: number;
  run: {
    exitStatus: number | null;
    signal: string | null;
    completed: boolean;
    failure: string | null;
    stderr: string | null;
  };
  cells: { id: string; status: string; detail: string }[];
  findings: { kind: string; severity: string }[];
}

function verifyJson(file: string): { code: number | null; doc: IVerifyDoc } {
  const r = runCli(
    fx.cli,
    ['verify', '--json', '--python', PYTHON, file],
    tmp.dir
  );
  expect(r.err).toBe('');
  const doc: unknown = JSON.parse(r.out);
  expect(validate(SCHEMA, doc)).toEqual([]);
  return { code: r.code, doc: doc as IVerifyDoc };
}

describe('verify --json', () => {
  it('embeds the one finding definition', () => {
    expect(SCHEMA.definitions.finding).toEqual(FINDING.definitions.finding);
    expect(SCHEMA.definitions.cellRef).toEqual(FINDING.definitions.cellRef);
  });

  it('carries the summary, every cell and the findings the text prints, in check --json shape', () => {
    const file = executed('causes.ipynb', [
      ['import random\nx = random.random()\nprint("ok")', 'ok\n'],
      ['print(2)', '3\n'],
      ['open("data.csv").read()', '']
    ]);
    const { code, doc } = verifyJson(file);
    expect(code).toBe(1);
    const text = runCli(fx.cli, ['verify', '--python', PYTHON, file], tmp.dir);
    expect(text.code).toBe(1);
    expect(text.out.split('\n')[0]).toBe(`${file}: ${doc.summary} (${PYTHON})`);
    expect(doc.cells.map(c => [c.id, c.status])).toEqual([
      ['c1', 'reproduces'],
      ['c2', 'differs'],
      ['c3', 'error']
    ]);
    for (const c of doc.cells) {
      expect(text.out).toContain(`[${c.id}] ${c.status}`);
    }
    // The same finding objects check --json prints for this notebook, info aside.
    const check = JSON.parse(
      runCli(fx.cli, ['check', '--json', file], tmp.dir).out
    ) as { notebooks: { findings: { kind: string; severity: string }[] }[] };
    const fromCheck = check.notebooks[0].findings.filter(
      f => f.severity !== 'info'
    );
    const sortKey = (f: { kind: string }) => JSON.stringify(f);
    expect(
      [...doc.findings].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1))
    ).toEqual(
      [...fromCheck].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1))
    );
    expect(doc.findings.map(f => f.kind).sort()).toEqual([
      'data-missing',
      'unseeded-random'
    ]);
    for (const f of doc.findings) {
      expect(text.out).toContain(`${f.severity} ${f.kind}: `);
    }
    expect(doc.run).toEqual({
      exitStatus: 0,
      signal: null,
      completed: true,
      failure: null,
      stderr: null
    });
  });

  it("names why the script raised: a name the interpreter's Python removed", () => {
    const { code, doc } = verifyJson(
      executed('removed.ipynb', [
        ['import time\nprint("ok")', 'ok\n'],
        ['started = time.clock()\nprint("timed")', 'timed\n']
      ])
    );
    expect(code).toBe(1);
    expect(doc.cells.map(c => c.status)).toEqual(['reproduces', 'error']);
    const named = doc.findings.filter(f => f.kind === 'python-version');
    expect(named.map(f => f.severity)).toEqual(['warning']);
    expect((named[0] as { message?: string }).message).toContain(
      '`time.clock` (line 1) was removed in Python 3.8'
    );
  });

  it('reproduces (exit 0) only when the cells match and the process exits 0', () => {
    const { code, doc } = verifyJson(
      executed('good.ipynb', [
        ['print(1)', '1\n'],
        ['print(2)', '2\n']
      ])
    );
    expect([code, doc.outcome, doc.reproduces, doc.run.failure]).toEqual([
      0,
      'reproduces',
      true,
      null
    ]);
  });
});

describe('a crashing script never passes', () => {
  const FIRST: [string, string] = ['print(1)', '1\n'];
  it.each([
    ['raises in its last cell', 'raise ValueError("boom")', null, 'error'],
    ['calls sys.exit(3)', 'import sys\nsys.exit(3)', null, 'error'],
    [
      'exits with os._exit(3)',
      'import os\nos._exit(3)',
      'exit status 3',
      'not-run'
    ],
    [
      'exits with os._exit(0) before its end',
      'import os\nos._exit(0)',
      'stopped before its last cell',
      'not-run'
    ],
    [
      'kills itself',
      'import os, signal\nos.kill(os.getpid(), signal.SIGKILL)',
      'killed by SIGKILL',
      'not-run'
    ],
    [
      'is killed after its last cell (a timer thread)',
      'import os, signal, threading\nthreading.Timer(0.2, lambda: os.kill(os.getpid(), signal.SIGKILL)).start()',
      'killed by SIGKILL',
      'reproduces'
    ],
    [
      'exits non-zero after its last cell (an atexit hook)',
      'import atexit, os\n_hook = atexit.register(lambda: os._exit(4))',
      'exit status 4',
      'reproduces'
    ]
  ])('a script that %s fails', (what, source, failure, lastStatus) => {
    const name = `crash-${what.replace(/\W+/g, '-')}.ipynb`;
    const file = executed(name, [FIRST, [source, '']]);
    const { code, doc } = verifyJson(file);
    expect(code).toBe(1);
    expect(doc.outcome).toBe('fails');
    expect(doc.reproduces).toBe(false);
    expect(doc.run.failure).toBe(failure);
    expect(doc.cells.map(c => c.status)).toEqual(['reproduces', lastStatus]);
    expect(doc.summary).toMatch(/^fails: /);
    const text = runCli(fx.cli, ['verify', '--python', PYTHON, file], tmp.dir);
    expect(text.code).toBe(1);
    expect(text.out).toContain(': fails: ');
    if (failure !== null) {
      expect(text.out).toContain(`the run ended badly (${failure})`);
    }
  });
});
