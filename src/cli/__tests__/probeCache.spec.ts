/**
 * The interpreter probe's cache, with a real Python in a real virtual environment: an answer
 * is reused while nothing on the interpreter's sys.path changed, and asked again as soon as
 * a package is installed there.
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseProbeOutput, PROBE_SCRIPT } from '../../core/verdicts/pillars';
import { answerIn } from '../probeSession';
import { cacheFolder, cachedProbeOutput } from '../probeCache';

let box: string;
let python: string;
let sitePackages: string;

beforeAll(() => {
  box = mkdtempSync(join(tmpdir(), 'linearize-probe-cache-'));
  execFileSync('python3', ['-m', 'venv', '--without-pip', join(box, 'venv')]);
  python = join(box, 'venv', 'bin', 'python');
  sitePackages = execFileSync(
    python,
    ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'],
    { encoding: 'utf8' }
  ).trim();
}, 60_000);

afterAll(() => {
  rmSync(box, { recursive: true, force: true });
});

function probeWith(folder: string | null, calls: { n: number }): string | null {
  return cachedProbeOutput(
    python,
    ['json', 'linearize_probe_pkg'],
    () => {
      calls.n++;
      return answerIn(
        execFileSync(python, ['-c', PROBE_SCRIPT], {
          input: '["json", "linearize_probe_pkg"]',
          encoding: 'utf8',
          cwd: box
        })
      );
    },
    folder
  );
}

describe('cachedProbeOutput', () => {
  it('reuses an answer until a package is installed on sys.path', () => {
    const folder = join(box, 'cache');
    const calls = { n: 0 };
    const first = parseProbeOutput(probeWith(folder, calls) ?? '');
    expect(calls.n).toBe(1);
    expect(first.modules.linearize_probe_pkg?.found).toBe(false);
    expect(
      readdirSync(folder).filter(n => n.startsWith('probe-'))
    ).toHaveLength(1);

    // Same interpreter, same modules, nothing installed: no Python started.
    const second = parseProbeOutput(probeWith(folder, calls) ?? '');
    expect(calls.n).toBe(1);
    expect(second).toEqual(first);

    // Installing a package changes site-packages: the answer is asked again, and new.
    mkdirSync(join(sitePackages, 'linearize_probe_pkg'));
    writeFileSync(join(sitePackages, 'linearize_probe_pkg', '__init__.py'), '');
    const third = parseProbeOutput(probeWith(folder, calls) ?? '');
    expect(calls.n).toBe(2);
    expect(third.modules.linearize_probe_pkg?.found).toBe(true);
  }, 60_000);

  it('asks every time when caching is off, and never stores a failed answer', () => {
    const calls = { n: 0 };
    probeWith(null, calls);
    probeWith(null, calls);
    expect(calls.n).toBe(2);

    const folder = join(box, 'failed');
    let runs = 0;
    const failed = () =>
      cachedProbeOutput(
        python,
        ['x'],
        () => {
          runs++;
          return null;
        },
        folder
      );
    expect(failed()).toBeNull();
    expect(failed()).toBeNull();
    expect(runs).toBe(2);
  });

  it('is off with LINEARIZE_NO_CACHE or --no-cache, and under XDG_CACHE_HOME otherwise', () => {
    expect(cacheFolder({ LINEARIZE_NO_CACHE: '1' }, [])).toBeNull();
    expect(cacheFolder({}, ['node', 'linearize', '--no-cache'])).toBeNull();
    expect(cacheFolder({ XDG_CACHE_HOME: '/tmp/xdg' }, [])).toBe(
      '/tmp/xdg/linearize'
    );
  });
});
