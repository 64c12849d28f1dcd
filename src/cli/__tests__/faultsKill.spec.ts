/**
 * A multi-file export is all or nothing under `kill -9` (issue 11, item 5). The real CLI
 * replaces an export (old notebook) by a new one and is SIGKILLed: before every file
 * operation of its write phase in turn (`faultShim.cjs` counts them), and at 30 seeded
 * random moments of its run. After each kill the three files are all old or all new once
 * the folder is recovered — and already are, unless the kill fell between the commit point
 * (the staging folder renamed to its commit name) and the end of the renames; the next
 * export finishes or undoes the interrupted one and leaves no temporary file behind. What
 * recovery does with each leftover (a dead process's commit or staging folder, an earlier
 * build's journal, a live process's folders) is also tested on leftovers made by hand.
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
import { recoverExports } from '../nodeWriter';
import { notebook, runCliIn, useCli } from './cli';
import {
  checkKilled,
  exportTexts,
  exportThroughShim,
  killBeforeEachOperation,
  whichExport
} from './killRuns';

const FILES = ['nb.py', 'nb.params.yaml', 'nb.repro.yaml'];
const OLD_NB = notebook([
  { src: 'lr = 0.1\nepochs = 3', n: 1 },
  { src: 'print(lr, epochs)', n: 2 }
]);
const NEW_NB = notebook([
  { src: 'lr = 0.2\nepochs = 5\nbatch = 64', n: 1 },
  { src: 'print(lr, epochs, batch)', n: 2 },
  { src: 'print("done")', n: 3 }
]);

const fx = useCli();
const tmp = fx.tmp;
const dir = path.join(tmp.dir, 'out');

function exportNb(
  env: Record<string, string> = {},
  timeoutMs?: number
): { code: number | null; signal: string | null; err: string } {
  return runCliIn(fx.cli, ['export', '--no-git', '--no-data', 'nb.ipynb'], {
    cwd: dir,
    extraEnv: env,
    shim: true,
    timeoutMs
  });
}

function read(): Record<string, string | null> {
  return exportTexts(dir, FILES);
}

let oldSet: Record<string, string | null> = {};
let newSet: Record<string, string | null> = {};
let oldBytes: Record<string, string> = {};

/** Which export the folder holds: 'old', 'new', or 'mixed'. */
function which(): 'old' | 'new' | 'mixed' {
  return whichExport(FILES, read(), oldSet, newSet);
}

function ours(): string[] {
  return readdirSync(dir).filter(n => n.startsWith('.'));
}

/** Puts the old export back, the new notebook in place, nothing else. */
function reset(): void {
  rmSync(dir, { recursive: true, force: true });
  tmp.write('out/nb.ipynb', NEW_NB);
  for (const [f, text] of Object.entries(oldBytes)) {
    writeFileSync(path.join(dir, f), text);
  }
}

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tally = { ops: 0, kills: 0, old: 0, new: 0, mixedBeforeRecovery: 0 };

beforeAll(() => {
  tmp.write('out/nb.ipynb', OLD_NB);
  expect(exportNb().code).toBe(0);
  oldSet = read();
  oldBytes = Object.fromEntries(
    FILES.map(f => [f, readFileSync(path.join(dir, f), 'utf8')])
  );
  tmp.write('out/nb.ipynb', NEW_NB);
  expect(exportNb().code).toBe(0);
  newSet = read();
  expect(FILES.every(f => oldSet[f] !== newSet[f])).toBe(true);
});

/** After a kill: consistent once recovered, and the next export cleans up. */
function checkAfterKill(useCli: boolean): void {
  const { mixed, after } = checkKilled(dir, which, () => {
    if (useCli) {
      const r = exportNb();
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
    } else {
      recoverExports(dir);
    }
  });
  if (mixed) {
    tally.mixedBeforeRecovery++;
  }
  if (useCli) {
    expect(after).toBe('new');
  } else {
    tally[after]++;
  }
  expect(ours()).toEqual([]);
}

describe('export under kill -9', () => {
  it('before every file operation of the write phase', () => {
    const ops = killBeforeEachOperation({
      dir,
      countFile: path.join(tmp.dir, 'count'),
      reset,
      run: exportNb,
      check: k => {
        tally.kills++;
        // Every third one is recovered by the next real export, the others by the function alone.
        checkAfterKill(k % 3 === 0);
      }
    });
    tally.ops = ops;
    // Staging folder, three files staged (open, write each), the commit rename, three
    // renames, clean-up.
    expect(ops).toBeGreaterThanOrEqual(12);
  });

  it('at 30 seeded random moments of the run', () => {
    reset();
    const started = Date.now();
    expect(exportNb().code).toBe(0);
    const duration = Date.now() - started;
    const random = seeded(11);
    let killed = 0;
    for (let i = 0; i < 30; i++) {
      reset();
      const r = exportNb({}, Math.max(1, Math.round(random() * duration)));
      if (r.signal === 'SIGKILL') {
        killed++;
        tally.kills++;
      }
      checkAfterKill(i % 3 === 0);
    }
    // Most moments fall inside the run (some after it ended: those exports simply finished).
    expect(killed).toBeGreaterThan(15);
    // eslint-disable-next-line no-console
    console.log(`kill -9 tally: ${JSON.stringify(tally)}`);
  });
});

describe('recovery of what a killed export left', () => {
  /** The pid of a process that has exited (a short real child, waited for). */
  const deadPid = (): number => {
    const r = spawnSync(process.execPath, ['-e', '0']);
    expect(r.status).toBe(0);
    return r.pid;
  };

  let newBytes: Record<string, string> = {};

  /** The old set in place; `files` of the new set at `folder` inside `dir`. */
  function leave(folder: string, files: readonly string[]): void {
    reset();
    mkdirSync(path.join(dir, folder));
    for (const f of files) {
      writeFileSync(path.join(dir, folder, f), newBytes[f]);
    }
  }

  beforeAll(() => {
    reset();
    expect(exportNb().code).toBe(0);
    newBytes = Object.fromEntries(
      FILES.map(f => [f, readFileSync(path.join(dir, f), 'utf8')])
    );
  });

  it("rolls a dead process's commit folder forward, files already moved skipped", () => {
    const folder = `.linearize-commit-${deadPid()}-k1`;
    leave(folder, FILES.slice(1));
    // The first file was renamed out before the kill.
    writeFileSync(path.join(dir, FILES[0]), newBytes[FILES[0]]);
    expect(which()).toBe('mixed');
    const r = recoverExports(dir);
    expect(r.completed).toEqual(FILES.slice(1));
    expect(r.removed).toEqual([folder]);
    expect(which()).toBe('new');
    expect(ours()).toEqual([]);
  });

  it("rolls an earlier build's journal forward (a journal naming its staging folder)", () => {
    const pid = deadPid();
    const staging = `.linearize-staging-${pid}-k2`;
    const journal = `.linearize-journal-${pid}-k2.json`;
    leave(staging, FILES);
    writeFileSync(
      path.join(dir, journal),
      JSON.stringify({ version: 1, staging, files: FILES })
    );
    const r = recoverExports(dir);
    expect(r.completed).toEqual(FILES);
    expect(r.removed.sort()).toEqual([journal, staging].sort());
    expect(which()).toBe('new');
    expect(ours()).toEqual([]);
  });

  it('removes a dead staging folder (not committed): the old files stay', () => {
    const folder = `.linearize-staging-${deadPid()}-k3`;
    leave(folder, FILES);
    const r = recoverExports(dir);
    expect(r.completed).toEqual([]);
    expect(r.removed).toEqual([folder]);
    expect(which()).toBe('old');
    expect(ours()).toEqual([]);
  });

  it("leaves a live process's commit and staging folders alone", () => {
    const commit = `.linearize-commit-${process.pid}-k4`;
    const staging = `.linearize-staging-${process.pid}-k5`;
    leave(commit, FILES);
    mkdirSync(path.join(dir, staging));
    const r = recoverExports(dir);
    expect(r).toEqual({ completed: [], removed: [] });
    expect(which()).toBe('old');
    expect(ours().sort()).toEqual([commit, staging].sort());
  });
});

describe('params -o under kill -9', () => {
  it('before every file operation: the config is old or new, and the next run cleans up', () => {
    const pdir = path.join(tmp.dir, 'params');
    const run = (env: Record<string, string> = {}) =>
      runCliIn(fx.cli, ['params', 'nb.ipynb', '-o', 'cfg.yaml'], {
        cwd: pdir,
        extraEnv: env,
        shim: true
      });
    const reset = (nb: string): void => {
      rmSync(pdir, { recursive: true, force: true });
      tmp.write('params/nb.ipynb', nb);
    };
    reset(OLD_NB);
    expect(run().code).toBe(0);
    const oldCfg = readFileSync(path.join(pdir, 'cfg.yaml'), 'utf8');
    reset(NEW_NB);
    const countFile = path.join(tmp.dir, 'pcount');
    expect(
      run({ LINEARIZE_FAULT_DIR: pdir, LINEARIZE_FAULT_COUNT_FILE: countFile })
        .code
    ).toBe(0);
    const newCfg = readFileSync(path.join(pdir, 'cfg.yaml'), 'utf8');
    expect(newCfg).not.toBe(oldCfg);
    const ops = Number(readFileSync(countFile, 'utf8'));
    expect(ops).toBeGreaterThanOrEqual(4);
    for (let k = 1; k <= ops; k++) {
      reset(NEW_NB);
      writeFileSync(path.join(pdir, 'cfg.yaml'), oldCfg);
      const r = run({
        LINEARIZE_FAULT_DIR: pdir,
        LINEARIZE_FAULT_KILL_AT: String(k)
      });
      expect(r.signal).toBe('SIGKILL');
      tally.kills++;
      const now = readFileSync(path.join(pdir, 'cfg.yaml'), 'utf8');
      expect([oldCfg, newCfg]).toContain(now);
      const again = run();
      expect(again.err).toBe('');
      expect(readFileSync(path.join(pdir, 'cfg.yaml'), 'utf8')).toBe(newCfg);
      expect(readdirSync(pdir).filter(n => n.startsWith('.'))).toEqual([]);
    }
  });
});

describe('concurrent exports into one folder', () => {
  it('leave one whole set, never a mix, and nothing behind (2 rounds of 8 writers)', async () => {
    const cdir = path.join(tmp.dir, 'race');
    for (let round = 0; round < 2; round++) {
      rmSync(cdir, { recursive: true, force: true });
      for (let k = 0; k < 8; k++) {
        tmp.write(
          `race/nb${k}.ipynb`,
          notebook([{ src: `lr = 0.${k + 1}\nprint(lr)`, n: 1 }])
        );
      }
      const codes = await Promise.all(
        Array.from({ length: 8 }, (_, k) =>
          // A slow, uneven disk: each file operation takes 0 to 30 ms, so writers overlap.
          exportThroughShim(fx.cli, cdir, `nb${k}.ipynb`, {
            LINEARIZE_FAULT_DELAY_MS: '30'
          })
        )
      );
      // Every writer exits 0 (a failing one is shown with what it printed).
      expect(codes.filter(c => c.code !== 0)).toEqual([]);
      const texts = ['out.py', 'out.params.yaml', 'out.repro.yaml'].map(f =>
        readFileSync(path.join(cdir, f), 'utf8')
      );
      const from = texts.map(t =>
        [...t.matchAll(/nb(\d)\.ipynb/g)].map(m => m[1])
      );
      const winner = from[0][0];
      for (const names of from) {
        expect(new Set(names)).toEqual(new Set([winner]));
      }
      expect(readdirSync(cdir).filter(n => n.startsWith('.'))).toEqual([]);
    }
  }, 180000);
});
