// The verdict engine's speed and memory, on demand (not a test):
//
//   node bench/analysis.mjs [corpus-dir] [--updates N]
//
// 1. The whole corpus checked in one process (fromIpynb + record + analyze, cold facts
//    cache, as `linearize check` does), against a bare JSON.parse of the same files read in
//    the same run. Goal: at most 3x the parse floor.
// 2. A 1,000-code-cell notebook built from corpus cells, every cell run once: full analysis
//    (goal < 50 ms) and the incremental update after one more execution (goal: median
//    < 1 ms, p99 < 5 ms).
// 3. Peak memory (max RSS of the process; heap after the corpus run).
// Times are wall-clock; the update is also given in process CPU time, which a busy machine
// (other processes on the same cores) inflates less.
//
// Bundles src/core with esbuild into a temp file first, so it measures the code the CLI ships.
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { commandLine, loadCore, ms, readCorpus } from './common/corpus.mjs';

const { opt, corpus } = commandLine(['--updates']);
const UPDATES = Number(opt('--updates', 2000));

const { core } = await loadCore({ 'src/core': '*' }, { format: 'cjs' });
const {
  analyze,
  Analyzer,
  appendRun,
  emptyRecord,
  FactsCache,
  factsCache,
  fromIpynb,
  fromMetadata,
  startSession
} = core;

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const fmt = x => (x < 10 ? x.toFixed(3) : x.toFixed(1));

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
const cells = pool.map((source, i) => ({
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

let record = startSession(
  emptyRecord(),
  'bench-kernel',
  '2024-01-01T00:00:00Z'
);
const counts = new Array(cells.length).fill(null);
let n = 0;
for (let i = 0; i < cells.length; i++) {
  counts[i] = ++n;
  record = appendRun(record, {
    cellId: cells[i].id,
    source: cells[i].source,
    executionCount: n,
    status: 'ok',
    time: 't'
  });
}

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

// Incremental: one more execution of a random cell, then update.
const analyzer = new Analyzer();
analyzer.update(snapshotWith(counts), record);
let seed = 7;
const rand = () =>
  (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const updates = [];
const updatesCpu = [];
const appends = [];
let rebuilt = 0;
let recomputed = 0;
let compactions = 0;
// Profile of the slow updates: each update's interval, cells recomputed and whether it
// rebuilt, against the garbage collections Node reports in the same interval.
const spans = [];
const gcs = [];
const gcObserver = new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    gcs.push([e.startTime, e.startTime + e.duration]);
  }
});
gcObserver.observe({ entryTypes: ['gc'] });
for (let k = 0; k < UPDATES; k++) {
  const i = Math.floor(rand() * cells.length);
  counts[i] = ++n;
  const before = record.runs.length;
  let t1 = process.hrtime.bigint();
  record = appendRun(record, {
    cellId: cells[i].id,
    source: cells[i].source,
    executionCount: n,
    status: 'ok',
    time: 't'
  });
  appends.push(ms(t1));
  compactions += record.runs.length <= before ? 1 : 0;
  const snap = snapshotWith(counts);
  const c0 = process.cpuUsage();
  const p0 = performance.now();
  t1 = process.hrtime.bigint();
  analyzer.update(snap, record);
  updates.push(ms(t1));
  const cpu = process.cpuUsage(c0);
  updatesCpu.push((cpu.user + cpu.system) / 1000);
  spans.push({
    start: p0,
    end: performance.now(),
    cells: analyzer.stats.cells,
    rebuilt: analyzer.stats.rebuilt,
    compacted: record.runs.length <= before
  });
  rebuilt += analyzer.stats.rebuilt ? 1 : 0;
  recomputed += analyzer.stats.cells;
}
await new Promise(resolve => setTimeout(resolve, 50));
for (const e of gcObserver.takeRecords()) {
  gcs.push([e.startTime, e.startTime + e.duration]);
}
gcObserver.disconnect();
const p99 = quantile(updates, 0.99);
const slow = spans.filter((_, k) => updates[k] >= p99);
const gcIn = sp => {
  let t = 0;
  for (const [a, b] of gcs) {
    t += Math.max(0, Math.min(b, sp.end) - Math.max(a, sp.start));
  }
  return t;
};
const slowGc = slow.filter(sp => gcIn(sp) > 0).length;
const slowGcMs = slow.reduce((t, sp) => t + gcIn(sp), 0);
const slowWall = slow.reduce((t, sp) => t + sp.end - sp.start, 0);
const slowCells = slow.reduce((t, sp) => t + sp.cells, 0) / (slow.length || 1);
const slowRebuilt = slow.filter(sp => sp.rebuilt).length;
const slowCompacted = slow.filter(sp => sp.compacted).length;

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
    `median ${fmt(quantile(updates, 0.5))} ms, p90 ${fmt(quantile(updates, 0.9))} ms, p99 ${fmt(quantile(updates, 0.99))} ms, max ${fmt(Math.max(...updates))} ms over ${UPDATES} (goal < 1 / < 5 ms)`
  ],
  [
    '  update after one run (CPU)',
    `median ${fmt(quantile(updatesCpu, 0.5))} ms, p90 ${fmt(quantile(updatesCpu, 0.9))} ms, p99 ${fmt(quantile(updatesCpu, 0.99))} ms (process CPU time, GC threads included)`
  ],
  [
    '  ... cells recomputed',
    `${(recomputed / UPDATES).toFixed(1)} per update on average; ${rebuilt} full re-analyses, ${compactions} record compactions`
  ],
  [
    '  ... the slowest 1% (≥ p99)',
    `${slow.length} updates: ${slowGc} overlap a garbage collection (${fmt(slowGcMs)} of their ${fmt(slowWall)} ms), ${slowRebuilt} full re-analyses, ${slowCompacted} after a record compaction, ${slowCells.toFixed(1)} cells recomputed on average`
  ],
  [
    '  update / full analysis (warm)',
    `median ${(quantile(updates, 0.5) / quantile(fullWarm, 0.5)).toFixed(3)}x, p99 ${(p99 / quantile(fullWarm, 0.5)).toFixed(3)}x (baseline: the full analysis of the same notebook, same run)`
  ],
  [
    '  appendRun',
    `median ${fmt(quantile(appends, 0.5))} ms, max ${fmt(Math.max(...appends))} ms (compaction)`
  ],
  ['  record runs kept', `${record.runs.length} of ${n} executions`],
  [
    'memory',
    `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (${(rssAfterCorpus / 1e6).toFixed(0)} MB after the corpus); heap after the corpus ${(heapAfterCorpus / 1e6).toFixed(0)} MB`
  ]
];
const w = Math.max(...rows.map(r => r[0].length));
for (const [k, v] of rows) {
  console.log(`${k.padEnd(w)}  ${v}`);
}
