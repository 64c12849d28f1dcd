/**
 * The three orders: notebook, history (what ran in the current kernel session, including
 * versions of cells later edited or deleted) and slice (only what a cell's result needs).
 */
import {
  exportNotebook,
  ExportOptionsError,
  historyUnits,
  sliceIndices
} from '..';
import type { LinearizeError } from '../../errors';
import { getFacts } from '../../facts/factsCache';
import { MARKING } from '../../__tests__/marking';
import {
  appendRun,
  emptyRecord,
  startSession
} from '../../record/executionLog';
import type {
  IExecutionRecord,
  INotebookSnapshot,
  RunStatus
} from '../../types';
import type { IExportUnit } from '../types';
import { snapshot } from './golden';

const T = '2024-01-01T00:00:00Z';
const OPTIONS = { notebook: 'nb.ipynb', createdAt: T, noParams: true } as const;

/** A record of `runs` in a new session (after an older session that ran `old = 1`). */
function record(
  runs: readonly [string, string, RunStatus?][]
): IExecutionRecord {
  let r = startSession(emptyRecord(), 'k0', T);
  r = appendRun(r, {
    cellId: 'gone',
    source: 'old = 1',
    executionCount: 1,
    status: 'ok',
    time: T
  });
  r = startSession(r, 'k1', T);
  runs.forEach(([cellId, source, status], i) => {
    r = appendRun(r, {
      cellId,
      source,
      executionCount: i + 1,
      status: status ?? 'ok',
      time: T
    });
  });
  return r;
}

/** The code of each cell of a script, by marker line. */
function cellsOf(script: string): { marker: string; code: string }[] {
  const parts = script.split(/^(?=# %%)/m).slice(1);
  return parts.map(p => {
    const [marker, ...rest] = p.split('\n');
    return { marker, code: rest.join('\n').trim() };
  });
}

describe('history order', () => {
  const nb = snapshot([
    { id: 'a', source: 'x = 1', count: 1 },
    { id: 'b', source: 'y = x + 10', count: 2 },
    { id: 'c', source: 'print(y)', count: 4 }
  ]);
  const rec = record([
    ['a', 'x = 1'],
    ['b', 'y = x + 1'],
    ['d', 'z = 5'],
    ['b', 'y = x + 2'],
    ['c', 'print(y)'],
    ['c', 'print(y, w)', 'error']
  ]);

  it('replays the sources that ran, old versions and deleted cells included', () => {
    const plan = exportNotebook(nb, rec, { ...OPTIONS, order: 'history' });
    const cells = cellsOf(plan.files[0].text);
    expect(cells.map(c => c.marker)).toEqual([
      '# %% [id=a] run 2',
      '# %% [id=b] run 3, edited since',
      '# %% [id=d] run 4, deleted',
      '# %% [id=b] run 5, edited since',
      '# %% [id=c] run 6',
      '# %% [id=c] run 7, edited since, raised an error'
    ]);
    expect(cells.map(c => c.code.split('\n').pop())).toEqual([
      'x = 1',
      'y = x + 1',
      'z = 5',
      'y = x + 2',
      'print(y)',
      '# print(y, w)'
    ]);
    // The previous session's run is not part of this history.
    expect(plan.files[0].text).not.toContain('old = 1');
    expect(plan.warnings.map(w => w.code)).toContain('errored-run');
    expect(plan.cells).toBe(6);
  });

  it('needs a record', () => {
    expect(() =>
      exportNotebook(nb, null, { ...OPTIONS, order: 'history' })
    ).toThrow(ExportOptionsError);
    expect(() => historyUnits(nb, startSession(emptyRecord(), 'k', T))).toThrow(
      /no cell ran/
    );
  });

  it('marks a run whose source the record lacks', () => {
    const broken: IExecutionRecord = { ...rec, sources: {} };
    const plan = exportNotebook(nb, broken, { ...OPTIONS, order: 'history' });
    expect(plan.warnings.filter(w => w.code === 'missing-source')).toHaveLength(
      6
    );
  });
});

describe('slice order', () => {
  const sources: [string, string][] = [
    ['imp', 'import numpy as np'],
    ['data', 'data = [1, 2, 3]'],
    ['noise', 'unrelated = 42\nprint(unrelated)'],
    ['seed', 'np.random.seed(0)'],
    ['more', 'data.append(4)'],
    ['plot', 'print(len(data))'],
    ['fn', 'def scaled(v):\n    return [e * scale for e in v]'],
    ['scale', 'scale = 3'],
    ['other', 'scale2 = 7'],
    ['total', 'total = sum(scaled(data))'],
    ['show', 'print(total)']
  ];
  const nb = snapshot(
    sources.map(([id, source], i) => ({ id, source, count: i + 1 }))
  );
  const rec = record(sources);

  it('keeps only the runs the result depends on', () => {
    const plan = exportNotebook(nb, rec, {
      ...OPTIONS,
      order: 'slice',
      cell: 'show'
    });
    const ids = cellsOf(plan.files[0].text).map(
      c => /\[id=(\w+)\]/.exec(c.marker)?.[1]
    );
    // The seed changes process state the facts cannot see: always kept (and it needs np).
    expect(ids).toEqual([
      'imp',
      'data',
      'seed',
      'more',
      'fn',
      'scale',
      'total',
      'show'
    ]);
    expect(plan.warnings.filter(w => w.code === 'slice-fallback')).toEqual([]);
  });

  it('is minimal for a chain', () => {
    const units: IExportUnit[] = [
      'a = 1',
      'b = 2',
      'c = a + 1',
      'a = 5',
      'd = c * 2'
    ].map((source, i) => ({
      type: 'code',
      cellId: `u${i}`,
      cellIndex: i,
      source
    }));
    // `d` needs `c`, which read the first `a`: the later `a = 5` and `b` are not needed.
    expect(sliceIndices(units, 4, u => getFacts(u.source))).toEqual([0, 2, 4]);
  });

  it('keeps an augmented assignment and its initial value', () => {
    const units: IExportUnit[] = ['n = 0', 'n += 1', 'm = 9', 'print(n)'].map(
      (source, i) => ({
        type: 'code',
        cellId: `u${i}`,
        cellIndex: i,
        source
      })
    );
    expect(sliceIndices(units, 3, u => getFacts(u.source))).toEqual([0, 1, 3]);
  });

  it('falls back to notebook order without a record, with a warning', () => {
    const plan = exportNotebook(nb, null, {
      ...OPTIONS,
      order: 'slice',
      cell: 'plot'
    });
    const ids = cellsOf(plan.files[0].text).map(
      c => /\[id=(\w+)\]/.exec(c.marker)?.[1]
    );
    expect(ids).toEqual(['imp', 'data', 'seed', 'more', 'plot']);
    expect(plan.warnings.map(w => w.code)).toContain('slice-fallback');
  });

  it('refuses an unknown or non-code cell', () => {
    expect(() =>
      exportNotebook(nb, rec, { ...OPTIONS, order: 'slice', cell: 'nope' })
    ).toThrow(ExportOptionsError);
    expect(() =>
      exportNotebook(nb, rec, { ...OPTIONS, order: 'slice' })
    ).toThrow(/needs a cell id/);
    const md: INotebookSnapshot = snapshot([
      { id: 'm', type: 'markdown', source: '# t' }
    ]);
    expect(() =>
      exportNotebook(md, null, { ...OPTIONS, order: 'slice', cell: 'm' })
    ).toThrow(/not code/);
  });

  it('words its refusals in English, and through a translator for the lab', () => {
    const refusal = (f: () => unknown): LinearizeError => {
      try {
        f();
      } catch (e) {
        return e as LinearizeError;
      }
      throw new Error('no refusal');
    };
    const md: INotebookSnapshot = snapshot([
      { id: 'm', type: 'markdown', source: '# t' }
    ]);
    const cases: [LinearizeError, string][] = [
      [
        refusal(() =>
          exportNotebook(nb, rec, { ...OPTIONS, order: 'slice', cell: 'nope' })
        ),
        'no cell with id "nope" in the notebook'
      ],
      [
        refusal(() => exportNotebook(nb, rec, { ...OPTIONS, order: 'slice' })),
        'the slice order needs a cell id (--cell ID)'
      ],
      [
        refusal(() =>
          exportNotebook(md, null, { ...OPTIONS, order: 'slice', cell: 'm' })
        ),
        'cell "m" is a markdown cell, not code'
      ],
      [
        refusal(() =>
          exportNotebook(md, null, { ...OPTIONS, order: 'history' })
        ),
        'the history order needs the execution record that the JupyterLab extension saves in the notebook; this notebook has none'
      ],
      [
        refusal(() => exportNotebook({ ...md, language: 'r' }, null, OPTIONS)),
        "the notebook's kernel language is r, not Python: only Python notebooks can be exported"
      ]
    ];
    for (const [e, english] of cases) {
      expect(e.message).toBe(english);
      expect(e.said(MARKING)).toMatch(/^«.*»$/);
      expect(e.said(MARKING).replace(/[«»]/g, '')).toBe(english);
    }
  });
});

describe('notebook order of a non-linear notebook', () => {
  it('still exports, and lists the findings that make it differ', () => {
    const nb = snapshot([
      { id: 'a', source: 'x = 1', count: 2 },
      { id: 'b', source: 'y = x * 2', count: 3 },
      { id: 'c', source: 'x = 100', count: 1 }
    ]);
    const rec = record([
      ['c', 'x = 100'],
      ['a', 'x = 1'],
      ['b', 'y = x * 2'],
      ['a', 'x = 7']
    ]);
    const plan = exportNotebook(nb, rec, OPTIONS);
    expect(plan.verdict.linear).toBe(false);
    expect(plan.differences.length).toBeGreaterThan(0);
    expect(plan.manifest.source.verdict.linear).toBe(false);
    expect(plan.files[0].text).toMatch(
      /^# Verdict: not linear: \d+ findings? makes? this script differ/m
    );
    expect(plan.cells).toBe(3);
  });

  it('has no differences when linear', () => {
    const nb = snapshot([
      { id: 'a', source: 'x = 1', count: 1 },
      { id: 'b', source: 'print(x)', count: 2 }
    ]);
    const plan = exportNotebook(
      nb,
      record([
        ['a', 'x = 1'],
        ['b', 'print(x)']
      ]),
      OPTIONS
    );
    expect(plan.verdict.linear).toBe(true);
    expect(plan.differences).toEqual([]);
  });
});

describe('an executed cell the export comments out (issue 12)', () => {
  it('makes the export not linear and names the cell', () => {
    const nb = snapshot([
      { source: 'name = "world"', count: 1 },
      { source: 'print "hello", name\ngreeting = name', count: 2 },
      { source: 'print(greeting)', count: 3 }
    ]);
    const plan = exportNotebook(nb, null, OPTIONS);
    expect(plan.differences.map(f => [f.kind, f.cell?.index])).toEqual([
      ['syntax-error', 1]
    ]);
    expect(plan.differences[0].message).toMatch(/cell 2 ran in the notebook/);
    expect(plan.files[0].text).toMatch(
      /^# Verdict: not linear: 1 finding makes/m
    );
  });

  it('stays linear when the commented-out cell never ran', () => {
    const nb = snapshot([
      { source: 'x = 1', count: 1 },
      { source: 'print "never run"' }
    ]);
    expect(exportNotebook(nb, null, OPTIONS).differences).toEqual([]);
  });
});

describe('the header verdict with history-var notes left', () => {
  const notes = (text: string): number =>
    text.split('\n').filter(l => l.includes('] history-var: ')).length;
  const verdict = (text: string): string =>
    /^# Verdict: (.*)$/m.exec(text)?.[1] ?? '';

  it('says plain "linear" only when no note remains', () => {
    const plan = exportNotebook(
      snapshot([
        { source: 'x = 1', count: 1 },
        { source: 'print(x)', count: 2 }
      ]),
      null,
      OPTIONS
    );
    expect(notes(plan.files[0].text)).toBe(0);
    expect(verdict(plan.files[0].text)).toBe(
      'linear: no finding makes this script differ from what the notebook shows.'
    );
  });

  it('qualifies "linear" with the count of notes', () => {
    // Never run: the analyser's history-var finding is about executed cells.
    const plan = exportNotebook(
      snapshot([
        { source: 'x = 1' },
        { source: 'y = _ + 1' },
        { source: 'z = Out[1]' },
        { source: 'print(_2)' }
      ]),
      null,
      OPTIONS
    );
    const text = plan.files[0].text;
    expect(plan.verdict.linear).toBe(true);
    expect(notes(text)).toBe(3);
    expect(verdict(text)).toBe(
      "linear in notebook order, but 3 cells read IPython's output history, which a script does not have: it may fail or differ there (3 history-var notes below)."
    );
  });

  it('adds the count to a not-linear verdict', () => {
    const plan = exportNotebook(
      snapshot([
        { source: 'print "hello"', count: 1 },
        { source: 'y = _', count: 2 }
      ]),
      null,
      OPTIONS
    );
    const text = plan.files[0].text;
    expect(notes(text)).toBe(1);
    expect(verdict(text)).toMatch(
      /^not linear: 2 findings make this script differ .*\. 1 cell reads IPython's output history, .* \(1 history-var note below\)\.$/
    );
  });
});
