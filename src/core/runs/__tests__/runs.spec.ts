import {
  diffRuns,
  formatDifferences,
  parseRuns,
  pickRun,
  RunRefError
} from '..';

const BASE = {
  version: 1,
  started: '2026-01-01T00:00:00Z',
  seconds: 1.5,
  status: 'ok',
  error: null,
  git: { commit: 'a'.repeat(40), dirty: false },
  script_sha256: 's1',
  params: {
    file: 'train.params.yaml',
    sha256: 'p1',
    overrides: {},
    values: { 'training.lr': 0.05, 'data.read_csv.path': 'data/train.csv' }
  },
  data: [{ path: 'data/train.csv', md5: 'd1', changed: false }],
  outputs: [{ path: 'models/m.joblib', md5: 'o1', size: 10 }],
  env: { python: '3.11.4', packages: { numpy: '1.26.0', PyYAML: '6.0.1' } }
};

function line(patch: Record<string, unknown>): string {
  return JSON.stringify({ ...BASE, ...patch });
}

describe('run records', () => {
  it('parses lines, reports the ones that are not runs', () => {
    const { runs, problems } = parseRuns(
      `${line({})}\nnot json\n{"x": 1}\n\n${line({ status: 'error', error: 'KeyError' })}\n`
    );
    expect(runs.map(r => [r.status, r.error])).toEqual([
      ['ok', null],
      ['error', 'KeyError']
    ]);
    expect(problems.map(p => p.line)).toEqual([2, 3]);
  });

  it('picks runs by 1-based index or from the end', () => {
    const { runs } = parseRuns(
      [line({ seconds: 1 }), line({ seconds: 2 })].join('\n')
    );
    expect(pickRun(runs, '1').seconds).toBe(1);
    expect(pickRun(runs, '-1').seconds).toBe(2);
    expect(pickRun(runs, 'last').seconds).toBe(2);
    expect(() => pickRun(runs, '3')).toThrow(RunRefError);
    expect(() => pickRun(runs, '0')).toThrow(RunRefError);
  });

  it('says key by key what differs in code, config, environment, data and outputs', () => {
    const { runs } = parseRuns(
      [
        line({}),
        line({
          script_sha256: 's2',
          params: {
            ...BASE.params,
            overrides: { 'training.lr': 0.02 },
            values: { ...BASE.params.values, 'training.lr': 0.02 }
          },
          data: [{ path: 'data/train.csv', md5: 'd2', changed: true }],
          outputs: [{ path: 'models/m.joblib', md5: 'o2', size: 12 }],
          env: {
            python: '3.11.4',
            packages: { numpy: '2.0.0', PyYAML: '6.0.1' }
          }
        })
      ].join('\n')
    );
    const diffs = diffRuns(runs[0], runs[1]);
    expect(diffs.map(d => `${d.aspect} ${d.key}`)).toEqual([
      'code script_sha256',
      'config training.lr',
      'environment numpy',
      'data data/train.csv',
      'outputs models/m.joblib'
    ]);
    expect(formatDifferences(diffs)).toContain(
      'config: training.lr 0.05 → 0.02'
    );
    expect(formatDifferences(diffs)).toContain(
      'data: data/train.csv changed (md5 d1 → md5 d2)'
    );
    expect(diffRuns(runs[0], runs[0])).toEqual([]);
  });

  it('falls back to the config file hash when values were not recorded', () => {
    const params = { file: 'p.yaml', sha256: 'p1', overrides: {} };
    const { runs } = parseRuns(
      [line({ params }), line({ params: { ...params, sha256: 'p2' } })].join(
        '\n'
      )
    );
    expect(formatDifferences(diffRuns(runs[0], runs[1]))).toEqual([
      'config: params.sha256 p1 → p2'
    ]);
  });
});
