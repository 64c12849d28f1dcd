// The verdict engine's speed and memory, on demand (not a test):
//
//   node bench/analysis.mjs [corpus-dir] [--updates N] [--baseline REF [--rounds R]]
//
// 1. The whole corpus checked in one process (fromIpynb + record + analyze, cold facts
//    cache, as `linearize check` does), against a bare JSON.parse of the same files read in
//    the same run. Goal: at most 3x the parse floor.
// 2. A 1,000-code-cell notebook built from corpus cells, every cell run once: full analysis
//    (goal < 50 ms) and the incremental update after one more execution (goal: median
//    < 1 ms, p99 < 5 ms), p50/p90/p99, run twice on the same updates: unchanged cells keeping
//    their snapshot objects (the lab now) and every cell new (the baseline), ABBA; the slowest 1%
//    are profiled (cells recomputed, full re-analyses, overlap with Node's GC events).
// 3. Peak memory (max RSS of the process; heap after the corpus run).
// Times are wall-clock; the update is also given in process CPU time, which a busy machine
// (other processes on the same cores) inflates less.
//
// `--baseline REF`: the same updates also run on src/core as committed at REF (a commit,
// branch or tag) and on this tree's, each side in fresh Node processes prepared alike
// (the notebook and record built by that side's code, its facts parsed by one full
// analysis), in R rounds (default 4) in ABBA order so that both see the same load. In
// each process the first pass of the updates is JIT-cold (as a user's first executions in
// a fresh lab) and is reported apart; the warm passes after it (`--passes`, default 2) are
// pooled over the rounds. Sharing one process made the sides unequal: the tree's side had
// analysed the whole corpus and run every update twice before (so its code was warm,
// while the baseline's first, cold pass was pooled with its warm ones), and its functions
// had seen every corpus shape (polymorphic, slower in the median); an A/A run
// (`--baseline HEAD`) read p99 0.74-0.91x and median 1.14-1.37x, and reads 0.88-1.02x
// (warm, CPU) with separate processes. Section 2 still runs in this process, after the
// corpus: its quantiles read higher than a side's (same code, corpus-polymorphic).
//
// Bundles src/core with esbuild into a temp file first, so it measures the code the CLI ships.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import {
  commandLine,
  loadCore,
  ms,
  readCorpus,
  root
} from './common/corpus.mjs';

const { opt, corpus } = commandLine([
  '--updates',
  '--baseline',
  '--rounds',
  '--passes',
  '--side',
  '--cells',
  '--out'
]);
const UPDATES = Number(opt('--updates', 2000));
const BASELINE = opt('--baseline', null);
const ROUNDS = Number(opt('--rounds', 4));
const PASSES = Number(opt('--passes', 2));
/**
 * A side of `--baseline` (internal): this process runs the passes of the bundle `--side`
 * on the sources in `--cells` (JSON) and writes its runs to `--out` (JSON).
 */
const SIDE = opt('--side', null);

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const fmt = x => (x < 10 ? x.toFixed(3) : x.toFixed(1));

/**
 * The 1,000-cell notebook of `sources`, every cell run once, with `code`'s record
 * functions: its cells, the counts, the record and a snapshot builder.
 */
/** A clean run of `cell` with execution count `n`, as the record takes it. */
const runOf = (cell, n) => ({
  cellId: cell.id,
  source: cell.source,
  executionCount: n,
  status: 'ok',
  time: 't'
});

function notebookOf(code, sources) {
  const cells = sources.map((source, i) => ({
    id: `cell-${i}`,
    type: 'code',
    source,
    executionCount: null,
    outputs: [],
    tags: []
  }));
  const snapshotWith = (counts, outputsFresh = true) => ({
    nbformat: [4, 5],
    language: 'python',
    kernelName: 'python3',
    // New cell objects and output arrays every time, as the lab's snapshots have.
    cells: cells.map((c, i) => ({
      ...c,
      executionCount: counts[i],
      outputs: outputsFresh ? [] : c.outputs
    }))
  });
  let record = code.startSession(
    code.emptyRecord(),
    'bench-kernel',
    '2024-01-01T00:00:00Z'
  );
  const counts = new Array(cells.length).fill(null);
  let n = 0;
  for (let i = 0; i < cells.length; i++) {
    counts[i] = ++n;
    record = code.appendRun(record, runOf(cells[i], n));
  }
  return { code, cells, counts, record, n, snapshotWith };
}

/**
 * Incremental: one more execution of a random cell, then update; the same sequence every
 * time. `reuse`: unchanged cells keep their snapshot objects between updates, as the
 * lab's LiveSnapshot does now; else every update builds 1,000 new cell objects, as the
 * lab's snapshots did before (the baseline of section 2).
 */
function incremental(nb, reuse) {
  const { code, cells, snapshotWith } = nb;
  let rec = nb.record;
  let k0 = nb.n;
  const cnt = nb.counts.slice();
  let snap = snapshotWith(cnt);
  const analyzer = new code.Analyzer();
  analyzer.update(snap, rec);
  let seed = 7;
  const rand = () =>
    (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const out = {
    updates: [],
    updatesCpu: [],
    appends: [],
    rebuilt: 0,
    recomputed: 0,
    compactions: 0,
    spans: [],
    runs: 0,
    executions: 0
  };
  for (let k = 0; k < UPDATES; k++) {
    const i = Math.floor(rand() * cells.length);
    cnt[i] = ++k0;
    const before = rec.runs.length;
    let t1 = process.hrtime.bigint();
    rec = code.appendRun(rec, runOf(cells[i], k0));
    out.appends.push(ms(t1));
    out.compactions += rec.runs.length <= before ? 1 : 0;
    if (reuse) {
      const next = snap.cells.slice();
      next[i] = { ...next[i], executionCount: k0, outputs: [] };
      snap = { ...snap, cells: next };
    } else {
      snap = snapshotWith(cnt);
    }
    const c0 = process.cpuUsage();
    const p0 = performance.now();
    t1 = process.hrtime.bigint();
    analyzer.update(snap, rec);
    out.updates.push(ms(t1));
    const cpu = process.cpuUsage(c0);
    out.updatesCpu.push((cpu.user + cpu.system) / 1000);
    out.spans.push({
      start: p0,
      end: performance.now(),
      gc: 0,
      cells: analyzer.stats.cells,
      rebuilt: analyzer.stats.rebuilt,
      compacted: rec.runs.length <= before
    });
    out.rebuilt += analyzer.stats.rebuilt ? 1 : 0;
    out.recomputed += analyzer.stats.cells;
  }
  out.runs = rec.runs.length;
  out.executions = k0;
  return out;
}

/** Node's garbage collections from now on; `stop()` sets each span's `gc` (ms inside it). */
function watchGc() {
  const gcs = [];
  const note = list => {
    for (const e of list.getEntries()) {
      gcs.push([e.startTime, e.startTime + e.duration]);
    }
  };
  const observer = new PerformanceObserver(note);
  observer.observe({ entryTypes: ['gc'] });
  return async runs => {
    await new Promise(resolve => setTimeout(resolve, 50));
    note({ getEntries: () => observer.takeRecords() });
    observer.disconnect();
    for (const run of runs) {
      for (const sp of run.spans) {
        for (const [a, b] of gcs) {
          sp.gc += Math.max(0, Math.min(b, sp.end) - Math.max(a, sp.start));
        }
      }
    }
  };
}

if (SIDE !== null) {
  // One side of `--baseline`, in a process of its own: build, parse, a JIT-cold pass,
  // then the warm ones; the runs go to stdout as JSON.
  const code = createRequire(import.meta.url)(SIDE);
  const sources = JSON.parse(readFileSync(opt('--cells'), 'utf8'));
  const nb = notebookOf(code, sources);
  new code.Analyzer().update(nb.snapshotWith(nb.counts), nb.record); // facts, as the lab parsed them when run
  const stop = watchGc();
  const runs = [];
  for (let p = 0; p <= PASSES; p++) {
    runs.push(incremental(nb, true));
  }
  await stop(runs);
  for (const r of runs) {
    delete r.appends;
  }
  writeFileSync(opt('--out'), JSON.stringify(runs));
  process.exit(0);
}

const { core } = await loadCore({ 'src/core': '*' }, { format: 'cjs' });

/**
 * src/core as committed at `ref`, bundled like this tree's (the bundle's path, kept until
 * the end). Extracted under node_modules so that esbuild resolves its dependencies from
 * this checkout.
 */
async function coreAt(ref) {
  const rel = join('node_modules', '.cache', 'linearize-bench-baseline');
  const dir = join(root, rel);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tar = execFileSync('git', ['archive', ref, 'src/core'], {
    cwd: root,
    maxBuffer: 1 << 30
  });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  const commit = execFileSync('git', ['rev-parse', '--short', ref], {
    cwd: root,
    encoding: 'utf8'
  }).trim();
  const loaded = await loadCore(
    { [join(rel, 'src/core')]: '*' },
    { format: 'cjs', keep: true }
  );
  rmSync(dir, { recursive: true, force: true });
  return { bundle: join(loaded.dir, 'core.cjs'), dir: loaded.dir, commit };
}
const baseline = BASELINE === null ? null : await coreAt(BASELINE);
/** This tree's bundle for the `--baseline` processes (section 2 runs the one loaded above). */
const tree =
  BASELINE === null
    ? null
    : await loadCore({ 'src/core': '*' }, { format: 'cjs', keep: true });
const { analyze, FactsCache, factsCache, fromIpynb, fromMetadata } = core;

// ---------------------------------------------------------------- 1. the corpus
const { files, texts, bytes } = readCorpus(corpus);

let t0 = process.hrtime.bigint();
for (const t of texts) {
  JSON.parse(t);
}
const floor = ms(t0);

/** Check every notebook as `linearize check` does; `facts` times the facts layer apart. */
function checkAll(factsOf) {
  const parts = { read: 0, analyze: 0, facts: 0 };
  let findings = 0;
  const facts = source => {
    const t = process.hrtime.bigint();
    const f = factsOf(source);
    parts.facts += ms(t);
    return f;
  };
  for (const t of texts) {
    let t1 = process.hrtime.bigint();
    const nb = fromIpynb(t);
    const read = nb.record === undefined ? null : fromMetadata(nb.record);
    parts.read += ms(t1);
    t1 = process.hrtime.bigint();
    const record = read !== null && read.warning === null ? read.record : null;
    findings += analyze(nb, record, { facts }).findings.length;
    parts.analyze += ms(t1);
  }
  return { ...parts, total: parts.read + parts.analyze, findings };
}

// As the CLI runs: the shared facts cache, empty at the start.
factsCache.clear();
const cold = checkAll(s => factsCache.get(s));
// Facts already known (a cache big enough for the whole corpus, filled by a first pass).
const big = new FactsCache(1 << 20);
checkAll(s => big.get(s));
const parsed = big.parses;
const warm = checkAll(s => big.get(s));
const heapAfterCorpus = process.memoryUsage().heapUsed;
const rssAfterCorpus = process.resourceUsage().maxRSS * 1024;

// ---------------------------------------------------- 2. a 1,000-code-cell notebook
const pool = [];
for (const t of texts) {
  const nb = fromIpynb(t);
  if (nb.language !== null && !nb.language.startsWith('python')) {
    continue;
  }
  for (const c of nb.cells) {
    if (c.type === 'code' && c.source.trim() !== '' && pool.length < 1000) {
      pool.push(c.source);
    }
  }
}
const nb1000 = notebookOf(core, pool);
const { cells, counts, record, snapshotWith } = nb1000;

// Full analysis: cold facts (sources never seen) and warm (the lab parsed them when run).
factsCache.clear();
t0 = process.hrtime.bigint();
analyze(snapshotWith(counts), record);
const fullCold = ms(t0);
const fullWarm = [];
for (let k = 0; k < 20; k++) {
  t0 = process.hrtime.bigint();
  analyze(snapshotWith(counts), record);
  fullWarm.push(ms(t0));
}

/** Runs as one (quantiles and the slowest 1% over all their updates; sums averaged). */
const pooled = runs => ({
  ...runs[0],
  updates: runs.flatMap(r => r.updates),
  updatesCpu: runs.flatMap(r => r.updatesCpu),
  appends: runs.flatMap(r => r.appends),
  spans: runs.flatMap(r => r.spans),
  recomputed: runs.reduce((t, r) => t + r.recomputed, 0) / runs.length,
  rebuilt: runs.reduce((t, r) => t + r.rebuilt, 0) / runs.length,
  compactions: runs.reduce((t, r) => t + r.compactions, 0) / runs.length
});

// Incremental, the same updates: every cell object new per update (the baseline) and
// unchanged cells kept (the lab now), in ABBA order, so that neither side runs only
// first (colder) or only second. The slow updates are profiled: each update's interval,
// cells recomputed and whether it rebuilt, against Node's GCs in that interval.
const stopGc = watchGc();
const abba = [false, true, true, false].map(reuse =>
  incremental(nb1000, reuse)
);
await stopGc(abba);
const before = pooled([abba[0], abba[3]]);
const inc = pooled([abba[1], abba[2]]);

/**
 * `--baseline`: each side in its own processes, ABBA (see the header), the JIT-cold
 * first pass of each process apart from its warm passes.
 */
const vs = { now: [], then: [], nowCold: [], thenCold: [] };
if (baseline !== null) {
  const sourcesFile = join(tree.dir, 'cells.json');
  writeFileSync(sourcesFile, JSON.stringify(pool));
  const script = fileURLToPath(import.meta.url);
  const runsFile = join(tree.dir, 'runs.json');
  const side = bundle => {
    execFileSync(
      process.execPath,
      [
        script,
        '--side',
        bundle,
        '--cells',
        sourcesFile,
        '--out',
        runsFile,
        '--updates',
        String(UPDATES),
        '--passes',
        String(PASSES)
      ],
      { cwd: root, stdio: 'inherit' }
    );
    return JSON.parse(readFileSync(runsFile, 'utf8'));
  };
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? ['then', 'now'] : ['now', 'then'];
    for (const which of order) {
      const [first, ...warm] = side(
        which === 'now' ? join(tree.dir, 'core.cjs') : baseline.bundle
      );
      vs[`${which}Cold`].push(first);
      vs[which].push(...warm);
    }
  }
  rmSync(tree.dir, { recursive: true, force: true });
  rmSync(baseline.dir, { recursive: true, force: true });
}
const { updates, updatesCpu, appends, rebuilt, recomputed, compactions } = inc;

/** The slowest 1% of a run's updates: how many overlap a GC, rebuilt, and their size. */
function slowest(run) {
  const p99 = quantile(run.updates, 0.99);
  const slow = run.spans.filter((_, k) => run.updates[k] >= p99);
  const gcIn = sp => sp.gc;
  const wall = slow.reduce((t, sp) => t + sp.end - sp.start, 0);
  const gcMs = slow.reduce((t, sp) => t + gcIn(sp), 0);
  return (
    `${slow.length} updates: ${slow.filter(sp => gcIn(sp) > 0).length} overlap a garbage collection ` +
    `(${fmt(gcMs)} of their ${fmt(wall)} ms), ${slow.filter(sp => sp.rebuilt).length} full re-analyses, ` +
    `${slow.filter(sp => sp.compacted).length} after a record compaction, ` +
    `${(slow.reduce((t, sp) => t + sp.cells, 0) / (slow.length || 1)).toFixed(1)} cells recomputed on average ` +
    `(all updates: ${(run.recomputed / UPDATES).toFixed(1)})`
  );
}
const q3 = xs =>
  `median ${fmt(quantile(xs, 0.5))} ms, p90 ${fmt(quantile(xs, 0.9))} ms, p99 ${fmt(quantile(xs, 0.99))} ms`;
const p99 = quantile(updates, 0.99);

// ---------------------------------------------------------------- report
const rows = [
  [
    'corpus',
    `${files.length} notebooks, ${(bytes / 1e6).toFixed(1)} MB, ${parsed} distinct code cells parsed`
  ],
  ['  JSON.parse floor', `${fmt(floor)} ms`],
  [
    '  check (as the CLI)',
    `${fmt(cold.total)} ms = ${(cold.total / floor).toFixed(1)}x floor: fromIpynb ${fmt(cold.read)} ms, facts (parsing) ${fmt(cold.facts)} ms, verdicts ${fmt(cold.analyze - cold.facts)} ms`
  ],
  [
    '  check, facts known',
    `${fmt(warm.total)} ms = ${(warm.total / floor).toFixed(1)}x floor: fromIpynb ${fmt(warm.read)} ms, verdicts ${fmt(warm.analyze - warm.facts)} ms`
  ],
  ['  findings', `${cold.findings}`],
  [
    '1,000-cell notebook',
    `${cells.length} code cells from the corpus, each run once`
  ],
  ['  full analysis, cold facts', `${fmt(fullCold)} ms`],
  [
    '  full analysis, warm facts',
    `median ${fmt(quantile(fullWarm, 0.5))} ms (goal < 50 ms)`
  ],
  [
    '  update after one run (wall)',
    `${q3(updates)}, max ${fmt(Math.max(...updates))} ms over 2 x ${UPDATES} (goal < 1 / < 5 ms)`
  ],
  [
    '  update after one run (CPU)',
    `${q3(updatesCpu)} (process CPU time, GC threads included)`
  ],
  [
    '  baseline: fresh snapshots',
    `${q3(before.updates)} wall; CPU ${q3(before.updatesCpu)} (same updates, every cell object new per update, as the lab before LiveSnapshot)`
  ],
  [
    '  ratio to the baseline',
    `median ${(quantile(updates, 0.5) / quantile(before.updates, 0.5)).toFixed(2)}x, p90 ${(quantile(updates, 0.9) / quantile(before.updates, 0.9)).toFixed(2)}x, p99 ${(p99 / quantile(before.updates, 0.99)).toFixed(2)}x (wall)`
  ],
  [
    '  ... cells recomputed',
    `${(recomputed / UPDATES).toFixed(1)} per update on average; ${rebuilt} full re-analyses, ${compactions} record compactions per ${UPDATES}`
  ],
  ['  ... the slowest 1% (≥ p99)', slowest(inc)],
  ['  ... baseline, slowest 1%', slowest(before)],
  [
    '  update / full analysis (warm)',
    `median ${(quantile(updates, 0.5) / quantile(fullWarm, 0.5)).toFixed(3)}x, p99 ${(p99 / quantile(fullWarm, 0.5)).toFixed(3)}x (the full analysis of the same notebook, same run)`
  ],
  [
    '  appendRun',
    `median ${fmt(quantile(appends, 0.5))} ms, max ${fmt(Math.max(...appends))} ms (compaction)`
  ],
  ['  record runs kept', `${inc.runs} of ${inc.executions} executions`],
  [
    'memory',
    `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (${(rssAfterCorpus / 1e6).toFixed(0)} MB after the corpus); heap after the corpus ${(heapAfterCorpus / 1e6).toFixed(0)} MB`
  ]
];
if (baseline !== null) {
  const ratios = (a, b) => {
    const r = (xs, ys, q) =>
      (quantile(xs, q) / quantile(ys, q)).toFixed(2) + 'x';
    const w = `median ${r(a.updates, b.updates, 0.5)}, p90 ${r(a.updates, b.updates, 0.9)}, p99 ${r(a.updates, b.updates, 0.99)}`;
    const c = `median ${r(a.updatesCpu, b.updatesCpu, 0.5)}, p90 ${r(a.updatesCpu, b.updatesCpu, 0.9)}, p99 ${r(a.updatesCpu, b.updatesCpu, 0.99)}`;
    return `wall: ${w}; CPU: ${c}`;
  };
  const side = (label, run) => [
    [
      `  ${label} (wall)`,
      `${q3(run.updates)}, ${(run.recomputed / UPDATES).toFixed(1)} cells recomputed per update`
    ],
    [`  ${label} (CPU)`, q3(run.updatesCpu)]
  ];
  const [now, then] = [pooled(vs.now), pooled(vs.then)];
  const [nowCold, thenCold] = [pooled(vs.nowCold), pooled(vs.thenCold)];
  const b = `baseline ${baseline.commit}`;
  rows.push(
    [
      b,
      `${ROUNDS} rounds (ABBA), each side in a fresh process per round: a JIT-cold pass of the same ${UPDATES} updates, then ${PASSES} warm; load average ${loadavg()
        .map(x => x.toFixed(1))
        .join(' ')} at the end`
    ],
    ...side(`${b}, warm`, then),
    ...side('this tree, warm', now),
    ['  this tree / baseline, warm', ratios(now, then)],
    ['  ... slowest 1%, this tree', slowest(now)],
    ['  ... slowest 1%, baseline', slowest(then)],
    ...side(`${b}, JIT-cold`, thenCold),
    ...side('this tree, JIT-cold', nowCold),
    ['  this tree / baseline, JIT-cold', ratios(nowCold, thenCold)]
  );
}
const w = Math.max(...rows.map(r => r[0].length));
for (const [k, v] of rows) {
  console.log(`${k.padEnd(w)}  ${v}`);
}
