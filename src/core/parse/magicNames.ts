/**
 * Tables of IPython magic names the masker and the export need. Kept apart so the lists are
 * easy to audit; each name is written once.
 */

/**
 * Line magics that are no-ops in a script (display, debugging, introspection, the editor,
 * the extension machinery): the export comments them out without a warning.
 */
export const NOOP_LINE_MAGICS: ReadonlySet<string> = new Set([
  'aimport',
  'alias',
  'alias_magic',
  'autoawait',
  'autocall',
  'automagic',
  'autoreload',
  'autosave',
  'bookmark',
  'clear',
  'colors',
  'config',
  'connect_info',
  'debug',
  'dhist',
  'dirs',
  'doctest_mode',
  'ed',
  'edit',
  'gui',
  'hist',
  'history',
  'killbgscripts',
  'load_ext',
  'logoff',
  'logon',
  'logstart',
  'logstate',
  'logstop',
  'lsmagic',
  'magic',
  'matplotlib',
  'notebook',
  'page',
  'pdb',
  'pdef',
  'pdoc',
  'pfile',
  'pinfo',
  'pinfo2',
  'pprint',
  'precision',
  'psearch',
  'psource',
  'qtconsole',
  'quickref',
  'recall',
  'rehashx',
  'reload_ext',
  'rep',
  'rerun',
  'reset',
  'reset_selective',
  'save',
  'tb',
  'unalias',
  'unload_ext',
  'version_information',
  'watermark',
  'who',
  'who_ls',
  'whos',
  'xdel',
  'xmode',
  'timeit'
]);

/** The no-op magics of extensions and of the kernel that are not taken for automagics. */
const NOT_AUTOMAGICS: ReadonlySet<string> = new Set([
  'aimport',
  'connect_info',
  'version_information',
  'watermark'
]);

/** IPython's default POSIX aliases (`IPython.core.alias.default_aliases`). */
export const POSIX_ALIASES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    cat: 'cat',
    cp: 'cp',
    ldir: 'ls -F -l %l | grep /$',
    less: 'less',
    lf: 'ls -F -l %l | grep ^-',
    lk: 'ls -F -l %l | grep ^l',
    ll: 'ls -F -l',
    ls: 'ls -F',
    lx: 'ls -F -l %l | grep ^-..x',
    man: 'man',
    mkdir: 'mkdir',
    more: 'more',
    mv: 'mv',
    rm: 'rm',
    rmdir: 'rmdir'
  })
);

/**
 * Line magics (and the POSIX aliases IPython registers as magics) that IPython runs
 * without a `%` when automagic is on: the no-op ones above but {@link NOT_AUTOMAGICS}, the
 * aliases, and the rest listed here. A Python keyword never appears here. Sorted.
 */
export const AUTOMAGICS: ReadonlySet<string> = new Set(
  [
    ...[...NOOP_LINE_MAGICS].filter(name => !NOT_AUTOMAGICS.has(name)),
    ...POSIX_ALIASES.keys(),
    'cd',
    'conda',
    'env',
    'load',
    'loadpy',
    'macro',
    'mamba',
    'micromamba',
    'pastebin',
    'pip',
    'popd',
    'prun',
    'pushd',
    'pwd',
    'pycat',
    'pylab',
    'run',
    'sc',
    'set_env',
    'store',
    'sx',
    'system',
    'time'
  ].sort()
);

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
