import {
  appendRun,
  emptyRecord,
  startSession
} from '../../record/executionLog';
import type { IExecutionRecord } from '../../types';
import { outOfOrderInputs } from '../preflight';
import { codeCell as cell, notebookOf as nbOf } from './build';

const ran = (
  record: IExecutionRecord,
  cellId: string,
  source: string
): IExecutionRecord =>
  appendRun(record, {
    cellId,
    source,
    executionCount: null,
    status: 'ok',
    time: 't'
  });

describe('outOfOrderInputs', () => {
  const nb = nbOf(
    cell('top', 'y = x * 2'),
    cell('mid', 'z = 1'),
    cell('low', 'x = 10')
  );

  it('names an input written by a cell below', () => {
    const record = ran(startSession(emptyRecord(), 'k', 't'), 'low', 'x = 10');
    expect(outOfOrderInputs(nb, record, 'top', 'y = x * 2')).toEqual([
      { name: 'x', writer: { id: 'low', index: 2 } }
    ]);
  });

  it('is empty when the latest writer is above, or is the cell itself', () => {
    let record = ran(startSession(emptyRecord(), 'k', 't'), 'low', 'x = 10');
    record = ran(record, 'mid', 'x = 3');
    expect(outOfOrderInputs(nb, record, 'low', 'y = x')).toEqual([]);
    record = ran(record, 'top', 'x = 1');
    expect(outOfOrderInputs(nb, record, 'top', 'x = x + 1')).toEqual([]);
  });

  it('only looks at the current kernel session', () => {
    let record = ran(startSession(emptyRecord(), 'k', 't'), 'low', 'x = 10');
    record = startSession(record, 'k', 't2');
    expect(outOfOrderInputs(nb, record, 'top', 'y = x * 2')).toEqual([]);
  });

  it('counts in-place mutations from below as writes', () => {
    let record = ran(startSession(emptyRecord(), 'k', 't'), 'mid', 'x = []');
    record = ran(record, 'low', 'x.append(1)');
    expect(
      outOfOrderInputs(nb, record, 'top', 'print(x)').map(i => i.name)
    ).toEqual(['x']);
  });

  it('is empty without a record, for unknown cells and for unparseable sources', () => {
    expect(outOfOrderInputs(nb, null, 'top', 'y = x')).toEqual([]);
    const record = ran(startSession(emptyRecord(), 'k', 't'), 'low', 'x = 10');
    expect(outOfOrderInputs(nb, record, 'nope', 'y = x')).toEqual([]);
    expect(() => outOfOrderInputs(nb, record, 'top', 'def (:')).not.toThrow();
  });
});
