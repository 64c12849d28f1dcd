/**
 * Test helper: an in-memory facts store that keeps structured clones (v8's serializer, as
 * the CLI's disk cache does), so nothing read back is shared with what was saved.
 */
import { deserialize, serialize } from 'v8';
import type { IFactsStore } from '../storedFacts';

export interface IMemoryStore extends IFactsStore {
  /** The serialized entries by key. */
  readonly entries: Map<string, Buffer>;
  /** How many entries it holds. */
  keys(): number;
}

export function memoryStore(): IMemoryStore {
  const entries = new Map<string, Buffer>();
  return {
    get: key => {
      const b = entries.get(key);
      return b === undefined ? undefined : (deserialize(b) as unknown);
    },
    set: (key, value) => {
      entries.set(key, serialize(value));
    },
    entries,
    keys: () => entries.size
  };
}
