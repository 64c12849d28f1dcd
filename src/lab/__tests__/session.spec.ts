import { NotebookModel } from '@jupyterlab/notebook';
import { NotebookSession } from '../session';
import { DEFAULT_SETTINGS } from '../settings';

function model(sources: string[]): NotebookModel {
  const m = new NotebookModel();
  m.sharedModel.insertCells(
    0,
    sources.map((source, i) => ({
      cell_type: 'code',
      source,
      id: `c${i}`,
      metadata: {}
    }))
  );
  return m;
}

/** One run, and its pass at once (reading the report runs it). */
const run = (
  session: NotebookSession,
  cellId: string,
  source: string,
  count: number
) => {
  session.recordRun({
    cellId,
    source,
    executionCount: count,
    status: 'ok',
    time: 't'
  });
  return session.report;
};

describe('NotebookSession (on a real NotebookModel)', () => {
  it('records runs, reports verdicts and writes the record into the metadata on flush', () => {
    const m = model(['y = x * 2', 'x = 10']);
    const session = new NotebookSession(m, DEFAULT_SETTINGS);
    const reports: boolean[] = [];
    session.reportChanged.connect((_, r) => reports.push(r.linear));
    session.startKernelSession('k1');
    run(session, 'c1', 'x = 10', 1);
    run(session, 'c0', 'y = x * 2', 2);
    expect(session.report.linear).toBe(false);
    expect(
      session.report.findings.some(
        f => f.kind === 'out-of-order' && f.cell?.id === 'c0'
      )
    ).toBe(true);
    expect(reports.length).toBeGreaterThanOrEqual(3);
    session.flush();
    const stored = m.getMetadata('linearize') as { runs: { cellId: string }[] };
    expect(stored.runs.map(r => r.cellId)).toEqual(['c1', 'c0']);
    session.dispose();
  });

  it('re-attaches the record when a cell comes back with a new id and the same source', () => {
    const m = model(['a = 1', 'b = a + 1']);
    const session = new NotebookSession(m, DEFAULT_SETTINGS);
    session.startKernelSession('k1');
    run(session, 'c0', 'a = 1', 1);
    run(session, 'c1', 'b = a + 1', 2);
    // What cut + paste and a type change do: remove the cell, insert one with a new id.
    m.sharedModel.deleteCell(1);
    m.sharedModel.insertCell(1, {
      cell_type: 'code',
      source: 'b = a + 1',
      id: 'fresh',
      metadata: {}
    });
    expect(session.record.runs.map(r => r.cellId)).toEqual(['c0', 'fresh']);
    session.dispose();
  });

  it('does not re-attach a copy (the original is still there)', () => {
    const m = model(['a = 1']);
    const session = new NotebookSession(m, DEFAULT_SETTINGS);
    run(session, 'c0', 'a = 1', 1);
    m.sharedModel.insertCell(1, {
      cell_type: 'code',
      source: 'a = 1',
      id: 'copy',
      metadata: {}
    });
    expect(session.record.runs.map(r => r.cellId)).toEqual(['c0']);
    session.dispose();
  });

  it('keeps an unreadable record untouched in the file and works in memory', () => {
    const m = model(['a = 1']);
    const future = { version: 99, runs: 'from the future' };
    m.setMetadata('linearize', future);
    const session = new NotebookSession(m, DEFAULT_SETTINGS);
    expect(session.recordWarning).toMatch(/newer|version/);
    run(session, 'c0', 'a = 1', 1);
    session.flush();
    expect(m.getMetadata('linearize')).toEqual(future);
    expect(session.record.runs).toHaveLength(1);
    session.dispose();
  });

  it('keeps the record out of the file when persistence is off, and removes ours', () => {
    const m = model(['a = 1']);
    const session = new NotebookSession(m, DEFAULT_SETTINGS);
    run(session, 'c0', 'a = 1', 1);
    session.flush();
    expect(m.getMetadata('linearize')).toBeDefined();
    session.settings = { ...DEFAULT_SETTINGS, persistRecord: false };
    expect(m.getMetadata('linearize')).toBeUndefined();
    run(session, 'c0', 'a = 1', 2);
    session.flush();
    expect(m.getMetadata('linearize')).toBeUndefined();
    expect(session.record.runs).toHaveLength(2);
    session.dispose();
  });

  it('records nothing when recording is off, and clearRecord forgets everything', () => {
    const m = model(['a = 1']);
    const session = new NotebookSession(m, {
      ...DEFAULT_SETTINGS,
      recording: false
    });
    run(session, 'c0', 'a = 1', 1);
    expect(session.record.runs).toHaveLength(0);
    session.settings = DEFAULT_SETTINGS;
    run(session, 'c0', 'a = 1', 2);
    expect(session.record.runs).toHaveLength(1);
    session.clearRecord();
    expect(session.record.runs).toHaveLength(0);
    expect(m.getMetadata('linearize')).toBeUndefined();
    session.dispose();
  });

  it('upgrades an nbformat 4.4 document to 4.5 when it records, so cell ids are saved', () => {
    const m = model(['a = 1']);
    (m.sharedModel as unknown as { nbformat_minor: number }).nbformat_minor = 4;
    const session = new NotebookSession(m, DEFAULT_SETTINGS);
    expect(m.nbformatMinor).toBe(4);
    run(session, 'c0', 'a = 1', 1);
    expect(m.nbformatMinor).toBe(5);
    expect(m.sharedModel.getCell(0).source).toBe('a = 1');
    session.dispose();
  });
});

describe('environment, data and randomness verdicts, live (issue 12)', () => {
  it('reports them through the session report, and keeps what the companion saw in the record', async () => {
    const m = model([
      'import numpy as np\nimport pandas as pd',
      'x = np.random.rand(3)',
      'df = pd.read_csv("data.csv")'
    ]);
    const session = new NotebookSession(m, DEFAULT_SETTINGS);
    session.startKernelSession('k1');
    run(session, 'c0', 'import numpy as np\nimport pandas as pd', 1);
    run(session, 'c1', 'x = np.random.rand(3)', 2);
    expect(
      session.report.findings.filter(f => f.kind === 'unseeded-random')
    ).toHaveLength(1);
    // The companion's answers after run 3: the file as read, then the file now changed.
    run(session, 'c2', 'df = pd.read_csv("data.csv")', 3);
    session.setObserved(
      3,
      [{ path: 'data.csv', md5: 'a'.repeat(32), size: 3 }],
      [{ distribution: 'pandas', version: '1.5.3', modules: ['pandas'] }]
    );
    session.pillars.setFingerprints([
      { kind: 'file', path: 'data.csv', md5: 'b'.repeat(32), size: 4 }
    ]);
    session.pillars.setEnvironment({
      python: '3.11.7',
      implementation: 'CPython',
      os: 'Linux',
      system: 'Linux',
      machine: 'x86_64',
      packages: [{ name: 'pandas', version: '2.2.0', modules: ['pandas'] }],
      local: []
    });
    await new Promise(resolve => setTimeout(resolve, 50));
    const kinds = session.report.findings.map(f => f.kind);
    expect(kinds).toContain('data-changed');
    expect(kinds).toContain('env-drift');
    session.flush();
    const stored = m.getMetadata('linearize') as {
      version: number;
      observed: { data: Record<string, unknown> };
    };
    expect(stored.version).toBe(2);
    expect(Object.keys(stored.observed.data)).toEqual(['data.csv']);
    session.dispose();
  });
});

describe('NotebookSession: the document stays clean until something runs', () => {
  it('does not write the record (no unsaved changes) when a notebook opens and its kernel starts', () => {
    const m = model(['a = 1']);
    m.dirty = false;
    const session = new NotebookSession(m, DEFAULT_SETTINGS);
    session.startKernelSession('k1');
    session.flush();
    expect(m.dirty).toBe(false);
    expect(m.getMetadata('linearize')).toBeUndefined();
    run(session, 'c0', 'a = 1', 1);
    session.flush();
    expect(m.dirty).toBe(true);
    expect(
      (m.getMetadata('linearize') as { sessions: unknown[] }).sessions
    ).toHaveLength(1);
    session.dispose();
  });

  it('does not rewrite a stored record when the notebook is reopened', () => {
    const m = model(['a = 1']);
    const first = new NotebookSession(m, DEFAULT_SETTINGS);
    first.startKernelSession('k1');
    run(first, 'c0', 'a = 1', 1);
    first.flush();
    const stored = m.getMetadata('linearize');
    first.dispose();
    m.dirty = false;
    const reopened = new NotebookSession(m, DEFAULT_SETTINGS);
    reopened.startKernelSession('k2');
    reopened.flush();
    expect(m.dirty).toBe(false);
    expect(m.getMetadata('linearize')).toEqual(stored);
    reopened.dispose();
  });

  it('knows where a deleted cell stood, to put it back there', () => {
    const m = model(['a = 1', 'b = 2', 'c = 3']);
    const session = new NotebookSession(m, DEFAULT_SETTINGS);
    m.sharedModel.deleteCell(1);
    expect(session.placeOfRemoved('c1')).toBe(1);
    // A cell inserted above its old neighbour moves the place along.
    m.sharedModel.insertCell(0, {
      cell_type: 'code',
      source: 'z = 0',
      id: 'z',
      metadata: {}
    });
    expect(session.placeOfRemoved('c1')).toBe(2);
    expect(session.placeOfRemoved('never-there')).toBeNull();
    session.dispose();
  });
});
