import { expect, test } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { command, notebookWith, runCell } from './utils';

test.use({ kernels: null });

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' }
  }).trim();

test('export dialog: verdict, files, git state; writes the files and commits only them', async ({
  page,
  tmpPath
}) => {
  const dir = path.join(process.env.JUPYTERLAB_GALATA_ROOT_DIR!, tmpPath);
  await notebookWith(page, 'analysis.ipynb', [
    'import json\nthreshold = 0.5',
    'values = [0.2, 0.7, 0.9]',
    'print(len([v for v in values if v > threshold]))'
  ]);
  for (const i of [0, 1, 2]) {
    await runCell(page, i);
  }
  await page.notebook.save();
  // A real repository around the notebook, with an unrelated change staged by the user.
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Ada Lovelace');
  git(dir, 'config', 'user.email', 'ada@example.org');
  git(dir, 'add', 'analysis.ipynb');
  git(dir, 'commit', '-q', '-m', 'notebook');
  const head = git(dir, 'rev-parse', 'HEAD');
  fs.writeFileSync(path.join(dir, 'other.txt'), 'staged by the user\n');
  git(dir, 'add', 'other.txt');

  await command(page, 'linearize:export');
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText(
    'Linear: the script reproduces what the notebook shows.'
  );
  await expect(dialog).toContainText(
    'analysis.py, analysis.params.yaml, analysis.repro.yaml'
  );
  await expect(dialog).toContainText(
    `Git: ${head.slice(0, 10)} on main, notebook committed.`
  );
  await dialog.getByLabel('Commit the exported files').check();
  await dialog.getByRole('button', { name: 'Export' }).click();
  await expect(
    page.locator('.Toastify__toast', { hasText: 'Exported analysis.py' })
  ).toContainText('(linear)');
  // The commit is said in its own notification, once the files are written.
  await expect(
    page.locator('.Toastify__toast', { hasText: 'Committed' })
  ).toContainText('on main');

  for (const f of [
    'analysis.py',
    'analysis.params.yaml',
    'analysis.repro.yaml'
  ]) {
    expect(fs.existsSync(path.join(dir, f))).toBe(true);
  }
  const manifest = fs.readFileSync(
    path.join(dir, 'analysis.repro.yaml'),
    'utf8'
  );
  expect(manifest).toContain(head);
  // Only the exported files are in the new commit; the user's staged file is still staged.
  expect(
    git(dir, 'show', '--name-only', '--format=', 'HEAD').split('\n').sort()
  ).toEqual([
    '_linearize_runtime.py',
    'analysis.Dockerfile',
    'analysis.params.yaml',
    'analysis.py',
    'analysis.repro.yaml',
    'analysis.requirements.txt'
  ]);
  expect(git(dir, 'rev-parse', 'HEAD~1')).toBe(head);
  expect(git(dir, 'diff', '--cached', '--name-only')).toBe('other.txt');
  git(dir, 'fsck', '--no-progress');
  // The script runs with plain Python and prints what the notebook printed.
  expect(
    execFileSync('python', ['analysis.py'], {
      cwd: dir,
      encoding: 'utf8'
    }).trim()
  ).toBe('2');
});
