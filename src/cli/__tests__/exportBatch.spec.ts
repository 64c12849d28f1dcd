/**
 * Exports into one folder written in batches (`FolderBatch`): a run of several notebooks
 * gives the files, the report and the exit code of the same notebooks exported one at a
 * time; a batch is one transaction under kill -9 and on a full disk; and a lock taken over
 * from a dead writer has that writer's leftovers recovered before ours land.
 */
import { spawnSync } from 'child_process';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'fs';
import * as path from 'path';
import { FolderBatch } from '../folderBatch';
import { nodeWriter, recoverExports, writeAllAtomic } from '../nodeWriter';
import { notebook, runCliIn, useCli } from './cli';
import {
  checkKilled,
  exportTexts,
  killBeforeEachOperation,
  whichExport
} from './killRuns';

const fx = useCli();
const tmp = fx.tmp;

const NAMES = ['a', 'b', 'c'];
const oldNb = (k: number): string =>
  notebook([
    { src: `lr = 0.${k + 1}\nepochs = ${k + 2}`, n: 1 },
    { src: 'print(lr, epochs)', n: 2 }
  ]);
const newNb = (k: number): string =>
  notebook([
    { src: `lr = 0.${k + 5}\nepochs = ${k + 7}\nbatch = 64`, n: 1 },
    { src: 'print(lr, epochs, batch)', n: 2 }
  ]);

/** Every file an export of a, b and c writes into a folder (the runtime is shared). */
const FILES = [
  ...NAMES.flatMap(n => [
    `${n}.py`,
    `${n}.params.yaml`,
    `${n}.repro.yaml`,
    `${n}.requirements.txt`,
    `${n}.Dockerfile`
  ]),
  '_linearize_runtime.py'
];

const FLAGS = ['export', '--no-git', '--no-data', '--no-env', '--no-cache'];

const run = (
  cwd: string,
  args: readonly string[],
  env: Record<string, string> = {}
) => runCliIn(fx.cli, args, { cwd, extraEnv: env, shim: true });

/** A folder's exported files, the manifest's time (its one changing line) blanked. */
const files = (dir: string): Record<string, string | null> =>
  exportTexts(dir, FILES);

const hidden = (dir: string): string[] =>
  readdirSync(dir).filter(n => n.startsWith('.'));

/** A fresh folder holding a, b and c (`nb(k)`), and nothing else. */
function folder(name: string, nb: (k: number) => string): string {
  const dir = path.join(tmp.dir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  NAMES.forEach((n, k) => writeFileSync(path.join(dir, `${n}.ipynb`), nb(k)));
  return dir;
}

describe('exports into one folder in one run', () => {
  it('give the files, report and exit code of one export at a time', () => {
    const cases: [string, string[]][] = [
      ['text', []],
      ['json', ['--json']],
      ['no-params', ['--no-params']]
    ];
    for (const [name, extra] of cases) {
      const together = folder(`together-${name}`, oldNb);
      const apart = folder(`apart-${name}`, oldNb);
      // b's script is a file of the user's (refused), c is not a notebook: the other
      // exports of the batch are written all the same.
      writeFileSync(path.join(together, 'b.py'), 'mine\n');
      writeFileSync(path.join(apart, 'b.py'), 'mine\n');
      writeFileSync(path.join(together, 'c.ipynb'), '{');
      writeFileSync(path.join(apart, 'c.ipynb'), '{');
      const all = run(together, [
        ...FLAGS,
        ...extra,
        'a.ipynb',
        'b.ipynb',
        'c.ipynb'
      ]);
      const one = NAMES.map(n =>
        run(apart, [...FLAGS, ...extra, `${n}.ipynb`])
      );
      const same = (s: string): string =>
        s
          .split(together)
          .join('<dir>')
          .replace(/"created_at": "[^"]*"/g, '');
      if (name === 'json') {
        const docs = one.map(r =>
          JSON.parse(same(r.out.split(apart).join(together)))
        );
        expect(JSON.parse(same(all.out))).toEqual({
          ...docs[0],
          notebooks: docs.flatMap(d => d.notebooks)
        });
      } else {
        expect(all.out).toBe(one.map(r => r.out).join(''));
        expect(all.err).toBe(one.map(r => r.err).join(''));
      }
      expect(all.code).toBe(2);
      expect(one.map(r => r.code)).toEqual([0, 2, 2]);
      expect(files(together)).toEqual(files(apart));
      expect(files(together)['a.py']).not.toBeNull();
      expect(readFileSync(path.join(together, 'b.py'), 'utf8')).toBe('mine\n');
      expect(hidden(together)).toEqual([]);
    }
    // A second run finds every file unchanged (the shared runtime too).
    const again = folder('again', oldNb);
    const first = run(again, [...FLAGS, 'a.ipynb', 'b.ipynb', 'c.ipynb']);
    expect(first.code).toBe(0);
    const counts = (out: string) =>
      [
        ...out.matchAll(
          /^(\w)\.ipynb: exported .*?(?: \((\d+) unchanged\))?$/gm
        )
      ].map(m => `${m[1]}:${m[2] ?? 0}`);
    expect(counts(first.out)).toEqual(['a:0', 'b:1', 'c:1']);
    const second = run(again, [...FLAGS, 'a.ipynb', 'b.ipynb', 'c.ipynb']);
    expect(second.code).toBe(0);
    expect(counts(second.out)).toEqual(['a:6', 'b:6', 'c:6']);
  });
});

/** The exports of a, b and c the kill tests go from (old) and to (new). */
let oldSet: Record<string, string | null> = {};
let newSet: Record<string, string | null> = {};

describe('a batch under kill -9', () => {
  const dir = path.join(tmp.dir, 'kill');
  const exportAll = (env: Record<string, string> = {}) =>
    run(dir, [...FLAGS, 'a.ipynb', 'b.ipynb', 'c.ipynb'], env);

  /** The old exports in place, the new notebooks beside them. */
  let oldBytes: Record<string, string> = {};
  function reset(): void {
    folder('kill', newNb);
    for (const [f, text] of Object.entries(oldBytes)) {
      writeFileSync(path.join(dir, f), text);
    }
  }

  beforeAll(() => {
    folder('kill', oldNb);
    expect(exportAll().code).toBe(0);
    oldSet = files(dir);
    oldBytes = Object.fromEntries(
      FILES.map(f => [f, readFileSync(path.join(dir, f), 'utf8')])
    );
    folder('kill', newNb);
    expect(exportAll().code).toBe(0);
    newSet = files(dir);
    for (const n of NAMES) {
      expect(oldSet[`${n}.py`]).not.toBe(newSet[`${n}.py`]);
    }
  });

  const which = (): 'old' | 'new' | 'mixed' =>
    whichExport(FILES, files(dir), oldSet, newSet);

  it('leaves the three exports all old or all new, before every file operation', () => {
    const seen = { old: 0, new: 0, mixedBeforeRecovery: 0 };
    const ops = killBeforeEachOperation({
      dir,
      countFile: path.join(tmp.dir, 'batch-count'),
      reset,
      run: exportAll,
      check: () => {
        const { mixed, after } = checkKilled(dir, which, () =>
          recoverExports(dir)
        );
        seen[after]++;
        if (mixed) {
          seen.mixedBeforeRecovery++;
        }
        expect(hidden(dir)).toEqual([]);
      }
    });
    // One staging folder, 16 files staged (open, write each), the commit rename, 16 renames:
    // one transaction for the three exports.
    expect(ops).toBeGreaterThanOrEqual(40);
    // Kills fell on both sides of the commit point, and some between it and the last rename.
    expect(seen.old).toBeGreaterThan(10);
    expect(seen.new).toBeGreaterThan(10);
    expect(seen.mixedBeforeRecovery).toBeGreaterThan(5);
    // eslint-disable-next-line no-console
    console.log(`batch kill -9 tally: ${JSON.stringify({ ops, ...seen })}`);
  });

  it('keeps every old file when the device fills mid-batch, and says so for each export', () => {
    reset();
    const r = exportAll({
      LINEARIZE_FAULT_DIR: dir,
      LINEARIZE_FAULT_SPACE: '3000'
    });
    expect(r.code).toBe(2);
    for (const n of NAMES) {
      expect(r.err).toMatch(
        new RegExp(
          `${n}\\.ipynb: cannot write [^\\n]*: no space left on the device \\(ENOSPC\\); nothing was written`
        )
      );
    }
    expect(r.err).not.toMatch(/\.tmp|linearize-staging/);
    expect(which()).toBe('old');
    expect(hidden(dir)).toEqual([]);
  });
});

describe('a lock taken over from a dead writer', () => {
  it("recovers that writer's commit folder before writing, so its older files never land after ours", async () => {
    const dir = path.join(tmp.dir, 'takeover');
    mkdirSync(dir, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    // A writer died after its commit point, holding the lock: its files are older than ours.
    const commit = path.join(dir, `.linearize-commit-${dead}-x1`);
    mkdirSync(commit);
    writeFileSync(
      path.join(commit, 'nb.py'),
      '# Generated by linearize\nolder\n'
    );
    writeFileSync(path.join(dir, '.linearize-export.lock'), String(dead));
    await writeAllAtomic(dir, [
      { name: 'nb.py', text: '# Generated by linearize\nnewer\n' }
    ]);
    expect(readFileSync(path.join(dir, 'nb.py'), 'utf8')).toBe(
      '# Generated by linearize\nnewer\n'
    );
    expect(hidden(dir)).toEqual([]);
    // Nothing is left for a later recovery to roll forward over it.
    expect(recoverExports(dir)).toEqual({ completed: [], removed: [] });
    expect(readFileSync(path.join(dir, 'nb.py'), 'utf8')).toBe(
      '# Generated by linearize\nnewer\n'
    );
  });
});

describe("a file of the user's put at a target after the export checked it", () => {
  const GEN = '# Generated by linearize\n';
  const files = [
    { name: 'nb.py', text: `${GEN}x = 1\n` },
    { name: 'nb.repro.yaml', text: `${GEN}tool: {}\n` }
  ];

  it('is refused under the lock, by a batch and by a single export: nothing is written', async () => {
    for (const how of ['batch', 'single'] as const) {
      const dir = path.join(tmp.dir, `foreign-${how}`);
      mkdirSync(dir, { recursive: true });
      const batch = new FolderBatch(dir);
      const writer = how === 'batch' ? batch.writer(() => {}) : nodeWriter(dir);
      expect(await writer.exists('nb.py')).toBe(false);
      // Meanwhile another process puts the user's file there: while the export planned (a
      // single export writes at once), or while the batch waited.
      const foreign = () => writeFileSync(path.join(dir, 'nb.py'), 'mine\n');
      if (how === 'single') {
        foreign();
      }
      const wrote = writer.writeAll!(files);
      if (how === 'batch') {
        foreign();
      }
      await batch.flush();
      await expect(wrote).rejects.toThrow(
        /changed while exporting and is not a file linearize generated/
      );
      expect(readFileSync(path.join(dir, 'nb.py'), 'utf8')).toBe('mine\n');
      expect(readdirSync(dir)).toEqual(['nb.py']);
    }
  });

  it('is replaced with --force, and a file linearize generated is replaced without it', async () => {
    const dir = path.join(tmp.dir, 'foreign-force');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'nb.py'), 'mine\n');
    await nodeWriter(dir, { force: true }).writeAll!(files);
    expect(readFileSync(path.join(dir, 'nb.py'), 'utf8')).toBe(files[0].text);
    writeFileSync(path.join(dir, 'nb.py'), `${GEN}# another export's\n`);
    await nodeWriter(dir).writeAll!(files);
    expect(readFileSync(path.join(dir, 'nb.py'), 'utf8')).toBe(files[0].text);
  });
});
