/** The pre-commit hook definition names our CLI and selects notebooks. */
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
  const pkg = JSON.parse(
    readFileSync(path.join(ROOT, 'package.json'), 'utf8')
  ) as {
    bin: Record<string, string>;
  };

  it('defines linearize-check running the package binary on notebooks', () => {
    const hook = hooks.find(h => h.id === 'linearize-check');
    expect(hook).toMatchObject({ entry: 'linearize check', language: 'node' });
    expect(Object.keys(pkg.bin)).toContain(hook?.entry.split(' ')[0]);
    const files = new RegExp(hook?.files ?? '$^');
    expect(['a.ipynb', 'dir/b c.ipynb'].every(f => files.test(f))).toBe(true);
    expect(
      ['a.py', 'a.ipynb.bak', 'a.ipynb_checkpoints/x'].some(f => files.test(f))
    ).toBe(false);
  });
});
