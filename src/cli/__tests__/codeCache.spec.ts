/**
 * The built CLI compiles its bundle through a V8 code cache in the user's cache folder:
 * written on the first run of a command, used after, ignored when stale or corrupt, never
 * written with --no-cache or LINEARIZE_NO_CACHE=1, bounded in count; the output never changes.
 */
import { spawnSync } from 'child_process';
import { readdirSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import { buildCli, notebook, removeBuild, tempDir } from './cli';

let cli = '';
beforeAll(() => {
  cli = buildCli();
});
afterAll(() => removeBuild(cli));
const t = tempDir();
afterAll(() => t.cleanup());

const nb = t.write('a.ipynb', notebook([{ src: 'print(y)', n: 1 }]));

function run(
  cache: string,
  args: string[],
  extra: Record<string, string> = {}
) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cache, ...extra }
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// The compiled-code files only: the interpreter probe's answers share the folder (probeCache.ts).
const files = (cache: string): string[] => {
  try {
    return readdirSync(path.join(cache, 'linearize'))
      .filter(name => name.startsWith('code-'))
      .sort();
  } catch {
    return [];
  }
};

/** Each code file's inode and modification time: a rewrite (temporary file, rename) changes both. */
const stamps = (cache: string): string[] =>
  files(cache).map(name => {
    const st = statSync(path.join(cache, 'linearize', name));
    return `${name} ${st.ino} ${st.mtimeMs}`;
  });

describe('the compiled-code cache', () => {
  it('is written once per command and changes no output', () => {
    const cache = path.join(t.dir, 'c1');
    const first = run(cache, ['check', '--json', nb]);
    expect(files(cache)).toEqual([
      expect.stringMatching(/^code-[0-9a-f]{16}-check-.+\.v8cache$/)
    ]);
    const written = stamps(cache);
    const second = run(cache, ['check', '--json', nb]);
    expect(second).toEqual(first);
    // Accepted, not rewritten: a V8 flag set after compiling (the inlining budget, once) made
    // every saved cache stale, so each run compiled the whole bundle again.
    expect(stamps(cache)).toEqual(written);
    expect(first.code).toBe(1);
    run(cache, ['--version']);
    expect(files(cache)).toHaveLength(2);
  });

  it('is used, not rewritten, by the commands that set a V8 flag (export, params)', () => {
    const cache = path.join(t.dir, 'c5');
    const out = path.join(t.dir, 'out');
    for (const args of [
      ['export', '--no-git', '--no-data', '--no-env', '-o', out, nb],
      ['params', nb]
    ]) {
      run(cache, args);
      const written = stamps(cache);
      run(cache, args);
      expect(stamps(cache)).toEqual(written);
    }
    expect(files(cache)).toHaveLength(2);
  });

  it('a corrupt cache is rejected by V8 and rewritten', () => {
    const cache = path.join(t.dir, 'c2');
    const first = run(cache, ['check', '--json', nb]);
    const [name] = files(cache);
    writeFileSync(path.join(cache, 'linearize', name), 'garbage');
    expect(run(cache, ['check', '--json', nb])).toEqual(first);
    expect(files(cache)).toEqual([name]);
  });

  it('--no-cache and LINEARIZE_NO_CACHE=1 neither read nor write it', () => {
    const cache = path.join(t.dir, 'c3');
    const a = run(cache, ['check', '--no-cache', '--json', nb]);
    const b = run(cache, ['check', '--json', nb], { LINEARIZE_NO_CACHE: '1' });
    expect(files(cache)).toEqual([]);
    expect(a).toEqual(b);
    expect(a.code).toBe(1);
  });

  it('keeps at most twelve files', () => {
    const cache = path.join(t.dir, 'c4');
    const dir = path.join(cache, 'linearize');
    run(cache, ['--version']);
    for (let i = 0; i < 15; i++) {
      writeFileSync(path.join(dir, `code-old${i}-x.v8cache`), 'x');
    }
    run(cache, ['check', '--json', nb]);
    expect(files(cache).length).toBe(12);
    expect(files(cache).some(f => /-check-/.test(f))).toBe(true);
  });
});
