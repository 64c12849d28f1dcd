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
): (key: string) => V {
  let young = new Map<string, V>();
  let old = new Map<string, V>();
  return key => {
    const hit = young.get(key) ?? old.get(key);
    if (hit !== undefined) {
      return hit;
    }
    const value = compute(key);
    young.set(key, value);
    if (young.size >= size) {
      old = young;
      young = new Map();
    }
    return value;
  };
}
