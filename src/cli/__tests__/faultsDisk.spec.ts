/**
 * Full disks (issue 11, item 2): `params -o` and `export` on a real, nearly full tmpfs
 * (mounted by the test when it may: root in a container that allows it) and, everywhere,
 * under `faultShim.cjs`, which cuts a write short and then fails it with ENOSPC, or makes
 * every write report zero bytes. Each time: exit 2, a message naming the target (never the
 * hidden temporary file), the old file byte for byte as it was, no temporary file left.
 */
import { spawnSync } from 'child_process';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  statfsSync,
  writeFileSync
} from 'fs';
import * as path from 'path';
import { notebook, runCliIn, useCli } from './cli';

/** A notebook with `n` parameters (`p0 = 0.5`…): its YAML config is about 60 bytes a key. */
function manyParams(n: number, value: string): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(`p${i} = ${value}`);
  }
  return notebook([{ src: lines.join('\n'), n: 1 }]);
}

const fx = useCli();
const tmp = fx.tmp;

/** The CLI under the fault shim, in `cwd`. */
const run = (cwd: string, args: string[], env: Record<string, string> = {}) =>
  runCliIn(fx.cli, args, { cwd, extraEnv: env, shim: true });

/** Names of hidden files (our temporary files would be hidden). */
const hidden = (dir: string): string[] =>
  readdirSync(dir).filter(n => n.startsWith('.'));

/** Writes the old config, then runs `params -o` of a notebook whose config is larger. */
function paramsOnFullDisk(
  dir: string,
  env: Record<string, string>,
  fill?: () => void
): void {
  writeFileSync(path.join(dir, 'old.ipynb'), manyParams(3000, '0.25'));
  writeFileSync(path.join(dir, 'new.ipynb'), manyParams(10000, '0.125'));
  const first = run(dir, ['params', 'old.ipynb', '-o', 'cfg.yaml']);
  expect(first.err).toBe('');
  expect(first.code).toBe(0);
  const before = readFileSync(path.join(dir, 'cfg.yaml'));
  expect(before.length).toBeGreaterThan(50_000);
  fill?.();
  const r = run(dir, ['params', 'new.ipynb', '-o', 'cfg.yaml'], env);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(
    /^linearize params: cannot write cfg\.yaml: no space left on the device; the old file is unchanged\n$/
  );
  expect(r.err).not.toMatch(/\.tmp/);
  expect(readFileSync(path.join(dir, 'cfg.yaml')).equals(before)).toBe(true);
  expect(hidden(dir)).toEqual([]);
}

/** An export replacing an older one, on a disk that fills up during the write. */
function exportOnFullDisk(
  dir: string,
  env: Record<string, string>,
  fill?: () => void
): void {
  writeFileSync(path.join(dir, 'nb.ipynb'), manyParams(300, '0.25'));
  expect(run(dir, ['export', '--no-git', '--no-data', 'nb.ipynb']).code).toBe(
    0
  );
  const names = ['nb.py', 'nb.params.yaml', 'nb.repro.yaml'];
  const before = names.map(n => readFileSync(path.join(dir, n)));
  writeFileSync(path.join(dir, 'nb.ipynb'), manyParams(3000, '0.125'));
  fill?.();
  const r = run(dir, ['export', '--no-git', '--no-data', 'nb.ipynb'], env);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(
    /cannot write nb\.[a-z.]+: no space left on the device \(ENOSPC\); nothing was written/
  );
  expect(r.err).not.toMatch(/\.tmp|linearize-staging/);
  names.forEach((n, i) =>
    expect(readFileSync(path.join(dir, n)).equals(before[i])).toBe(true)
  );
  expect(hidden(dir)).toEqual([]);
}

describe('a full disk under a write shim', () => {
  it.each([
    [
      'params -o keeps the old config when the device fills mid-write',
      'shim-params',
      paramsOnFullDisk,
      { LINEARIZE_FAULT_SPACE: '100000' }
    ],
    [
      'params -o refuses a device that accepts no bytes (short writes)',
      'shim-short',
      paramsOnFullDisk,
      { LINEARIZE_FAULT_SHORT: '1' }
    ],
    [
      'export keeps every old file when the device fills mid-write',
      'shim-export',
      exportOnFullDisk,
      { LINEARIZE_FAULT_SPACE: '150000' }
    ]
  ])('%s', (_what, folder, scenario, fault) => {
    const dir = path.join(tmp.dir, folder);
    mkdirSync(dir);
    scenario(dir, { LINEARIZE_FAULT_DIR: dir, ...fault });
  });
});

/** Mounts a small tmpfs, or null where that is not permitted (not root, no CAP_SYS_ADMIN). */
function mountTmpfs(dir: string, size: string): boolean {
  mkdirSync(dir, { recursive: true });
  return (
    spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], {
      stdio: 'ignore'
    }).status === 0
  );
}

function umount(dir: string): void {
  spawnSync('umount', [dir], { stdio: 'ignore' });
}

/** Fills `dir`'s file system until `leave` bytes are free. */
function fillUntil(dir: string, leave: number): void {
  const st = statfsSync(dir);
  const free = st.bavail * st.bsize;
  writeFileSync(
    path.join(dir, 'filler.bin'),
    Buffer.alloc(Math.max(0, free - leave))
  );
}

const canMount = (() => {
  const probe = path.join(tmp.dir, 'probe');
  const ok = mountTmpfs(probe, '64k');
  if (ok) {
    umount(probe);
  }
  return ok;
})();

(canMount ? describe : describe.skip)('a real, nearly full tmpfs', () => {
  it.each([
    [
      'params -o keeps the old config and exits 2',
      'tmpfs-params',
      paramsOnFullDisk,
      64
    ],
    [
      'export keeps every old file and exits 2',
      'tmpfs-export',
      exportOnFullDisk,
      32
    ]
  ])('%s', (_what, folder, scenario, leaveKiB) => {
    const dir = path.join(tmp.dir, folder);
    expect(mountTmpfs(dir, '2m')).toBe(true);
    try {
      scenario(dir, {}, () => fillUntil(dir, leaveKiB * 1024));
    } finally {
      umount(dir);
    }
  });
});
