import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist', 'linearize.cjs');

function run(...args: string[]): {
  code: number | null;
  out: string;
  err: string;
} {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    cwd: root
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  // The CLI is tested as users run it: the bundled file, in a child process.
  const b = spawnSync(process.execPath, ['scripts/build-cli.mjs'], {
    cwd: root,
    encoding: 'utf8'
  });
  if (b.status !== 0) {
    throw new Error(`building the CLI failed: ${b.stderr}`);
  }
});

describe('linearize (the built CLI)', () => {
  it('prints help listing every sub-command, exit 0', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    for (const sub of ['check', 'params', 'export']) {
      expect(r.out).toMatch(new RegExp(`^\\s+${sub}\\b`, 'm'));
    }
  });

  it('prints the package version, exit 0', () => {
    const r = run('--version');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(require(path.join(root, 'package.json')).version);
  });

  it('rejects an unknown sub-command with exit 2 and a hint', () => {
    const r = run('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'frobnicate'");
    expect(r.err).toContain('linearize --help');
  });

  it('rejects a missing argument with exit 2', () => {
    const r = run('export');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing required argument/);
  });
});
