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
  return runCliIn(cli, args, { cwd });
}

/** The fault-injection shim the fault specs load into the CLI (`faultShim.cjs`). */
export const FAULT_SHIM = path.join(__dirname, 'faultShim.cjs');

/** How {@link runCliIn} runs the CLI. */
export interface IRunOptions {
  readonly cwd: string;
  /** The environment (default: this process's), with `NO_COLOR=1` and `extraEnv` on top. */
  readonly env?: NodeJS.ProcessEnv;
  readonly extraEnv?: Record<string, string>;
  /** Load {@link FAULT_SHIM} first (`node --require`). */
  readonly shim?: boolean;
  /** SIGKILL the CLI after this many milliseconds. */
  readonly timeoutMs?: number;
}

/** Run the built CLI in `cwd`; `signal` names what killed it, if anything did. */
export function runCliIn(
  cli: string,
  args: readonly string[],
  options: IRunOptions
): IRun & { readonly signal: NodeJS.Signals | null } {
  const r = spawnSync(
    process.execPath,
    [...(options.shim === true ? ['--require', FAULT_SHIM] : []), cli, ...args],
    {
      cwd: options.cwd,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: {
        ...(options.env ?? process.env),
        NO_COLOR: '1',
        ...options.extraEnv
      },
      timeout: options.timeoutMs,
      killSignal: 'SIGKILL'
    }
  );
  return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal };
}

/** What {@link useCli} gives a spec file. */
export interface ICliFixture {
  /** The built CLI (set once the file's tests start). */
  readonly cli: string;
  /** A temporary folder for the file's notebooks. */
  readonly tmp: ReturnType<typeof tempDir>;
  /** Runs the CLI in the temporary folder. */
  run(...args: string[]): IRun;
}

/**
 * The set-up every CLI spec repeats: the CLI built once for the file (`beforeAll`) and a
 * temporary folder, both removed after its tests.
 */
export function useCli(): ICliFixture {
  const tmp = tempDir();
  let cli = '';
  beforeAll(() => {
    cli = buildCli();
  });
  afterAll(() => {
    if (cli !== '') {
      removeBuild(cli);
    }
    tmp.cleanup();
  });
  return {
    get cli(): string {
      return cli;
    },
    tmp,
    run: (...args: string[]): IRun => runCli(cli, args, tmp.dir)
  };
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
