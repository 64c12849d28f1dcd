/**
 * The persistent cache's store on real files: exact values back, misses for what is absent,
 * corrupt or another key's, off with --no-cache, and the folder kept under its bound.
 */
import {
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskCache, MISS } from '../diskCache';

let box: string;
beforeEach(() => {
  box = mkdtempSync(join(tmpdir(), 'linearize-disk-cache-'));
});
afterEach(() => {
  rmSync(box, { recursive: true, force: true });
});

function size(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

describe('DiskCache', () => {
  it('gives back exactly what was stored, and MISS for anything else', () => {
    const cache = new DiskCache(join(box, 'c'), 1 << 20);
    expect(cache.get('a')).toBe(MISS);
    const value = {
      n: -0,
      inf: Infinity,
      u: undefined,
      list: [1, 'two', null, { deep: [true] }]
    };
    cache.set('a', value);
    const back = new DiskCache(join(box, 'c'), 1 << 20).get('a');
    expect(back).toEqual(value);
    expect(Object.is((back as typeof value).n, -0)).toBe(true);
    expect(Object.keys(back as object)).toEqual(Object.keys(value));
    expect(cache.get('b')).toBe(MISS);
    expect(cache.writes).toBe(1);
  });

  it('treats a corrupt or truncated entry as a miss and replaces it', () => {
    const dir = join(box, 'c');
    const cache = new DiskCache(dir, 1 << 20);
    cache.set('a', { text: 'x'.repeat(1000) });
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file), 'garbage');
    expect(cache.get('a')).toBe(MISS);
    cache.set('a', { text: 'y' });
    expect(cache.get('a')).toEqual({ text: 'y' });
    writeFileSync(join(dir, file), Buffer.alloc(0));
    expect(cache.get('a')).toBe(MISS);
  });

  it('is off with --no-cache or LINEARIZE_NO_CACHE, under XDG_CACHE_HOME otherwise', () => {
    expect(
      DiskCache.open('facts', 1, { XDG_CACHE_HOME: box }, ['--no-cache'])
    ).toBeNull();
    expect(
      DiskCache.open(
        'facts',
        1,
        { XDG_CACHE_HOME: box, LINEARIZE_NO_CACHE: '1' },
        []
      )
    ).toBeNull();
    expect(DiskCache.open('facts', 1, { XDG_CACHE_HOME: box }, [])?.dir).toBe(
      join(box, 'linearize', 'facts')
    );
  });

  it('keeps the folder under its bound, removing the oldest entries first', () => {
    const dir = join(box, 'c');
    const bound = 64 * 1024;
    const cache = new DiskCache(dir, bound);
    const payload = 'z'.repeat(4000);
    for (let i = 0; i < 60; i++) {
      cache.set(`k${i}`, { i, payload });
      // Distinct modification times, oldest first, whatever the file system's resolution.
      const t = 1_000_000 + i;
      utimesSync(join(dir, cache.fileNameOf(`k${i}`)), t, t);
    }
    expect(size(dir)).toBeGreaterThan(bound);
    cache.sweep();
    expect(size(dir)).toBeLessThanOrEqual(bound);
    // The newest stay, the oldest went.
    expect(cache.get('k59')).toEqual({ i: 59, payload });
    expect(cache.get('k0')).toBe(MISS);
    // A process that wrote nothing does not sweep.
    const reader = new DiskCache(dir, 1);
    reader.sweep();
    expect(size(dir)).toBeGreaterThan(1);
  });
});
