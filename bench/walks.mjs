// What a cold `check` spends per code cell after reading: `parsePython` (masking, lezer, the
// syntax-error walk), the facts walk (`factsOfParsed`) and the environment/data events scan
// (`cellEvents`), for this checkout against another one, in one process (CPU time).
//
//   node bench/walks.mjs [corpus-dir] --base <other checkout> [--rounds 5]
//
// `--base` is the root of another checkout of this repository (a `git worktree` of the
// previous commit, say): both are bundled with esbuild and loaded side by side, and every
// round runs them in turn over the corpus's code cells, in chunks of 250 cells alternating
// which goes first, so both share the machine's load. Each round uses fresh copies of the
// sources (a cache hit costs nothing and would hide the work). Round 1 is the cold one (V8 has
// not optimised the code yet). Prints each stage's ms for both and this/base per stage.
// Not a test: run it on demand.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { commandLine, readCorpus, root } from './common/corpus.mjs';

const { opt, corpus } = commandLine(['--rounds', '--base']);
const rounds = Number(opt('--rounds', 5));
const baseRoot = opt('--base', null);
if (baseRoot === null) {
  throw new Error('--base <other checkout> is required');
}
const box = mkdtempSync(join(tmpdir(), 'linearize-bench-walks-'));

/** Bundles the three stages of the checkout at `r` and loads them. */
async function load(r, tag) {
  const from = p => JSON.stringify(join(resolve(r), p));
  const contents = [
    `export { parsePython } from ${from('src/core/parse/parsePython')};`,
    `export { factsOfParsed } from ${from('src/core/facts/cellFacts')};`,
    `export { cellEvents } from ${from('src/core/verdicts/pillars/cellEvents')};`,
    `export { fromIpynb } from ${from('src/core/notebook/fromIpynb')};`
  ].join('\n');
  const out = join(box, `${tag}.mjs`);
  await build({
    stdin: { contents, resolveDir: resolve(r), loader: 'ts' },
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning'
  });
  return import(pathToFileURL(out).href);
}

const ours = await load(root, 'ours');
const base = await load(baseRoot, 'base');
rmSync(box, { recursive: true, force: true });

const sources = [];
for (const f of readCorpus(corpus).files) {
  for (const c of ours.fromIpynb(readFileSync(f, 'utf8')).cells) {
    if (c.type === 'code') {
      sources.push(c.source);
    }
  }
}
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

const CHUNK = 250;
console.log(
  `${sources.length} code cells; this checkout vs ${baseRoot}, CPU ms per round`
);
for (let r = 0; r < rounds; r++) {
  const t = { ours: [0, 0, 0], base: [0, 0, 0] };
  // Distinct strings per build and round: trailing newlines change no event or fact but the key.
  const copies = k => sources.map(s => s + '\n'.repeat(2 * r + k + 1));
  const runs = [
    ['ours', ours, copies(0)],
    ['base', base, copies(1)]
  ];
  for (let i = 0; i < sources.length; i += CHUNK) {
    const order = (i / CHUNK) % 2 === 0 ? runs : [runs[1], runs[0]];
    for (const [tag, m, srcs] of order) {
      for (let j = i; j < Math.min(i + CHUNK, srcs.length); j++) {
        let t0 = cpu();
        const parsed = m.parsePython(srcs[j]);
        t[tag][0] += cpu() - t0;
        t0 = cpu();
        m.factsOfParsed(parsed);
        t[tag][1] += cpu() - t0;
        t0 = cpu();
        m.cellEvents(srcs[j]);
        t[tag][2] += cpu() - t0;
      }
    }
  }
  const row = ([p, f, e]) =>
    `parse ${p.toFixed(0).padStart(5)}  facts ${f.toFixed(0).padStart(4)}  events ${e.toFixed(0).padStart(4)}`;
  const ratio = k => (t.ours[k] / t.base[k]).toFixed(2);
  console.log(
    `round ${r + 1}${r === 0 ? ' (cold)' : '       '}  this: ${row(t.ours)} | base: ${row(t.base)} | this/base: parse ${ratio(0)}, facts ${ratio(1)}, events ${ratio(2)}`
  );
}
