/**
 * The Python we send to kernels or write into scripts lives in `src/**\/*.py`; the build reads
 * the generated `*_py.ts` siblings. This fails when one of them no longer matches its `.py`.
 */
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';

import { CONFIG_LOADER_PY } from '../params/python/configLoader_py';
import { RUNTIME_PY } from '../params/python/runtime_py';

const root = join(__dirname, '..', '..', '..');

describe('embedded Python', () => {
  it('every *_py.ts module matches its .py file', () => {
    // Throws (with the stale files on stderr) when the check exits non-zero.
    expect(() =>
      execFileSync(process.execPath, ['scripts/embed-python.mjs', '--check'], {
        cwd: root,
        stdio: 'pipe'
      })
    ).not.toThrow();
  });

  it('embeds only the lines between the markers, without the formatter comments', () => {
    const runtime = readFileSync(
      join(root, 'src/core/params/python/runtime.py'),
      'utf8'
    );
    expect(runtime).toContain('# fmt: off');
    expect(RUNTIME_PY).not.toContain('# fmt:');
    expect(CONFIG_LOADER_PY).not.toContain('# fmt:');
    expect(CONFIG_LOADER_PY).not.toContain('linearize-embed');
    expect(CONFIG_LOADER_PY.startsWith('    here = Path(__file__)')).toBe(true);
    expect(CONFIG_LOADER_PY.endsWith('    return params\n')).toBe(true);
  });
});
