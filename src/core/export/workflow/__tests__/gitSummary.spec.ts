/**
 * The export dialog's git line is data the lab words through its translator (issue 18):
 * on real repositories, `gitFacts` says which state, `describeGit` words it in English as
 * before, and every word of it goes through the port (names and hashes stay as they are).
 */
import { promises as fsp } from 'fs';
import { join } from 'path';
import { Sandbox } from '../../../git/__tests__/gitFixture';
import { MARKING } from '../../../__tests__/marking';
import { describeGit, gitFacts, type GitSummary } from '../gitInfo';

let box: Sandbox;
let repo: string;
beforeEach(() => {
  box = new Sandbox();
  repo = box.basicRepo();
});
afterEach(() => box.dispose());

describe('the git line of an export', () => {
  it('names HEAD and branch, and whether the notebook or the tree changed', async () => {
    const head = box.git('repo', 'rev-parse', 'HEAD').slice(0, 10);
    const nb = join(repo, 'nb');
    const clean = await gitFacts(fsp, nb, 'analysis.ipynb');
    expect(describeGit(clean.summary)).toBe(
      `${head} on main, notebook committed.`
    );
    expect(describeGit(clean.summary, MARKING)).toBe(
      `«${head} on main, notebook committed.»`
    );
    box.write('repo/nb/data.csv', 'a,b\n3,4\n');
    box.write('repo/README.md', '# changed\n');
    const tree = await gitFacts(fsp, nb, 'analysis.ipynb', true);
    expect(describeGit(tree.summary)).toBe(
      `${head} on main, 2 tracked file(s) changed since that commit.`
    );
    box.write('repo/nb/analysis.ipynb', '{"cells": [], "x": 1}\n');
    const edited = await gitFacts(fsp, nb, 'analysis.ipynb');
    expect(describeGit(edited.summary)).toBe(
      `${head} on main, notebook changed since that commit.`
    );
    box.git('repo', 'checkout', '-q', '--detach');
    const detached = await gitFacts(fsp, nb, 'analysis.ipynb');
    expect(describeGit(detached.summary, MARKING)).toBe(
      `«%1 on %2, notebook changed since that commit.»`
        .replace('%1', head)
        .replace('%2', '«detached HEAD»')
    );
  });

  it('says when there is no repository, no commit or no provenance', async () => {
    const outside = box.path('home');
    expect(describeGit((await gitFacts(fsp, outside, 'x.ipynb')).summary)).toBe(
      'not in a git repository.'
    );
    box.git('', 'init', '-q', '-b', 'trunk', 'fresh');
    box.write('fresh/a.ipynb', '{}\n');
    const fresh = await gitFacts(fsp, box.path('fresh'), 'a.ipynb', true);
    expect(describeGit(fresh.summary, MARKING)).toBe(
      '«%1 on trunk, working tree clean.»'.replace('%1', '«no commit yet»')
    );
    // A repository that borrows objects: provenance fails, the line says why.
    box.git('', 'clone', '-q', '--shared', 'repo', 'borrowed');
    await fsp.rm(join(box.path('borrowed'), '.git', 'objects', 'pack'), {
      recursive: true,
      force: true
    });
    const borrowed = await gitFacts(fsp, box.path('borrowed'), 'README.md');
    const none: GitSummary = { id: 'no-provenance', why: null };
    expect(borrowed.summary).toEqual(none);
    expect(describeGit(none)).toMatch(
      /^no provenance \(the repository borrows/
    );
    expect(borrowed.note).toMatch(/^no git provenance: the repository borrows/);
    expect(describeGit({ id: 'no-provenance', why: 'E' }, MARKING)).toBe(
      '«no provenance (E).»'
    );
    expect(describeGit({ id: 'not-read' }, MARKING)).toBe('«git not read.»');
  });
});
