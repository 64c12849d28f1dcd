/**
 * The real CLI (its loader, `scripts/cli-loader.cjs`) sets the smaller inlining budget for the
 * commands where it was measured to help (check, export, params), and only there: V8's flags
 * it sets are recorded by a preload.
 */
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import { buildCli, notebook, removeBuild, tempDir } from './cli';

const RECORDER = path.join(__dirname, 'v8Flags.cjs');
const BUDGET = '--max-inlined-bytecode-size-cumulative=300';
const onMeasuredV8 = process.versions.v8.startsWith('11.');

const tmp = tempDir();
let cli = '';
beforeAll(() => {
  cli = buildCli();
  tmp.write('nb.ipynb', notebook([{ src: 'x = 1\nprint(x)', n: 1 }]));
}, 120_000);
afterAll(() => {
  removeBuild(cli);
  tmp.cleanup();
});

/** The flags the CLI set running `args`, and its exit code. */
function flagsOf(args: readonly string[]): {
  flags: string[];
  code: number | null;
} {
  const file = path.join(tmp.dir, 'flags.txt');
  const r = spawnSync(process.execPath, ['--require', RECORDER, cli, ...args], {
    cwd: tmp.dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', LINEARIZE_V8_FLAGS_FILE: file }
  });
  const text = readFileSync(file, 'utf8');
  return { flags: text === '' ? [] : text.split('\n'), code: r.status };
}

test.each([
  [['check', '--no-cache', 'nb.ipynb']],
  [['export', '--no-git', '--no-data', '--no-env', '-o', 'out', 'nb.ipynb']],
  [['params', 'nb.ipynb']]
])('%j trims inlining (on the V8 it was measured on)', args => {
  const { flags, code } = flagsOf(args);
  expect(code).toBe(0);
  expect(flags).toEqual(onMeasuredV8 ? [BUDGET] : []);
});

test.each([[['runs', 'missing.py']], [['--version']]])(
  '%j keeps V8’s budget',
  args => {
    expect(flagsOf(args).flags).toEqual([]);
  }
);
