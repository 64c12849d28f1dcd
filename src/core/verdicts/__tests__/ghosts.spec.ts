import { appendRun, emptyRecord } from '../../record/executionLog';
import { withRebound } from '../../record/rebound';
import { ghostFindings, ghostNames } from '../ghosts';
import { codeCell as code, notebookOf as nb } from './build';

describe('ghostNames', () => {
  it('reports live names no current cell binds, with the recorded source that made them', () => {
    let record = appendRun(emptyRecord(), {
      cellId: 'gone',
      source: 'scale = 2',
      executionCount: 1,
      status: 'ok',
      time: 't'
    });
    record = appendRun(record, {
      cellId: 'c1',
      source: 'x = scale',
      executionCount: 2,
      status: 'ok',
      time: 't'
    });
    const notebook = nb(code('c1', 'x = scale'));
    const ghosts = ghostNames(notebook, record, ['x', 'scale', 'mystery']);
    expect(ghosts).toEqual([
      { name: 'mystery', source: null, cellId: null },
      { name: 'scale', source: 'scale = 2', cellId: 'gone' }
    ]);
    const findings = ghostFindings(notebook, ghosts);
    expect(findings.map(f => [f.kind, f.reason, f.names, f.related])).toEqual([
      ['hidden-state', 'ghost', ['mystery'], []],
      ['hidden-state', 'ghost', ['scale'], [{ id: 'gone', index: null }]]
    ]);
    expect(findings[1].message).toContain('`scale`');
  });

  it('counts maybe-bindings, imports, defs and global writes of functions as bindable', () => {
    const notebook = nb(
      code('a', 'import numpy as np\nfor i in range(3):\n    last = i'),
      code('b', 'def f():\n    global g\n    g = 1\nclass K: pass')
    );
    expect(
      ghostNames(notebook, null, ['np', 'i', 'last', 'f', 'g', 'K'])
    ).toEqual([]);
  });

  it('reports nothing when a cell may bind anything', () => {
    expect(
      ghostNames(nb(code('a', 'from os import *')), null, ['getcwd', 'x'])
    ).toEqual([]);
    expect(ghostNames(nb(code('a', '%run util.py')), null, ['helper'])).toEqual(
      []
    );
  });
});

describe('withRebound', () => {
  it('attaches facts to the run with that sequence number only', () => {
    let record = appendRun(emptyRecord(), {
      cellId: 'a',
      source: 'x = 1',
      executionCount: 1,
      status: 'ok',
      time: 't'
    });
    record = appendRun(record, {
      cellId: 'b',
      source: 'y = 1',
      executionCount: 2,
      status: 'ok',
      time: 't'
    });
    const next = withRebound(record, 2, {
      added: ['y'],
      changed: [],
      deleted: []
    });
    expect(next.runs[0].rebound).toBeUndefined();
    expect(next.runs[1].rebound).toEqual({
      added: ['y'],
      changed: [],
      deleted: []
    });
    expect(
      withRebound(record, 99, { added: [], changed: [], deleted: [] })
    ).toBe(record);
  });
});
