/**
 * `_`, `__`, `___`, `_N`, `Out[N]` translated to the value a top-down run gives them, only
 * where that is certain (issue 12 item 4); everything else keeps the `history-var` note.
 */
import { exportNotebook } from '..';
import { getFacts } from '../../facts/factsCache';
import * as parse from '../../parse/parsePython';
import { planHistory } from '../historyValues';
import { snapshot } from './golden';

function exported(sources: string[]): { cells: string[]; notes: number } {
  const plan = exportNotebook(
    snapshot(sources.map(source => ({ source }))),
    null,
    {
      noParams: true,
      notebook: 'h.ipynb',
      createdAt: '2024-01-01T00:00:00.000Z'
    }
  );
  const text = plan.files[0].text;
  // The body of each `# %%` cell, without notes.
  const cells = text
    .split(/^# %%.*$/m)
    .slice(1)
    .map(c =>
      c
        .split('\n')
        .filter(l => l !== '' && !l.startsWith('# [linearize]'))
        .join('\n')
    );
  const notes = plan.warnings.filter(w => w.code === 'history-var').length;
  return { cells, notes };
}

describe('history values in a notebook-order export', () => {
  it('translates `_` after a literal expression, with no note', () => {
    const r = exported(['2 + 3', 'print(_ * 2)']);
    expect(r.cells).toEqual([
      '_linearize_out_1 = 2 + 3',
      'print(_linearize_out_1 * 2)'
    ]);
    expect(r.notes).toBe(0);
  });

  it('leaves a cell alone when nothing reads its value', () => {
    expect(exported(['2 + 3', 'x = 1']).cells).toEqual(['2 + 3', 'x = 1']);
  });

  it('skips cells known not to set `_` (assignment, trailing `;`, empty)', () => {
    const r = exported(['7', 'x = 1', '8;', '', 'for i in []:\n    9', '_']);
    expect(r.cells[0]).toBe('_linearize_out_1 = 7');
    expect(r.cells[2]).toBe('8;');
    expect(r.cells[5]).toBe('_linearize_out_1');
    expect(r.notes).toBe(0);
  });

  it('does not translate past a cell that may or may not set `_`', () => {
    for (const between of ['f(1)', 'df.head()', 'a', '%time 5', 'None']) {
      const r = exported(['7', between, 'print(_)']);
      expect(r.cells[0]).toBe('7');
      expect(r.cells[2]).toBe('print(_)');
      expect(r.notes).toBe(1);
    }
  });

  it('counts never-None builtins as setting `_`, unless the notebook rebinds them', () => {
    expect(exported(['len([1, 2])', 'print(_)']).cells).toEqual([
      '_linearize_out_1 = len([1, 2])',
      'print(_linearize_out_1)'
    ]);
    const rebound = exported(['len = print', 'len([1, 2])', 'print(_)']);
    expect(rebound.cells[2]).toBe('print(_)');
    expect(rebound.notes).toBe(1);
  });

  it('shifts `__` and `___` through the setting cells', () => {
    const r = exported(['1', '"two"', 'y = 0', '[3]', 'print(_, __, ___)']);
    expect(r.cells[4]).toBe(
      'print(_linearize_out_4, _linearize_out_2, _linearize_out_1)'
    );
    expect(r.notes).toBe(0);
    // Only two values were shown: `___` does not exist, nothing is translated.
    const short = exported(['1', '2', 'print(_, ___)']);
    expect(short.cells[2]).toBe('print(_, ___)');
    expect(short.notes).toBe(1);
  });

  it('maps `Out[N]` and `_N` to the N-th cell that runs (empty cells do not)', () => {
    const r = exported(['1', '', '(2 + 2)', 'print(Out[2], _1)']);
    expect(r.cells[2]).toBe('_linearize_out_3 = (2 + 2)');
    expect(r.cells[3]).toBe('print(_linearize_out_3, _linearize_out_1)');
    expect(r.notes).toBe(0);
    // The second cell to run shows nothing: `_2` is not an output, nothing is translated.
    const none = exported(['1', 'x = 2', 'print(_2)']);
    expect(none.cells[2]).toBe('print(_2)');
    expect(none.notes).toBe(1);
  });

  it('leaves reads inside functions and a notebook-bound `_` as they were', () => {
    // (Neither had a history-var note before; the export keeps that too.)
    for (const [cells, last] of [
      [['5', 'def f():\n    return _'], 'def f():\n    return _'],
      [['5', '_ = 3', 'print(_)'], 'print(_)']
    ] as [string[], string][]) {
      const r = exported(cells);
      expect(r.cells[0]).toBe('5');
      expect(r.cells[r.cells.length - 1]).toBe(last);
    }
  });

  it('keeps the note for `Out` used otherwise than `Out[<int>]`', () => {
    for (const read of ['print(Out)', 'print(Out[0 + 1])', 'print(Out[-1])']) {
      const r = exported(['5', read]);
      expect(r.cells).toEqual(['5', read]);
      expect(r.notes).toBe(1);
    }
  });

  it('leaves a keyword argument named `_` alone, and `del _` untranslated', () => {
    expect(exported(['5', 'f(_=1, y=_)']).cells[1]).toBe(
      'f(_=1, y=_linearize_out_1)'
    );
    expect(exported(['5', 'print(_)\ndel _']).cells[1]).toBe('print(_)\ndel _');
  });

  it('chains a cell that reads `_` and shows a value itself', () => {
    expect(exported(['5', '[_]', 'print(_)']).cells).toEqual([
      '_linearize_out_1 = 5',
      '_linearize_out_2 = [_linearize_out_1]',
      'print(_linearize_out_2)'
    ]);
    // `_ + 1`: a name's value is not known to be non-None, so what follows stays noted.
    expect(exported(['5', '_ + 1', 'print(_)']).cells).toEqual([
      '_linearize_out_1 = 5',
      '_linearize_out_1 + 1',
      'print(_)'
    ]);
  });

  it('finds history names between any punctuation, and none inside longer names', () => {
    expect(exported(['7', 'y=_*2']).cells).toEqual([
      '_linearize_out_1 = 7',
      'y=_linearize_out_1*2'
    ]);
    expect(exported(['7', 'print(Out[1],_1)']).cells).toEqual([
      '_linearize_out_1 = 7',
      'print(_linearize_out_1,_linearize_out_1)'
    ]);
    // `a_`, `_a`, `__x`, `____`, `Outer`, `é_`, `_é`: names of their own, not history reads.
    const plain = 'a_ = _a = __x = ____ = Outer = é_ = _é = 1\nprint(a_, _a)';
    const r = exported(['7', plain]);
    expect(r.cells).toEqual(['7', plain]);
    expect(r.notes).toBe(0);
  });

  it('is deterministic', () => {
    const src = ['2 + 3', 'print(_ * 2)', '[1]', 'print(__)'];
    expect(exported(src)).toEqual(exported(src));
  });

  it('walks only the cells a history reader reaches; the plans stay the same', () => {
    const sources = [
      'a = 1',
      '7',
      'x = 1',
      'print(_)',
      '8',
      'y = [i for i in range(3)]'
    ];
    const cells = sources.map(source => ({ source, facts: getFacts(source) }));
    const spy = jest.spyOn(parse, 'parsePython');
    try {
      const plans = planHistory(cells, new Set(['a', 'x', 'y', 'i']));
      const walked = spy.mock.calls.map(c => c[0]);
      // The reader, then upwards to the cell that sets `_`; not `a = 1` above it, nor the
      // cells after the last reader.
      expect(walked).toEqual(['print(_)', 'x = 1', '7']);
      expect(plans.map(p => p.assign)).toEqual([
        null,
        '_linearize_out_2',
        null,
        null,
        null,
        null
      ]);
      expect(plans[1].assignAt).toBe(0);
      expect(plans[3].replace).toEqual([
        { from: 6, to: 7, name: '_linearize_out_2' }
      ]);
    } finally {
      spy.mockRestore();
    }
    // Beyond the boundary, the same text as before: `8` is not assigned, `_` after it noted.
    expect(exported([...sources, '_']).cells).toEqual([
      'a = 1',
      '_linearize_out_2 = 7',
      'x = 1',
      'print(_linearize_out_2)',
      '_linearize_out_5 = 8',
      'y = [i for i in range(3)]',
      '_linearize_out_5'
    ]);
  });
});
