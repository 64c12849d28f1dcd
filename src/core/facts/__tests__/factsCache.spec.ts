import { FactsCache, factsCache, getFacts } from '../factsCache';

describe('FactsCache', () => {
  it('parses each distinct source once', () => {
    const cache = new FactsCache();
    const a = cache.get('x = y + 1');
    expect(cache.parses).toBe(1);
    expect(cache.get('x = y + 1')).toBe(a);
    expect(cache.parses).toBe(1);
    cache.get('z = 2');
    expect(cache.parses).toBe(2);
    expect(a.reads).toEqual(['y']);
  });

  it('evicts the least recently used entry beyond its capacity', () => {
    const cache = new FactsCache(2);
    cache.get('a = 1');
    cache.get('b = 1');
    cache.get('a = 1'); // refresh a
    cache.get('c = 1'); // evicts b
    expect(cache.size).toBe(2);
    const before = cache.parses;
    cache.get('a = 1');
    expect(cache.parses).toBe(before);
    cache.get('b = 1');
    expect(cache.parses).toBe(before + 1);
  });

  it('getFacts shares the process-wide cache', () => {
    factsCache.clear();
    getFacts('q = 1');
    getFacts('q = 1');
    expect(factsCache.parses).toBe(1);
  });
});
