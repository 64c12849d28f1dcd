/** A cache of the most recent results of a pure function of a string (see `recentCache`). */
export interface IRecentCache<V> {
  /** The result for `key`, computed on a miss. */
  (key: string): V;
  /** The cached result for `key`, or undefined; never computes. */
  peek(key: string): V | undefined;
  /**
   * Stores a result computed another way, which must equal what the function gives for
   * `key` (a cheaper derivation of the same value: `parseEdited`).
   */
  put(key: string, value: V): void;
}

/**
 * The most recent results of a pure function of a string (a cell's source): two generations
 * of `size` entries each, so at least the last `size` are kept; when the young one fills, it
 * becomes the old one and the old one is dropped. Evicting one oldest entry per miss instead
 * (`keys().next()` then `delete`) walks past every slot deleted before it, a cost that grows
 * with the capacity on each miss of a cold run. Results are shared: callers never mutate them.
 */
export function recentCache<V>(
  size: number,
  compute: (key: string) => V
): IRecentCache<V> {
  let young = new Map<string, V>();
  let old = new Map<string, V>();
  const peek = (key: string): V | undefined => young.get(key) ?? old.get(key);
  const put = (key: string, value: V): void => {
    young.set(key, value);
    if (young.size >= size) {
      old = young;
      young = new Map();
    }
  };
  const get = (key: string): V => {
    const hit = peek(key);
    if (hit !== undefined) {
      return hit;
    }
    const value = compute(key);
    put(key, value);
    return value;
  };
  return Object.assign(get, { peek, put });
}
