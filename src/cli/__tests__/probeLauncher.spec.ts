/**
 * `python3` as a launcher script (a pyenv, asdf or mise shim) that picks the interpreter from a
 * version file in the user's folder: `check` asks the interpreter the user's shell would start
 * there, and a cached answer is reused only while the launcher would pick the same one. A real
 * shell script stands for the shim, with two real virtual environments behind it; it logs
 * each start, so the test sees when Python was (not) started.
 */
import { existsSync, mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { notebook, runCliIn, useCli } from './cli';
import { launcher, makeVenv, printAtStart, startCount } from './pythons';

const SLOW = 120_000;
const fixture = useCli();
let shim = '';
let project = '';
let starts = '';

beforeAll(() => {
  const box = fixture.tmp.dir;
  const a = makeVenv(path.join(box, 'venv-a'));
  const b = makeVenv(path.join(box, 'venv-b'));
  // Only environment `b` has the package the notebook imports.
  mkdirSync(path.join(b.site, 'linearize_shim_pkg'));
  writeFileSync(path.join(b.site, 'linearize_shim_pkg', '__init__.py'), '');
  // Environment `a` prints at every start (a site hook): the probe's answer is still found.
  printAtStart(a.site);

  starts = path.join(box, 'starts.log');
  shim = path.join(box, 'bin', 'python3');
  launcher(shim, starts, [
    'v=$(cat .python-version 2>/dev/null || echo a)',
    `exec '${box}'/venv-$v/bin/python "$@"`
  ]);

  project = path.join(box, 'project');
  mkdirSync(project);
  writeFileSync(
    path.join(project, 'nb.ipynb'),
    notebook([{ src: 'import linearize_shim_pkg', n: 1 }])
  );
  // A local module named like one the probe imports: it must never run.
  writeFileSync(
    path.join(project, 'json.py'),
    `open(${JSON.stringify(path.join(box, 'local-json-ran'))}, 'w').close()\n`
  );
}, SLOW);

function kinds(version: string): string[] {
  writeFileSync(path.join(project, '.python-version'), `${version}\n`);
  const r = runCliIn(
    fixture.cli,
    ['check', '--json', '--python', shim, 'nb.ipynb'],
    {
      cwd: project,
      extraEnv: { XDG_CACHE_HOME: path.join(fixture.tmp.dir, 'cache') }
    }
  );
  const out = JSON.parse(r.out) as {
    notebooks: { findings: { kind: string }[] }[];
  };
  return out.notebooks[0].findings.map(f => f.kind);
}

describe('check with a launcher script as the interpreter', () => {
  it(
    'asks the interpreter the launcher picks in the user folder, cached per pick',
    () => {
      expect(kinds('a')).toContain('module-missing');
      const afterA = startCount(starts);
      expect(afterA).toBeGreaterThan(0);

      // The version file now names `b`: a cached answer about `a` must not be used.
      expect(kinds('b')).not.toContain('module-missing');
      const afterB = startCount(starts);
      expect(afterB).toBeGreaterThan(afterA);

      // Nothing changed: both answers come from the cache, no Python starts.
      expect(kinds('b')).not.toContain('module-missing');
      expect(kinds('a')).toContain('module-missing');
      expect(startCount(starts)).toBe(afterB);
    },
    SLOW
  );

  it('never imports a module from the user folder while probing', () => {
    expect(existsSync(path.join(fixture.tmp.dir, 'local-json-ran'))).toBe(
      false
    );
  });
});
