/**
 * Walks a notebook's code cells top-down, as Restart & Run All would, and collects what the
 * environment, data and randomness verdicts need: the files read (resolved through names
 * bound above, after `%cd`/`os.chdir`), the files written, network reads, random draws made
 * before any seed, and the modules imported. A top-level function's body is replayed where
 * the notebook calls it, never where it is defined.
 */

import { READ_CALLS } from '../../companion/readCalls';
import {
  cellEvents,
  type CellEvent,
  type IArg,
  type IEventContext
} from './cellEvents';
import {
  evaluate,
  isUrl,
  joinPaths,
  normalizePath,
  type IPathValue,
  type PathExpr,
  type PathScope
} from './pathExpr';
import { canonical, dots } from './dottedNames';
import { distributionFor, importUnit } from '../../util/importUnits';
import {
  bindFrame,
  removedCall,
  removedImport,
  removedRef,
  unsureAliases,
  type IRemovedState,
  type IRemovedUse
} from './removedUses';
import {
  DOWNLOAD_FLAG_CALLS,
  GENSIM_MODELS,
  HARMLESS_COMMANDS,
  HUB_CALLS,
  HUB_ID,
  HUB_KEYWORDS,
  KERAS_DATASETS,
  KERAS_LAYERS,
  NETWORK_CALLS,
  NETWORK_COMMANDS,
  NUMPY_NOT_DRAWS,
  PATH_WRITE_METHODS,
  PIP_TO_MODULE,
  PRODUCERS,
  PY_RANDOM,
  SEED_CALLS,
  SKLEARN_ALWAYS,
  SKLEARN_RANDOM,
  SKLEARN_SHUFFLE_SPLITTERS,
  TF1_DRAWS,
  TORCH_DRAWS,
  TORCH_LAYERS,
  WRITE_FIRST,
  WRITE_METHODS,
  WRITE_SECOND,
  type RandomLib
} from './tables';

/** A code cell to scan. */
export interface IScanCell {
  readonly id: string;
  /** Index in the notebook (all cells). */
  readonly index: number;
  readonly source: string;
}

/** Where an event happened. */
export interface ISite {
  readonly cellId: string;
  readonly index: number;
  /** 0-based line in the cell. */
  readonly line: number;
}

/** A file the code reads. */
export interface IResolvedRead extends ISite {
  /** Canonical callee (`pandas.read_csv`, `pathlib.Path.read_text`, `glob.glob`). */
  readonly call: string;
  /**
   * The path relative to the notebook's folder (POSIX, normalised; absolute paths stay
   * absolute), or null when the expression is not made of literals and names bound to them.
   */
  readonly path: string | null;
  /** The path as the code computes it before `%cd` is applied (for messages). */
  readonly written: string | null;
  /** A glob pattern (`glob.glob("data/*.csv")`) rather than one file. */
  readonly glob: boolean;
  /** Inside an existence test or a `try` that catches the error: a missing file is handled. */
  readonly guarded: boolean;
  /** Under an `if` whose test is unknown, or in an `except` handler. */
  readonly uncertain: boolean;
  /** A command or call above may have created files (`!unzip`, `extractall`, `%run`). */
  readonly afterProducer: boolean;
  /** The notebook itself writes this path (anywhere). */
  readonly created: boolean;
}

/**
 * A folder `os.chdir` enters, or a file `%run` runs: Restart & Run All raises there when it
 * does not exist.
 */
export interface IFolderEntry extends ISite {
  /** Resolved against the current directory, like a read's. */
  readonly path: string;
  /** As written. */
  readonly written: string;
  readonly guarded: boolean;
  readonly uncertain: boolean;
  /** After a `!command`/`%run` that may have made it. */
  readonly afterProducer: boolean;
}

/** A download. */
export interface INetworkRead extends ISite {
  /** The URL when known, else the call or command. */
  readonly source: string;
  /** What does it: `pandas.read_csv`, `!wget`, `sklearn.datasets.fetch_openml`. */
  readonly via: string;
  /**
   * For a Hugging Face Hub name, that name as a path here (null when the working folder is
   * not known): if that folder exists, the code loads it instead.
   */
  readonly hub?: string | null;
}

/** A random draw made before any seed of its generator. */
export interface IUnseededDraw extends ISite {
  /** Canonical callee. */
  readonly call: string;
  /** As written, for the message. */
  readonly text: string;
  /** The fix: `random_state=0` (scikit-learn), a seed call, or a seed argument. */
  readonly fix: string;
  /** `rng`: a generator made without a seed; `parallel`: threads no seed orders. */
  readonly lib: RandomLib | 'rng' | 'parallel';
}

/** An import that Restart & Run All executes. */
export interface IImportSite extends ISite {
  /** Top-level package name. */
  readonly module: string;
  readonly dotted: string;
  /** Inside `try … except ImportError` (or wider). */
  readonly guarded: boolean;
  readonly uncertain: boolean;
  /** A `!pip install` / `%pip install` above installs it. */
  readonly installed: boolean;
}

export type { IRemovedUse } from './removedUses';

/** Everything the walk found. */
export interface INotebookScan {
  readonly reads: readonly IResolvedRead[];
  /** Paths the notebook writes, resolved like reads. */
  readonly writes: readonly string[];
  readonly network: readonly INetworkRead[];
  readonly draws: readonly IUnseededDraw[];
  readonly imports: readonly IImportSite[];
  /** Folders (relative to the notebook's) from which local modules import: cwd, literal `sys.path` entries. */
  readonly moduleDirs: readonly string[];
  /** Uses of removed names, in the order Restart & Run All meets them. */
  readonly removed: readonly IRemovedUse[];
  /** Folders `os.chdir` enters (`%cd` only prints an error for a missing one). */
  readonly folders: readonly IFolderEntry[];
  /** Files `%run` runs (`path` as written, without IPython's `.py` fallback). */
  readonly runs: readonly IFolderEntry[];
}

type Scope = Map<string, IPathValue | null>;

/** Keywords that name a file a call writes. */
const OUTPUT_KEYWORDS = new Set([
  'filepath',
  'save_path',
  'output_path',
  'out_path',
  'output_file',
  'outfile',
  'save_to',
  'dest',
  'destination'
]);

interface IFunction {
  readonly params: readonly string[];
  readonly events: CellEvent[];
  readonly cell: IScanCell;
}

interface IState extends IRemovedState {
  readonly aliases: ReadonlyMap<string, string>;
  /** Classes the notebook defines with methods (`Net` for `Net.__init__`). */
  readonly classes: Set<string>;
  /** Top-level names bound to an instance of one of them (`net = Net()`). */
  readonly instances: Map<string, string>;
  readonly globals: Scope;
  readonly bools: Map<string, boolean>;
  readonly functions: Map<string, IFunction>;
  /** cwd relative to the notebook's folder; null once changed to something unknown. */
  cwd: string | null;
  readonly seeded: Set<RandomLib>;
  producer: boolean;
  pipAll: boolean;
  readonly pip: Set<string>;
  readonly reads: Omit<IResolvedRead, 'created'>[];
  readonly folders: IFolderEntry[];
  readonly runs: IFolderEntry[];
  readonly writes: Set<string>;
  readonly network: INetworkRead[];
  readonly draws: IUnseededDraw[];
  readonly imports: IImportSite[];
  readonly moduleDirs: Set<string>;
}

/** Walk `cells` (code cells in notebook order) top-down. Never throws. */
export function scanNotebook(cells: readonly IScanCell[]): INotebookScan {
  const all = cells.map(c => ({
    cell: c,
    events: cellEvents(c.source).events
  }));
  // Aliases from every cell: a notebook imports once, at the top, and reads below.
  const aliases = new Map<string, string>();
  for (const { events } of all) {
    for (const e of events) {
      if (e.t === 'alias') {
        aliases.set(e.name, e.dotted);
      }
    }
  }
  const st: IState = {
    aliases,
    unsureAliases: unsureAliases(all.map(x => x.events)),
    globals: new Map(),
    bools: new Map(),
    functions: new Map(),
    cwd: '.',
    seeded: new Set(),
    producer: false,
    pipAll: false,
    pip: new Set(),
    reads: [],
    folders: [],
    runs: [],
    writes: new Set(),
    network: [],
    draws: [],
    imports: [],
    moduleDirs: new Set(['.']),
    uses: [],
    frames: new Set(),
    classes: new Set(),
    instances: new Map()
  };
  for (const { cell, events } of all) {
    let current: { name: string; fn: IFunction } | null = null;
    for (const e of events) {
      if (e.fn !== null) {
        if (current !== null && e.fn === current.name) {
          current.fn.events.push(e);
        }
        continue;
      }
      if (e.t === 'def') {
        current = { name: e.name, fn: { params: e.params, events: [], cell } };
        st.functions.set(e.name, current.fn);
        const dot = e.name.indexOf('.');
        if (dot > 0) {
          st.classes.add(e.name.slice(0, dot)); // a method
        }
        st.globals.set(e.name, null);
        continue;
      }
      run(e, e, cell, st, null, []);
    }
  }
  const writes = [...st.writes];
  // Written out, not spread (V8's generic copy); the keys in the stored order.
  const reads = st.reads.map((r): IResolvedRead => ({
    cellId: r.cellId,
    index: r.index,
    line: r.line,
    call: r.call,
    path: r.path,
    written: r.written,
    glob: r.glob,
    guarded: r.guarded,
    uncertain: r.uncertain,
    afterProducer: r.afterProducer,
    created: r.path !== null && st.writes.has(r.path)
  }));
  return {
    reads,
    writes: writes.sort(),
    network: st.network,
    draws: st.draws,
    imports: st.imports,
    moduleDirs: [...st.moduleDirs].sort(),
    removed: st.uses,
    folders: st.folders,
    runs: st.runs
  };
}

/** A top-level binding: `name` is an instance of a notebook class from here on, or not. */
function bindInstance(
  name: string,
  call: readonly string[] | null,
  sure: boolean,
  st: IState
): void {
  const cls = call?.length === 1 ? call[0] : null;
  if (sure && cls !== null && st.classes.has(cls)) {
    st.instances.set(name, cls);
  } else {
    st.instances.delete(name);
  }
}

/**
 * The notebook's own function a call runs: `f(…)`, `Net(…)` (its `__init__`),
 * `net.fit(…)` on a name bound to `Net(…)` above, or `self.fit(…)` in a method of `Net`;
 * null for anything else.
 */
function definedCallee(
  parts: readonly string[] | null,
  st: IState,
  /** The replayed calls around this one, innermost last (`Net.fit` makes `self` a Net). */
  stack: readonly string[]
): string | null {
  if (parts === null) {
    return null;
  }
  if (parts.length === 1) {
    return st.functions.has(parts[0])
      ? parts[0]
      : st.classes.has(parts[0])
        ? `${parts[0]}.__init__`
        : null;
  }
  if (parts.length !== 2) {
    return null;
  }
  let cls = st.instances.get(parts[0]);
  if (parts[0] === 'self' && stack.length > 0) {
    const inner = stack[stack.length - 1];
    const dot = inner.indexOf('.');
    cls = dot > 0 ? inner.slice(0, dot) : undefined;
  }
  return cls === undefined ? null : `${cls}.${parts[1]}`;
}

/** Locals of an inlined function call, or null at top level. */
type Locals = Scope | null;

function lookupScope(st: IState, locals: Locals): PathScope {
  if (locals === null) {
    return st.globals;
  }
  // Locals first, then globals: a view, not a copy (calls inside loops are frequent).
  return {
    get: (name: string): IPathValue | null | undefined =>
      locals.has(name) ? locals.get(name) : st.globals.get(name)
  };
}

/** Whether the event's boolean conditions hold: false (dead), true, or null (unknown). */
function condsHold(at: IEventContext, st: IState): boolean | null {
  let known = true;
  for (const c of at.conds) {
    const v = st.bools.get(c.name);
    if (v === undefined) {
      known = false;
    } else if (v !== c.want) {
      return false;
    }
  }
  return known ? true : null;
}

/**
 * Runs event `e` in context `at`: the event itself at top level, the call site's context
 * merged with the event's in a replayed function body (a context apart, not a copy of the
 * event: spreading every replayed event went through V8's generic copy).
 */
function run(
  e: CellEvent,
  at: IEventContext,
  cell: IScanCell,
  st: IState,
  locals: Locals,
  stack: readonly string[]
): void {
  const holds = condsHold(at, st);
  if (holds === false) {
    return;
  }
  const uncertain = at.uncertain || holds === null;
  const site: ISite = { cellId: cell.id, index: cell.index, line: at.line };
  switch (e.t) {
    case 'def':
      return;
    case 'alias':
      // `from sklearn.preprocessing import Imputer`: the import itself fails.
      if (!uncertain && !at.importGuard) {
        removedImport(e.dotted, site, st);
      }
      return;
    case 'ref':
      if (!uncertain && !at.importGuard) {
        removedRef(e, site, st);
      }
      return;
    case 'import': {
      if (!uncertain && !at.importGuard) {
        removedImport(e.module, site, st);
      }
      const unit = importUnit(e.module);
      st.imports.push({
        cellId: site.cellId,
        index: site.index,
        line: site.line,
        module: unit,
        dotted: e.module,
        guarded: at.importGuard,
        uncertain,
        installed:
          st.pipAll ||
          st.pip.has(unit.toLowerCase()) ||
          st.pip.has((distributionFor(unit) ?? unit).toLowerCase())
      });
      return;
    }
    case 'bind': {
      const scope = locals ?? st.globals;
      const value = evaluate(e.value, lookupScope(st, locals));
      scope.set(e.name, value);
      if (locals === null) {
        bindFrame(e.name, e.call, !uncertain, st);
        bindInstance(e.name, e.call, !uncertain, st);
        if (e.bool !== null && !uncertain) {
          st.bools.set(e.name, e.bool);
        } else {
          st.bools.delete(e.name);
        }
      }
      return;
    }
    case 'cd':
      changeDir(st, e.path, lookupScope(st, locals));
      return;
    case 'shell':
      shell(e.command, site, st, lookupScope(st, locals));
      return;
    case 'magic':
      if (e.name === 'pip' || e.name === 'conda') {
        pipInstall(e.args, st);
      } else if (e.name === 'run' || e.name === 'sx' || e.name === 'system') {
        if (e.name === 'run' && !uncertain) {
          runFile(e.args, site, at, st);
        }
        st.producer = true;
      } else if (e.name === 'writefile') {
        writeFile(e.args, st);
      }
      return;
    case 'call':
      call(e, at, cell, site, uncertain, st, locals, stack);
      return;
  }
}

/**
 * A model or file the Hugging Face Hub serves by name (`AutoModel.from_pretrained("bert-base-
 * uncased")`): a network read unless a `revision=` commit hash pins it. Only a literal name
 * that looks like a hub id counts (precision first); whether it is a folder here instead is
 * for the findings to check (`hub`).
 */
function hubRead(
  e: Extract<CellEvent, { t: 'call' }>,
  name: string,
  site: ISite,
  st: IState,
  scope: PathScope
): void {
  // `pipeline(task)` fetches the task's default model; `model=` names one.
  const pipeline = name === 'transformers.pipeline';
  if (pipeline && e.kw.model === undefined) {
    if (!e.starred) {
      st.network.push({ ...site, source: e.text, via: name, hub: null });
    }
    return;
  }
  const arg = pipeline
    ? e.kw.model
    : (e.pos[0] ?? HUB_KEYWORDS.map(k => e.kw[k]).find(a => a !== undefined));
  const id = arg === undefined ? null : evaluate(arg.path, scope);
  const revision = e.kw.revision?.lit;
  if (
    id === null ||
    !HUB_ID.test(id.value) ||
    (typeof revision === 'string' && /^[0-9a-f]{40}$/.test(revision))
  ) {
    return;
  }
  const local = resolvePath(st, id.value);
  if (local !== null && st.writes.has(local)) {
    return; // saved above (`save_pretrained`): loaded from that folder
  }
  st.network.push({ ...site, source: id.value, via: name, hub: local });
}

/** `%%writefile [-a] name`: the file the cell writes (a module the code may import below). */
function writeFile(args: string, st: IState): void {
  const name = args
    .trim()
    .replace(/^(-a|--append)\s+/, '')
    .replace(/^(['"])(.*)\1$/, '$2');
  const p = name === '' || /[\s${]/.test(name) ? null : resolvePath(st, name);
  if (p !== null) {
    st.writes.add(p);
  }
}

/**
 * `%run [options] file.py|file.ipynb …`: the file it runs, which must be there (IPython also
 * tries `file.py`). Not `%run -m module`, nor a name with `$` or `{}` in it.
 */
function runFile(
  args: string,
  site: ISite,
  at: IEventContext,
  st: IState
): void {
  const words = args.trim().split(/\s+/);
  if (words.includes('-m')) {
    return;
  }
  const file = words
    .find(w => !w.startsWith('-'))
    ?.replace(/^(['"])(.*)\1$/, '$2');
  const path =
    file === undefined || /[${}]/.test(file) ? null : resolvePath(st, file);
  if (file !== undefined && path !== null) {
    st.runs.push({
      ...site,
      path,
      written: file,
      guarded: at.fileGuard,
      uncertain: false,
      afterProducer: st.producer
    });
  }
}

function changeDir(st: IState, path: PathExpr | null, scope: PathScope): void {
  const v = evaluate(path, scope);
  if (v === null || st.cwd === null || v.value.startsWith('~')) {
    st.cwd = null;
    return;
  }
  st.cwd = normalizePath(joinPaths([st.cwd, v.value]));
  st.moduleDirs.add(st.cwd);
}

/** A path as the code wrote it, resolved against the current directory; null if unknown. */
function resolvePath(st: IState, value: string): string | null {
  if (value.startsWith('/')) {
    return normalizePath(value);
  }
  if (st.cwd === null || value.startsWith('~')) {
    return null;
  }
  return normalizePath(joinPaths([st.cwd, value]));
}

function pipInstall(args: string, st: IState): void {
  const words = args.trim().split(/\s+/);
  if (!/^(install|add)$/.test(words[0] ?? '')) {
    return;
  }
  for (const w of words.slice(1)) {
    if (
      w === '-r' ||
      w === '--requirement' ||
      w === '-e' ||
      w.startsWith('.')
    ) {
      st.pipAll = true;
    } else if (!w.startsWith('-')) {
      const name = w
        .replace(/^['"]|['"]$/g, '')
        .replace(/[[<>=!~;].*$/, '')
        .toLowerCase();
      st.pip.add(name);
      st.pip.add(name.replace(/-/g, '_'));
      const mapped = PIP_TO_MODULE[name];
      if (mapped !== undefined) {
        st.pip.add(mapped.toLowerCase());
      }
    }
  }
}

function shell(
  command: string,
  site: ISite,
  st: IState,
  scope: PathScope
): void {
  // Each part of `a && b; c` is a command of its own.
  for (const raw of command.split(/&&|\|\||;/)) {
    const cmd = raw.trim().replace(/^sudo\s+/, '');
    if (cmd === '') {
      continue;
    }
    const pip =
      /^(?:python3?\s+-m\s+)?(?:pip3?|conda|mamba|uv\s+pip)\s+(.*)$/.exec(cmd);
    if (pip !== null) {
      pipInstall(pip[1], st);
      continue;
    }
    if (/^cd\s+/.test(cmd)) {
      // `!cd x` runs in a subshell: it changes nothing for the kernel.
      continue;
    }
    if (NETWORK_COMMANDS.some(r => r.test(cmd))) {
      const url = /\b((?:https?|ftp|s3|gs):\/\/[^\s'"]+)/.exec(cmd);
      st.network.push({
        ...site,
        source: url !== null ? url[1] : cmd.split(/\s+/).slice(0, 3).join(' '),
        via: `!${cmd.split(/\s+/)[0]}`
      });
      st.producer = true;
      continue;
    }
    if (!HARMLESS_COMMANDS.test(cmd)) {
      st.producer = true;
    }
  }
  void scope;
}

/** Callee → the generators its call seeds (null: not a seed call); tested once per name. */
const seedLibsOf = new Map<string, readonly RandomLib[] | null>();

function seedLibs(name: string): readonly RandomLib[] | null {
  let hit = seedLibsOf.get(name);
  if (hit === undefined) {
    hit = SEED_CALLS.find(([re]) => re.test(name))?.[1] ?? null;
    if (seedLibsOf.size >= 8192) {
      seedLibsOf.clear();
    }
    seedLibsOf.set(name, hit);
  }
  return hit;
}

type ReadCall = (typeof READ_CALLS)[number];

/** Callee → its read-call entry (null: none); the same few names come back in every notebook. */
const readCallOf = new Map<string, ReadCall | null>();

function lookupRead(callee: string): ReadCall | undefined {
  let hit = readCallOf.get(callee);
  if (hit === undefined) {
    hit = findRead(callee) ?? null;
    if (readCallOf.size >= 8192) {
      readCallOf.clear();
    }
    readCallOf.set(callee, hit);
  }
  return hit ?? undefined;
}

/** Per pattern list, the names already tested against it. */
const matched = new WeakMap<readonly RegExp[], Map<string, boolean>>();

/** Whether a pattern of `list` matches `name`, tested once per name. */
function anyMatch(list: readonly RegExp[], name: string): boolean {
  let seen = matched.get(list);
  if (seen === undefined || seen.size >= 8192) {
    seen = new Map();
    matched.set(list, seen);
  }
  let hit = seen.get(name);
  if (hit === undefined) {
    hit = list.some(r => r.test(name));
    seen.set(name, hit);
  }
  return hit;
}

function findRead(callee: string): ReadCall | undefined {
  return READ_CALLS.find(entry =>
    entry.callee.startsWith('*.')
      ? callee.endsWith(entry.callee.slice(1))
      : callee === entry.callee
  );
}

/** `open(p, "w")` and friends: a mode that writes rather than reads. */
function writesMode(
  e: { pos: readonly IArg[]; kw: Readonly<Record<string, IArg>> },
  at: number
): boolean {
  const mode = e.kw.mode?.lit ?? e.pos[at]?.lit;
  return typeof mode === 'string' && /[wax]/.test(mode);
}

function call(
  e: Extract<CellEvent, { t: 'call' }>,
  at: IEventContext,
  cell: IScanCell,
  site: ISite,
  uncertain: boolean,
  st: IState,
  locals: Locals,
  stack: readonly string[]
): void {
  const scope = lookupScope(st, locals);
  const name = e.parts === null ? null : canonical(e.parts, st.aliases);
  if (!uncertain && !at.importGuard) {
    removedCall(e, name, site, st);
  }
  const valueOf = (a: IArg | undefined): IPathValue | null =>
    a === undefined ? null : evaluate(a.path, scope);
  /** Notes the written file; false when its path is not known. */
  const addWrite = (v: IPathValue | null): boolean => {
    const p = v === null || isUrl(v.value) ? null : resolvePath(st, v.value);
    if (p !== null) {
      st.writes.add(p);
    }
    return p !== null;
  };
  const addRead = (
    callee: string,
    v: IPathValue | null,
    glob = false
  ): void => {
    if (v !== null && isUrl(v.value)) {
      st.network.push({ ...site, source: v.value, via: callee });
      return;
    }
    st.reads.push({
      cellId: site.cellId,
      index: site.index,
      line: site.line,
      call: callee,
      path: v === null ? null : resolvePath(st, v.value),
      written: v === null ? null : v.value,
      glob,
      guarded: at.fileGuard,
      uncertain,
      afterProducer: st.producer
    });
  };

  // A function the notebook defined, a class it defined (its `__init__`) or a method of an
  // instance of one: replay its body here (once per call site, no recursion).
  const callee = definedCallee(e.parts, st, stack);
  if (callee !== null) {
    const fn = st.functions.get(callee);
    if (fn !== undefined && !stack.includes(callee) && stack.length < 4) {
      const innerStack = [...stack, callee];
      const inner: Scope = new Map();
      fn.params.forEach((p, i) =>
        inner.set(p, e.pos[i] === undefined ? null : valueOf(e.pos[i]))
      );
      for (const fe of fn.events) {
        if (fe.t === 'bind') {
          inner.set(fe.name, evaluate(fe.value, lookupScope(st, inner)));
          continue;
        }
        const inherited: IEventContext = {
          fn: fe.fn,
          // Conditions are only read: share the body's list when the call adds none.
          conds: at.conds.length === 0 ? fe.conds : [...fe.conds, ...at.conds],
          uncertain: fe.uncertain || uncertain,
          importGuard: fe.importGuard || at.importGuard,
          fileGuard: fe.fileGuard || at.fileGuard,
          line: at.line
        };
        // Events of the body are reported at the call site: that is where Run All meets them.
        run(fe, inherited, cell, st, inner, innerStack);
      }
      return;
    }
  }

  // Path methods: Path("x").read_text(), p.write_text(…).
  if (e.method !== null && e.receiver !== null) {
    const recv = evaluate(e.receiver, scope);
    if (recv !== null && recv.path) {
      if (e.method === 'read_text' || e.method === 'read_bytes') {
        addRead(`pathlib.Path.${e.method}`, recv);
        return;
      }
      if (e.method === 'open') {
        if (writesMode(e, 0)) {
          addWrite(recv);
        } else {
          addRead('pathlib.Path.open', recv);
        }
        return;
      }
      if (PATH_WRITE_METHODS.has(e.method)) {
        addWrite(recv);
        return;
      }
      if (e.method === 'glob' || e.method === 'rglob') {
        return;
      }
    }
  }
  if (
    e.method !== null &&
    WRITE_METHODS.has(e.method) &&
    (name === null ||
      (lookupRead(name) === undefined &&
        !WRITE_FIRST.has(name) &&
        !WRITE_SECOND.has(name)))
  ) {
    addWrite(
      valueOf(
        e.pos[0] ??
          e.kw.path_or_buf ??
          e.kw.path ??
          e.kw.fname ??
          e.kw.filepath ??
          e.kw.excel_writer ??
          e.kw.save_directory
      )
    );
    return;
  }
  if (name === null) {
    return;
  }
  const last = name.slice(name.lastIndexOf('.') + 1);

  // Seeds before draws.
  const libs = seedLibs(name);
  if (libs !== null) {
    // `random.seed(a=42)`, `np.random.seed(seed=0)`: every argument but a lone `None`.
    const a = e.pos[0] ?? Object.values(e.kw)[0];
    if (a !== undefined && a.lit !== null) {
      libs.forEach(l => st.seeded.add(l));
    }
    return;
  }

  if (name === 'os.chdir') {
    const v = valueOf(e.pos[0] ?? e.kw.path);
    const path = v === null ? null : resolvePath(st, v.value);
    if (v !== null && path !== null) {
      st.folders.push({
        ...site,
        path,
        written: v.value,
        guarded: at.fileGuard,
        uncertain,
        afterProducer: st.producer
      });
    }
    changeDir(st, e.pos[0]?.path ?? null, scope);
    return;
  }
  if (/^sys\.path\.(append|insert)$/.test(name)) {
    const v = valueOf(name.endsWith('append') ? e.pos[0] : e.pos[1]);
    const p = v === null ? null : resolvePath(st, v.value);
    if (p !== null) {
      st.moduleDirs.add(p);
    }
    return;
  }
  if (name === 'glob.glob' || name === 'glob.iglob') {
    const v = valueOf(e.pos[0] ?? e.kw.pathname);
    if (v !== null && /[*?[]/.test(v.value)) {
      addRead(name, v, true);
    }
    return;
  }
  if (anyMatch(PRODUCERS, name)) {
    st.producer = true;
    if (!/^(subprocess|os)\./.test(name)) {
      return;
    }
  }

  // Network.
  if (anyMatch(NETWORK_CALLS, name)) {
    const url = valueOf(e.pos[0] ?? e.kw.url);
    st.network.push({
      ...site,
      source: url !== null && isUrl(url.value) ? url.value : e.text,
      via: name
    });
    const dest = e.pos[1] ?? e.kw.filename;
    if (!name.endsWith('urlretrieve')) {
      st.producer = true;
    } else if (dest !== undefined && !addWrite(valueOf(dest))) {
      // Into a path we cannot resolve (`d + name` in a loop): it may be any file read below.
      st.producer = true;
    }
    return;
  }
  if (anyMatch(HUB_CALLS, name)) {
    hubRead(e, name, site, st, scope);
    return;
  }
  if (anyMatch(DOWNLOAD_FLAG_CALLS, name) && e.kw.download?.lit === true) {
    st.network.push({ ...site, source: e.text, via: name });
    st.producer = true;
    return;
  }
  if (name === 'pandas.read_html') {
    const v = valueOf(e.pos[0] ?? e.kw.io);
    if (v !== null && isUrl(v.value)) {
      st.network.push({ ...site, source: v.value, via: name });
    }
    return;
  }

  // Writes.
  if (name === 'open' || name === 'io.open' || name === 'codecs.open') {
    const v = valueOf(e.pos[0] ?? e.kw.file);
    if (writesMode(e, 1)) {
      addWrite(v);
    } else if (e.pos[0] !== undefined || e.kw.file !== undefined) {
      addRead(name, v);
    }
    return;
  }
  if (WRITE_SECOND.has(name) && e.pos[1] !== undefined) {
    addWrite(valueOf(e.pos[1]));
  }
  if (WRITE_FIRST.has(name)) {
    addWrite(valueOf(e.pos[0]));
    return;
  }
  if (WRITE_SECOND.has(name)) {
    return;
  }
  // Reads.
  const entry = lookupRead(name);
  // `ModelCheckpoint(filepath=…)`, `download(…, save_path=…)`: a file this call makes.
  if (entry === undefined) {
    // The call's few keywords, not every output keyword: writes form a set.
    for (const k in e.kw) {
      if (OUTPUT_KEYWORDS.has(k)) {
        addWrite(valueOf(e.kw[k]));
      }
    }
    if (/(^|\.)ModelCheckpoint$/.test(name)) {
      addWrite(valueOf(e.pos[0]));
    }
  }
  if (entry !== undefined) {
    if (/^(gzip|bz2|lzma|tarfile|zipfile)\./.test(name) && writesMode(e, 1)) {
      addWrite(valueOf(e.pos[0]));
      return;
    }
    const candidates = [e.pos[0], ...entry.keywords.map(k => e.kw[k])];
    const a = candidates.find(x => x !== undefined);
    if (a !== undefined) {
      addRead(name, valueOf(a));
    }
    return;
  }

  // Random draws.
  draw(e, name, last, site, st);
}

function draw(
  e: Extract<CellEvent, { t: 'call' }>,
  name: string,
  last: string,
  site: ISite,
  st: IState
): void {
  const push = (lib: RandomLib | 'rng' | 'parallel', fix: string): void => {
    st.draws.push({ ...site, call: name, text: e.text, fix, lib });
  };
  const noArgs = e.pos.length === 0 && !e.starred;
  // `df.sample(…)` on a name bound to a DataFrame: numpy's global generator without
  // `random_state` (its sixth parameter; passed by keyword in practice).
  if (
    last === 'sample' &&
    e.parts?.length === 2 &&
    st.frames.has(e.parts[0]) &&
    e.pos.length < 5 &&
    !e.starred &&
    (e.kw.random_state === undefined || e.kw.random_state.lit === null)
  ) {
    if (!st.seeded.has('numpy') || e.kw.random_state?.lit === null) {
      push('numpy', '`random_state=0`');
    }
    return;
  }
  // UMAP without `random_state` optimises in parallel: not even numpy's seed repeats it
  // (checked: two processes under `np.random.seed(0)` embed differently).
  if (name.startsWith('umap.') && /^umap\.(?:umap_\.)?UMAP$/.test(name)) {
    const rs = e.kw.random_state;
    if (!e.starred && (rs === undefined || rs.lit === null)) {
      push('parallel', '`umap.UMAP(random_state=0)`');
    }
    return;
  }
  // gensim's models train on several threads by default, each run in another order, whatever
  // their seed (checked: two processes differ; `workers=1` repeats).
  if (name.startsWith('gensim.') && GENSIM_MODELS.test(name)) {
    const workers = e.kw.workers;
    const many =
      workers === undefined ||
      workers.lit === null ||
      (typeof workers.lit === 'number' && workers.lit !== 1);
    if (!e.starred && many) {
      push('parallel', '`workers=1` in the call');
    }
    return;
  }
  if (name.startsWith('random.') && dots(name) === 1) {
    if (PY_RANDOM.has(last) && !st.seeded.has('random')) {
      push('random', '`random.seed(0)` in a cell at the top');
    } else if (last === 'Random' && noArgs && e.kw.x === undefined) {
      push('rng', '`random.Random(0)`');
    }
    return;
  }
  if (name.startsWith('numpy.random.') && dots(name) === 2) {
    if (last === 'default_rng' || last === 'RandomState') {
      const seed = e.pos[0] ?? e.kw.seed;
      if ((seed === undefined && !e.starred) || seed?.lit === null) {
        push('rng', `\`np.random.${last}(0)\``);
      }
      return;
    }
    if (!NUMPY_NOT_DRAWS.has(last) && !st.seeded.has('numpy')) {
      push('numpy', '`np.random.seed(0)` in a cell at the top');
    }
    return;
  }
  if (name.startsWith('torch.') && dots(name) === 1) {
    if (
      TORCH_DRAWS.has(last) &&
      !st.seeded.has('torch') &&
      e.kw.generator === undefined
    ) {
      push('torch', '`torch.manual_seed(0)` in a cell at the top');
    }
    return;
  }
  // Layers whose weights start random, or that draw while training (dropout, augmentation):
  // the framework's global seed fixes them.
  if (TORCH_LAYERS.test(name)) {
    if (!st.seeded.has('torch')) {
      push('torch', '`torch.manual_seed(0)` in a cell at the top');
    }
    return;
  }
  if (KERAS_LAYERS.test(name)) {
    if (!st.seeded.has('tensorflow') && e.kw.seed === undefined) {
      push(
        'tensorflow',
        '`keras.utils.set_random_seed(0)` in a cell at the top'
      );
    }
    return;
  }
  if (name === 'torch.utils.data.random_split') {
    if (e.kw.generator === undefined && !st.seeded.has('torch')) {
      push('torch', '`torch.manual_seed(0)` in a cell at the top');
    }
    return;
  }
  if (KERAS_DATASETS.test(name)) {
    // Shuffled by default; without `seed=` Keras draws one from numpy's global generator.
    if (
      e.kw.seed === undefined &&
      e.kw.shuffle?.lit !== false &&
      !st.seeded.has('numpy')
    ) {
      push('numpy', '`seed=0` in the call');
    }
    return;
  }
  if (name === 'torch.utils.data.DataLoader') {
    if (
      e.kw.shuffle?.lit === true &&
      e.kw.generator === undefined &&
      !st.seeded.has('torch')
    ) {
      push('torch', '`torch.manual_seed(0)` in a cell at the top');
    }
    return;
  }
  if (
    (/^tensorflow\.random\.\w+$/.test(name) &&
      !/set_seed|Generator|get_global_generator/.test(last)) ||
    TF1_DRAWS.test(name)
  ) {
    if (!st.seeded.has('tensorflow') && e.kw.seed === undefined) {
      const v1 = !name.startsWith('tensorflow.random.');
      push(
        'tensorflow',
        v1
          ? '`tf.set_random_seed(0)` (TensorFlow 1) in a cell at the top'
          : '`tf.random.set_seed(0)` in a cell at the top'
      );
    }
    return;
  }
  if (/^keras\.random\.\w+$/.test(name) && last !== 'SeedGenerator') {
    // Keras 3's own ops, on any backend: `keras.utils.set_random_seed` seeds them.
    if (!st.seeded.has('tensorflow') && e.kw.seed === undefined) {
      push(
        'tensorflow',
        '`keras.utils.set_random_seed(0)` in a cell at the top'
      );
    }
    return;
  }
  if (
    (name.startsWith('sklearn.') || name.startsWith('imblearn.')) &&
    !e.starred
  ) {
    const rs = e.kw.random_state;
    if (rs !== undefined && rs.lit !== null) {
      return;
    }
    const splitter = SKLEARN_SHUFFLE_SPLITTERS.has(last);
    if (!SKLEARN_RANDOM.has(last) && !splitter) {
      return;
    }
    if (splitter && !SKLEARN_ALWAYS.has(last) && e.kw.shuffle?.lit !== true) {
      return;
    }
    // `shuffle(X, y)` with positional random_state is rare; a global numpy seed covers the rest.
    if (!st.seeded.has('numpy') || rs?.lit === null) {
      push('numpy', '`random_state=0`');
    }
  }
}
