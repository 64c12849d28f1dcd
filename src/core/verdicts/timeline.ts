/**
 * Replay of an execution record at the name level: for the current kernel session, which
 * run's write each run consumed (its dependencies), who consumed each run's writes, and
 * every later write of each name. Position-independent: where cells sit now is applied
 * by the verdicts (and by `taint.ts`).
 *
 * Built once per record, then extended run by run (`extend`) in time proportional to
 * the new run's names, which is what makes the analyser incremental.
 */
import type {
  ICellFacts,
  IExecutionRecord,
  IFunctionFacts,
  IRun
} from '../types';
import type { ConstEnv, ConstValue } from '../facts/constants';
import { isPredefined } from './builtins';
import { disjointElements, effectsOf, IEffects, NO_EFFECTS } from './effects';

/**
 * Static facts of one source (normally the shared facts cache); `env` holds names bound to
 * a literal by the cells above, to fold the source's conditions.
 */
export type FactsOf = (source: string, env?: ConstEnv) => ICellFacts;

/** One run of the current session, as the verdicts see it. */
export interface IRunNode {
  readonly run: IRun;
  /** The exact source that ran; null when the record lacks it. */
  readonly source: string | null;
  readonly effects: IEffects;
  /** For each name read: the run of this session whose write it consumed. */
  readonly deps: ReadonlyMap<string, IRunNode>;
  /** Names read with no writer in this session but one in a previous session. */
  readonly fromPrevious: readonly string[];
  /** Runs that consumed a write of this run (filled in as they are replayed). */
  readonly readers: IRunNode[];
  /** The same cell's run before this one in this session, if any. */
  readonly previous: IRunNode | undefined;
  /** Set by `taint.ts`: a cell above rewrote a name after this run read it. */
  stale: boolean;
  /** Set by `taint.ts`: stale, or consumed a value from a tainted run. */
  tainted: boolean;
}

/** One cell's writes of one name in the current session. */
export interface ICellWrites {
  /** Its latest write of the name. */
  readonly last: IRunNode;
  /** Its latest write that was not a maybe-binding. */
  readonly lastSure: IRunNode | undefined;
}

/** A run replayed again because its re-binding facts arrived. */
export interface IReplaced {
  readonly before: IRunNode;
  readonly after: IRunNode;
}

/** One cell's entry for one name in {@link Timeline.writersOf}, before and after a run. */
export type EntryChange = readonly [
  name: string,
  before: ICellWrites | undefined,
  after: ICellWrites
];

/** What {@link Timeline.extend} replayed. */
export interface IExtension {
  readonly replaced: IReplaced | null;
  readonly added: IRunNode[];
  /** For each added run, how it changed its cell's entry of each name it wrote. */
  readonly entries: ReadonlyMap<IRunNode, readonly EntryChange[]>;
}

/** What it takes to undo the replay of the last run. */
interface IUndo {
  readonly node: IRunNode;
  readonly byCellBefore: EntryChange[];
  readonly modulesAdded: string[];
  /** Entries of `_stateful` and `_factories` before the run, to put back. */
  readonly stateBefore: [Set<string>, string, boolean][];
}

/** True when two runs differ in their re-binding facts only. */
function onlyReboundDiffers(a: IRun, b: IRun): boolean {
  return (
    a.seq === b.seq &&
    a.cellId === b.cellId &&
    a.source === b.source &&
    a.session === b.session &&
    a.status === b.status &&
    a.executionCount === b.executionCount &&
    a.time === b.time
  );
}

/** Replay state of one record. */
export class Timeline {
  /** The record replayed so far. */
  record: IExecutionRecord;
  /** Index of the current session; -1 when the record has none. */
  readonly session: number;
  /** Runs of the current session, in order. */
  readonly nodes: IRunNode[] = [];

  private readonly _factsOf: FactsOf;
  private readonly _last = new Map<string, IRunNode>();
  /** Every write of each name in this session, in order. */
  private readonly _writes = new Map<string, IRunNode[]>();
  /** For each name, each cell that wrote it: its latest (definite) write. */
  private readonly _byCell = new Map<string, Map<string, ICellWrites>>();
  /** Every run of this session that read each name, in order. */
  private readonly _readers = new Map<string, IRunNode[]>();
  /** How to undo the last replay (see `extend`). */
  private _undo: IUndo | null = null;
  /** Names bound by an import in some run of this session (method calls on them are no mutation). */
  private readonly _modules = new Set<string>();
  /** For each name some previous session wrote, its last writer there. */
  private readonly _previous = new Map<string, IRun>();
  /** Names whose current binding keeps state that calls advance (see `_noteState`). */
  private readonly _stateful = new Set<string>();
  /** Functions and classes whose results keep such state, as currently bound. */
  private readonly _factories = new Set<string>();
  /** Each cell's runs in previous sessions, in order. */
  private readonly _previousRuns = new Map<string, IRun[]>();

  constructor(record: IExecutionRecord, factsOf: FactsOf) {
    this.record = record;
    this._factsOf = factsOf;
    this.session = record.sessions.length - 1;
    for (const run of record.runs) {
      if (run.session === this.session) {
        this._replay(run);
      } else {
        this._rememberPrevious(run);
      }
    }
  }

  /**
   * Replay what `record` changed against the current record, when it only appends runs of
   * the current session (what `appendRun` does), possibly after attaching the kernel's
   * re-binding facts to the last run (`withRebound`, which arrives just after the reply).
   * Returns the new nodes and the replaced one, or null when the record changed otherwise
   * (a new session, compaction, a rename): then build anew.
   */
  extend(record: IExecutionRecord): IExtension | null {
    const old = this.record.runs;
    const runs = record.runs;
    if (
      record.sessions.length !== this.record.sessions.length ||
      runs.length < old.length
    ) {
      return null;
    }
    // Pointer comparisons: `appendRun` reuses every earlier run object, while `renameCell`
    // and compaction replace some; `withRebound` replaces the one it annotates.
    let same = 0;
    while (same < old.length && runs[same] === old[same]) {
      same++;
    }
    const last = old.length - 1;
    if (
      same < last ||
      (same === last && !onlyReboundDiffers(old[last], runs[last]))
    ) {
      return null;
    }
    for (let i = old.length; i < runs.length; i++) {
      if (runs[i].session !== this.session) {
        return null;
      }
    }
    if (
      same === last &&
      (this._undo === null || this._undo.node.run !== old[last])
    ) {
      return null;
    }
    this.record = record;
    let replaced: IReplaced | null = null;
    if (same === last) {
      const before = this._rewindLast();
      replaced = { before, after: this._replay(runs[last]) };
    }
    const added: IRunNode[] = [];
    const entries = new Map<IRunNode, readonly EntryChange[]>();
    for (let i = old.length; i < runs.length; i++) {
      const node = this._replay(runs[i]);
      added.push(node);
      entries.set(node, (this._undo as IUndo).byCellBefore);
    }
    return { replaced, added, entries };
  }

  /** The last run of a cell in the current session. */
  lastRun(cellId: string): IRunNode | undefined {
    return this._last.get(cellId);
  }

  /** Ids of the cells that ran in the current session. */
  executedCells(): IterableIterator<string> {
    return this._last.keys();
  }

  /** The runs of this session that wrote `name`, in order. */
  writesOf(name: string): readonly IRunNode[] {
    return this._writes.get(name) ?? [];
  }

  /** The last run of a previous session that wrote `name`. */
  previousWriter(name: string): IRun | undefined {
    return this._previous.get(name);
  }

  /** The distinct runs that are some name's last writer in a previous session. */
  previousWriters(): Set<IRun> {
    return new Set(this._previous.values());
  }

  /** The cells that wrote `name` in this session, with their latest writes. */
  writersOf(name: string): ReadonlyMap<string, ICellWrites> {
    return this._byCell.get(name) ?? NO_WRITERS;
  }

  /** The runs of this session that read `name`, in order. */
  readersOf(name: string): readonly IRunNode[] {
    return this._readers.get(name) ?? [];
  }

  private _replay(run: IRun): IRunNode {
    const text = this.record.sources[run.source];
    const source = text === undefined ? null : text;
    const facts = source === null ? null : this._foldedFacts(source);
    const effects =
      facts === null
        ? NO_EFFECTS
        : effectsOf(
            facts,
            name => this._functionNow(name),
            run.rebound,
            this._modules,
            name => this._stateful.has(name)
          );
    const modulesAdded: string[] = [];
    for (const name of facts?.modules ?? []) {
      if (!this._modules.has(name)) {
        this._modules.add(name);
        modulesAdded.push(name);
      }
    }
    const deps = new Map<string, IRunNode>();
    const fromPrevious: string[] = [];
    for (const name of effects.reads) {
      const writes = this._writes.get(name);
      if (writes !== undefined) {
        deps.set(name, lastRelevant(writes, effects, name));
      } else if (
        this._previous.has(name) &&
        run.status !== 'error' &&
        !isPredefined(name, true)
      ) {
        // It ran without a NameError, and only an earlier session bound the name.
        fromPrevious.push(name);
      }
    }
    const node: IRunNode = {
      run,
      source,
      effects,
      deps,
      fromPrevious,
      readers: [],
      previous: this._last.get(run.cellId),
      stale: false,
      tainted: false
    };
    for (const writer of new Set(deps.values())) {
      writer.readers.push(node);
    }
    for (const name of effects.reads) {
      push(this._readers, name, node);
    }
    const byCellBefore: EntryChange[] = [];
    for (const [name, kind] of effects.writes) {
      push(this._writes, name, node);
      let cells = this._byCell.get(name);
      if (cells === undefined) {
        cells = new Map();
        this._byCell.set(name, cells);
      }
      const entry = cells.get(run.cellId);
      const sure = kind === 'maybe' ? entry?.lastSure : node;
      const after: ICellWrites = { last: node, lastSure: sure };
      byCellBefore.push([name, entry, after]);
      cells.set(run.cellId, after);
    }
    this.nodes.push(node);
    this._last.set(run.cellId, node);
    const stateBefore = facts === null ? [] : this._noteState(facts, effects);
    this._undo = { node, byCellBefore, modulesAdded, stateBefore };
    return node;
  }

  /** Undo the replay of the last run (to replay it again with its re-binding facts). */
  private _rewindLast(): IRunNode {
    const { node, byCellBefore, modulesAdded, stateBefore } = this
      ._undo as IUndo;
    for (let i = stateBefore.length - 1; i >= 0; i--) {
      const [set, name, had] = stateBefore[i];
      if (had) {
        set.add(name);
      } else {
        set.delete(name);
      }
    }
    this._undo = null;
    this.nodes.pop();
    if (node.previous === undefined) {
      this._last.delete(node.run.cellId);
    } else {
      this._last.set(node.run.cellId, node.previous);
    }
    for (const [name, entry] of byCellBefore) {
      const writes = this._writes.get(name) as IRunNode[];
      writes.pop();
      if (writes.length === 0) {
        this._writes.delete(name); // "no writer in this session" again
      }
      const cells = this._byCell.get(name) as Map<string, ICellWrites>;
      if (entry === undefined) {
        cells.delete(node.run.cellId);
      } else {
        cells.set(node.run.cellId, entry);
      }
    }
    for (const name of node.effects.reads) {
      this._readers.get(name)?.pop();
    }
    for (const writer of new Set(node.deps.values())) {
      writer.readers.pop();
    }
    for (const name of modulesAdded) {
      this._modules.delete(name);
    }
    return node;
  }

  /** The cell's last run in a previous session before `seq` (any session when omitted). */
  previousRun(cellId: string, seq = Infinity): IRun | undefined {
    const runs = this._previousRuns.get(cellId);
    for (let i = (runs?.length ?? 0) - 1; i >= 0; i--) {
      const r = (runs as IRun[])[i];
      if (r.seq < seq) {
        return r;
      }
    }
    return undefined;
  }

  /** Each cell's last run in a previous session (what its saved output came from). */
  *lastPreviousRuns(): IterableIterator<IRun> {
    for (const runs of this._previousRuns.values()) {
      yield runs[runs.length - 1];
    }
  }

  private _rememberPrevious(run: IRun): void {
    push(this._previousRuns, run.cellId, run);
    const text = this.record.sources[run.source];
    if (text === undefined) {
      return;
    }
    const effects = effectsOf(this._facts(text), () => undefined, run.rebound);
    for (const name of effects.writes.keys()) {
      this._previous.set(name, run);
    }
  }

  /**
   * Track which names, as last bound in this session, hold state that calls or iteration
   * advance (an iterator, or what a stateful factory returned: a generator function, a
   * closure factory with `nonlocal`, a class with `__call__`/`__next__`). Returns what it
   * changed, to undo.
   */
  private _noteState(
    facts: ICellFacts,
    effects: IEffects
  ): [Set<string>, string, boolean][] {
    const before: [Set<string>, string, boolean][] = [];
    const set = (target: Set<string>, name: string, on: boolean): void => {
      const had = target.has(name);
      if (had !== on) {
        before.push([target, name, had]);
        if (on) {
          target.add(name);
        } else {
          target.delete(name);
        }
      }
    };
    for (const [name, kind] of effects.writes) {
      if (kind === 'delete') {
        set(this._stateful, name, false);
        set(this._factories, name, false);
      } else if (kind === 'bind' || kind === 'maybe') {
        const callee = facts.boundByCall?.[name];
        set(
          this._stateful,
          name,
          facts.iterators?.includes(name) === true ||
            (callee !== undefined && this._factories.has(callee))
        );
        set(this._factories, name, false);
      }
    }
    for (const name of facts.factories ?? []) {
      set(this._factories, name, true);
    }
    return before;
  }

  /**
   * The facts of a source about to be replayed, with its conditions folded by the values
   * their names held in this session when it ran (`if DEBUG:` after a run of `DEBUG = False`).
   */
  private _foldedFacts(source: string): ICellFacts {
    const facts = this._facts(source);
    if (facts.conditionNames === undefined) {
      return facts;
    }
    let env: Map<string, ConstValue> | undefined;
    for (const name of facts.conditionNames) {
      const writes = this._writes.get(name);
      const w = writes?.[writes.length - 1];
      if (w === undefined || w.source === null) {
        continue;
      }
      const consts = this._facts(w.source).constants;
      if (
        w.effects.writes.get(name) === 'bind' &&
        consts !== undefined &&
        Object.prototype.hasOwnProperty.call(consts, name)
      ) {
        env ??= new Map();
        env.set(name, consts[name]);
      }
    }
    return env === undefined ? facts : this._factsOf(source, env);
  }

  /** The facts of the function `name` as last bound in this session. */
  private _functionNow(name: string): IFunctionFacts | undefined {
    const writes = this._writes.get(name);
    const writer = writes?.[writes.length - 1];
    if (writer === undefined || writer.source === null) {
      return undefined;
    }
    const fns = this._facts(writer.source).functions;
    return Object.prototype.hasOwnProperty.call(fns, name)
      ? fns[name]
      : undefined;
  }

  private _facts(source: string): ICellFacts {
    return this._factsOf(source);
  }
}

const NO_WRITERS: ReadonlyMap<string, ICellWrites> = new Map();

/** How far back a read looks past writes of other elements (bounds the cost). */
const ELEMENT_LOOKBACK = 32;

/**
 * The write a read of `name` consumed: the last one, passing over writes of elements the
 * reader did not read (`cfg['lr'] = …` does not feed a read of `cfg['epochs']`).
 */
function lastRelevant(
  writes: readonly IRunNode[],
  reader: IEffects,
  name: string
): IRunNode {
  const last = writes[writes.length - 1];
  if (reader.readKeys === undefined || !reader.readKeys.has(name)) {
    return last;
  }
  const stop = Math.max(0, writes.length - ELEMENT_LOOKBACK);
  for (let i = writes.length - 1; i >= stop; i--) {
    if (!disjointElements(reader, writes[i].effects, name)) {
      return writes[i];
    }
  }
  return writes[stop];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) {
    map.set(key, [value]);
  } else {
    list.push(value);
  }
}
