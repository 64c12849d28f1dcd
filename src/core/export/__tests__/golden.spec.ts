/**
 * One golden case per row of the IPython table (export-rules §1), plus string-state traps,
 * IPython's cleanup transforms, `from __future__`, the `ipython` mode and parameters.
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { parsePython } from '../../parse/parsePython';
import { exportNotebook } from '..';
import { fixtureNames, GOLDEN, readFixture } from './golden';

/** `UPDATE_GOLDEN=1 npx jest golden` rewrites the golden files; without it a missing one fails. */
const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('golden scripts', () => {
  for (const name of fixtureNames()) {
    it(name, () => {
      const fx = readFixture(name);
      const plan = exportNotebook(fx.nb, null, {
        noParams: true,
        ...fx.options,
        notebook: `${name}.ipynb`,
        createdAt: '2024-01-01T00:00:00.000Z'
      });
      const script = plan.files[0].text;
      const file = path.join(GOLDEN, `${name}.py`);
      if (UPDATE) {
        writeFileSync(file, script);
      } else if (!existsSync(file)) {
        throw new Error(
          `no golden file ${file}: review the script, then write it with UPDATE_GOLDEN=1`
        );
      }
      expect(script).toBe(readFileSync(file, 'utf8'));
      // Deterministic shape: LF only, one final newline.
      expect(script).not.toMatch(/\r/);
      expect(script.endsWith('\n') && !script.endsWith('\n\n')).toBe(true);
      // Every cell has exactly one marker, and nothing else reads as one (VS Code's rule).
      // (A `# %%` line inside a string literal stays, with a warning: changing it would change the value.)
      const markers = script.split('\n').filter(l => /^#\s*%%/.test(l));
      const inStrings = plan.warnings.filter(
        w => w.code === 'marker-in-string'
      ).length;
      expect(markers.length).toBe(fx.nb.cells.length + inStrings);
      expect(markers.every(l => l.startsWith('# %%'))).toBe(true);
      // It parses (py_compile of every golden script is in the pytest suite).
      expect(parsePython(script).error).toBeNull();
    });
  }
});
