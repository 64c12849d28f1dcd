/**
 * The result cache of `check`, on real files and real processes: after each change to an
 * input of a notebook's result, a warm run prints exactly what a run without any cache
 * prints (and the change did change that output, so a stale entry would show).
 *
 * Entries are only stored for files older than the racy window (2 s), so the set-up dates
 * every file to a fixed past second and then waits that long once.
 */
import { spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync
} from 'fs';
import * as path from 'path';
import { deserialize } from 'v8';
import {
  appendRun,
  describe as word,
  emptyRecord,
  startSession,
  toMetadata,
  type IFinding
} from '../../core';
import {
  buildCli,
  notebook,
  removeBuild,
  runCliIn,
  tempDir,
  type IRun
} from './cli';

const SLOW = 300_000;
/** A fixed past second: restoring it is exact (no sub-second rounding). */
const PAST = 1_000_000_000;

const tmp = tempDir();
const NB = path.join(tmp.dir, 'nb');
const CACHE = path.join(tmp.dir, 'cache');
const FACTS = path.join(CACHE, 'linearize', 'facts');
const PYPATH = path.join(tmp.dir, 'elsewhere');
let cli = '';

function write(rel: string, text: string): string {
  const file = path.join(NB, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  utimesSync(file, PAST, PAST);
  return file;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** A notebook whose record says the kernel read `file` when it held `content`. */
function readerWithRecord(file: string, content: string): string {
  const src = `text = open('${file}').read()`;
  const ran = appendRun(
    startSession(emptyRecord(), 'k', '2024-01-01T00:00:00Z'),
    { cellId: 'c1', source: src, executionCount: 1, status: 'ok', time: 't' }
  );
  const record = {
    ...ran,
    observed: {
      data: { [file]: { md5: md5(content), size: content.length, seq: 1 } },
      packages: {}
    }
  };
  return notebook([{ src, n: 1 }], {
    metadata: { linearize: toMetadata(record) }
  });
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function run(
  args: readonly string[] = [],
  env: Record<string, string> = {},
  cache = CACHE
): IRun {
  return runCliIn(cli, ['check', '--json', ...args, NB], {
    cwd: tmp.dir,
    extraEnv: { XDG_CACHE_HOME: cache, ...env }
  });
}

/** The same run with no cache at all: what a warm run must print. */
function uncached(
  args: readonly string[] = [],
  env: Record<string, string> = {}
): IRun {
  return run(['--no-cache', ...args], env);
}

/** Result entries in the cache folder, by name, with their inode (a rewrite renames a new file in). */
function resultEntries(dir = FACTS): Map<string, number> {
  const out = new Map<string, number>();
  if (existsSync(dir)) {
    for (const n of readdirSync(dir)) {
      if (n.startsWith('r-') && n.endsWith('.bin')) {
        out.set(n, statSync(path.join(dir, n)).ino);
      }
    }
  }
  return out;
}

function expectSame(warm: IRun, cold: IRun): void {
  expect(warm.code).toBe(cold.code);
  expect(warm.err).toBe(cold.err);
  expect(warm.out === cold.out).toBe(true);
}

const kinds = (r: IRun, file: string): string[] =>
  (
    JSON.parse(r.out) as {
      notebooks: { path: string; findings: { kind: string }[] }[];
    }
  ).notebooks
    .find(n => n.path.endsWith(file))!
    .findings.map(f => f.kind);

const NOTEBOOKS = 8;

beforeAll(() => {
  cli = buildCli();
  // The notebooks, one per input of a result.
  write(
    'inplace.ipynb',
    notebook([{ src: "import json\ndata = open('here.csv').read()", n: 1 }])
  );
  write('here.csv', 'a,b\n1,2\n');
  write(
    'appears.ipynb',
    notebook([{ src: "t = open('later.csv').read()", n: 1 }])
  );
  write('local.ipynb', notebook([{ src: 'import helper_mod_xyz', n: 1 }]));
  write('interp.ipynb', notebook([{ src: 'import pp_mod_xyz', n: 1 }]));
  write('md5.ipynb', readerWithRecord('md5.csv', 'x,y\n1,2\n'));
  write('md5.csv', 'x,y\n1,2\n');
  write('opts.ipynb', notebook([{ src: 'y = x + 1', n: 1 }]));
  write(
    'git/pinned.ipynb',
    notebook([{ src: "d = open('p.csv').read()", n: 1 }])
  );
  write('git/p.csv', 'p\n1\n');
  const git = (...args: string[]): void => {
    const r = spawnSync(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args],
      { cwd: path.join(NB, 'git'), encoding: 'utf8' }
    );
    if (r.status !== 0) {
      throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    }
  };
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'data');
  write('stripped.ipynb', notebook([{ src: 'z = 1' }]));
  mkdirSync(PYPATH, { recursive: true });
  writeFileSync(path.join(PYPATH, 'pp_mod_xyz.py'), 'VALUE = 1\n');
  // Older than the racy window, or nothing is stored.
  sleep(2100);
}, SLOW);
afterAll(() => {
  if (cli !== '') {
    removeBuild(cli);
  }
  tmp.cleanup();
});

describe('check --json with the result cache', () => {
  it(
    'stores one entry per notebook and reuses them untouched, printing what no cache prints',
    () => {
      const cold = run();
      expect([0, 1]).toContain(cold.code);
      const stored = resultEntries();
      expect(stored.size).toBe(NOTEBOOKS);
      // The findings read back carry their text (the lab words it in the user's language).
      let findings = 0;
      for (const name of stored.keys()) {
        const entry = deserialize(readFileSync(path.join(FACTS, name))) as {
          v: { result: { findings: IFinding[] } };
        };
        for (const f of entry.v.result.findings) {
          expect(word(f.text)).toBe(f.message);
          findings++;
        }
      }
      expect(findings).toBeGreaterThan(0);
      const warm = run();
      expectSame(warm, cold);
      expectSame(warm, uncached());
      // A hit rewrites nothing.
      expect(resultEntries()).toEqual(stored);
    },
    SLOW
  );

  it(
    'stores nothing for a file dated within the racy window, nor with the cache off',
    () => {
      const cache = path.join(tmp.dir, 'racy');
      const file = path.join(NB, 'opts.ipynb');
      const future = Date.now() / 1000 + 3600;
      utimesSync(file, future, future);
      try {
        run([], {}, cache);
        const names = [
          ...resultEntries(path.join(cache, 'linearize', 'facts')).keys()
        ];
        // Every notebook but that one (all others are older than the window).
        expect(names.length).toBe(NOTEBOOKS - 1);
      } finally {
        utimesSync(file, PAST, PAST);
      }
      const off = path.join(tmp.dir, 'off');
      run([], { LINEARIZE_NO_CACHE: '1' }, off);
      run(['--no-cache'], {}, off);
      expect(existsSync(off)).toBe(false);
    },
    SLOW
  );
  it(
    'checks afresh a notebook changed in place with its size and mtime restored',
    () => {
      const file = path.join(NB, 'inplace.ipynb');
      const before = statSync(file, { bigint: true });
      expect(kinds(run(), 'inplace.ipynb')).not.toContain('data-missing');
      const text = readFileSync(file, 'utf8');
      // Same length: `here.csv` becomes `hers.csv`, which does not exist.
      writeFileSync(file, text.replace('here.csv', 'hers.csv'));
      utimesSync(file, PAST, PAST);
      const after = statSync(file, { bigint: true });
      expect(after.size).toBe(before.size);
      expect(after.mtimeNs).toBe(before.mtimeNs);
      // Only the change time tells: it is part of the stat identity.
      expect(after.ctimeNs).not.toBe(before.ctimeNs);
      const warm = run();
      expect(kinds(warm, 'inplace.ipynb')).toContain('data-missing');
      expectSame(warm, uncached());
    },
    SLOW
  );

  it(
    'follows a data file that appears, then disappears',
    () => {
      expect(kinds(run(), 'appears.ipynb')).toContain('data-missing');
      const data = path.join(NB, 'later.csv');
      writeFileSync(data, 'l\n');
      const appeared = run();
      expect(kinds(appeared, 'appears.ipynb')).not.toContain('data-missing');
      expectSame(appeared, uncached());
      rmSync(data);
      const gone = run();
      expect(kinds(gone, 'appears.ipynb')).toContain('data-missing');
      expectSame(gone, uncached());
    },
    SLOW
  );

  it(
    'follows a local module that appears beside the notebook',
    () => {
      expect(kinds(run(), 'local.ipynb')).toContain('module-missing');
      writeFileSync(path.join(NB, 'helper_mod_xyz.py'), 'A = 1\n');
      const warm = run();
      expect(kinds(warm, 'local.ipynb')).not.toContain('module-missing');
      expectSame(warm, uncached());
    },
    SLOW
  );

  it(
    "follows the interpreter's answers (PYTHONPATH)",
    () => {
      expect(kinds(run(), 'interp.ipynb')).toContain('module-missing');
      const env = { PYTHONPATH: PYPATH };
      const warm = run([], env);
      expect(kinds(warm, 'interp.ipynb')).not.toContain('module-missing');
      expectSame(warm, uncached([], env));
      expect(kinds(run(), 'interp.ipynb')).toContain('module-missing');
    },
    SLOW
  );

  it(
    'hashes a data file again when its stat changed (data-changed), size and mtime restored',
    () => {
      expect(kinds(run(), 'md5.ipynb')).not.toContain('data-changed');
      const data = path.join(NB, 'md5.csv');
      writeFileSync(data, 'x,y\n1,3\n');
      utimesSync(data, PAST, PAST);
      const warm = run();
      expect(kinds(warm, 'md5.ipynb')).toContain('data-changed');
      expectSame(warm, uncached());
    },
    SLOW
  );

  it(
    'asks git again whether a data file is pinned',
    () => {
      expect(kinds(run(), 'pinned.ipynb')).not.toContain('data-unpinned');
      writeFileSync(path.join(NB, 'git', 'p.csv'), 'p\n2\n');
      const warm = run();
      expect(kinds(warm, 'pinned.ipynb')).toContain('data-unpinned');
      expectSame(warm, uncached());
    },
    SLOW
  );

  it(
    'keeps results apart by the options that change them',
    () => {
      const plain = run();
      for (const args of [
        ['--ignore', 'rra-undefined'],
        ['--only', 'rra-undefined,data-missing'],
        ['--no-record'],
        ['--python', 'python3']
      ]) {
        const warm = run(args);
        expectSame(run(args), warm);
        expectSame(warm, uncached(args));
      }
      expect(run(['--ignore', 'rra-undefined']).out).not.toBe(plain.out);
      // SARIF needs the cells' lines, which a JSON run does not store.
      const sarif = run(['--format', 'sarif']);
      expectSame(run(['--format', 'sarif']), sarif);
      expectSame(sarif, uncached(['--format', 'sarif']));
    },
    SLOW
  );

  it(
    'never reuses what another build of the tool stored',
    () => {
      run();
      const before = resultEntries();
      // Another build: the CLI file rewritten (the identity is the version, its size and mtime).
      const bundle = cli;
      const st = statSync(bundle);
      utimesSync(bundle, st.atime, new Date(st.mtimeMs + 60_000));
      try {
        expectSame(run(), uncached());
        const after = resultEntries();
        expect(after.size).toBeGreaterThan(before.size);
        // Under new names: the build is part of every entry's key.
        expect([...after.keys()].filter(n => !before.has(n)).length).toBe(
          after.size - before.size
        );
      } finally {
        utimesSync(bundle, st.atime, st.mtime);
      }
    },
    SLOW
  );

  it(
    'ignores and replaces corrupt entries',
    () => {
      const reference = uncached();
      // A folder of its own: every entry in it is one a plain run asks for.
      const cache = path.join(tmp.dir, 'corrupt');
      const facts = path.join(cache, 'linearize', 'facts');
      expectSame(run([], {}, cache), reference);
      const stored = [...resultEntries(facts).keys()].map(n =>
        path.join(facts, n)
      );
      expect(stored.length).toBe(NOTEBOOKS);
      stored.forEach((file, i) => {
        if (i % 2 === 0) {
          truncateSync(file, Math.floor(readFileSync(file).length / 2));
        } else {
          writeFileSync(file, 'not a cache entry');
        }
      });
      expectSame(run([], {}, cache), reference);
      // Replaced by the run that found them unreadable (same names: same keys).
      for (const file of stored) {
        expect(() => deserialize(readFileSync(file))).not.toThrow();
      }
      expectSame(run([], {}, cache), reference);
    },
    SLOW
  );

  it(
    'is shared safely by concurrent runs',
    async () => {
      const cache = path.join(tmp.dir, 'shared');
      const reference = uncached();
      const once = (): Promise<IRun> =>
        new Promise((resolve, reject) => {
          const child = spawn(process.execPath, [cli, 'check', '--json', NB], {
            cwd: tmp.dir,
            env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cache }
          });
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
      for (let round = 0; round < 2; round++) {
        const runs = await Promise.all([once(), once(), once()]);
        runs.forEach(r => expectSame(r, reference));
      }
      const dir = path.join(cache, 'linearize', 'facts');
      const names = readdirSync(dir);
      expect(names.filter(n => n.endsWith('.tmp'))).toEqual([]);
      for (const n of names) {
        expect(() =>
          deserialize(readFileSync(path.join(dir, n)))
        ).not.toThrow();
      }
    },
    SLOW
  );
});
