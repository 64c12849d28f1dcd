/**
 * A run's kept whole-tree changes (`TreeStatus`) give what a whole walk gives at each step of
 * a run, on a real repository: after files the run rewrote (tracked and untracked, replaced
 * by rename as the export writer does), after a `git add` and after a commit (HEAD or the
 * index changed: walked again). Files changed by another program, which the run did not
 * write, are seen again once the index or HEAD changes.
 */
import { promises as fsp, renameSync, writeFileSync } from 'fs';
import { join } from 'path';
import { provenance } from '../provenance';
import { TreeStatus } from '../treeStatus';
import { Sandbox } from './gitFixture';

const fs = fsp;
let box: Sandbox;
let repo: string;

beforeEach(() => {
  box = new Sandbox('linearize-treestatus-');
  repo = box.basicRepo();
  for (const n of ['a', 'b', 'c']) {
    box.write(`repo/nb/${n}.py`, `# ${n} v1\n`);
  }
  box.git('repo', 'add', '-A');
  box.git('repo', 'commit', '-q', '-m', 'exports');
});
afterEach(() => box.dispose());

/** Writes `text` to `rel` as the export writer does: a new file renamed over the old. */
function replace(rel: string, text: string): string {
  const to = join(repo, rel);
  writeFileSync(`${to}.tmp`, text);
  renameSync(`${to}.tmp`, to);
  return to;
}

async function both(status: TreeStatus, exclude: string[] = []): Promise<void> {
  const dir = join(repo, 'nb');
  const kept = await provenance({ fs, dir, status, exclude });
  const walked = await provenance({ fs, dir, exclude });
  expect(kept.changedFiles).toEqual(walked.changedFiles);
  expect(kept.diffSha256).toEqual(walked.diffSha256);
  expect(kept.dirty).toBe(walked.dirty);
}

describe('the kept whole-tree changes of a run', () => {
  it('equal a whole walk after each step of a run', async () => {
    const status = new TreeStatus();
    await both(status);
    expect((await provenance({ fs, dir: repo, status })).dirty).toBe(false);

    // An export rewrote a tracked file and added an untracked one.
    status.touched([
      replace('nb/a.py', '# a v2\n'),
      replace('nb/a.params.yaml', 'x: 1\n')
    ]);
    await both(status);
    await both(status, [join(repo, 'nb', 'b.py')]);
    expect((await provenance({ fs, dir: repo, status })).changedFiles).toEqual([
      'nb/a.py'
    ]);

    // The next one rewrote its file, then put one back as it was in HEAD.
    status.touched([replace('nb/b.py', '# b v2\n')]);
    await both(status);
    status.touched([replace('nb/a.py', '# a v1\n')]);
    await both(status);
    expect((await provenance({ fs, dir: repo, status })).changedFiles).toEqual([
      'nb/b.py'
    ]);

    // A file removed by the run.
    await fsp.unlink(join(repo, 'nb', 'c.py'));
    status.touched([join(repo, 'nb', 'c.py')]);
    await both(status);

    // Staged meanwhile (the index changed): walked again.
    box.git('repo', 'add', 'nb/b.py');
    await both(status);
    // Committed (HEAD changed): walked again.
    box.git('repo', 'commit', '-q', '-am', 'more');
    await both(status);
    expect((await provenance({ fs, dir: repo, status })).dirty).toBe(false);
  });

  it("take the tree once per HEAD and index: another program's change shows after the next git add", async () => {
    const status = new TreeStatus();
    await both(status);
    // Not written by the run: not looked at again (the run's snapshot of the tree)…
    writeFileSync(join(repo, 'README.md'), '# changed by hand\n');
    expect((await provenance({ fs, dir: repo, status })).changedFiles).toEqual(
      []
    );
    // …until HEAD or the index changes.
    box.write('repo/other.txt', 'x\n');
    box.git('repo', 'add', 'other.txt');
    await both(status);
    expect((await provenance({ fs, dir: repo, status })).changedFiles).toEqual([
      'README.md',
      'other.txt'
    ]);
  });
});
