/**
 * `linearize check --json` over the shared corpus prints the same bytes with the persistent
 * facts and result caches cold, warm, off, shared by two processes at once, or partly
 * corrupt, and on one thread or on worker threads. Each run gets its own cache folder
 * (XDG_CACHE_HOME).
 */
import { spawn, spawnSync } from 'child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync
} from 'fs';
import * as os from 'os';
import * as path from 'path';
import { deserialize } from 'v8';
import { buildCli, removeBuild, ROOT, type IRun } from './cli';

/** Several whole-corpus runs per test, on a shared 2-core machine. */
const SLOW = 600_000;

const CORPUS =
  process.env.LINEARIZE_CORPUS ?? path.resolve(ROOT, '../shared/corpus');

let cli = '';
let box = '';
beforeAll(() => {
  if (!existsSync(CORPUS)) {
    throw new Error(
      `the shared corpus is missing at ${CORPUS} (set LINEARIZE_CORPUS to its path)`
    );
  }
  cli = buildCli();
  box = mkdtempSync(path.join(os.tmpdir(), 'linearize-facts-cache-'));
}, SLOW);
afterAll(() => {
  removeBuild(cli);
  rmSync(box, { recursive: true, force: true });
});

function env(cache: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    XDG_CACHE_HOME: cache,
    ...extra
  };
  if (extra.LINEARIZE_NO_CACHE === undefined) {
    delete e.LINEARIZE_NO_CACHE;
  }
  return e;
}

function check(
  cache: string,
  args: readonly string[] = [],
  extra: NodeJS.ProcessEnv = {}
): IRun {
  const r = spawnSync(
    process.execPath,
    [cli, 'check', '--json', ...args, path.join(CORPUS, 'notebooks')],
    { encoding: 'utf8', maxBuffer: 1 << 28, env: env(cache, extra) }
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function checkAsync(cache: string): Promise<IRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [cli, 'check', '--json', path.join(CORPUS, 'notebooks')],
      { env: env(cache) }
    );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', code =>
      resolve({
        code,
        out: Buffer.concat(out).toString('utf8'),
        err: Buffer.concat(err).toString('utf8')
      })
    );
  });
}

function entries(cache: string): string[] {
  const dir = path.join(cache, 'linearize', 'facts');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter(n => n.endsWith('.bin'))
        .map(n => path.join(dir, n))
    : [];
}

function readable(file: string): boolean {
  try {
    deserialize(readFileSync(file));
    return true;
  } catch {
    return false;
  }
}

describe('check --json over the corpus with the facts cache', () => {
  let reference: IRun;

  beforeAll(() => {
    // No cache and no worker: what check printed before either existed.
    reference = check(path.join(box, 'unused'), ['--no-cache', '--jobs', '1']);
    expect([0, 1]).toContain(reference.code);
    expect(
      (JSON.parse(reference.out) as { notebooks: unknown[] }).notebooks.length
    ).toBeGreaterThan(100);
    expect(entries(path.join(box, 'unused'))).toEqual([]);
  }, SLOW);

  it(
    'prints the same bytes cold, warm, on one thread and on workers',
    () => {
      const cache = path.join(box, 'one');
      const runs = [
        check(cache, ['--jobs', '1']), // cold, one thread
        check(cache, ['--jobs', '1']), // warm, one thread
        check(cache, ['--jobs', '2']), // warm, workers
        check(path.join(box, 'two'), ['--jobs', '2']), // cold, workers
        check(path.join(box, 'two')), // warm, default jobs
        check(cache, [], { LINEARIZE_NO_CACHE: '1' })
      ];
      for (const r of runs) {
        expect(r.code).toBe(reference.code);
        expect(r.err).toBe(reference.err);
        expect(r.out === reference.out).toBe(true);
      }
      // The cold runs wrote one entry per notebook with code; every entry reads back.
      const written = entries(cache);
      expect(written.length).toBeGreaterThan(100);
      expect(written.every(readable)).toBe(true);
      expect(entries(path.join(box, 'two')).length).toBe(written.length);
    },
    SLOW
  );

  it(
    'is safe when two processes share one cache folder',
    async () => {
      const cache = path.join(box, 'shared');
      const [a, b] = await Promise.all([checkAsync(cache), checkAsync(cache)]);
      for (const r of [a, b, check(cache)]) {
        expect(r.code).toBe(reference.code);
        expect(r.err).toBe(reference.err);
        expect(r.out === reference.out).toBe(true);
      }
      const written = entries(cache);
      expect(written.every(readable)).toBe(true);
      // No temporary file is left behind.
      expect(
        readdirSync(path.join(cache, 'linearize', 'facts')).filter(n =>
          n.endsWith('.tmp')
        )
      ).toEqual([]);
    },
    SLOW
  );

  it(
    'ignores and replaces truncated and corrupt entries',
    () => {
      const cache = path.join(box, 'corrupt');
      expect(check(cache, ['--jobs', '1']).out === reference.out).toBe(true);
      const written = entries(cache);
      // Every result entry (`r-…`), so that each notebook is checked afresh and reads its
      // facts entry, and a third of those.
      const isResult = (f: string): boolean =>
        path.basename(f).startsWith('r-');
      expect(written.filter(isResult).length).toBeGreaterThan(100);
      const spoiled = [
        ...written.filter(isResult),
        ...written.filter(f => !isResult(f)).filter((_, i) => i % 3 === 0)
      ];
      spoiled.forEach((file, i) => {
        if (i % 2 === 0) {
          truncateSync(file, Math.floor(readFileSync(file).length / 2));
        } else {
          writeFileSync(file, 'not a cache entry');
        }
      });
      expect(spoiled.some(readable)).toBe(false);
      for (const jobs of ['1', '2']) {
        const r = check(cache, ['--jobs', jobs]);
        expect(r.code).toBe(reference.code);
        expect(r.err).toBe(reference.err);
        expect(r.out === reference.out).toBe(true);
      }
      expect(spoiled.every(readable)).toBe(true);
      expect(entries(cache).length).toBe(written.length);
    },
    SLOW
  );
});
