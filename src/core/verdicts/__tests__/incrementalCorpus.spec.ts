/**
 * The incremental engine on real code: notebooks of the shared corpus (their code cells,
 * saved counts and outputs) go through random sessions — runs in any order, failed runs,
 * the kernel's re-binding facts, edits, moves, inserts, deletes, restarts — and after
 * every step `Analyzer.update` must equal a fresh `analyze` of the same state, deep-equal.
 * `LINEARIZE_CORPUS` points elsewhere (a folder of notebooks).
 */
import fc from 'fast-check';
import { readFileSync } from 'fs';
import * as path from 'path';
import { getFacts } from '../../facts/factsCache';
import { fromIpynb } from '../../notebook/fromIpynb';
import type { INotebookSnapshot, IRebinding } from '../../types';
import { analyze, Analyzer } from '../analyzer';
import { Sim } from './sim';
import { CORPUS, corpusNotebooks } from '../../__tests__/corpus';

/** How many notebooks, and random sessions per notebook. */
const NOTEBOOKS = 24;
const SESSIONS = 6;

interface ICorpusNotebook {
  readonly file: string;
  readonly nb: INotebookSnapshot;
}

/**
 * Python notebooks with 5 to 80 code cells, taken at an even stride over the sorted
 * list, so that the sample spans the corpus's repositories.
 */
function sample(): ICorpusNotebook[] {
  const all: ICorpusNotebook[] = [];
  for (const file of corpusNotebooks()) {
    const nb = fromIpynb(readFileSync(file, 'utf8'));
    const code = nb.cells.filter(c => c.type === 'code').length;
    if (
      (nb.language === null || nb.language.startsWith('python')) &&
      code >= 5 &&
      code <= 80
    ) {
      all.push({ file, nb });
    }
  }
  const step = Math.max(1, Math.floor(all.length / NOTEBOOKS));
  return all.filter((_, i) => i % step === 0).slice(0, NOTEBOOKS);
}

type Step =
  | { a: 'run'; i: number; error: boolean; rebound: number }
  | { a: 'runAll' }
  | { a: 'edit'; i: number; s: number }
  | { a: 'insert'; i: number; s: number }
  | { a: 'delete'; i: number }
  | { a: 'move'; i: number; j: number }
  | { a: 'restart' }
  | { a: 'same' };

/** Mostly runs, as a session is; `rebound` picks what the kernel companion reports (or nothing). */
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      a: fc.constant('run' as const),
      i: fc.nat(),
      error: fc.nat(4).map(k => k === 0), // one run in five fails
      rebound: fc.nat(5)
    })
  },
  { weight: 1, arbitrary: fc.record({ a: fc.constant('runAll' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      a: fc.constant('edit' as const),
      i: fc.nat(),
      s: fc.nat()
    })
  },
  {
    weight: 1,
    arbitrary: fc.record({
      a: fc.constant('insert' as const),
      i: fc.nat(),
      s: fc.nat()
    })
  },
  {
    weight: 1,
    arbitrary: fc.record({ a: fc.constant('delete' as const), i: fc.nat() })
  },
  {
    weight: 1,
    arbitrary: fc.record({
      a: fc.constant('move' as const),
      i: fc.nat(),
      j: fc.nat()
    })
  },
  { weight: 1, arbitrary: fc.record({ a: fc.constant('restart' as const) }) },
  { weight: 1, arbitrary: fc.record({ a: fc.constant('same' as const) }) }
);

/**
 * What the kernel companion may say about a run of `source`: nothing re-bound, all of its
 * static bindings changed, or only the first half (a loop that did not bind the rest).
 */
function rebinding(source: string, which: number): IRebinding | undefined {
  const defs = [...getFacts(source).defs];
  switch (which) {
    case 0:
      return { added: [], changed: [], deleted: [] };
    case 1:
      return { added: [], changed: defs, deleted: [] };
    case 2:
      return {
        added: defs.slice(0, Math.ceil(defs.length / 2)),
        changed: [],
        deleted: []
      };
    default:
      return undefined; // no companion: the static facts stand
  }
}

/** A simulator holding the notebook's code cells, with their saved counts and outputs. */
function simOf(nb: INotebookSnapshot): Sim {
  const code = nb.cells.filter(c => c.type === 'code');
  const sim = new Sim(code.map(c => c.source));
  sim.language = nb.language ?? 'python';
  code.forEach((c, i) => {
    if (c.executionCount !== null && c.outputs.length > 0) {
      sim.showSaved(sim.cells[i].id, 'saved', c.executionCount);
    }
  });
  return sim;
}

function apply(sim: Sim, sources: readonly string[], s: Step): void {
  const n = sim.cells.length;
  switch (s.a) {
    case 'run': {
      if (n === 0) {
        break;
      }
      const cell = sim.cells[s.i % n];
      const rebound = rebinding(cell.source, s.rebound);
      sim.runWith(cell.id, {
        status: s.error ? 'error' : 'ok',
        ...(rebound !== undefined ? { rebound } : {})
      });
      break;
    }
    case 'runAll':
      sim.runAll();
      break;
    case 'edit':
      // Another cell's source from the same notebook: real code, other names.
      if (n > 0) {
        sim.edit(sim.cells[s.i % n].id, sources[s.s % sources.length]);
      }
      break;
    case 'insert':
      sim.insert(s.i % (n + 1), sources[s.s % sources.length]);
      break;
    case 'delete':
      if (n > 1) {
        sim.delete(sim.cells[s.i % n].id);
      }
      break;
    case 'move':
      if (n > 1) {
        sim.move(sim.cells[s.i % n].id, s.j % n);
      }
      break;
    case 'restart':
      sim.restart();
      break;
    case 'same':
      break;
  }
}

describe('Analyzer.update on corpus notebooks', () => {
  const picked = sample();

  it('takes a sample that spans the corpus', () => {
    expect(picked.length).toBe(NOTEBOOKS);
    expect(new Set(picked.map(p => path.dirname(p.file))).size).toBeGreaterThan(
      4
    );
  });

  it.each(picked.map(p => [path.relative(CORPUS, p.file), p.nb] as const))(
    'equals a fresh analysis after every step: %s',
    (_name, nb) => {
      const sources = nb.cells
        .filter(c => c.type === 'code')
        .map(c => c.source);
      fc.assert(
        fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), steps => {
          const sim = simOf(nb);
          const analyzer = new Analyzer();
          let snapshot = sim.snapshot();
          expect(analyzer.update(snapshot, sim.record)).toEqual(
            analyze(snapshot, sim.record)
          );
          for (const s of steps) {
            apply(sim, sources, s);
            // 'same' passes the very same snapshot object again (the cheap path).
            snapshot = s.a === 'same' ? snapshot : sim.snapshot();
            const incremental = analyzer.update(snapshot, sim.record);
            expect(incremental).toEqual(analyze(snapshot, sim.record));
          }
        }),
        { numRuns: SESSIONS }
      );
    }
  );
});
