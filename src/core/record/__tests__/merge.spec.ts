/**
 * Collaborative records (version 3): each client's part, merged on read the same way by
 * the lab and the CLI, whatever the order of the parts.
 */
import { analyze } from '../../verdicts/analyzer';
import { fromIpynb } from '../../notebook/fromIpynb';
import type { IExecutionRecord, RunStatus } from '../../types';
import { appendRun, emptyRecord, startSession } from '../executionLog';
import {
  fromMetadata,
  mergedRecord,
  notebookRecord,
  partsFromMetadata,
  sharedToMetadata,
  toMetadata
} from '../metadata';
import { mergeParts } from '../merge';
import { withObserved } from '../observed';

interface IStep {
  cell: string;
  source: string;
  count: number | null;
  status?: RunStatus;
  msgId?: string;
}

/** One client's part: its sessions (kernel, start time) and the runs it recorded. */
function part(
  sessions: [string, string][],
  runs: (IStep & { session?: number })[]
): IExecutionRecord {
  let r = emptyRecord();
  let at = 0;
  for (const run of runs) {
    while (r.sessions.length <= (run.session ?? 0)) {
      const [kernel, started] = sessions[r.sessions.length];
      r = startSession(r, kernel, started);
    }
    r = appendRun(r, {
      cellId: run.cell,
      source: run.source,
      executionCount: run.count,
      status: run.status ?? 'ok',
      time: `2026-01-01T00:00:${String(++at).padStart(2, '0')}Z`,
      ...(run.msgId !== undefined ? { msgId: run.msgId } : {})
    });
  }
  while (r.sessions.length < sessions.length) {
    const [kernel, started] = sessions[r.sessions.length];
    r = startSession(r, kernel, started);
  }
  return r;
}

const T = (s: number) => `2026-01-01T10:00:${String(s).padStart(2, '0')}.000Z`;

/** The merged runs as `cell:count@session`, sources resolved. */
function runs(r: IExecutionRecord): string[] {
  return r.runs.map(
    x => `${x.cellId}:${x.executionCount}@${x.session} ${r.sources[x.source]}`
  );
}

describe('mergeParts', () => {
  // Alice opened the notebook first; Bob joined later on the same kernel. Each recorded
  // its own executions; Bob also saw Alice's first one on iopub (status unknown).
  const alice = part(
    [['k1', T(0)]],
    [
      { cell: 'a', source: 'x = 1', count: 1, msgId: 'm1' },
      { cell: 'c', source: 'z = y + 1', count: 3, msgId: 'm3' }
    ]
  );
  const bob = part(
    [['k1', T(5)]],
    [
      { cell: 'a', source: 'x = 1', count: 1, status: 'unknown', msgId: 'm1' },
      { cell: 'b', source: 'y = x * 2', count: 2, msgId: 'm2' }
    ]
  );

  it("interleaves the clients' runs by the shared kernel's counts, each execution once", () => {
    const merged = mergeParts([
      { key: 'alice', record: alice },
      { key: 'bob', record: bob }
    ]);
    expect(merged.sessions).toEqual([{ kernel: 'k1', started: T(0) }]);
    expect(runs(merged)).toEqual([
      'a:1@0 x = 1',
      'b:2@0 y = x * 2',
      'c:3@0 z = y + 1'
    ]);
    expect(merged.runs.map(r => r.seq)).toEqual([1, 2, 3]);
    // The sender's copy (status known) is kept over the one seen on iopub.
    expect(merged.runs[0].status).toBe('ok');
  });

  it('does not depend on the order of the parts or on who reads', () => {
    const one = mergeParts([
      { key: 'alice', record: alice },
      { key: 'bob', record: bob }
    ]);
    const two = mergeParts([
      { key: 'bob', record: bob },
      { key: 'alice', record: alice }
    ]);
    expect(two).toEqual(one);
    // Through the stored form, as the CLI reads a saved notebook.
    const stored = JSON.parse(
      JSON.stringify(sharedToMetadata(emptyRecord(), { bob, alice }))
    );
    expect(fromMetadata(stored)).toEqual({ record: one, warning: null });
  });

  it('without msg ids, the same count in the same kernel session is one execution', () => {
    const a = part([['k1', T(0)]], [{ cell: 'a', source: 'x = 1', count: 1 }]);
    const b = part(
      [['k1', T(1)]],
      [
        { cell: 'a', source: 'x = 1', count: 1, status: 'unknown' },
        { cell: 'b', source: 'y = x', count: 2 }
      ]
    );
    const merged = mergeParts([
      { key: 'b', record: b },
      { key: 'a', record: a }
    ]);
    expect(runs(merged)).toEqual(['a:1@0 x = 1', 'b:2@0 y = x']);
    expect(merged.runs[0].status).toBe('ok');
  });

  it('a restart seen by both clients is one new session; a client that joins later continues the current one', () => {
    const a = part(
      [
        ['k1', T(0)],
        ['k1', T(20)]
      ],
      [
        { cell: 'a', source: 'x = 1', count: 1, msgId: 'm1' },
        { cell: 'a', source: 'x = 1', count: 1, session: 1, msgId: 'm4' }
      ]
    );
    const b = part(
      [
        ['k1', T(10)],
        ['k1', T(21)]
      ],
      [
        { cell: 'b', source: 'y = x', count: 2, msgId: 'm2' },
        { cell: 'b', source: 'y = x', count: 2, session: 1, msgId: 'm5' }
      ]
    );
    const c = part(
      [['k1', T(30)]],
      [{ cell: 'c', source: 'z = y', count: 3, msgId: 'm6' }]
    );
    const merged = mergeParts([
      { key: 'a', record: a },
      { key: 'b', record: b },
      { key: 'c', record: c }
    ]);
    expect(merged.sessions).toEqual([
      { kernel: 'k1', started: T(0) },
      { kernel: 'k1', started: T(20) }
    ]);
    expect(runs(merged)).toEqual([
      'a:1@0 x = 1',
      'b:2@0 y = x',
      'a:1@1 x = 1',
      'b:2@1 y = x',
      'c:3@1 z = y'
    ]);
  });

  it("a restart in the millisecond of the other client's connection keeps that connection in the first session", () => {
    const a = part(
      [
        ['k1', T(0)],
        ['k1', T(0)]
      ],
      [
        { cell: 'a', source: 'x = 1', count: 1, msgId: 'm1' },
        { cell: 'a', source: 'x = 1', count: 1, session: 1, msgId: 'm3' }
      ]
    );
    const b = part(
      [['k1', T(0)]],
      [{ cell: 'b', source: 'y = x', count: 2, msgId: 'm2' }]
    );
    for (const keys of [
      ['a', 'b'],
      ['z', 'b']
    ]) {
      const merged = mergeParts([
        { key: keys[0], record: a },
        { key: keys[1], record: b }
      ]);
      expect(merged.sessions).toHaveLength(2);
      expect(runs(merged)).toEqual([
        'a:1@0 x = 1',
        'b:2@0 y = x',
        'a:1@1 x = 1'
      ]);
    }
  });

  it('another kernel is another session; a run without a count stays after what preceded it', () => {
    const a = part(
      [
        ['k1', T(0)],
        ['k2', T(40)]
      ],
      [
        { cell: 'a', source: 'x = 1', count: 1 },
        { cell: 'b', source: 'y = x', count: null, status: 'unknown' },
        { cell: 'a', source: 'x = 1', count: 1, session: 1 }
      ]
    );
    const b = part([['k1', T(5)]], [{ cell: 'c', source: 'z = 0', count: 2 }]);
    const merged = mergeParts([
      { key: 'a', record: a },
      { key: 'b', record: b }
    ]);
    expect(merged.sessions.map(s => s.kernel)).toEqual(['k1', 'k2']);
    expect(runs(merged)).toEqual([
      'a:1@0 x = 1',
      'b:null@0 y = x',
      'c:2@0 z = 0',
      'a:1@1 x = 1'
    ]);
  });

  it("keeps each client's observations, the newest run's winning", () => {
    const a = withObserved(
      part([['k1', T(0)]], [{ cell: 'a', source: 'x = 1', count: 1 }]),
      1,
      [{ path: 'd.csv', md5: '0'.repeat(32), size: 1 }],
      [{ distribution: 'numpy', version: '1.0', modules: ['numpy'] }]
    );
    const b = withObserved(
      part([['k1', T(1)]], [{ cell: 'b', source: 'y = 2', count: 2 }]),
      1,
      [{ path: 'd.csv', md5: '1'.repeat(32), size: 2 }],
      []
    );
    const merged = mergeParts([
      { key: 'a', record: a },
      { key: 'b', record: b }
    ]);
    expect(merged.observed).toEqual({
      data: { 'd.csv': { md5: '1'.repeat(32), size: 2, seq: 2 } },
      packages: {
        numpy: { distribution: 'numpy', version: '1.0', seq: 1 }
      }
    });
  });
});

describe('stored collaborative records (version 3)', () => {
  const base = part([['k0', T(0)]], [{ cell: 'a', source: 'x = 0', count: 1 }]);
  const mine = part(
    [['k1', T(50)]],
    [{ cell: 'a', source: 'x = 1', count: 1 }]
  );

  it('a version 2 record reads exactly as before, and is the base part of version 3', () => {
    expect(fromMetadata(toMetadata(base))).toEqual({
      record: base,
      warning: null
    });
    const read = partsFromMetadata(sharedToMetadata(base, { mine }));
    expect(read.warning).toBeNull();
    expect(read.parts?.base).toEqual(base);
    expect(read.parts?.clients.mine).toEqual(mine);
    expect(mergedRecord(read.parts!)).toEqual(
      fromMetadata(sharedToMetadata(base, { mine })).record
    );
    expect(runs(fromMetadata(sharedToMetadata(base, { mine })).record)).toEqual(
      ['a:1@0 x = 0', 'a:1@1 x = 1']
    );
  });

  it('a damaged part drops the whole record with a warning naming the client', () => {
    // Plain JSON, damaged by hand: the record's types say nothing about what a file holds.
    const value = sharedToMetadata(base, { mine }) as {
      clients: { mine: { runs: { status: string }[] } };
    };
    value.clients.mine.runs[0].status = 'done';
    const read = fromMetadata(value);
    expect(read.record).toEqual(emptyRecord());
    expect(read.warning).toMatch(/client mine: run 0: unknown status/);
    expect(partsFromMetadata({ ...value, clients: 3 }).warning).toMatch(
      /"clients" is not an object/
    );
  });

  it('check judges a saved collaborative notebook by every client’s runs', () => {
    // Alice ran cell 1 (count 1), Bob cell 2 (count 2): both are needed for the
    // saved counts to match the record, and for cell 2 to be linear.
    const alice = part(
      [['k1', T(0)]],
      [{ cell: 'c1', source: 'x = 1', count: 1, msgId: 'm1' }]
    );
    const bob = part(
      [['k1', T(3)]],
      [{ cell: 'c2', source: 'y = x + 1', count: 2, msgId: 'm2' }]
    );
    const cell = (id: string, source: string, count: number) => ({
      id,
      cell_type: 'code',
      source,
      execution_count: count,
      metadata: {},
      outputs: []
    });
    const nb = fromIpynb(
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {
          kernelspec: { name: 'python3', language: 'python' },
          language_info: { name: 'python' },
          linearize: sharedToMetadata(emptyRecord(), { alice, bob })
        },
        cells: [cell('c1', 'x = 1', 1), cell('c2', 'y = x + 1', 2)]
      })
    );
    const read = notebookRecord(nb);
    expect(read.note).toBeNull();
    expect(read.record?.runs.map(r => r.cellId)).toEqual(['c1', 'c2']);
    expect(analyze(nb, read.record).linear).toBe(true);
    // Alice's part alone would not explain cell 2's count: the record would be rejected.
    const aliceOnly = fromIpynb(
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {
          kernelspec: { name: 'python3', language: 'python' },
          linearize: sharedToMetadata(emptyRecord(), { alice })
        },
        cells: [cell('c1', 'x = 1', 1), cell('c2', 'y = x + 1', 2)]
      })
    );
    expect(notebookRecord(aliceOnly).record).toBeNull();
  });
});
