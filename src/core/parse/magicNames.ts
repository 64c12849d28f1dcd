/**
 * Tables of IPython magic names the masker needs. Kept apart so the lists are easy to audit.
 */

/**
 * Line magics (and the POSIX aliases IPython registers as magics) that IPython runs
 * without a `%` when automagic is on. A Python keyword never appears here.
 */
export const AUTOMAGICS: ReadonlySet<string> = new Set([
  'alias',
  'alias_magic',
  'autoawait',
  'autocall',
  'automagic',
  'autoreload',
  'autosave',
  'bookmark',
  'cat',
  'cd',
  'clear',
  'colors',
  'conda',
  'config',
  'cp',
  'debug',
  'dhist',
  'dirs',
  'doctest_mode',
  'ed',
  'edit',
  'env',
  'gui',
  'hist',
  'history',
  'killbgscripts',
  'ldir',
  'less',
  'lf',
  'lk',
  'll',
  'load',
  'load_ext',
  'loadpy',
  'logoff',
  'logon',
  'logstart',
  'logstate',
  'logstop',
  'ls',
  'lsmagic',
  'lx',
  'macro',
  'magic',
  'mamba',
  'man',
  'matplotlib',
  'micromamba',
  'mkdir',
  'more',
  'mv',
  'notebook',
  'page',
  'pastebin',
  'pdb',
  'pdef',
  'pdoc',
  'pfile',
  'pinfo',
  'pinfo2',
  'pip',
  'popd',
  'pprint',
  'precision',
  'prun',
  'psearch',
  'psource',
  'pushd',
  'pwd',
  'pycat',
  'pylab',
  'qtconsole',
  'quickref',
  'recall',
  'rehashx',
  'reload_ext',
  'rep',
  'rerun',
  'reset',
  'reset_selective',
  'rm',
  'rmdir',
  'run',
  'save',
  'sc',
  'set_env',
  'store',
  'sx',
  'system',
  'tb',
  'time',
  'timeit',
  'unalias',
  'unload_ext',
  'who',
  'who_ls',
  'whos',
  'xdel',
  'xmode'
]);

/** How the Python inside a magic behaves. */
export interface ILiveMagic {
  /** Options that take a value (`-n 10`): the value is skipped too. */
  readonly valued: ReadonlySet<string>;
  /** False when IPython runs the code but drops its bindings (`timeit`). */
  readonly keepsBindings: boolean;
}

const TIMEIT: ILiveMagic = {
  valued: new Set(['n', 'r', 'p']),
  keepsBindings: false
};
const PRUN: ILiveMagic = {
  valued: new Set(['s', 'l', 'T', 'D']),
  keepsBindings: true
};
const TIME: ILiveMagic = { valued: new Set(), keepsBindings: true };

/** Line magics whose argument (after options) is a Python statement that runs. */
export const LIVE_LINE_MAGICS: ReadonlyMap<string, ILiveMagic> = new Map([
  ['time', TIME],
  ['timeit', TIMEIT],
  ['prun', PRUN]
]);

/** Cell magics whose body is Python that runs in the user namespace. */
export const LIVE_CELL_MAGICS: ReadonlyMap<string, ILiveMagic> = new Map([
  ['time', TIME],
  ['timeit', TIMEIT],
  ['prun', PRUN],
  ['capture', TIME]
]);

/** Magics that may bind any name (verdicts.md: "opaque"). */
export const OPAQUE_MAGICS: ReadonlySet<string> = new Set([
  'run',
  'load',
  'loadpy',
  'cython'
]);
