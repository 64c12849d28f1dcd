// One notebook, as a pre-commit hook calls the CLI: whole-process time of the built
// `dist/linearize.cjs` for --version, check and export (no git, no data) of one notebook,
// with its code cache warm and with --no-cache, each against `node -e 0` run in turn with
// it (A B A B …), so the ratio and the difference hold while the machine's speed drifts.
//
//   node bench/startup.mjs [notebook] [--runs 15]
//
// Goals (README, Measured): check within 50 ms of `node -e 0`, export within 80 ms.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './common/corpus.mjs';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 15;
const notebook =
  args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ??
  join(root, 'examples', 'demo.ipynb');
const cli = join(root, 'dist', 'linearize.cjs');
const out = mkdtempSync(join(tmpdir(), 'linearize-startup-'));
const cache = mkdtempSync(join(tmpdir(), 'linearize-cache-'));
const env = { ...process.env, XDG_CACHE_HOME: cache, NO_COLOR: '1' };

/**
 * CPU seconds (user + system) of the finished children of this process, from Linux's
 * /proc/self/stat (fields cutime and cstime, in clock ticks of 10 ms): summed over many runs
 * it is steadier than wall time on a shared machine. Null elsewhere.
 */
function childCpuMs() {
  if (!existsSync('/proc/self/stat')) {
    return null;
  }
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, so cutime (16) and cstime (17) are at 13, 14.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function time(argv) {
  const t = process.hrtime.bigint();
  const cpu = childCpuMs();
  const r = spawnSync(process.execPath, argv, { env, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) {
    throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  }
  const after = childCpuMs();
  return {
    wall: Number(process.hrtime.bigint() - t) / 1e6,
    cpu: cpu === null || after === null ? NaN : after - cpu
  };
}

const mean = xs => xs.reduce((a, b) => a + b, 0) / xs.length;

const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const cases = [
  ['--version', ['--version']],
  ['check one notebook', ['check', '--no-progress', notebook]],
  [
    'export one notebook',
    ['export', '--no-git', '--no-data', '-o', out, notebook]
  ]
];

console.log(
  `${runs} runs each, paired with \`node -e 0\`; notebook ${notebook}\n`
);
console.log(
  'command                 cache   wall: median  node -e 0  difference  ratio | cpu: mean  node -e 0  difference  ratio'
);
for (const [label, argv] of cases) {
  for (const cached of [true, false]) {
    // The loader reads --no-cache anywhere on the command line.
    const full = cached ? [cli, ...argv] : [cli, ...argv, '--no-cache'];
    time(full); // warm-up (writes the cache when enabled)
    time(['-e', '0']);
    const mine = [];
    const base = [];
    for (let i = 0; i < runs; i++) {
      mine.push(time(full));
      base.push(time(['-e', '0']));
    }
    const col = (x, w) => x.toFixed(0).padStart(w);
    const wm = median(mine.map(m => m.wall));
    const wb = median(base.map(b => b.wall));
    const wd = median(mine.map((m, i) => m.wall - base[i].wall));
    const cm = mean(mine.map(m => m.cpu));
    const cb = mean(base.map(b => b.cpu));
    console.log(
      `${label.padEnd(23)} ${(cached ? 'warm' : 'off').padEnd(6)} ${col(wm, 13)} ${col(wb, 10)} ` +
        `${col(wd, 11)} ${(wm / wb).toFixed(2).padStart(6)} | ${col(cm, 9)} ${col(cb, 10)} ` +
        `${col(cm - cb, 11)} ${(cm / cb).toFixed(2).padStart(6)}`
    );
  }
}
rmSync(out, { recursive: true, force: true });
rmSync(cache, { recursive: true, force: true });
