// `linearize check --json` over many notebooks, as whole processes, against the floor: a
// Node process that reads and `JSON.parse`s the same files, run in turn with it (floor,
// check, floor, check …) so the ratios hold while the machine's speed drifts.
//
//   node bench/check.mjs [corpus-dir] [--runs 3] [--base other/dist/linearize.cjs] [--cold]
//
// Cases: cold (an empty cache folder each run; the facts cache is filled as it goes), warm
// (the folder a previous run filled), `--no-cache`, and each of those on one thread
// (`--jobs 1`) and on two workers (`--jobs 2`; the default picks by the cores, see
// `autoJobs` in src/cli/checkWorkers.ts). Goals (README, Measured): at most 4x the floor cold, 1.5x warm.
// Builds nothing: run `jlpm build:cli` first (it measures dist/linearize.cjs). `--base` also
// measures another build (e.g. a copy of the previous dist/) in the same rounds, for a
// before/after that shares the machine's load; `--cold` keeps the cold cases only (an empty
// cache folder, and `--no-cache`: nothing is read from a cache in either).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandLine, root } from './common/corpus.mjs';
import { FOLDER_FLOOR, mean, timeCli } from './common/process.mjs';

const { opt, corpus } = commandLine(['--runs', '--base']);
const runs = Number(opt('--runs', 3));
const cli = join(root, 'dist', 'linearize.cjs');
const base = opt('--base', null);
const coldOnly = process.argv.includes('--cold');
if (!existsSync(corpus)) {
  throw new Error(`no corpus at ${corpus}`);
}
const box = mkdtempSync(join(tmpdir(), 'linearize-bench-check-'));

let cacheN = 0;
const freshCache = () => join(box, `cache-${cacheN++}`);
const warmCache = freshCache();
// Fill the warm folder once (both the one-thread and the worker identity are the same file).
// With `--base`, its build fills it too: each build keys its own entries.
for (const file of coldOnly ? [] : base === null ? [cli] : [cli, base]) {
  timeCli([file, 'check', '--json', corpus], { XDG_CACHE_HOME: warmCache });
}

const cliCases = [
  ['cold', [], () => freshCache()],
  ['warm', [], () => warmCache],
  ['--no-cache', ['--no-cache'], () => warmCache],
  ['cold, --jobs 1', ['--jobs', '1'], () => freshCache()],
  ['warm, --jobs 1', ['--jobs', '1'], () => warmCache],
  ['--no-cache --jobs 1', ['--no-cache', '--jobs', '1'], () => warmCache],
  ['cold, --jobs 2', ['--jobs', '2'], () => freshCache()],
  ['warm, --jobs 2', ['--jobs', '2'], () => warmCache],
  ['--no-cache --jobs 2', ['--no-cache', '--jobs', '2'], () => warmCache]
].filter(([label]) => !coldOnly || !label.startsWith('warm'));
// [label, CLI file, arguments, cache folder]; the base build's cases follow each of ours.
const cases = cliCases.flatMap(([label, args, cache]) => [
  [label, cli, args, cache],
  ...(base === null ? [] : [[`${label} (base)`, base, args, cache]])
]);

const floor = { wall: [], cpu: [] };
const rows = cases.map(() => ({ wall: [], cpu: [] }));
// Each build's output must be the same in every case and round; two builds may differ (a
// base from before a change of findings).
const reference = new Map();
let notebooks = 0;
for (let r = 0; r < runs; r++) {
  cases.forEach(([, file, args, cache], k) => {
    const f = timeCli(['-e', FOLDER_FLOOR, corpus], {});
    notebooks = Number(f.out);
    floor.wall.push(f.wall);
    floor.cpu.push(f.cpu);
    const c = timeCli([file, 'check', '--json', ...args, corpus], {
      XDG_CACHE_HOME: cache()
    });
    if (!reference.has(file)) {
      reference.set(file, c.out);
    }
    if (c.out !== reference.get(file)) {
      throw new Error(
        `${cases[k][0]}: the output differs from that build's first run`
      );
    }
    rows[k].wall.push(c.wall);
    rows[k].cpu.push(c.cpu);
  });
}
rmSync(box, { recursive: true, force: true });

const fw = mean(floor.wall);
const fc = mean(floor.cpu);
console.log(
  `${notebooks} notebooks in ${corpus}; ${runs} runs of each case, each after a floor run; ${availableParallelism()} cores`
);
console.log(
  `floor (read + JSON.parse, one process): wall ${fw.toFixed(0)} ms, cpu ${fc.toFixed(0)} ms\n`
);
console.log(
  'case                           wall ms   x floor |  cpu ms   x floor   (goal: cold <= 4x, warm <= 1.5x)'
);
cases.forEach(([label], k) => {
  const w = mean(rows[k].wall);
  const c = mean(rows[k].cpu);
  console.log(
    `${label.padEnd(29)} ${w.toFixed(0).padStart(8)} ${(w / fw).toFixed(2).padStart(8)}x | ${c
      .toFixed(0)
      .padStart(7)} ${(c / fc).toFixed(2).padStart(8)}x`
  );
});
