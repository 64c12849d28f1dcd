/**
 * The incremental engine: after any sequence of edits and runs, `Analyzer.update` must
 * give exactly what a fresh `analyze` gives; one more run must not re-read the notebook's
 * facts; each distinct source is parsed once.
 */
import fc from 'fast-check';
import { factsCache, getFacts } from '../../facts/factsCache';
import type { ICellFacts, IReport } from '../../types';
import { analyze, Analyzer } from '../analyzer';
import { action, apply, SOURCES } from './actions';
import { kindsOn, Sim } from './sim';

describe('Analyzer.update', () => {
  it('equals a fresh analysis after every step of any edit/run sequence', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(SOURCES.length - 1), { minLength: 1, maxLength: 8 }),
        fc.array(action, { maxLength: 40 }),
        fc.boolean(),
        (initial, actions, outputs) => {
          const sim = new Sim(initial.map(i => SOURCES[i]));
          if (outputs) {
            sim.withOutputs(); // saved outputs stay on screen across restarts
          }
          const analyzer = new Analyzer();
          let snapshot = sim.snapshot();
          analyzer.update(snapshot, sim.record);
          for (const act of actions) {
            apply(sim, act);
            // 'same' passes the very same snapshot object again (the cheap path).
            snapshot = act.a === 'same' ? snapshot : sim.snapshot();
            const incremental = analyzer.update(snapshot, sim.record);
            expect(incremental).toEqual(analyze(snapshot, sim.record));
          }
        }
      ),
      { numRuns: 300 }
    );
  });

  it('switches between file-only and recorded mode', () => {
    const sim = new Sim(['x = 1', 'print(x)']).run('c2', 'c1');
    const analyzer = new Analyzer();
    const snap = sim.snapshot();
    expect(analyzer.update(snap, null)).toEqual(analyze(snap, null));
    expect(analyzer.update(snap, sim.record)).toEqual(
      analyze(snap, sim.record)
    );
    expect(analyzer.update(snap, null)).toEqual(analyze(snap, null));
  });

  it('recomputes only the cell that ran when nothing reads what it wrote', () => {
    const sources = Array.from({ length: 1000 }, (_, i) => `v${i} = ${i}`);
    const sim = new Sim(sources).runAll();
    const analyzer = new Analyzer();
    analyzer.update(sim.snapshot(), sim.record);
    expect(analyzer.stats.rebuilt).toBe(true);
    sim.run('c300');
    // A new snapshot object with new cell objects and output arrays, as the lab makes.
    analyzer.update(sim.snapshot(), sim.record);
    expect(analyzer.stats).toEqual({ rebuilt: false, cells: 1 });
  });

  it('takes re-binding facts attached after the run without re-analysing everything', () => {
    const sim = new Sim([
      'import numpy as np',
      'print(np.pi)',
      'y = 2'
    ]).runAll();
    const analyzer = new Analyzer();
    analyzer.update(sim.snapshot(), sim.record);
    sim.run('c1');
    // Without the kernel's facts the re-import looks like a new value: c2 is stale...
    const cellKinds = (r: IReport): string[] =>
      r.findings.filter(f => f.cell !== null).map(f => f.kind);
    expect(cellKinds(analyzer.update(sim.snapshot(), sim.record))).toEqual([
      'stale'
    ]);
    // ...until they arrive and say np is the same object.
    sim.rebindLast({ added: [], changed: [], deleted: [] });
    const report = analyzer.update(sim.snapshot(), sim.record);
    expect(analyzer.stats.rebuilt).toBe(false);
    expect(cellKinds(report)).toEqual([]);
    expect(report).toEqual(analyze(sim.snapshot(), sim.record));
  });

  it('drops hidden-state (edited) of a cell above once the edited writer runs its new code', () => {
    // c1 read x from c2 below it; c2 was then edited, and runs its new code.
    const sim = new Sim(['print(x)', 'x = 1']).run('c2', 'c1');
    const analyzer = new Analyzer();
    analyzer.update(sim.snapshot(), sim.record);
    sim.edit('c2', 'x = 2');
    const edited = analyzer.update(sim.snapshot(), sim.record);
    expect(kindsOn(edited, 'c1')).toContain('hidden-state:edited');
    sim.run('c2');
    const report = analyzer.update(sim.snapshot(), sim.record);
    expect(kindsOn(report, 'c1')).not.toContain('hidden-state:edited');
    expect(report).toEqual(analyze(sim.snapshot(), sim.record));
  });

  it('un-stales a reader when the writer cell now changes only an element it did not read', () => {
    const sim = new Sim(['cfg = {"a": 1, "b": 2}', 'print(cfg["b"])']).run(
      'c1',
      'c2',
      'c1'
    );
    const analyzer = new Analyzer();
    expect(kindsOn(analyzer.update(sim.snapshot(), sim.record), 'c2')).toEqual([
      'stale'
    ]);
    sim.edit('c1', 'cfg["a"] = 3');
    analyzer.update(sim.snapshot(), sim.record);
    sim.run('c1');
    const report = analyzer.update(sim.snapshot(), sim.record);
    expect(report).toEqual(analyze(sim.snapshot(), sim.record));
  });

  it('a run that makes a fresh reader stale keeps its unchanged unsafe finding, and equals a fresh analysis', () => {
    const sim = new Sim(['a = 1', 'b = a + 1', 'x = 1', 'print(b, x)'])
      .runAll()
      .run('c1'); // c2 stale; c4 unsafe through b
    const analyzer = new Analyzer();
    const unsafeOf = (r: IReport) =>
      r.findings.find(f => f.kind === 'unsafe' && f.cell?.id === 'c4');
    const before = unsafeOf(analyzer.update(sim.snapshot(), sim.record));
    expect(before).toBeDefined();
    expect(kindsOn(analyzer.report, 'c4')).not.toContain('stale');
    sim.run('c3'); // c4, fresh until now, turns stale for x
    const report = analyzer.update(sim.snapshot(), sim.record);
    expect(analyzer.stats.rebuilt).toBe(false);
    expect(kindsOn(report, 'c4')).toContain('stale');
    expect(unsafeOf(report)).toBe(before);
    expect(report).toEqual(analyze(sim.snapshot(), sim.record));
  });

  it('keeps tainted-ancestor sets across updates but drops those whose inputs turned fresh', () => {
    const sim = new Sim([
      'import numpy as np',
      'p = np.pi',
      'k = 1',
      'm = k + 1',
      'r = p + m',
      'print(r)'
    ])
      .runAll()
      .run('c3'); // c4 stale: c5 and c6 unsafe through m
    const analyzer = new Analyzer();
    const rerunOf = (r: IReport, id: string): readonly string[] | undefined =>
      r.findings.find(f => f.kind === 'unsafe' && f.cell?.id === id)?.rerun;
    expect(rerunOf(analyzer.update(sim.snapshot(), sim.record), 'c6')).toEqual([
      'c4',
      'c5',
      'c6'
    ]);
    sim.run('c1'); // the re-import looks like a new np: c2 stale too
    expect(rerunOf(analyzer.update(sim.snapshot(), sim.record), 'c6')).toEqual([
      'c2',
      'c4',
      'c5',
      'c6'
    ]);
    // The kernel's facts say np is the same object: c2 is fresh again, and c5 (still
    // tainted through m) no longer derives from it.
    sim.rebindLast({ added: [], changed: [], deleted: [] });
    const report = analyzer.update(sim.snapshot(), sim.record);
    expect(analyzer.stats.rebuilt).toBe(false);
    expect(rerunOf(report, 'c6')).toEqual(['c4', 'c5', 'c6']);
    expect(report).toEqual(analyze(sim.snapshot(), sim.record));
  });

  it('returns the same report object when nothing changed', () => {
    const sim = new Sim(['x = 1', 'print(x)']).runAll();
    const analyzer = new Analyzer();
    const snap = sim.snapshot();
    const first = analyzer.update(snap, sim.record);
    expect(analyzer.update(snap, sim.record)).toBe(first);
    expect(analyzer.update(sim.snapshot(), sim.record)).toBe(first);
  });

  it('after one more run of a 1,000-cell notebook, reads facts only for that run', () => {
    const sources = Array.from({ length: 1000 }, (_, i) =>
      i === 0 ? 'v0 = 0' : `v${i} = v${i - 1} + ${i}`
    );
    const sim = new Sim(sources).runAll();
    let calls = 0;
    const counting = (source: string): ICellFacts => {
      calls++;
      return getFacts(source);
    };
    const analyzer = new Analyzer({ facts: counting });
    analyzer.update(sim.snapshot(), sim.record);
    expect(calls).toBeGreaterThanOrEqual(1000);
    calls = 0;
    sim.run('c500');
    const report = analyzer.update(sim.snapshot(), sim.record);
    expect(calls).toBe(1);
    // c500 itself, c501 (now stale) and the 499 cells derived from it below.
    expect(analyzer.stats).toEqual({ rebuilt: false, cells: 501 });
    // Cell 501 read v499 from c500's earlier run: c500 re-ran above it, so it is stale,
    // and everything derived from it below is unsafe.
    expect(
      report.findings.filter(f => f.kind === 'stale').map(f => f.cell?.id)
    ).toEqual(['c501']);
    expect(report.findings.filter(f => f.kind === 'unsafe')).toHaveLength(499);
    expect(report).toEqual(analyze(sim.snapshot(), sim.record));
  });
});

describe('the facts cache', () => {
  it('parses each distinct source once, however often it runs or is analysed', () => {
    const tag = `_${Date.now()}`; // sources no other test has parsed
    const sources = [`a${tag} = 1`, `b${tag} = a${tag}`, `a${tag} = 1`];
    const before = factsCache.parses;
    const sim = new Sim(sources);
    const analyzer = new Analyzer();
    analyzer.update(sim.snapshot(), sim.record);
    expect(factsCache.parses - before).toBe(2);
    for (let k = 0; k < 5; k++) {
      sim.runAll();
      analyzer.update(sim.snapshot(), sim.record);
      analyze(sim.snapshot(), sim.record);
    }
    expect(factsCache.parses - before).toBe(2);
    sim.edit('c2', `b${tag} = 2`).run('c2');
    analyzer.update(sim.snapshot(), sim.record);
    expect(factsCache.parses - before).toBe(3);
  });
});
