// `linearize check --json` over many notebooks a second time (the cache folder a first run
// filled), as whole processes, against the floor (a Node process that reads and
// `JSON.parse`s the same files) and, optionally, another build: floor, this build, the
// other build, floor … in turn, so the ratios hold while the machine's speed drifts.
//
//   node bench/check-warm.mjs [corpus-dir] [--runs 5] [--baseline other/dist/linearize.cjs]
//
// Cases: warm (default jobs), warm `--jobs 1`, and warm with only the facts cache (each
// notebook's `.ipynb` touched to another mtime after the fill, so the result cache misses
// but the facts still match: the cost of a run where every notebook changed its outputs).
// Goal (README, Measured): warm at most 1.5x the floor. Builds nothing: `jlpm build:cli`.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandLine, root } from './common/corpus.mjs';
import { FOLDER_FLOOR, mean, timeCli } from './common/process.mjs';

const { opt, corpus } = commandLine(['--runs', '--baseline']);
const runs = Number(opt('--runs', 5));
const baseline = opt('--baseline', null);
const cli = join(root, 'dist', 'linearize.cjs');
if (!existsSync(corpus)) {
  throw new Error(`no corpus at ${corpus}`);
}
const box = mkdtempSync(join(tmpdir(), 'linearize-bench-warm-'));

// A copy of the corpus for the facts-only case (its files get new stat identities).
const copy = join(box, 'corpus');
cpSync(corpus, copy, { recursive: true });

const builds = [['this build', cli]];
if (baseline !== null) {
  builds.push(['baseline', baseline]);
}
const cases = [];
for (const [name, file] of builds) {
  const warm = join(box, `cache-${cases.length}`);
  timeCli([file, 'check', '--json', corpus], { XDG_CACHE_HOME: warm });
  cases.push([`${name}, warm`, file, [], warm, corpus]);
  cases.push([`${name}, warm --jobs 1`, file, ['--jobs', '1'], warm, corpus]);
  const facts = join(box, `cache-${cases.length}`);
  timeCli([file, 'check', '--json', copy], { XDG_CACHE_HOME: facts });
  cases.push([`${name}, facts only`, file, ['--jobs', '1'], facts, copy]);
}

const floor = { wall: [], cpu: [] };
const rows = cases.map(() => ({ wall: [], cpu: [] }));
let reference = null;
let notebooks = 0;
for (let r = 0; r < runs; r++) {
  cases.forEach(([label, file, args, cache, dir], k) => {
    const f = timeCli(['-e', FOLDER_FLOOR, corpus], {});
    notebooks = Number(f.out);
    floor.wall.push(f.wall);
    floor.cpu.push(f.cpu);
    if (dir === copy) {
      // New mtimes: every result entry misses, every facts entry still holds.
      spawnSync('find', [
        copy,
        '-name',
        '*.ipynb',
        '-exec',
        'touch',
        '{}',
        '+'
      ]);
    }
    const c = timeCli([file, 'check', '--json', ...args, dir], {
      XDG_CACHE_HOME: cache
    });
    const out = c.out.split(copy).join(corpus);
    reference ??= out;
    if (out !== reference) {
      throw new Error(`${label}: the output differs from the first run's`);
    }
    rows[k].wall.push(c.wall);
    rows[k].cpu.push(c.cpu);
  });
}
rmSync(box, { recursive: true, force: true });

const fw = mean(floor.wall);
const fc = mean(floor.cpu);
console.log(
  `${notebooks} notebooks in ${corpus}; ${runs} runs of each case, each after a floor run`
);
console.log(
  `floor (read + JSON.parse, one process): wall ${fw.toFixed(0)} ms, cpu ${fc.toFixed(0)} ms\n`
);
console.log(
  'case                          wall ms   x floor |  cpu ms   x floor   (goal: warm <= 1.5x)'
);
cases.forEach(([label], k) => {
  const w = mean(rows[k].wall);
  const c = mean(rows[k].cpu);
  console.log(
    `${label.padEnd(28)} ${w.toFixed(0).padStart(8)} ${(w / fw).toFixed(2).padStart(8)}x | ${c
      .toFixed(0)
      .padStart(7)} ${(c / fc).toFixed(2).padStart(8)}x`
  );
});
