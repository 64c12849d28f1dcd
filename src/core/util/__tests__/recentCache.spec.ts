import { recentCache } from '../recentCache';

describe('recentCache', () => {
  it('computes a key once while it is kept; peek never computes; put seeds a key', () => {
    const computed: string[] = [];
    const cache = recentCache(4, key => {
      computed.push(key);
      return key.length;
    });
    expect(cache('ab')).toBe(2);
    expect(cache('ab')).toBe(2);
    expect(cache.peek('abc')).toBeUndefined();
    cache.put('abc', 3);
    expect(cache.peek('abc')).toBe(3);
    expect(cache('abc')).toBe(3);
    expect(computed).toEqual(['ab']);
  });

  it('keeps at least the last `size` keys', () => {
    const cache = recentCache(3, key => key);
    ['a', 'b', 'c', 'd', 'e'].forEach(k => cache(k));
    expect(['c', 'd', 'e'].map(k => cache.peek(k))).toEqual(['c', 'd', 'e']);
  });
});
