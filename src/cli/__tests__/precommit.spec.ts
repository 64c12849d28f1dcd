/** The pre-commit hook definitions name the pip package's console script and select notebooks. */
import { readFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ROOT } from './cli';

interface IHook {
  id: string;
  entry: string;
  language: string;
  files: string;
}

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(
    readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')
  ) as IHook[];
  const pyproject = readFileSync(path.join(ROOT, 'pyproject.toml'), 'utf8');

  it('defines linearize-check and linearize-export running the console script on notebooks', () => {
    expect(hooks.map(h => h.id)).toEqual([
      'linearize-check',
      'linearize-export'
    ]);
    // The pip package installs the command the hooks call.
    expect(pyproject).toMatch(
      /\[project\.scripts\]\nlinearize = "jupyterlab_linearize\.cli:main"/
    );
    for (const hook of hooks) {
      expect(hook.language).toBe('python');
      expect(hook.entry.split(' ')[0]).toBe('linearize');
      const files = new RegExp(hook.files);
      expect(['a.ipynb', 'dir/b c.ipynb'].every(f => files.test(f))).toBe(true);
      expect(
        ['a.py', 'a.ipynb.bak', 'a.ipynb_checkpoints/x'].some(f =>
          files.test(f)
        )
      ).toBe(false);
    }
    // Export without provenance that changes on every commit.
    expect(hooks[1].entry).toBe('linearize export --no-git --no-data --no-env');
  });
});
