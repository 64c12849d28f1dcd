/**
 * `export` of many notebooks asks the target interpreter about each notebook's modules
 * through one Python run (the probe's `--lines`), not one Python per notebook: a real venv
 * with two installed distributions stands behind a launcher script that logs each start.
 * Every file is the same as when each notebook is exported alone (also with a site hook
 * that prints at start); a second run asks the probe cache and starts no Python; an
 * interpreter that fails or is missing is named for every notebook, as before.
 */
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'fs';
import * as path from 'path';
import { notebook, runCliIn, useCli } from './cli';
import { launcher, makeVenv, printAtStart, startCount } from './pythons';

const SLOW = 180_000;
const fixture = useCli();
let shim = '';
let starts = '';

/** Imports per notebook: installed (two distributions), standard library, missing. */
const NOTEBOOKS: Record<string, string[]> = {
  a: ['alpha_mod'],
  b: ['alpha_mod', 'beta_mod', 'json'],
  c: ['json', 'not_installed_xyz'],
  d: ['beta_mod'],
  e: [],
  f: ['beta_mod', 'alpha_mod', 'not_installed_xyz']
};

/** A distribution `name` at `version` providing module `mod`, as pip would leave it. */
function install(site: string, name: string, version: string, mod: string) {
  mkdirSync(path.join(site, mod));
  writeFileSync(path.join(site, mod, '__init__.py'), '');
  const info = path.join(
    site,
    `${name.replace(/-/g, '_')}-${version}.dist-info`
  );
  mkdirSync(info);
  writeFileSync(
    path.join(info, 'METADATA'),
    `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`
  );
  writeFileSync(path.join(info, 'top_level.txt'), `${mod}\n`);
}

beforeAll(() => {
  const box = fixture.tmp.dir;
  const { python, site } = makeVenv(path.join(box, 'venv'));
  install(site, 'alpha-dist', '1.2.3', 'alpha_mod');
  install(site, 'Beta-Dist', '0.9', 'beta_mod');
  // A site hook that prints at every start: its line must never be taken for an answer.
  printAtStart(site);
  starts = path.join(box, 'starts.log');
  shim = path.join(box, 'bin', 'python3');
  launcher(shim, starts, [`exec '${python}' "$@"`]);
}, SLOW);

/** A folder holding the notebooks. */
function project(name: string): string {
  const dir = path.join(fixture.tmp.dir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const [stem, mods] of Object.entries(NOTEBOOKS)) {
    const src = mods.map(m => `import ${m}`).join('\n') || 'x = 1';
    writeFileSync(path.join(dir, `${stem}.ipynb`), notebook([{ src, n: 1 }]));
  }
  return dir;
}

/** The exported files of `dir`, `created_at` lines left out. */
function exported(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.ipynb')) {
      out[name] = readFileSync(path.join(dir, name), 'utf8')
        .split('\n')
        .filter(l => !l.includes('created_at'))
        .join('\n');
    }
  }
  return out;
}

function exportIn(dir: string, names: string[], env: Record<string, string>) {
  return runCliIn(
    fixture.cli,
    ['export', '--no-git', '--no-data', '--python', shim, ...names],
    { cwd: dir, extraEnv: env }
  );
}

describe('export of many notebooks asks one Python', () => {
  it(
    'starts Python once, writes what exporting each alone writes, and a second run starts none',
    () => {
      const names = Object.keys(NOTEBOOKS).map(s => `${s}.ipynb`);
      const cache = { XDG_CACHE_HOME: path.join(fixture.tmp.dir, 'cache') };

      const together = project('together');
      const before = startCount(starts);
      const r = exportIn(together, names, cache);
      expect(r.err).toBe('');
      expect(startCount(starts) - before).toBe(1);

      const alone = project('alone');
      for (const n of names) {
        const one = exportIn(alone, [n], { LINEARIZE_NO_CACHE: '1' });
        expect(one.err).toBe('');
      }
      expect(startCount(starts) - before).toBe(1 + names.length);
      const files = exported(together);
      expect(files).toEqual(exported(alone));

      // The pins come from the interpreter's metadata, each notebook its own.
      expect(files['b.requirements.txt']).toContain('alpha-dist==1.2.3');
      expect(files['b.requirements.txt']).toContain('Beta-Dist==0.9');
      expect(files['a.requirements.txt']).not.toContain('Beta-Dist');
      expect(files['d.requirements.txt']).not.toContain('alpha-dist');

      // Every answer is in the probe cache now: no Python starts.
      const again = project('again');
      const counted = startCount(starts);
      expect(exportIn(again, names, cache).err).toBe('');
      expect(startCount(starts)).toBe(counted);
      expect(exported(again)).toEqual(files);
    },
    SLOW
  );

  it(
    'names an interpreter that fails, or is missing, for every notebook',
    () => {
      const broken = path.join(fixture.tmp.dir, 'bin', 'broken-python');
      writeFileSync(broken, '#!/bin/sh\necho "no such venv" >&2\nexit 3\n');
      chmodSync(broken, 0o755);
      const dir = project('broken');
      const names = ['a.ipynb', 'b.ipynb', 'c.ipynb'];
      for (const [python, why] of [
        [broken, /failed to describe itself \(exit 3\): no such venv/],
        [path.join(dir, 'missing-python'), /was not found/]
      ] as const) {
        const r = runCliIn(
          fixture.cli,
          ['export', '--no-git', '--no-data', '--python', python, ...names],
          { cwd: dir, extraEnv: { LINEARIZE_NO_CACHE: '1' } }
        );
        expect(r.code).toBe(2);
        const lines = r.err.split('\n').filter(Boolean);
        expect(lines).toHaveLength(names.length);
        lines.forEach((line, i) => {
          expect(line).toContain(`${names[i]}: --python: `);
          expect(line).toMatch(why);
        });
        expect(readdirSync(dir).filter(n => !n.endsWith('.ipynb'))).toEqual([]);
      }
    },
    SLOW
  );
});
