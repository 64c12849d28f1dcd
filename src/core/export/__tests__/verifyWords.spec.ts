/**
 * A verify run's words (issue 18): why a cell did not reproduce and why the process failed
 * are data; in English they read as the CLI always printed them, and every word of them goes
 * through the translator port (the lab's verify dialog), Python's names and excerpts as data.
 */
import type { ICellSnapshot, IOutputSnapshot } from '../../types';
import { MARKING } from '../../__tests__/marking';
import { compareCell, type IActualCell } from '../compareOutputs';
import { runOutcome } from '../verifyResults';
import { describeRunFailure, describeVerifyDetail } from '../verifyWords';

const cell = (
  outputs: IOutputSnapshot[],
  count: number | null = 1
): ICellSnapshot => ({
  id: 'c',
  type: 'code',
  source: '',
  executionCount: count,
  outputs,
  tags: []
});
const printed = (text: string): IOutputSnapshot[] => [{ type: 'stream', text }];
const raised = (ename: string): IOutputSnapshot[] => [
  { type: 'error', ename, evalue: 'v' }
];
const out = (output: string): IActualCell => ({ output, error: null });
const err = (ename: string): IActualCell => ({
  output: '',
  error: { ename, evalue: 'boom' }
});

describe("a verify run's words", () => {
  it.each<[string, ICellSnapshot, IActualCell | null, string, string]>([
    [
      'raised in an unrun cell',
      cell([], null),
      err('KeyError'),
      'raised KeyError: boom (the cell never ran in the notebook)',
      '«raised %1 (the cell never ran in the notebook)»'
    ],
    [
      'never reached, never run',
      cell([], null),
      null,
      'the script stopped before this cell (it never ran in the notebook either)',
      '«the script stopped before this cell (it never ran in the notebook either)»'
    ],
    [
      'ran, never run in the notebook',
      cell([], null),
      out('x'),
      'the cell never ran in the notebook',
      '«the cell never ran in the notebook»'
    ],
    [
      'never reached',
      cell(printed('a\n')),
      null,
      'the script stopped before this cell',
      '«the script stopped before this cell»'
    ],
    [
      'raised',
      cell(printed('a\n')),
      err('ValueError'),
      'raised ValueError: boom',
      '«raised %1»'
    ],
    [
      'raised another exception',
      cell(raised('ZeroDivisionError')),
      err('ValueError'),
      'raised ValueError: boom, the notebook raised ZeroDivisionError',
      '«raised %1, the notebook raised %2»'
    ],
    [
      'did not raise',
      cell(raised('ZeroDivisionError')),
      out(''),
      'the notebook raised ZeroDivisionError; the script did not',
      '«the notebook raised %1; the script did not»'
    ],
    [
      'printed less',
      cell(printed('a\nb\n')),
      out('a\n'),
      'line 2: expected "b", got (nothing)',
      '«line %1: expected %2, got %3»'
    ]
  ])('%s', (_what, nb, actual, english, msgid) => {
    const v = compareCell(nb, 0, actual);
    expect(v.detail).toBe(english);
    expect(v.reason).not.toBeNull();
    expect(describeVerifyDetail(v.reason!)).toBe(english);
    const marked = describeVerifyDetail(v.reason!, MARKING);
    // The sentence is the msgid; what fills it is data (or a marked "(nothing)").
    expect(marked.startsWith(msgid.split('%')[0])).toBe(true);
    expect(marked.replace(/«[^«»]*»/g, '')).not.toMatch(/\b(the|raised)\b/);
  });

  it('a cell that reproduces has no detail', () => {
    const v = compareCell(cell(printed('a\n')), 0, out('a\n'));
    expect([v.status, v.detail, v.reason]).toEqual(['reproduces', '', null]);
  });

  it.each([
    [{ timedOut: true }, 'timed out after 60 s'],
    [{ signal: 'SIGKILL' }, 'killed by SIGKILL'],
    [{ status: 3 }, 'exit status 3'],
    [{ status: null }, 'exit status unknown'],
    [{ done: false }, 'stopped before its last cell']
  ])('the process failing %j says %j', (how, english) => {
    const run = runOutcome([], {
      done: true,
      status: 0,
      signal: null,
      timedOut: false,
      timeout: 60,
      ...how
    });
    expect([run.outcome, run.failure]).toEqual(['fails', english]);
    expect(describeRunFailure(run.failed!)).toBe(english);
    expect(describeRunFailure(run.failed!, MARKING)).toMatch(/^«.*»$/);
  });
});
