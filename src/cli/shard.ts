/**
 * `--shard I/N`: N CI jobs split the files of one run with no overlap and nothing left
 * out. The files are sorted by path (code-unit order, the same on every machine) and
 * dealt round-robin, so shards differ in size by at most one file; each job must be
 * given the same arguments.
 */

export interface IShard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** Parses `I/N` (1 ≤ I ≤ N); returns an error message for anything else. */
export function parseShard(text: string): IShard | string {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (m === null) {
    return `--shard takes I/N (for example 2/4), not "${text}"`;
  }
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) {
    return `--shard ${text}: I must be between 1 and N`;
  }
  return { index, count };
}

/** The items of shard `shard`, in their original order. */
export function inShard<T>(
  items: readonly T[],
  pathOf: (item: T) => string,
  shard: IShard | null
): T[] {
  if (shard === null || shard.count === 1) {
    return [...items];
  }
  const order = items
    .map((item, i) => ({ key: pathOf(item), i }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  const keep = new Set<number>();
  order.forEach((o, rank) => {
    if (rank % shard.count === shard.index - 1) {
      keep.add(o.i);
    }
  });
  return items.filter((_item, i) => keep.has(i));
}
