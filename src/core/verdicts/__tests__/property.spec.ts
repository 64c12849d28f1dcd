/**
 * Whatever the notebook and the record — broken sources, duplicate or missing ids, runs
 * of unknown cells, sources missing from the record, sessions out of range — `analyze`
 * returns a well-formed report and never throws.
 */
import fc from 'fast-check';
import type {
  CellType,
  ICellSnapshot,
  IExecutionRecord,
  INotebookSnapshot,
  IReport,
  IRun
} from '../../types';
import { analyze } from '../analyzer';
import { KINDS } from '../kinds';

/** Python-ish fragments, so that the parser sees near-valid code as well as noise. */
const FRAGMENTS = [
  'x = 1',
  'x += 1',
  'del x',
  'print(x)',
  'for i in y:\n    z = i',
  'def f(a):\n    a.append(g)',
  'f(lst)',
  'class C:\n    k = x',
  'lambda q: q',
  '%time y = x',
  '%%capture out\nw = 1',
  '!ls',
  'v = !pwd',
  'from m import *',
  '%run s.py',
  '_ + Out[2]',
  'match p:\n case [a]: pass',
  'try:\n    t = 1\nexcept E as e:\n    pass',
  'with open(p) as fh:\n    d = fh',
  '(((',
  '"""',
  'x = (',
  '\t\tindent',
  'if:',
  'global x',
  'nonlocal y',
  'y := 3',
  '@dec\ndef h(): pass',
  '\u00a0x = 1',
  'print "py2"',
  'async def a(): await b',
  'x[0] = 1',
  'x.a = 2',
  'x.sort()'
];

const source: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(fc.constantFrom(...FRAGMENTS), { maxLength: 6 })
    .map(p => p.join('\n')),
  fc
    .tuple(
      fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 4 }),
      fc.string({ maxLength: 8 })
    )
    .map(([p, s]) => p.join(s))
);

const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e', '', 'cell-0');

const cell: fc.Arbitrary<ICellSnapshot> = fc.record({
  id: ids,
  type: fc.constantFrom<CellType>('code', 'code', 'code', 'markdown', 'raw'),
  source,
  executionCount: fc.option(fc.integer({ min: -2, max: 40 })),
  outputs: fc.array(
    fc.constantFrom(
      { type: 'error' as const, ename: 'E', evalue: '' },
      { type: 'stream' as const, text: 'hi' }
    ),
    { maxLength: 2 }
  ),
  tags: fc.constant([])
});

const notebook: fc.Arbitrary<INotebookSnapshot> = fc.record({
  nbformat: fc.constant([4, 5] as const),
  language: fc.constantFrom<string | null>('python', null, 'r', 'Python'),
  kernelName: fc.constantFrom<string | null>('python3', 'python2', null),
  cells: fc.array(cell, { maxLength: 10 })
});

/** Records that may be inconsistent: the type allows it, a hand-edited file may do it. */
const record: fc.Arbitrary<IExecutionRecord> = fc
  .record({
    sessions: fc.array(
      fc.record({ kernel: fc.string(), started: fc.constant('t') }),
      { maxLength: 3 }
    ),
    sources: fc.array(source, { maxLength: 6 }),
    runs: fc.array(
      fc.record({
        cellId: ids,
        src: fc.nat(8),
        session: fc.integer({ min: -1, max: 3 }),
        status: fc.constantFrom<IRun['status']>('ok', 'error', 'unknown'),
        rebound: fc.option(
          fc.record({
            added: fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 2 }),
            changed: fc.array(fc.constantFrom('x', 'lst'), { maxLength: 2 }),
            deleted: fc.array(fc.constantFrom('x'), { maxLength: 1 })
          }),
          { nil: undefined }
        )
      }),
      { maxLength: 16 }
    )
  })
  .map(({ sessions, sources, runs }) => {
    const table: Record<string, string> = {};
    sources.forEach((s, i) => (table[`k${i}`] = s));
    return {
      version: 2 as const,
      sessions,
      sources: table,
      runs: runs.map((r, i) => ({
        seq: i + 1,
        cellId: r.cellId,
        source: `k${r.src}`, // may name a source that is not stored
        executionCount: i + 1,
        session: r.session,
        status: r.status,
        time: 't',
        ...(r.rebound !== undefined ? { rebound: r.rebound } : {})
      }))
    };
  });

function wellFormed(r: IReport, nb: INotebookSnapshot): void {
  expect(typeof r.linear).toBe('boolean');
  for (const f of r.findings) {
    expect(KINDS).toContain(f.kind);
    expect(['error', 'warning', 'info']).toContain(f.severity);
    expect(typeof f.message).toBe('string');
    expect(f.message).not.toContain('\n');
    expect([...f.names].sort()).toEqual(f.names);
    if (f.cell !== null && f.cell.index !== null) {
      expect(nb.cells[f.cell.index]).toBeDefined();
    }
  }
}

describe('analyze never throws', () => {
  it('in file-only mode, for any notebook', () => {
    fc.assert(
      fc.property(notebook, nb => {
        wellFormed(analyze(nb, null), nb);
      }),
      { numRuns: 300 }
    );
  });

  it('with any record, consistent or not', () => {
    fc.assert(
      fc.property(notebook, record, (nb, rec) => {
        wellFormed(analyze(nb, rec), nb);
      }),
      { numRuns: 300 }
    );
  });

  it('on pathological sources (deep nesting, huge lines, control characters)', () => {
    const sources = [
      '('.repeat(20000),
      '[' + '1,'.repeat(100000) + ']',
      'x = 1\n'.repeat(20000),
      '\u0000\u0001\u0002\ud800',
      'def f():\n' + '    if x:\n'.repeat(500) + '        pass'
    ];
    const nb: INotebookSnapshot = {
      nbformat: [4, 5],
      language: 'python',
      kernelName: 'python3',
      cells: sources.map((s, i) => ({
        id: `p${i}`,
        type: 'code',
        source: s,
        executionCount: null,
        outputs: [],
        tags: []
      }))
    };
    wellFormed(analyze(nb, null), nb);
  });
});
