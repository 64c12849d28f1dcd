/**
 * Compaction keeps the record bounded by the notebook, not by the number of executions,
 * and keeps the verdicts.
 */
import fc from 'fast-check';
import type { IExecutionRecord, IFinding, IReport } from '../../types';
import { analyze } from '../../verdicts/analyzer';
import { action, apply, SOURCES } from '../../verdicts/__tests__/actions';
import { Sim } from '../../verdicts/__tests__/sim';
import { compact } from '../compact';
import { COMPACT_EVERY, COMPACT_FROM } from '../executionLog';
import { toMetadata } from '../metadata';

/** A 30-cell analysis notebook of realistic cell sizes (imports, loading, features, plots). */
function realisticSources(): string[] {
  const out = [
    'import numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt\n%matplotlib inline',
    "df = pd.read_csv('data/measurements.csv', parse_dates=['time'])\ndf.head()"
  ];
  for (let i = 2; i < 30; i++) {
    const prev = `f${i - 1}`;
    out.push(
      i % 5 === 0
        ? `fig, ax = plt.subplots(figsize=(8, 4))\nax.plot(df['time'], df['${prev}'])\n` +
            `ax.set_title('feature ${prev} over time')\nplt.show()`
        : i % 7 === 0
          ? `df.dropna(subset=['${prev}'], inplace=True)\nprint(len(df), df['${prev}'].describe())`
          : `df['f${i}'] = (df['${i > 2 ? prev : 'value'}'] - df['${i > 2 ? prev : 'value'}'].mean())` +
            ` / df['${i > 2 ? prev : 'value'}'].std()\nthreshold_${i} = np.percentile(df['f${i}'], 95)`
    );
  }
  return out;
}

/** A deterministic pseudo-random sequence (a 32-bit LCG), so the measured size is stable. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * 1,000 executions the way people work: mostly re-running the cell they are on and its
 * neighbours, sometimes editing it first (a new source each time), Run All now and then,
 * and a kernel restart every ~300 executions.
 */
function longSession(): {
  sim: Sim;
  record: IExecutionRecord;
  runs: number;
  peak: number;
} {
  const sim = new Sim(realisticSources());
  const rand = lcg(42);
  let runs = 0;
  let peak = 0;
  const measure = (): void => {
    peak = Math.max(peak, jsonSize(sim.record));
  };
  let at = 0;
  let edit = 0;
  while (runs < 1000) {
    const r = rand();
    if (r < 0.02) {
      for (const c of sim.cells) {
        if (runs < 1000) {
          sim.run(c.id);
          runs++;
          measure();
        }
      }
      continue;
    }
    if (r < 0.025) {
      sim.restart();
    }
    at = Math.max(
      0,
      Math.min(sim.cells.length - 1, at + Math.floor(rand() * 5) - 2)
    );
    const cell = sim.cells[at];
    if (rand() < 0.15) {
      sim.edit(cell.id, `${cell.source}\n# tweak ${++edit}`);
    }
    sim.run(cell.id);
    runs++;
    measure();
  }
  return { sim, record: sim.record, runs, peak };
}

const jsonSize = (r: IExecutionRecord): number =>
  JSON.stringify(toMetadata(r)).length;

/** Findings without the parts compaction may legitimately change (see compact.ts). */
function comparable(
  report: IReport
): Omit<IFinding, 'rerun' | 'related' | 'message' | 'text'>[] {
  return report.findings.map(f =>
    f.kind === 'unsafe'
      ? { kind: f.kind, severity: f.severity, cell: f.cell, names: f.names }
      : f
  );
}

describe('compaction', () => {
  it('keeps the record of 1,000 executions on a 30-cell notebook under 48 KB, never above 160 KB', () => {
    const { sim, record, runs, peak } = longSession();
    expect(runs).toBe(1000);
    const size = jsonSize(record);
    const sourcesSize = sim.cells.reduce((n, c) => n + c.source.length, 0);
    // Printed so the README's figure can be checked: `npx jest src/core/record`.
    console.log(
      `record after ${runs} executions: ${record.runs.length} runs, ` +
        `${Object.keys(record.sources).length} sources, ${size} bytes of JSON ` +
        `(the notebook's code is ${sourcesSize} characters); peak ${peak} bytes; ` +
        `${jsonSize(compact(record, { liveCellIds: sim.cells.map(c => c.id) }))} bytes compacted`
    );
    // Bound: every cell's last run plus the runs it read from and the first later writer
    // per reader (~4 runs per cell at ~170 bytes each), plus each kept run's source once
    // (at most a few versions of each cell's ~150 characters): 30 × (4 × 170 + 3 × 200)
    // ≈ 38 KB. Without compaction it is ~1,000 runs and every edited version (~250 KB).
    expect(size).toBeLessThan(48 * 1024);
    // Between two compactions the record grows by up to COMPACT_EVERY runs past
    // COMPACT_FROM: ~770 runs of ~170 bytes plus their sources.
    expect(record.runs.length).toBeLessThan(COMPACT_FROM + COMPACT_EVERY);
    expect(peak).toBeLessThan(160 * 1024);
  });

  it('keeps the verdicts of that long session', () => {
    const { sim, record } = longSession();
    expect(sim.raw.runs).toHaveLength(1000);
    const snapshot = sim.snapshot();
    expect(comparable(analyze(snapshot, record))).toEqual(
      comparable(analyze(snapshot, sim.raw))
    );
    const again = compact(record);
    expect(comparable(analyze(snapshot, again))).toEqual(
      comparable(analyze(snapshot, sim.raw))
    );
    expect(compact(again)).toBe(again);
  });

  it('keeps the verdicts of any session (unsafe re-run chains may lose their far end)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(SOURCES.length - 1), { minLength: 1, maxLength: 8 }),
        fc.array(action, { maxLength: 60 }),
        (initial, actions) => {
          const sim = new Sim(initial.map(i => SOURCES[i]));
          for (const act of actions) {
            apply(sim, act);
          }
          const snapshot = sim.snapshot();
          const live = sim.cells.map(c => c.id);
          const small = compact(sim.record, { liveCellIds: live });
          expect(small.runs.length).toBeLessThanOrEqual(sim.record.runs.length);
          expect(comparable(analyze(snapshot, small))).toEqual(
            comparable(analyze(snapshot, sim.record))
          );
        }
      ),
      { numRuns: 300 }
    );
  });

  it('drops sources no kept run uses, and the runs of deleted cells nobody read from', () => {
    const sim = new Sim(['x = 1', 'y = 2', 'print(x)']).runAll();
    sim.edit('c2', 'y = 3').run('c2').edit('c2', 'y = 4').run('c2');
    sim.delete('c2');
    const small = compact(sim.record, {
      liveCellIds: sim.cells.map(c => c.id)
    });
    expect(small.runs.map(r => r.cellId)).toEqual(['c1', 'c3']);
    expect(Object.values(small.sources).sort()).toEqual(['print(x)', 'x = 1']);
  });

  it("keeps only the last writer of each name and each cell's last run from earlier sessions, renumbering sessions", () => {
    const sim = new Sim(['x = 1', 'x = 2', 'y = 3'])
      .runAll()
      .restart()
      .run('c3')
      .restart()
      .run('c1');
    const small = compact(sim.record);
    expect(small.sessions).toHaveLength(3);
    expect(small.runs.map(r => [r.cellId, r.session])).toEqual([
      ['c1', 0], // c1's last run before this session: what a saved output is compared with
      ['c2', 0],
      ['c3', 1],
      ['c1', 2]
    ]);
  });

  it('is applied by appendRun as the record grows', () => {
    const sim = new Sim(['x = 0', 'x += 1']);
    for (let i = 0; i < COMPACT_FROM + 10; i++) {
      sim.run('c1', 'c2');
    }
    // Without compaction there would be 1,044 runs.
    expect(sim.record.runs.length).toBeLessThan(COMPACT_FROM);
    expect(sim.record.runs.at(-1)?.seq).toBe(2 * (COMPACT_FROM + 10));
    expect(sim.raw.runs).toHaveLength(2 * (COMPACT_FROM + 10));
    expect(analyze(sim.snapshot(), sim.record)).toEqual(
      analyze(sim.snapshot(), sim.raw)
    );
  });
});
