/**
 * The names libraries (and Python) removed, as data: what `removedApis.ts` looks names up in.
 *
 * Every entry was checked against the released packages themselves: present in the release
 * before `removedIn`, absent from `removedIn` through the newest release on PyPI in December
 * 2026 (or until `restoredIn`). An entry we could not check is left out, never guessed.
 */
import type { IRemovedApi } from './removedApis';

/** The standard library's removals (checked against CPython's "What's New" pages and 3.11). */
const PYTHON: readonly IRemovedApi[] = [
  ['os.errno', '3.7', 'import errno'],
  ['time.clock', '3.8', 'time.perf_counter()'],
  ['platform.linux_distribution', '3.8', 'the distro package'],
  ['platform.dist', '3.8', 'the distro package'],
  ['cgi.escape', '3.8', 'html.escape'],
  ['base64.encodestring', '3.9', 'base64.encodebytes'],
  ['base64.decodestring', '3.9', 'base64.decodebytes'],
  ['fractions.gcd', '3.9', 'math.gcd'],
  ...[
    'Mapping',
    'MutableMapping',
    'Sequence',
    'MutableSequence',
    'Iterable',
    'Iterator',
    'Callable',
    'Set',
    'MutableSet',
    'Hashable',
    'Sized',
    'Container',
    'Generator',
    'MappingView',
    'KeysView',
    'ItemsView',
    'ValuesView'
  ].map((n): [string, string, string] => [
    `collections.${n}`,
    '3.10',
    `collections.abc.${n}`
  ]),
  ['asyncio.coroutine', '3.11', 'async def'],
  ['inspect.getargspec', '3.11', 'inspect.getfullargspec'],
  ['inspect.formatargspec', '3.11', 'inspect.signature'],
  ['configparser.SafeConfigParser', '3.12', 'configparser.ConfigParser'],
  ['locale.format', '3.12', 'locale.format_string'],
  ['ssl.wrap_socket', '3.12', 'ssl.SSLContext.wrap_socket'],
  ['unittest.makeSuite', '3.13', 'unittest.TestLoader'],
  ['locale.resetlocale', '3.13', "locale.setlocale(locale.LC_ALL, '')"],
  // Whole modules (PEP 632, PEP 594 and others): reported only where the target cannot import
  // them (setuptools puts a `distutils` back).
  ['imp', '3.12', 'importlib'],
  ['distutils', '3.12', 'packaging.version'],
  ['asynchat', '3.12', 'asyncio'],
  ['asyncore', '3.12', 'asyncio'],
  ['smtpd', '3.12', 'aiosmtpd'],
  ['cgi', '3.13', 'html.escape'],
  ['cgitb', '3.13', 'traceback'],
  ['imghdr', '3.13', 'PIL.Image.open(path).format'],
  ['pipes', '3.13', 'shlex.quote'],
  ['telnetlib', '3.13', 'telnetlib3'],
  ['crypt', '3.13', 'hashlib'],
  ['uu', '3.13', 'base64'],
  ['lib2to3', '3.13', 'ast']
].map(([api, removedIn, use]) => ({ api, module: 'python', removedIn, use }));

/** Entries of one package: `[name under the module, removedIn, use instead]`. */
function entries(
  module: string,
  list: readonly (readonly [string, string, string])[],
  restoredIn?: string
): IRemovedApi[] {
  return list.map(([name, removedIn, use]) => ({
    api: `${module}.${name}`,
    module,
    removedIn,
    use,
    ...(restoredIn === undefined ? {} : { restoredIn })
  }));
}

/**
 * numpy: checked with `getattr(numpy, name)` on 1.22.4, 1.23.0, 1.23.5, 1.24.0, 1.25.2,
 * 1.26.4, 2.0.0, 2.1.3, 2.2.6, 2.3.5, 2.4.0 and 2.4.6.
 */
const NUMPY: readonly IRemovedApi[] = [
  ...entries('numpy', [
    ['float', '1.24', 'float'],
    ['int', '1.24', 'int'],
    ['object', '1.24', 'object'],
    ['str', '1.24', 'str'],
    ['unicode', '1.24', 'str'],
    ['complex', '1.24', 'complex'],
    ['asscalar', '1.23', 'a.item()'],
    ['NaN', '2.0', 'np.nan'],
    ['Inf', '2.0', 'np.inf'],
    ['Infinity', '2.0', 'np.inf'],
    ['infty', '2.0', 'np.inf'],
    ['NINF', '2.0', '-np.inf'],
    ['PINF', '2.0', 'np.inf'],
    ['NZERO', '2.0', '-0.0'],
    ['PZERO', '2.0', '0.0'],
    ['float_', '2.0', 'np.float64'],
    ['complex_', '2.0', 'np.complex128'],
    ['string_', '2.0', 'np.bytes_'],
    ['unicode_', '2.0', 'np.str_'],
    ['round_', '2.0', 'np.round'],
    ['product', '2.0', 'np.prod'],
    ['cumproduct', '2.0', 'np.cumprod'],
    ['alltrue', '2.0', 'np.all'],
    ['sometrue', '2.0', 'np.any'],
    ['mat', '2.0', 'np.asmatrix'],
    ['asfarray', '2.0', 'np.asarray(a, dtype=float)'],
    ['find_common_type', '2.0', 'np.result_type'],
    ['cast', '2.0', 'np.asarray(a, dtype=t)'],
    ['msort', '2.0', 'np.sort(a, axis=0)'],
    ['in1d', '2.4', 'np.isin'],
    ['trapz', '2.4', 'np.trapezoid']
  ]),
  // Gone in 1.24, back (with another meaning for `long`) in 2.0.
  ...entries(
    'numpy',
    [
      ['bool', '1.24', 'bool'],
      ['long', '1.24', 'int']
    ],
    '2.0'
  )
];

/**
 * TensorFlow 1's graph API, gone from the top-level namespace in 2.0: checked in the API
 * files of tensorflow-cpu 1.15.0 and tensorflow 2.0.0, and by import of 2.21.0.
 */
const TENSORFLOW: readonly IRemovedApi[] = entries(
  'tensorflow',
  [
    'placeholder',
    'Session',
    'InteractiveSession',
    'global_variables_initializer',
    'initialize_all_variables',
    'local_variables_initializer',
    'get_variable',
    'variable_scope',
    'reset_default_graph',
    'set_random_seed',
    'random_normal',
    'random_uniform',
    'truncated_normal',
    'train.AdamOptimizer',
    'train.GradientDescentOptimizer',
    'train.Saver',
    'layers',
    'app',
    'flags',
    'logging',
    'gfile',
    'to_float',
    'to_int32',
    'log',
    'Print',
    'ConfigProto',
    'trainable_variables',
    'assign',
    'arg_max',
    'py_func',
    'squared_difference',
    'global_variables',
    'GraphKeys',
    'get_default_graph',
    'summary.FileWriter',
    'nn.rnn_cell',
    'nn.softmax_cross_entropy_with_logits_v2'
  ].map(name => [name, '2.0', `tf.compat.v1.${name}`] as const)
).concat(
  entries('tensorflow', [
    [
      'contrib',
      '2.0',
      'TensorFlow Addons or Keras (tf.contrib has no TF 2 form)'
    ]
  ])
);

/**
 * scikit-learn: checked in the wheels of 0.18.2 through 1.2.0 around each removal, and the
 * newest (1.9.1).
 */
const SKLEARN: readonly IRemovedApi[] = [
  ...entries('sklearn', [
    ['lda', '0.19', 'sklearn.discriminant_analysis'],
    ['qda', '0.19', 'sklearn.discriminant_analysis'],
    ['cross_validation', '0.20', 'sklearn.model_selection'],
    ['grid_search', '0.20', 'sklearn.model_selection'],
    ['learning_curve', '0.20', 'sklearn.model_selection'],
    ['preprocessing.Imputer', '0.22', 'sklearn.impute.SimpleImputer'],
    ['externals.joblib', '0.23', 'import joblib'],
    ['externals.six', '0.23', 'import six'],
    [
      'metrics.jaccard_similarity_score',
      '0.23',
      'sklearn.metrics.jaccard_score'
    ],
    ['datasets.samples_generator', '0.24', 'sklearn.datasets'],
    ['utils.testing', '0.24', 'sklearn.utils._testing'],
    [
      'datasets.load_boston',
      '1.2',
      'sklearn.datasets.fetch_california_housing'
    ],
    [
      'metrics.plot_confusion_matrix',
      '1.2',
      'ConfusionMatrixDisplay.from_estimator'
    ],
    ['metrics.plot_roc_curve', '1.2', 'RocCurveDisplay.from_estimator'],
    [
      'metrics.plot_precision_recall_curve',
      '1.2',
      'PrecisionRecallDisplay.from_estimator'
    ]
  ]),
  // Vectorizers', encoders' and ColumnTransformer's method, in a notebook that imports sklearn.
  {
    api: '.get_feature_names',
    module: 'sklearn',
    removedIn: '1.2',
    use: '.get_feature_names_out()'
  },
  // Linear models' `normalize=` (checked by constructing each with it on 1.1.3, 1.2.0,
  // 1.3.2, 1.4.0 and 1.9.1): gone from most in 1.2, from the LARS and OMP family in 1.4.
  ...(
    [
      ...[
        'LinearRegression',
        'Ridge',
        'RidgeCV',
        'RidgeClassifier',
        'RidgeClassifierCV',
        'Lasso',
        'LassoCV',
        'ElasticNet',
        'ElasticNetCV',
        'BayesianRidge',
        'ARDRegression',
        'MultiTaskLasso',
        'MultiTaskElasticNet',
        'MultiTaskLassoCV',
        'MultiTaskElasticNetCV'
      ].map(n => [n, '1.2'] as const),
      ...[
        'Lars',
        'LarsCV',
        'LassoLars',
        'LassoLarsCV',
        'LassoLarsIC',
        'OrthogonalMatchingPursuit',
        'OrthogonalMatchingPursuitCV'
      ].map(n => [n, '1.4'] as const)
    ] as const
  ).map(([model, removedIn]) => ({
    api: `sklearn.linear_model.${model}`,
    module: 'sklearn',
    kw: 'normalize',
    removedIn,
    use: 'a StandardScaler in a Pipeline before the model'
  }))
];

/**
 * Keras, the standalone package: checked in the 2.0.0 sdist and the wheels of 2.2.4 through
 * 3.15.1 (PyPI has no 2.5.x nor 2.13.0). From 2.13.1 the code lives in `keras/src`, and
 * `keras/` holds only the public API, so the old module paths stop resolving.
 */
const KERAS: readonly IRemovedApi[] = [
  ...entries('keras', [
    ['layers.normalization.BatchNormalization', '2.6', 'keras.layers'],
    ['engine.topology', '2.6', 'keras.layers'],
    ['engine.Layer', '2.6', 'keras.layers.Layer'],
    ['layers.recurrent', '2.9', 'keras.layers'],
    ['layers.embeddings', '2.9', 'keras.layers'],
    ['layers.advanced_activations', '2.9', 'keras.layers'],
    ['layers.merge', '2.9', 'keras.layers'],
    ['utils.np_utils', '2.13', 'keras.utils.to_categorical'],
    ['layers.core', '2.13', 'keras.layers'],
    ['layers.convolutional', '2.13', 'keras.layers'],
    ['layers.pooling', '2.13', 'keras.layers'],
    ['layers.normalization', '2.13', 'keras.layers'],
    ['wrappers.scikit_learn', '2.13', 'scikeras.wrappers'],
    ['engine', '2.13', 'keras.layers'],
    [
      'preprocessing.image.ImageDataGenerator',
      '3.0',
      'keras.utils.image_dataset_from_directory'
    ],
    ['preprocessing.text', '3.0', 'keras.layers.TextVectorization']
  ]),
  // Moved to `keras.utils.data_utils` in 2.9, back in the public API from 2.13.1.
  ...entries(
    'keras',
    [
      [
        'preprocessing.sequence.pad_sequences',
        '2.9',
        'keras.utils.pad_sequences'
      ]
    ],
    '2.13'
  )
];

/**
 * gensim 4 renamed two keywords of its models (`size` → `vector_size`, `iter` → `epochs`):
 * checked in the constructors of 3.8.3, 4.0.0 and 4.4.0, which take no `**kwargs`.
 */
const GENSIM: readonly IRemovedApi[] = [
  'models.Word2Vec',
  'models.word2vec.Word2Vec',
  'models.FastText',
  'models.fasttext.FastText',
  'models.Doc2Vec',
  'models.doc2vec.Doc2Vec'
].flatMap(model =>
  (
    [
      ['size', 'vector_size='],
      ['iter', 'epochs=']
    ] as const
  ).map(([kw, use]) => ({
    api: `gensim.${model}`,
    module: 'gensim',
    kw,
    removedIn: '4.0',
    use
  }))
);

/**
 * pandas: checked by import of 0.19.2 through 3.1.2 (`getattr`, `import_module`, and
 * `read_csv` with each keyword), and in the 0.18.1 and 0.19.0 wheels.
 */
const PANDAS: readonly IRemovedApi[] = [
  ...entries('pandas', [
    ...[
      'mean',
      'std',
      'sum',
      'var',
      'min',
      'max',
      'median',
      'apply',
      'window',
      'corr',
      'cov',
      'count',
      'skew',
      'kurt',
      'quantile'
    ].flatMap(f => [
      [
        `rolling_${f}`,
        '0.23',
        f === 'window'
          ? 's.rolling(w, win_type=…).mean()'
          : `s.rolling(w).${f}()`
      ] as const,
      // There never was an `expanding_window`.
      ...(f === 'window'
        ? []
        : [[`expanding_${f}`, '0.23', `s.expanding().${f}()`] as const])
    ]),
    ['ewma', '0.23', 's.ewm(...).mean()'],
    ['ewmstd', '0.23', 's.ewm(...).std()'],
    ['ewmvar', '0.23', 's.ewm(...).var()'],
    ['ewmcorr', '0.23', 's.ewm(...).corr()'],
    ['ewmcov', '0.23', 's.ewm(...).cov()'],
    ['io.data', '0.19', 'pandas_datareader.data'],
    ['scatter_matrix', '0.24', 'pd.plotting.scatter_matrix'],
    ['tools.plotting', '0.24', 'pandas.plotting'],
    ['TimeGrouper', '0.25', "pd.Grouper(freq='…')"],
    // A dummy class from 0.25 that takes no arguments, the name gone from 1.2.
    ['Panel', '0.25', 'a DataFrame with a MultiIndex'],
    ['np', '2.0', 'import numpy as np'],
    ['datetime', '2.0', 'import datetime'],
    ['Int64Index', '2.0', 'pd.Index'],
    ['Float64Index', '2.0', 'pd.Index'],
    ['UInt64Index', '2.0', 'pd.Index'],
    ['util.testing', '2.0', 'pandas.testing']
  ]),
  ...(
    [
      ['error_bad_lines', "on_bad_lines='error'"],
      ['warn_bad_lines', "on_bad_lines='warn'"],
      ['squeeze', '.squeeze("columns")']
    ] as const
  ).map(([kw, use]) => ({
    api: 'pandas.read_csv',
    module: 'pandas',
    kw,
    removedIn: '2.0',
    use
  })),
  // DataFrame's and Series' methods, on a name bound to one (checked by import of 1.5.3,
  // 2.0.0, 2.3.3, 3.0.0 and 3.1.2).
  ...(
    [
      ['append', 'pd.concat([df, other])'],
      ['iteritems', '.items()'],
      ['mad', '(df - df.mean()).abs().mean()'],
      ['tshift', '.shift(freq=…)'],
      ['slice_shift', '.shift()'],
      ['lookup', '.melt() / .loc']
    ] as const
  ).map(([method, use]) => ({
    api: `.${method}`,
    module: 'pandas',
    removedIn: '2.0',
    use,
    frame: true as const
  })),
  // Arguments pandas 2.0 made keyword-only, on a name bound to a DataFrame or Series: more
  // positional ones than these raise TypeError (checked by calling them on 1.5.3, 2.0.0,
  // 2.3.3 and 3.1.2).
  ...(
    [
      ['drop', 1, '.drop(labels, axis=1)'],
      ['dropna', 0, '.dropna(axis=…)'],
      ['any', 0, '.any(axis=1)'],
      ['fillna', 1, '.fillna(value, method=…)'],
      ['set_index', 1, '.set_index(keys, drop=…)'],
      ['sort_values', 1, '.sort_values(by, axis=…)'],
      ['sort_index', 0, '.sort_index(axis=…)'],
      ['reset_index', 1, '.reset_index(level, drop=…)'],
      ['drop_duplicates', 1, '.drop_duplicates(subset, keep=…)'],
      ['interpolate', 1, '.interpolate(method, axis=…)'],
      ['where', 2, '.where(cond, other, axis=…)'],
      ['clip', 2, '.clip(lower, upper, axis=…)'],
      ['pivot', 0, '.pivot(index=…, columns=…)']
    ] as const
  ).map(([method, positional, use]) => ({
    api: `.${method}`,
    module: 'pandas',
    removedIn: '2.0',
    use,
    frame: true as const,
    positional
  })),
  {
    api: 'pandas.concat',
    module: 'pandas',
    removedIn: '2.0',
    use: 'pd.concat(objs, axis=1)',
    positional: 1
  },
  // Present in 2.3.3, gone in 3.0.0.
  {
    api: '.swapaxes',
    module: 'pandas',
    removedIn: '3.0',
    use: '.transpose()',
    frame: true
  },
  // DataFrame's and Series' own, in a notebook that imports pandas.
  { api: '.ix', module: 'pandas', removedIn: '1.0', use: '.loc / .iloc' },
  {
    api: '.as_matrix',
    module: 'pandas',
    removedIn: '1.0',
    use: '.to_numpy()'
  }
];

/**
 * SciPy: checked by import of 0.19.1 through 1.17.1 (the image functions with Pillow
 * installed, as they needed it).
 */
const SCIPY: readonly IRemovedApi[] = entries('scipy', [
  ['misc.imread', '1.3', 'imageio.v3.imread'],
  ['misc.imsave', '1.3', 'imageio.v3.imwrite'],
  ...[
    'imresize',
    'imrotate',
    'imfilter',
    'toimage',
    'fromimage',
    'bytescale'
  ].map(f => [`misc.${f}`, '1.3', 'PIL.Image'] as const),
  ['misc.comb', '1.3', 'scipy.special.comb'],
  ['misc.factorial', '1.3', 'scipy.special.factorial'],
  ['misc.logsumexp', '1.3', 'scipy.special.logsumexp'],
  ['misc.face', '1.15', 'scipy.datasets.face'],
  ['misc.ascent', '1.15', 'scipy.datasets.ascent'],
  ['misc.electrocardiogram', '1.15', 'scipy.datasets.electrocardiogram'],
  ['integrate.simps', '1.14', 'scipy.integrate.simpson'],
  ['integrate.cumtrapz', '1.14', 'scipy.integrate.cumulative_trapezoid'],
  ['integrate.trapz', '1.14', 'scipy.integrate.trapezoid']
]);

/** The seaborn styles matplotlib 3.6 renamed `seaborn-v0_8-*` and 3.8 stopped accepting. */
const OLD_SEABORN_STYLE =
  /^seaborn(?:-(?:whitegrid|darkgrid|bright|colorblind|dark|dark-palette|deep|muted|notebook|paper|pastel|poster|talk|ticks|white))?$/;

/**
 * matplotlib: checked in the wheels of 3.0.3 through 3.11.2 (the sources and the bundled
 * styles), and by running `hist(normed=True)` and `style.use` on 3.1.3, 3.2.0, 3.7.5, 3.8.0.
 */
const MATPLOTLIB: readonly IRemovedApi[] = [
  ...entries('matplotlib', [
    ['mlab.normpdf', '3.1', 'scipy.stats.norm.pdf'],
    // Gone in 3.9.0, back in 3.9.1 (deprecated), gone for good in 3.11.
    ['cm.get_cmap', '3.11', 'matplotlib.colormaps[name]'],
    ['pyplot.cm.get_cmap', '3.11', 'matplotlib.colormaps[name]']
  ]),
  ...[
    'pyplot.style.use',
    'style.use',
    'pyplot.style.context',
    'style.context'
  ].map(f => ({
    api: `matplotlib.${f}`,
    module: 'matplotlib',
    arg: OLD_SEABORN_STYLE,
    removedIn: '3.8',
    // `seaborn-whitegrid` is `seaborn-v0_8-whitegrid` now.
    use: "'seaborn-v0_8…'"
  })),
  // Axes.hist and pyplot.hist (also through pandas' .hist), in a notebook that imports it.
  {
    api: '.hist',
    module: 'matplotlib',
    kw: 'normed',
    removedIn: '3.2',
    use: 'density='
  },
  // `ax.grid(b=True)`: accepted by 3.6.3, a ValueError from 3.7.5 on (checked by calling it).
  {
    api: '.grid',
    module: 'matplotlib',
    kw: 'b',
    removedIn: '3.7',
    use: 'visible='
  }
];

/** seaborn: checked in the wheels of 0.9.0 through 0.13.2; `distplot` is still there. */
const SEABORN: readonly IRemovedApi[] = entries('seaborn', [
  ['tsplot', '0.10', 'seaborn.lineplot'],
  ['lvplot', '0.11', 'seaborn.boxenplot'],
  ['factorplot', '0.12', 'seaborn.catplot']
]);

/**
 * torchtext's first data API: moved to `torchtext.legacy.data` in 0.9, gone in 0.12 (checked
 * in the wheels of 0.6.0 through 0.18.0).
 */
const TORCHTEXT: readonly IRemovedApi[] = entries('torchtext', [
  ...['Field', 'BucketIterator', 'TabularDataset', 'Iterator'].map(
    c => [`data.${c}`, '0.9', 'torch.utils.data.DataLoader'] as const
  ),
  ['legacy', '0.12', 'torch.utils.data.DataLoader']
]);

/** Libraries' removals. */
const LIBRARIES: readonly IRemovedApi[] = [
  ...TORCHTEXT,
  ...MATPLOTLIB,
  ...SEABORN,
  ...SCIPY,
  ...PANDAS,
  ...GENSIM,
  ...NUMPY,
  ...TENSORFLOW,
  ...SKLEARN,
  ...KERAS
];

/** Every entry. */
export const REMOVED_APIS: readonly IRemovedApi[] = [...PYTHON, ...LIBRARIES];
