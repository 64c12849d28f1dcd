import fc from 'fast-check';
import type { IExecutionRecord, INotebookSnapshot } from '../../types';
import { hashSource } from '../../util/hash';
import {
  appendRun,
  currentSession,
  emptyRecord,
  renameCell,
  runsOfSession,
  sourceKey,
  sourceOf,
  startSession,
  UNKNOWN_KERNEL
} from '../executionLog';
import { recordMatches } from '../matches';
import { fromMetadata, toMetadata } from '../metadata';

const run = (cellId: string, source: string, n: number | null = null) => ({
  cellId,
  source,
  executionCount: n,
  status: 'ok' as const,
  time: '2024-01-01T00:00:00.000Z'
});

describe('the execution log', () => {
  it('starts empty', () => {
    expect(emptyRecord()).toEqual({
      version: 2,
      sessions: [],
      sources: {},
      runs: []
    });
    expect(currentSession(emptyRecord())).toBe(-1);
  });

  it('numbers runs, stores each distinct source once by hash, and never mutates its input', () => {
    const r0 = startSession(emptyRecord(), 'k1', 't0');
    const r1 = appendRun(r0, run('a', 'x = 1', 1));
    const r2 = appendRun(r1, run('b', 'print(x)', 2));
    const r3 = appendRun(r2, run('a', 'x = 1', 3));
    expect(r0.runs).toEqual([]);
    expect(
      r3.runs.map(r => [r.seq, r.cellId, r.session, r.executionCount])
    ).toEqual([
      [1, 'a', 0, 1],
      [2, 'b', 0, 2],
      [3, 'a', 0, 3]
    ]);
    expect(Object.keys(r3.sources)).toHaveLength(2);
    expect(r3.runs[0].source).toBe(hashSource('x = 1'));
    expect(r3.runs[2].source).toBe(r3.runs[0].source);
    expect(sourceOf(r3, r3.runs[1])).toBe('print(x)');
    // Earlier run objects are reused: the analyser recognises an append by identity.
    expect(r3.runs[0]).toBe(r1.runs[0]);
  });

  it('starts an "unknown" session when a run arrives first', () => {
    const r = appendRun(emptyRecord(), run('a', 'x'));
    expect(r.sessions).toEqual([
      { kernel: UNKNOWN_KERNEL, started: '2024-01-01T00:00:00.000Z' }
    ]);
    expect(r.runs[0].session).toBe(0);
  });

  it('files runs under the current session and lists them per session', () => {
    let r = startSession(emptyRecord(), 'k1', 't0');
    r = appendRun(r, run('a', 'x'));
    r = startSession(r, 'k1', 't1');
    r = appendRun(r, run('b', 'y'));
    expect(currentSession(r)).toBe(1);
    expect(runsOfSession(r, 0).map(x => x.cellId)).toEqual(['a']);
    expect(runsOfSession(r, 1).map(x => x.cellId)).toEqual(['b']);
  });

  it('keeps the rebinding facts when given, and leaves the field out otherwise', () => {
    const rebound = { added: ['x'], changed: [], deleted: [] };
    const r = appendRun(
      appendRun(emptyRecord(), { ...run('a', 'x = 1'), rebound }),
      run('a', 'y')
    );
    expect(r.runs[0].rebound).toEqual(rebound);
    expect('rebound' in r.runs[1]).toBe(false);
  });

  it('survives a hash collision by keying the second text with the next seed', () => {
    const sources = { [hashSource('b')]: 'not b' };
    const key = sourceKey(sources, 'b');
    expect(key).toBe(hashSource('b', 1));
    const rec: IExecutionRecord = {
      version: 2,
      sessions: [],
      sources,
      runs: []
    };
    const r = appendRun(rec, run('c', 'b'));
    expect(sourceOf(r, r.runs[0])).toBe('b');
    expect(r.sources[hashSource('b')]).toBe('not b');
  });

  it('renameCell re-points a cell’s runs, and returns the same record when there is nothing to do', () => {
    const r = appendRun(appendRun(emptyRecord(), run('a', 'x')), run('b', 'y'));
    const renamed = renameCell(r, 'a', 'z');
    expect(renamed.runs.map(x => x.cellId)).toEqual(['z', 'b']);
    expect(renamed.runs[1]).toBe(r.runs[1]);
    expect(renameCell(r, 'nope', 'z')).toBe(r);
    expect(renameCell(r, 'a', 'a')).toBe(r);
  });
});

describe('toMetadata / fromMetadata', () => {
  const sample = (): IExecutionRecord => {
    let r = startSession(emptyRecord(), 'k1', 't0');
    r = appendRun(r, {
      ...run('a', 'x = 1', 1),
      rebound: { added: ['x'], changed: [], deleted: [] }
    });
    r = appendRun(r, { ...run('b', 'print(x)', 2), status: 'error' });
    return r;
  };

  it('round-trips through JSON text', () => {
    const r = sample();
    const back = fromMetadata(JSON.parse(JSON.stringify(toMetadata(r))));
    expect(back.warning).toBeNull();
    expect(back.record).toEqual(r);
  });

  it('writes a fresh object with no undefined fields', () => {
    const r = sample();
    const m = toMetadata(r);
    expect(m).not.toBe(r);
    expect(JSON.stringify(m)).not.toContain('undefined');
    expect((m.runs as unknown[])[1]).not.toHaveProperty('rebound');
  });

  it('absent metadata is an empty record without a warning', () => {
    expect(fromMetadata(undefined)).toEqual({
      record: emptyRecord(),
      warning: null
    });
    expect(fromMetadata(null)).toEqual({
      record: emptyRecord(),
      warning: null
    });
  });

  it('a record from a newer version is dropped with a warning that says so', () => {
    const { record, warning } = fromMetadata({
      ...toMetadata(sample()),
      version: 4
    });
    expect(record).toEqual(emptyRecord());
    expect(warning).toMatch(/version 4, written by a newer/);
  });

  const corrupt: [string, (m: Record<string, unknown>) => unknown, RegExp][] = [
    ['a string', () => 'linearize', /not a JSON object/],
    ['no version', m => ({ ...m, version: undefined }), /unknown version/],
    [
      'sessions not a list',
      m => ({ ...m, sessions: {} }),
      /"sessions" is not a list/
    ],
    [
      'a source not a string',
      m => ({ ...m, sources: { k: 1 } }),
      /source k is not a string/
    ],
    ['runs missing', m => ({ ...m, runs: undefined }), /"runs" is not a list/],
    [
      'a run with an unknown source',
      m => ({ ...m, sources: {} }),
      /is not stored/
    ],
    [
      'a run in an unknown session',
      m => ({ ...m, sessions: [] }),
      /known session/
    ],
    [
      'seq not increasing',
      m => ({
        ...m,
        runs: [(m.runs as unknown[])[1], (m.runs as unknown[])[0]]
      }),
      /"seq"/
    ],
    [
      'a bad status',
      m => ({
        ...m,
        runs: [{ ...(m.runs as Record<string, unknown>[])[0], status: 'done' }]
      }),
      /unknown status "done"/
    ],
    [
      'a fractional count',
      m => ({
        ...m,
        runs: [
          { ...(m.runs as Record<string, unknown>[])[0], executionCount: 1.5 }
        ]
      }),
      /executionCount/
    ],
    [
      'rebound not lists',
      m => ({
        ...m,
        runs: [
          {
            ...(m.runs as Record<string, unknown>[])[0],
            rebound: { added: 'x' }
          }
        ]
      }),
      /rebound.added/
    ]
  ];

  it.each(corrupt)(
    'a corrupt record (%s) gives an empty record and a warning',
    (_what, spoil, message) => {
      const m = JSON.parse(JSON.stringify(toMetadata(sample()))) as Record<
        string,
        unknown
      >;
      const { record, warning } = fromMetadata(spoil(m));
      expect(record).toEqual(emptyRecord());
      expect(warning).toMatch(/^the execution record was ignored: /);
      expect(warning).toMatch(message);
    }
  );

  it('never throws, whatever the value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), v => {
        const out = fromMetadata(v);
        expect(out.record.version).toBe(2);
      }),
      { numRuns: 500 }
    );
    fc.assert(
      fc.property(fc.anything(), v => {
        fromMetadata({ version: 1, sessions: [], sources: {}, runs: [v] });
      }),
      { numRuns: 300 }
    );
  });
});

describe('recordMatches', () => {
  const nb = (counts: (number | null)[]): INotebookSnapshot => ({
    nbformat: [4, 5],
    language: 'python',
    kernelName: 'python3',
    cells: counts.map((n, i) => ({
      id: `c${i + 1}`,
      type: 'code',
      source: `x${i} = 1`,
      executionCount: n,
      outputs: [],
      tags: []
    }))
  });
  let rec = startSession(emptyRecord(), 'k1', 't0');
  rec = appendRun(rec, run('c1', 'x0 = 1', 1));
  rec = appendRun(rec, run('c2', 'x1 = 1', 2));

  it('holds when the saved counts are those of the last runs of the current session', () => {
    expect(recordMatches(nb([1, 2]), rec)).toBe(true);
    expect(recordMatches(nb([1, null]), rec)).toBe(true);
  });

  it('fails when the notebook ran elsewhere since (other counts, or cells the record never saw run)', () => {
    expect(recordMatches(nb([1, 5]), rec)).toBe(false);
    expect(recordMatches(nb([1, 2, 3]), rec)).toBe(false);
    expect(recordMatches(nb([1, 2]), startSession(rec, 'k2', 't1'))).toBe(
      false
    );
  });
});
