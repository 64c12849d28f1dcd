/**
 * Helpers for the CLI tests: build the bundled CLI with the project's own build script,
 * run it as a child process, and write notebooks into temporary folders.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '../../..');

/**
 * Build the CLI with `node scripts/build-cli.mjs`, into a private folder: jest runs test
 * files in parallel, and another file rebuilding `dist/linearize.cjs` while this one runs
 * it could hand it a half-written file. The script builds `src/cli/main.ts` relative to
 * its working directory, so a folder with a `src` link gets the identical bundle.
 */
export function buildCli(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'linearize-cli-'));
  symlinkSync(path.join(ROOT, 'src'), path.join(dir, 'src'), 'dir');
  const b = spawnSync(
    process.execPath,
    [path.join(ROOT, 'scripts', 'build-cli.mjs')],
    {
      cwd: dir,
      encoding: 'utf8'
    }
  );
  if (b.status !== 0) {
    throw new Error(`building the CLI failed: ${b.stderr}`);
  }
  return path.join(dir, 'dist', 'linearize.cjs');
}

export interface IRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Run the built CLI with `args` (stdout and stderr are pipes, as in CI). */
export function runCli(
  cli: string,
  args: readonly string[],
  cwd: string = ROOT
): IRun {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' }
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A fresh temporary folder, removed by `cleanup()`. */
export function tempDir(): {
  dir: string;
  write: (rel: string, text: string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'linearize-check-'));
  return {
    dir,
    write(rel: string, text: string): string {
      const file = path.join(dir, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    cleanup(): void {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

// The nbformat builder is shared with the core's tests.
export { notebook, type ICellSpec } from '../../core/notebook/__tests__/ipynb';

/** Remove a build made by {@link buildCli}. */
export function removeBuild(cli: string): void {
  rmSync(path.dirname(path.dirname(cli)), { recursive: true, force: true });
}
