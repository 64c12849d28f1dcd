/**
 * What the export computes from the script's code, kept across runs. The script runs the
 * notebook's code cells, or other sources when parameters rewrote them (literals replaced by
 * config reads); the export takes the modules they import (for the pins), the files they
 * write (walking the rewritten code again) and, in the emitter, their facts. All are
 * functions of those sources alone, so a warm export takes them from the store, keyed by
 * the sources, as `storedFacts` does for the notebook's own cells, and parses no cell.
 */
import { importedModules } from '../../companion/imports';
import { factsCache } from '../../facts/factsCache';
import type { ICellFacts } from '../../types';
import { resolveDataPaths } from '../../verdicts/pillars/resolveDataPaths';
import {
  readStored,
  type IFactsStore
} from '../../verdicts/pillars/storedFacts';
import { scriptSource } from '../emitCell';
import type { IScriptCode } from '../types';

/** Changes when the stored shape changes. */
const FORMAT = 'script-code-2';

interface IStored {
  readonly format: typeof FORMAT;
  /** `resolveDataPaths(sources).writes`; null when the export did not need it. */
  writes: readonly string[] | null;
  /** `importedModules(sources)`; null when the export did not need it. */
  imports: readonly string[] | null;
  /** Facts of the script's sources (`scriptSource`) the notebook's stored facts lack. */
  facts: readonly (readonly [string, ICellFacts])[];
}

function keyOf(sources: readonly string[]): string {
  return `${FORMAT}\u0000${JSON.stringify(sources)}`;
}

const isStrings = (x: unknown): x is string[] =>
  Array.isArray(x) && x.every(s => typeof s === 'string');

function isEntry(v: Partial<IStored>): boolean {
  return (
    (v.writes === null || isStrings(v.writes)) &&
    (v.imports === null || isStrings(v.imports)) &&
    Array.isArray(v.facts) &&
    v.facts.every(
      e =>
        Array.isArray(e) &&
        typeof e[0] === 'string' &&
        typeof e[1] === 'object' &&
        e[1] !== null
    )
  );
}

/** The port `exportNotebook` takes (`scriptCode`), and what to store once the plan is made. */
export interface IScriptCodeStore extends IScriptCode {
  /** Stores what this export computed, with the facts the plan took; call after the plan. */
  readonly save: () => void;
}

/**
 * A script-code store for one export. `own`: the notebook's code sources, whose facts the
 * notebook's stored entry (`saveStoredFacts`) already holds.
 */
export function scriptCodeStore(
  store: IFactsStore,
  own: readonly string[]
): IScriptCodeStore {
  let sources: readonly string[] | null = null;
  let entry: IStored | null = null;
  let changed = false;
  /** The entry of `of`, read from the store once (its facts seeded into the facts cache). */
  const open = (of: readonly string[]): IStored => {
    if (entry !== null && sources !== null && sameList(sources, of)) {
      return entry;
    }
    sources = of;
    changed = false;
    const value = readStored<IStored>(store, keyOf(of), FORMAT, isEntry);
    if (value !== undefined) {
      for (const [source, facts] of value.facts) {
        factsCache.put(source, facts);
      }
      entry = value;
    } else {
      entry = { format: FORMAT, writes: null, imports: null, facts: [] };
    }
    return entry;
  };
  return {
    writes: of => {
      const e = open(of);
      if (e.writes === null) {
        e.writes = resolveDataPaths(of).writes;
        changed = true;
      }
      return e.writes;
    },
    imports: of => {
      const e = open(of);
      if (e.imports === null) {
        e.imports = importedModules(of);
        changed = true;
      }
      return e.imports;
    },
    // An entry is saved with its imports (every export asks for them) and the facts the
    // emitter took.
    stored: of => open(of).imports !== null,
    save: () => {
      if (!changed || entry === null || sources === null) {
        return;
      }
      const known = new Set(own);
      const facts: [string, ICellFacts][] = [];
      for (const s of new Set(sources.map(scriptSource))) {
        const f = known.has(s) ? undefined : factsCache.peek(s);
        if (f !== undefined) {
          facts.push([s, f]);
        }
      }
      entry.facts = facts;
      store.set(keyOf(sources), entry);
      changed = false;
    }
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((s, i) => s === b[i]));
}
