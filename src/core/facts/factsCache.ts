/**
 * Facts cached by source text: each distinct cell source is parsed once, however many times
 * the analysis asks (every execution re-analyses the whole notebook).
 */

import type { ICellFacts } from '../types';
import { cellFacts } from './cellFacts';
import type { ConstEnv } from './constants';

/** Enough for every cell of several large notebooks and their recent edits. */
const DEFAULT_CAPACITY = 4096;

/** A bounded least-recently-used cache of cell facts. */
export class FactsCache {
  private readonly entries = new Map<string, ICellFacts>();
  private computed = 0;

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /**
   * The facts of `source`, computed at most once while it stays in the cache. With `env`
   * (constants bound above, for folding conditions) the entry is keyed by both.
   */
  get(source: string, env?: ConstEnv): ICellFacts {
    const key =
      env === undefined || env.size === 0
        ? source
        : `${source}\u0000${JSON.stringify([...env].sort())}`;
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry as most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const facts = cellFacts(source, env);
    this.computed++;
    this.entries.set(key, facts);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) {
        this.entries.delete(oldest.value);
      }
    }
    return facts;
  }

  /** The facts of `source` (no `env`) if cached; never computes. */
  peek(source: string): ICellFacts | undefined {
    return this.entries.get(source);
  }

  /** Seeds the cache with facts computed earlier (a persistent store's), as if computed now. */
  put(source: string, facts: ICellFacts): void {
    this.entries.delete(source);
    this.entries.set(source, facts);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) {
        this.entries.delete(oldest.value);
      }
    }
  }

  /** How many sources were parsed (cache misses) since creation or `clear()`. */
  get parses(): number {
    return this.computed;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.computed = 0;
  }
}

/** The process-wide cache behind `getFacts`. */
export const factsCache = new FactsCache();

/** The facts of `source`, parsed once per distinct source (see `factsCache.parses`). */
export function getFacts(source: string, env?: ConstEnv): ICellFacts {
  return factsCache.get(source, env);
}
