/**
 * Name tables of the fact extraction, in one place so each list is easy to review and extend.
 */

/**
 * Methods that change their receiver in place (verdicts.md `M`): list, dict, set and deque
 * methods, plus scikit-learn's `fit` family, which stores the fitted state on the estimator.
 */
export const MUTATING_METHODS: ReadonlySet<string> = new Set([
  'add',
  'append',
  'appendleft',
  'clear',
  'difference_update',
  'discard',
  'extend',
  'extendleft',
  'fit',
  'fit_predict',
  'fit_transform',
  'insert',
  'intersection_update',
  'partial_fit',
  'pop',
  'popitem',
  'popleft',
  'remove',
  'reverse',
  'rotate',
  'setdefault',
  'sort',
  'symmetric_difference_update',
  'update'
]);

/**
 * Builtins that never change their arguments: passing a name to them is not a maybe-mutation.
 * (`next`, `setattr`, `delattr`, `exec` and friends are deliberately absent.)
 */
export const PURE_CALLEES: ReadonlySet<string> = new Set([
  'abs',
  'all',
  'any',
  'ascii',
  'bin',
  'bool',
  'callable',
  'chr',
  'complex',
  'dict',
  'dir',
  'display',
  'divmod',
  'enumerate',
  'float',
  'format',
  'frozenset',
  'getattr',
  'hasattr',
  'hash',
  'hex',
  'id',
  'int',
  'isinstance',
  'issubclass',
  'len',
  'list',
  'max',
  'min',
  'oct',
  'ord',
  'pow',
  'print',
  'range',
  'repr',
  'reversed',
  'round',
  'set',
  'slice',
  'sorted',
  'str',
  'sum',
  'tuple',
  'type',
  'zip'
]);

/**
 * Conventional module aliases and common module names. A method call on one of these
 * (`np.append(a, 1)`, `os.remove(p)`) is a function call, not a mutation of the name, even when
 * the import happened in another cell.
 */
export const KNOWN_MODULES: ReadonlySet<string> = new Set([
  'collections',
  'copy',
  'csv',
  'datetime',
  'functools',
  'glob',
  'gzip',
  'io',
  'itertools',
  'json',
  'keras',
  'logging',
  'math',
  'matplotlib',
  'mpl',
  'np',
  'numpy',
  'nx',
  'operator',
  'os',
  'pandas',
  'pathlib',
  'pd',
  'pickle',
  'plt',
  'px',
  'random',
  're',
  'requests',
  'scipy',
  'shutil',
  'sklearn',
  'sm',
  'sns',
  'sp',
  'string',
  'subprocess',
  'sys',
  'tf',
  'time',
  'torch',
  'warnings',
  'zipfile'
]);

/**
 * IPython's output-history names (verdicts.md `H`): `_`, `__`, `___`, `_N`, `_i`, `_ii`,
 * `_iii`, `_iN`, `In`, `Out`.
 */
export function isHistoryName(name: string): boolean {
  if (name === 'In' || name === 'Out') {
    return true;
  }
  if (name.charCodeAt(0) !== 95) {
    return false;
  }
  if (name === '_' || name === '__' || name === '___') {
    return true;
  }
  if (name === '_i' || name === '_ii' || name === '_iii') {
    return true;
  }
  const digitsFrom = name.charCodeAt(1) === 105 ? 2 : 1; // `_i3` or `_3`
  if (digitsFrom >= name.length) {
    return false;
  }
  for (let i = digitsFrom; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 48 || c > 57) {
      return false;
    }
  }
  return true;
}

/**
 * Builtins that run an iterator passed to them to its end: a second run of the cell sees it
 * exhausted (`pairs = zip(a, b)` above, `list(pairs)` here).
 */
export const CONSUMING_CALLEES: ReadonlySet<string> = new Set([
  'all',
  'any',
  'dict',
  'frozenset',
  'list',
  'max',
  'min',
  'set',
  'sorted',
  'sum',
  'tuple'
]);

/** Builtins whose result is a one-shot iterator. */
export const ITERATOR_CALLEES: ReadonlySet<string> = new Set([
  'enumerate',
  'filter',
  'iter',
  'map',
  'reversed',
  'zip'
]);

/**
 * Methods of random generator objects (`numpy.random.Generator`, `RandomState`,
 * `random.Random`) that draw, and so advance the generator's state. `sample` is left out:
 * it is also pandas' `DataFrame.sample`, which leaves the frame alone.
 */
export const RANDOM_DRAWS: ReadonlySet<string> = new Set([
  'beta',
  'binomial',
  'bytes',
  'choice',
  'choices',
  'exponential',
  'gamma',
  'gauss',
  'getrandbits',
  'integers',
  'lognormal',
  'multivariate_normal',
  'normal',
  'normalvariate',
  'permutation',
  'poisson',
  'rand',
  'randint',
  'randn',
  'random',
  'random_sample',
  'randrange',
  'shuffle',
  'standard_normal',
  'uniform'
]);
