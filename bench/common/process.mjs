// Whole-process timing shared by the benches that run the built CLI: wall time and the CPU
// time (user + system) of each finished child. Not a bench itself.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/**
 * CPU milliseconds (user + system) of the finished children of this process, from Linux's
 * /proc/self/stat (fields cutime and cstime, in clock ticks of 10 ms): summed over many runs
 * it is steadier than wall time on a shared machine. Null elsewhere.
 */
export function childCpuMs() {
  if (!existsSync('/proc/self/stat')) {
    return null;
  }
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, so cutime (16) and cstime (17) are at 13, 14.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/**
 * Runs `node argv…` to the end; its wall and CPU milliseconds (CPU is NaN off Linux).
 * Exit statuses in `ok` (default 0 and 1: "findings") pass; any other throws with its stderr.
 */
export function timeNode(argv, { env = process.env, ok = [0, 1], input } = {}) {
  const t = process.hrtime.bigint();
  const cpu = childCpuMs();
  const r = spawnSync(process.execPath, argv, {
    env,
    encoding: 'utf8',
    input,
    maxBuffer: 1 << 28
  });
  const after = childCpuMs();
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  if (!ok.includes(r.status)) {
    throw new Error(
      `node ${argv.join(' ').slice(0, 200)} exited ${r.status}: ${(r.stderr ?? '').slice(0, 2000)}`
    );
  }
  return {
    wall,
    cpu: cpu === null || after === null ? NaN : after - cpu,
    stdout: r.stdout
  };
}

export const mean = xs => xs.reduce((a, b) => a + b, 0) / xs.length;

export const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/**
 * The floor of the whole-corpus benches, as `node -e FOLDER_FLOOR <folder>`: reads and
 * `JSON.parse`s every `.ipynb` below the folder, in the order the CLI finds them.
 */
export const FOLDER_FLOOR = `
const fs = require('node:fs'), path = require('node:path');
const walk = d => fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)
  .flatMap(e => e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.ipynb') ? [path.join(d, e.name)] : []);
let n = 0;
for (const f of walk(process.argv[1])) { JSON.parse(fs.readFileSync(f, 'utf8')); n++; }
process.stdout.write(String(n));
`;

/** `timeNode` with colours off and `env` added to this process's: `{ wall, cpu, out }`. */
export function timeCli(argv, env = {}) {
  const r = timeNode(argv, { env: { ...process.env, NO_COLOR: '1', ...env } });
  return { wall: r.wall, cpu: r.cpu, out: r.stdout };
}

/**
 * Prints one line per case: its mean CPU and median wall milliseconds, and each as a ratio
 * to the first case's (the floor). `times[i]` holds case i's `{ cpu, wall }` runs.
 */
export function printRatios(labels, times) {
  const width = Math.max(...labels.map(l => l.length)) + 1;
  const floorCpu = mean(times[0].map(t => t.cpu));
  const floorWall = median(times[0].map(t => t.wall));
  console.log(
    `${'process'.padEnd(width)} cpu: mean ms   x floor | wall: median ms   x floor`
  );
  labels.forEach((label, i) => {
    const cpu = mean(times[i].map(t => t.cpu));
    const wall = median(times[i].map(t => t.wall));
    console.log(
      `${label.padEnd(width)} ${cpu.toFixed(0).padStart(13)} ${(cpu / floorCpu).toFixed(2).padStart(8)}x |` +
        ` ${wall.toFixed(0).padStart(15)} ${(wall / floorWall).toFixed(2).padStart(8)}x`
    );
  });
}
