// Where the whole-plan export's time goes (issue 14): the corpus exported with `exportNotebook`
// as bench/export.mjs does (facts cache emptied before each round), under V8's sampling
// profiler, and the time of each step the plan calls (its direct callees, then theirs),
// per round. The first round is left out (JIT-cold). Samples are wall time (a loaded
// machine inflates them) and carry the profiler's own overhead: read the split, not the
// totals; bench/export.mjs gives the totals.
//
//   node bench/plan-profile.mjs [corpus-dir] [--rounds N] [--depth D] [--min MS] [--out FILE]
//
// --depth: levels of callees shown (2); --min: hide steps under MS per round (10); --out:
// also write the .cpuprofile (for Chrome's DevTools). Not a test: run it on demand.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { commandLine, loadCore, readCorpus } from './common/corpus.mjs';

const { opt, corpus } = commandLine();
const rounds = Number(opt('--rounds', 3));
const depth = Number(opt('--depth', 2));
const minMs = Number(opt('--min', 10));
const out = opt('--out', null);

const { core } = await loadCore({
  'src/core/notebook/fromIpynb': ['fromIpynb'],
  'src/core/export': ['exportNotebook'],
  'src/core/facts/factsCache': ['factsCache']
});
const { fromIpynb, exportNotebook, factsCache } = core;
const { files, texts } = readCorpus(corpus);
const name = f => f.split('/').pop();

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
const cpu = [];
for (let r = 0; r <= rounds; r++) {
  factsCache.clear();
  if (r === 1) {
    await session.post('Profiler.start');
  }
  const c0 = process.cpuUsage();
  texts.forEach((t, i) =>
    exportNotebook(fromIpynb(t), null, {
      notebook: name(files[i]),
      createdAt: 'T'
    })
  );
  const c = process.cpuUsage(c0);
  if (r > 0) {
    cpu.push((c.user + c.system) / 1000);
  }
}
const { profile } = await session.post('Profiler.stop');
if (out !== null) {
  writeFileSync(out, JSON.stringify(profile));
}

// Inclusive samples per node, then the callees of every `exportNotebook` node merged by name.
const byId = new Map(profile.nodes.map(n => [n.id, n]));
const self = new Map();
for (const s of profile.samples) {
  self.set(s, (self.get(s) ?? 0) + 1);
}
const total = new Map();
const inclusive = id => {
  let n = total.get(id);
  if (n === undefined) {
    n = self.get(id) ?? 0;
    for (const c of byId.get(id).children ?? []) {
      n += inclusive(c);
    }
    total.set(id, n);
  }
  return n;
};
const msPerSample =
  (profile.endTime - profile.startTime) /
  1000 /
  profile.samples.length /
  rounds;
const label = n =>
  `${n.callFrame.functionName || '(anonymous)'} (bundle line ${n.callFrame.lineNumber + 1})`;
const show = (ids, level) => {
  if (level > depth) {
    return;
  }
  const merged = new Map();
  for (const id of ids) {
    for (const c of byId.get(id).children ?? []) {
      const k = label(byId.get(c));
      const e = merged.get(k) ?? { samples: 0, ids: [] };
      e.samples += inclusive(c);
      e.ids.push(c);
      merged.set(k, e);
    }
  }
  for (const [k, e] of [...merged].sort(
    (a, b) => b[1].samples - a[1].samples
  )) {
    const ms = e.samples * msPerSample;
    if (ms >= minMs) {
      console.log(`${'  '.repeat(level)}${ms.toFixed(0).padStart(6)} ms  ${k}`);
      show(e.ids, level + 1);
    }
  }
};
const roots = profile.nodes
  .filter(n => n.callFrame.functionName === 'exportNotebook')
  .map(n => n.id);
const planMs = roots.reduce((n, id) => n + inclusive(id), 0) * msPerSample;
console.log(
  `corpus: ${files.length} notebooks; ${rounds} profiled rounds, process CPU per round ${cpu.map(c => c.toFixed(0)).join(', ')} ms`
);
console.log(`exportNotebook, per round (sampled): ${planMs.toFixed(0)} ms`);
show(roots, 1);
