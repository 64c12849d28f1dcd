// `linearize check --json` over many notebooks, as whole processes, against the floor: a
// Node process that reads and `JSON.parse`s the same files, run in turn with it (floor,
// check, floor, check …) so the ratios hold while the machine's speed drifts.
//
//   node bench/check.mjs [corpus-dir] [--runs 3] [--base other/dist/linearize.cjs] [--cold]
//
// Cases: cold (an empty cache folder each run; the facts cache is filled as it goes), warm
// (the folder a previous run filled), `--no-cache`, and each of those on one thread
// (`--jobs 1`). Goals (README, Measured): at most 4x the floor cold, 1.5x warm.
// Builds nothing: run `jlpm build:cli` first (it measures dist/linearize.cjs). `--base` also
// measures another build (e.g. a copy of the previous dist/) in the same rounds, for a
// before/after that shares the machine's load; `--cold` keeps the cold cases only.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandLine, root } from './common/corpus.mjs';

const { opt, corpus } = commandLine(['--runs', '--base']);
const runs = Number(opt('--runs', 3));
const cli = join(root, 'dist', 'linearize.cjs');
const base = opt('--base', null);
const coldOnly = process.argv.includes('--cold');
if (!existsSync(corpus)) {
  throw new Error(`no corpus at ${corpus}`);
}
const box = mkdtempSync(join(tmpdir(), 'linearize-bench-check-'));

/** CPU ms (user + system) of this process's finished children (Linux /proc; 10 ms ticks). */
function childCpuMs() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function time(argv, env) {
  const cpu = childCpuMs();
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, {
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 28
  });
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1) {
    throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  }
  return { wall, cpu: childCpuMs() - cpu, out: r.stdout };
}

// The floor reads the files the CLI finds, in its order.
const FLOOR = `
const fs = require('node:fs'), path = require('node:path');
const walk = d => fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)
  .flatMap(e => e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.ipynb') ? [path.join(d, e.name)] : []);
let n = 0;
for (const f of walk(process.argv[1])) { JSON.parse(fs.readFileSync(f, 'utf8')); n++; }
process.stdout.write(String(n));
`;

let cacheN = 0;
const freshCache = () => join(box, `cache-${cacheN++}`);
const warmCache = freshCache();
// Fill the warm folder once (both the one-thread and the worker identity are the same file).
// With `--base`, its build fills it too: each build keys its own entries.
for (const file of coldOnly ? [] : base === null ? [cli] : [cli, base]) {
  time([file, 'check', '--json', corpus], { XDG_CACHE_HOME: warmCache });
}

const cliCases = [
  ['cold', [], () => freshCache()],
  ['warm', [], () => warmCache],
  ['--no-cache', ['--no-cache'], () => warmCache],
  ['cold, --jobs 1', ['--jobs', '1'], () => freshCache()],
  ['warm, --jobs 1', ['--jobs', '1'], () => warmCache],
  ['--no-cache --jobs 1', ['--no-cache', '--jobs', '1'], () => warmCache]
].filter(([label]) => !coldOnly || label.startsWith('cold'));
// [label, CLI file, arguments, cache folder]; the base build's cases follow each of ours.
const cases = cliCases.flatMap(([label, args, cache]) => [
  [label, cli, args, cache],
  ...(base === null ? [] : [[`${label} (base)`, base, args, cache]])
]);

const mean = xs => xs.reduce((a, b) => a + b, 0) / xs.length;
const floor = { wall: [], cpu: [] };
const rows = cases.map(() => ({ wall: [], cpu: [] }));
let reference = null;
let notebooks = 0;
for (let r = 0; r < runs; r++) {
  cases.forEach(([, file, args, cache], k) => {
    const f = time(['-e', FLOOR, corpus], {});
    notebooks = Number(f.out);
    floor.wall.push(f.wall);
    floor.cpu.push(f.cpu);
    const c = time([file, 'check', '--json', ...args, corpus], {
      XDG_CACHE_HOME: cache()
    });
    reference ??= c.out;
    if (c.out !== reference) {
      throw new Error(
        `${cases[k][0]}: the output differs from the first run's`
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
  `${notebooks} notebooks in ${corpus}; ${runs} runs of each case, each after a floor run`
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
