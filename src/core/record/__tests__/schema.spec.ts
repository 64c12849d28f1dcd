/**
 * `record.schema.json` describes exactly what `toMetadata` writes: checked with our small
 * validator and, as the reference, with Python's `jsonschema` (installed with Jupyter).
 */
import { spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { Sim } from '../../verdicts/__tests__/sim';
import { appendRun, emptyRecord } from '../executionLog';
import { sharedToMetadata, toMetadata } from '../metadata';
import { withObserved } from '../observed';
import { Schema, validate } from './miniSchema';

const REPO = path.resolve(__dirname, '../../../..');
const schema = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'record.schema.json'), 'utf8')
) as Schema;

function python(): string {
  const venv = path.join(REPO, '.venv', 'bin', 'python');
  return existsSync(venv) ? venv : 'python3';
}

/** Validity of each document by Python's jsonschema (Draft 7), in order. */
function pythonValidity(docs: unknown[]): boolean[] {
  const script = [
    'import json, sys, jsonschema',
    'data = json.load(sys.stdin)',
    'v = jsonschema.Draft7Validator(data["schema"])',
    'jsonschema.Draft7Validator.check_schema(data["schema"])',
    'print(json.dumps([v.is_valid(d) for d in data["docs"]]))'
  ].join('\n');
  const out = spawnSync(python(), ['-c', script], {
    input: JSON.stringify({ schema, docs }),
    encoding: 'utf8'
  });
  if (out.status !== 0) {
    throw new Error(
      `python jsonschema failed (${python()}): ${out.stderr || out.error}`
    );
  }
  return JSON.parse(out.stdout) as boolean[];
}

function examples(): { valid: unknown[]; invalid: unknown[] } {
  const sim = new Sim(['x = 1', 'y = x + 1', 'print(y)'])
    .runAll()
    .restart()
    .run('c1');
  sim.runWith('c2', {
    status: 'error',
    rebound: { added: ['y'], changed: [], deleted: ['z'] }
  });
  const full = toMetadata(sim.record);
  const runs = full.runs as Record<string, unknown>[];
  const valid = [
    toMetadata(emptyRecord()),
    toMetadata(
      appendRun(emptyRecord(), {
        cellId: 'a',
        source: '',
        executionCount: null,
        status: 'unknown',
        time: 't'
      })
    ),
    full,
    // Version 2 with what the kernel companion saw; version 1 (no `observed`) stays valid.
    toMetadata(
      withObserved(
        sim.record,
        1,
        [
          {
            path: 'data/x.csv',
            md5: '0123456789abcdef0123456789abcdef',
            size: 3
          }
        ],
        [{ distribution: 'pandas', version: '2.2.0', modules: ['pandas'] }]
      )
    ),
    { ...full, version: 1 },
    // Version 3: a part per collaborating client, runs carrying their request's msg_id.
    sharedToMetadata(sim.record, {
      a1b2c3: appendRun(emptyRecord(), {
        cellId: 'c1',
        source: 'x = 1',
        executionCount: 7,
        status: 'ok',
        time: 't',
        msgId: 'f00d'
      })
    }),
    sharedToMetadata(emptyRecord(), {})
  ];
  const shared = sharedToMetadata(emptyRecord(), { k: sim.record });
  const part = (shared.clients as Record<string, Record<string, unknown>>).k;
  const invalid = [
    { ...full, version: 3 },
    { ...full, observed: { data: {}, packages: { x: { version: '1' } } } },
    {
      ...full,
      observed: { data: { a: { md5: 'zz', size: 1, seq: 1 } }, packages: {} }
    },
    { ...full, extra: true },
    { ...full, sources: { 'not-a-hash': 'x' } },
    { ...full, sources: { '0123456789abcd': 1 } },
    { ...full, runs: [{ ...runs[0], status: 'done' }] },
    { ...full, runs: [{ ...runs[0], seq: 0 }] },
    { ...full, runs: [{ ...runs[0], executionCount: 1.5 }] },
    { ...full, runs: [{ ...runs[0], rebound: { added: [] } }] },
    { ...full, sessions: [{ kernel: 'k' }] },
    { version: 1, sessions: [], sources: {} },
    { ...shared, clients: undefined },
    { ...full, clients: {} },
    { ...shared, clients: { 'bad key!': part } },
    { ...shared, clients: { k: { ...part, version: 2 } } },
    { ...shared, clients: { k: { ...part, runs: [{ ...runs[0], msgId: 1 }] } } }
  ];
  return { valid, invalid };
}

describe('record.schema.json', () => {
  it('accepts what toMetadata writes and rejects damaged records (our validator)', () => {
    const { valid, invalid } = examples();
    for (const doc of valid) {
      expect(validate(schema, doc)).toEqual([]);
    }
    for (const doc of invalid) {
      expect(validate(schema, doc).length).toBeGreaterThan(0);
    }
  });

  it('agrees with Python jsonschema on every example', () => {
    const { valid, invalid } = examples();
    expect(pythonValidity([...valid, ...invalid])).toEqual([
      ...valid.map(() => true),
      ...invalid.map(() => false)
    ]);
  });

  it('accepts a long, compacted session record', () => {
    const sim = new Sim(['a = 0', 'a += 1', 'b = [a]', 'b.append(a)', 'del a']);
    for (let i = 0; i < 700; i++) {
      sim.run(`c${(i % 5) + 1}`);
      if (i % 200 === 0) {
        sim.restart();
      }
    }
    const doc = toMetadata(sim.record);
    expect(validate(schema, doc)).toEqual([]);
    expect(pythonValidity([doc])).toEqual([true]);
  });
});
