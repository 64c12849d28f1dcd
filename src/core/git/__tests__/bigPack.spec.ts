/**
 * Provenance on a repository with a ~96 MB packfile of incompressible blobs, made once for
 * this file with git itself. The times are printed for the record, never asserted.
 */
import { randomBytes } from 'crypto';
import { promises as fsp, readdirSync, statSync } from 'fs';
import { join } from 'path';
import { commitExport, provenance } from '../index';
import { Sandbox } from './gitFixture';

const fs = fsp;
const BLOBS = 4;
const BLOB_BYTES = 24_000_000;

let box: Sandbox;
let repo: string;
let packBytes = 0;
const times: Record<string, number> = {};

beforeAll(() => {
  box = new Sandbox('linearize-bigpack-');
  repo = box.basicRepo();
  for (let i = 0; i < BLOBS; i++) {
    box.write(`repo/data/blob${i}.bin`, randomBytes(BLOB_BYTES));
  }
  // Random bytes do not compress: skip zlib's effort and the delta search.
  box.git('repo', '-c', 'core.compression=0', 'add', 'data');
  box.git('repo', 'commit', '-q', '-m', 'big data');
  box.git(
    'repo',
    '-c',
    'pack.compression=0',
    'repack',
    '-q',
    '-a',
    '-d',
    '--window=0'
  );
  box.git('repo', 'prune-packed');
  const packDir = join(repo, '.git', 'objects', 'pack');
  for (const name of readdirSync(packDir)) {
    if (name.endsWith('.pack')) {
      packBytes += statSync(join(packDir, name)).size;
    }
  }
}, 180_000);

afterAll(() => {
  box.dispose();
  // eslint-disable-next-line no-console
  console.log(
    `provenance on a ${(packBytes / 1e6).toFixed(1)} MB pack (ms): ` +
      JSON.stringify(times)
  );
});

async function timed<T>(name: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  times[name] = Math.round(performance.now() - start);
  return result;
}

describe('a repository with a ~100 MB pack', () => {
  it('holds everything in one pack of 90-100 MB, no loose objects', () => {
    expect(packBytes).toBeGreaterThan(90e6);
    expect(packBytes).toBeLessThan(100e6);
    expect(box.git('repo', 'count-objects', '-v')).toMatch(/^count: 0$/m);
  });

  it('reads provenance of the notebook', async () => {
    const result = await timed('notebook, clean', () =>
      provenance({
        fs,
        dir: join(repo, 'nb'),
        files: ['analysis.ipynb'],
        cache: {}
      })
    );

    expect(result).toMatchObject({
      commit: box.git('repo', 'rev-parse', 'HEAD'),
      branch: 'main',
      dirty: false
    });
  }, 120_000);

  it('reads provenance of the whole tree, then sees a change', async () => {
    const clean = await timed('whole tree, clean', () =>
      provenance({ fs, dir: repo, cache: {} })
    );
    box.write('repo/nb/analysis.ipynb', '{"cells": ["changed"]}\n');
    const dirty = await timed('notebook, dirty', () =>
      provenance({
        fs,
        dir: join(repo, 'nb'),
        files: ['analysis.ipynb'],
        cache: {}
      })
    );

    expect(clean.dirty).toBe(false);
    expect(dirty.changedFiles).toEqual(['nb/analysis.ipynb']);
  }, 120_000);

  it('commits an export on top of it', async () => {
    const result = await timed('commitExport', () =>
      commitExport({
        fs,
        dir: join(repo, 'nb'),
        files: [{ path: 'analysis.py', content: 'print(1)\n' }],
        message: 'export',
        author: {
          name: 'A',
          email: 'a@example.org',
          timestamp: 1700000000,
          timezoneOffset: 0
        },
        cache: {}
      })
    );

    expect(box.git('repo', 'rev-parse', 'HEAD')).toBe(result.commit);
    expect(box.git('repo', 'show', '--format=', '--name-only', 'HEAD')).toBe(
      'nb/analysis.py'
    );
  }, 120_000);
});
