/**
 * The calls the environment, data and randomness verdicts know, in one place. Callees are
 * canonical dotted names after the notebook's import aliases are resolved
 * (`import numpy as np` makes `np.random.rand` → `numpy.random.rand`).
 */

/** Methods (any receiver) whose first positional argument, or `path_or_buf`…, is written. */
export const WRITE_METHODS: ReadonlySet<string> = new Set([
  'to_csv',
  'to_parquet',
  'to_excel',
  'to_json',
  'to_pickle',
  'to_feather',
  'to_hdf',
  'to_stata',
  'to_html',
  'to_netcdf',
  'to_zarr',
  'savefig',
  'save',
  'save_model',
  'save_weights',
  'to_file',
  'write_csv',
  'write_parquet',
  'imwrite',
  'imsave',
  'save_pretrained',
  'dump'
]);

/** Path methods that write the receiver's file. */
export const PATH_WRITE_METHODS: ReadonlySet<string> = new Set([
  'write_text',
  'write_bytes',
  'touch',
  'mkdir'
]);

/** Calls that write the file named by their second positional argument. */
export const WRITE_SECOND: ReadonlySet<string> = new Set([
  'joblib.dump',
  'torch.save',
  'numpy.save',
  'shutil.copy',
  'shutil.copyfile',
  'shutil.copy2',
  'shutil.move',
  'os.rename',
  'os.replace',
  'urllib.request.urlretrieve',
  'cv2.imwrite',
  'imageio.imwrite'
]);

/** Calls that write the file named by their first positional argument. */
export const WRITE_FIRST: ReadonlySet<string> = new Set([
  'numpy.save',
  'numpy.savez',
  'numpy.savez_compressed',
  'numpy.savetxt',
  'os.makedirs',
  'os.mkdir',
  'cv2.imwrite',
  'scipy.io.savemat'
]);

/** Calls that may create any file: an archive unpacked, a process started. */
export const PRODUCERS: readonly RegExp[] = [
  /(^|\.)extractall$/,
  /(^|\.)extract$/,
  /^shutil\.unpack_archive$/,
  /^subprocess\./,
  /^os\.system$/,
  /^os\.popen$/
];

/** Network downloads by callee (canonical); `{}` in a pattern is any dotted segment(s). */
export const NETWORK_CALLS: readonly RegExp[] = [
  /^urllib\.request\.(urlopen|urlretrieve)$/,
  /^urllib2\.urlopen$/,
  /^urllib\.(urlopen|urlretrieve)$/,
  /^requests\.(get|post|request|head|Session)$/,
  /^httpx\.(get|post|request|stream|Client)$/,
  /^wget\.download$/,
  /^sklearn\.datasets\.fetch_\w+$/,
  /^datasets\.load_dataset$/,
  /^(tensorflow\.)?keras\.datasets\.\w+\.load_data$/,
  /^(tensorflow\.)?keras\.utils\.get_file$/,
  /^tensorflow_datasets\.load$/,
  /^kaggle\./,
  /^opendatasets\.download$/,
  /^gdown\.(download|download_folder)$/,
  /^seaborn\.load_dataset$/,
  /^nltk\.download$/,
  /^torch\.hub\.(load|download_url_to_file|load_state_dict_from_url)$/,
  /^yfinance\.download$/,
  /^pandas_datareader\./,
  /^kagglehub\./
];

/**
 * Models and files fetched from the Hugging Face Hub by name (canonical callee); the name is
 * the first argument or one of `HUB_KEYWORDS`. A name that is a folder here loads locally.
 */
export const HUB_CALLS: readonly RegExp[] = [
  /^(transformers|sentence_transformers|diffusers|peft)\.\w+\.from_pretrained$/,
  /^sentence_transformers\.(SentenceTransformer|CrossEncoder)$/,
  /^huggingface_hub\.(hf_hub_download|snapshot_download)$/,
  /^transformers\.pipeline$/
];
export const HUB_KEYWORDS: readonly string[] = [
  'pretrained_model_name_or_path',
  'model_name_or_path',
  'repo_id'
];

/** `torchvision.datasets.X(…, download=True)`. */
export const DOWNLOAD_FLAG_CALLS: readonly RegExp[] = [
  /^torchvision\.datasets\.\w+$/,
  /^torchtext\.datasets\.\w+$/,
  /^torchaudio\.datasets\.\w+$/
];

/** Shell commands that fetch over the network. */
export const NETWORK_COMMANDS: readonly RegExp[] = [
  /^(wget|curl|kaggle|gdown|aria2c)\b/,
  /^git\s+clone\b/,
  /^aws\s+s3\s+(cp|sync)\b/,
  /^gsutil\s+(-m\s+)?(cp|rsync)\b/,
  /^(huggingface-cli|hf)\s+download\b/,
  /^svn\s+(co|checkout|export)\b/
];

/** Shell commands that create no file (anything else may create one). */
export const HARMLESS_COMMANDS =
  /^(ls|ll|echo|cat|head|tail|wc|pwd|which|whoami|du|df|free|date|env|nproc|lscpu|uname|nvidia-smi|hostname|tree|top|ps|file|python3?\s+(-V|--version)|pip3?\s+(list|freeze|show)|conda\s+(list|info)|jupyter\s+(--version|kernelspec\s+list)|nvcc\s+--version)\b/;

/** Which generator a seed sets. */
export type RandomLib = 'random' | 'numpy' | 'torch' | 'tensorflow';

/** Seed calls (with at least one argument that is not `None`) and what they seed. */
export const SEED_CALLS: readonly [RegExp, readonly RandomLib[]][] = [
  [/^random\.seed$/, ['random']],
  [/^numpy\.random\.seed$/, ['numpy']],
  [/^torch\.(cuda\.)?manual_seed(_all)?$/, ['torch']],
  [
    /^tensorflow\.(random\.set_seed|set_random_seed|compat\.v1\.set_random_seed)$/,
    ['tensorflow']
  ],
  [
    /^(tensorflow\.)?keras\.utils\.set_random_seed$/,
    ['random', 'numpy', 'tensorflow']
  ],
  [
    /^(pytorch_lightning|lightning|lightning\.pytorch)\.seed_everything$/,
    ['random', 'numpy', 'torch']
  ],
  [/^transformers\.set_seed$/, ['random', 'numpy', 'torch', 'tensorflow']],
  [/^(fastai\.\w+\.)*set_seed$/, ['random', 'numpy', 'torch']]
];

/** `random` module functions that draw from its global generator. */
export const PY_RANDOM = new Set([
  'random',
  'randint',
  'randrange',
  'choice',
  'choices',
  'shuffle',
  'sample',
  'uniform',
  'gauss',
  'normalvariate',
  'lognormvariate',
  'expovariate',
  'betavariate',
  'gammavariate',
  'triangular',
  'vonmisesvariate',
  'paretovariate',
  'weibullvariate',
  'getrandbits',
  'randbytes'
]);

/** `numpy.random` names that do not draw from the global generator. */
export const NUMPY_NOT_DRAWS = new Set([
  'seed',
  'default_rng',
  'RandomState',
  'Generator',
  'get_state',
  'set_state',
  'SeedSequence',
  'BitGenerator',
  'PCG64',
  'PCG64DXSM',
  'MT19937',
  'Philox',
  'SFC64'
]);

/** torch functions that draw from its global generator. */
export const TORCH_DRAWS = new Set([
  'rand',
  'randn',
  'randint',
  'randperm',
  'rand_like',
  'randn_like',
  'randint_like',
  'normal',
  'bernoulli',
  'multinomial',
  'poisson'
]);

/**
 * scikit-learn callables that take `random_state` and draw when it is not given (the last
 * dotted part of a callee under `sklearn.`). `KFold`-like splitters only with `shuffle=True`.
 */
export const SKLEARN_RANDOM = new Set([
  'train_test_split',
  'shuffle',
  'resample',
  'ShuffleSplit',
  'StratifiedShuffleSplit',
  'GroupShuffleSplit',
  'RandomForestClassifier',
  'RandomForestRegressor',
  'ExtraTreesClassifier',
  'ExtraTreesRegressor',
  'RandomTreesEmbedding',
  // Features are permuted at random at every split: tied splits go either way.
  'DecisionTreeClassifier',
  'DecisionTreeRegressor',
  'ExtraTreeClassifier',
  'ExtraTreeRegressor',
  'GradientBoostingClassifier',
  'GradientBoostingRegressor',
  'BaggingClassifier',
  'BaggingRegressor',
  'AdaBoostClassifier',
  'AdaBoostRegressor',
  'IsolationForest',
  'KMeans',
  'MiniBatchKMeans',
  'BisectingKMeans',
  'SpectralClustering',
  'GaussianMixture',
  'BayesianGaussianMixture',
  'TSNE',
  'TruncatedSVD',
  'FastICA',
  'SGDClassifier',
  'SGDRegressor',
  'SGDOneClassSVM',
  'Perceptron',
  'PassiveAggressiveClassifier',
  'PassiveAggressiveRegressor',
  'MLPClassifier',
  'MLPRegressor',
  'RandomizedSearchCV',
  'GaussianRandomProjection',
  'SparseRandomProjection',
  'make_classification',
  'make_regression',
  'make_blobs',
  'make_moons',
  'make_circles',
  'make_friedman1',
  'make_friedman2',
  'make_friedman3',
  'make_gaussian_quantiles',
  'make_hastie_10_2',
  'make_multilabel_classification',
  'make_s_curve',
  'make_swiss_roll',
  'make_sparse_spd_matrix',
  'make_spd_matrix',
  'make_low_rank_matrix',
  'make_biclusters',
  'make_checkerboard',
  'LatentDirichletAllocation',
  'MDS',
  'SpectralEmbedding',
  'permutation_importance',
  // imbalanced-learn's samplers take sklearn's `random_state` too.
  'SMOTE',
  'SMOTENC',
  'SMOTEN',
  'ADASYN',
  'BorderlineSMOTE',
  'SVMSMOTE',
  'KMeansSMOTE',
  'RandomOverSampler',
  'RandomUnderSampler',
  'SMOTEENN',
  'SMOTETomek'
]);

/** `torch.nn` modules with random initial weights or random training behaviour. */
export const TORCH_LAYERS =
  /^torch\.nn\.(Linear|Bilinear|Conv[123]d|ConvTranspose[123]d|RNN|LSTM|GRU|RNNCell|LSTMCell|GRUCell|Embedding|EmbeddingBag|MultiheadAttention|Transformer|TransformerEncoderLayer|TransformerDecoderLayer|Dropout[123]?d?|AlphaDropout)$/;

/** Keras layers (standalone, `tf.keras`, old module paths) with random weights or draws. */
export const KERAS_LAYERS =
  /^(tensorflow\.)?keras\.layers\.((core|convolutional|recurrent|embeddings)\.)?(Dense|Conv[123]D|Conv[123]DTranspose|SeparableConv[12]D|DepthwiseConv[12]D|LSTM|GRU|SimpleRNN|ConvLSTM[123]D|Embedding|MultiHeadAttention|EinsumDense|Dropout|SpatialDropout[123]D|AlphaDropout|GaussianNoise|GaussianDropout|Random(Flip|Rotation|Zoom|Crop|Translation|Contrast|Brightness))$/;

/** Keras's folder loaders, which shuffle by default. */
export const KERAS_DATASETS =
  /^(tensorflow\.)?keras\.(utils|preprocessing)\.(image|text|audio)_dataset_from_directory$/;

/** TensorFlow 1's random ops (`tf.random_normal`), which `tf.set_random_seed` seeds. */
export const TF1_DRAWS =
  /^tensorflow\.(compat\.v1\.)?(random_normal|random_uniform|random_shuffle|random_crop|random_gamma|random_poisson|truncated_normal|multinomial)$/;

/** `org/name` or `name`: what the hub serves; `./x`, `/x`, `x/y/z` are folders. */
export const HUB_ID = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;

/** Splitters that draw only when `shuffle=True`. */
export const SKLEARN_SHUFFLE_SPLITTERS = new Set([
  'KFold',
  'StratifiedKFold',
  'GroupKFold',
  'RepeatedKFold',
  'RepeatedStratifiedKFold'
]);

/** Repeated splitters shuffle always. */
export const SKLEARN_ALWAYS = new Set([
  'RepeatedKFold',
  'RepeatedStratifiedKFold'
]);

/** pip distribution names whose import name differs (for `!pip install` above an import). */
export const PIP_TO_MODULE: Readonly<Record<string, string>> = {
  'scikit-learn': 'sklearn',
  sklearn: 'sklearn',
  pillow: 'PIL',
  'opencv-python': 'cv2',
  'opencv-python-headless': 'cv2',
  'opencv-contrib-python': 'cv2',
  beautifulsoup4: 'bs4',
  pyyaml: 'yaml',
  'python-dateutil': 'dateutil',
  'scikit-image': 'skimage',
  'tensorflow-gpu': 'tensorflow',
  'tf-nightly': 'tensorflow',
  'pytorch-lightning': 'pytorch_lightning',
  'google-cloud-bigquery': 'google.cloud.bigquery',
  'python-dotenv': 'dotenv',
  protobuf: 'google.protobuf',
  pymupdf: 'fitz',
  'faiss-cpu': 'faiss',
  'faiss-gpu': 'faiss'
};

/** pandas calls that make a DataFrame or Series. */
export const FRAME_MAKERS: ReadonlySet<string> = new Set([
  'pandas.DataFrame',
  'pandas.Series',
  'pandas.concat',
  'pandas.merge',
  'pandas.get_dummies',
  'pandas.pivot_table',
  'pandas.crosstab',
  'pandas.melt'
]);

/** DataFrame (and Series) methods that return another one. */
export const FRAME_METHODS: ReadonlySet<string> = new Set([
  'copy',
  'dropna',
  'fillna',
  'drop',
  'drop_duplicates',
  'merge',
  'join',
  'sort_values',
  'sort_index',
  'reset_index',
  'set_index',
  'rename',
  'query',
  'head',
  'tail',
  'sample',
  'astype',
  'assign',
  'transpose',
  'append',
  'pivot',
  'pivot_table',
  'melt',
  'replace',
  'round',
  'select_dtypes',
  'nlargest',
  'nsmallest',
  'explode',
  'describe',
  'corr'
]);

/** gensim's models that train on several threads (`workers=3` by default). */
export const GENSIM_MODELS =
  /^gensim\.models\.(?:(?:word2vec\.)?Word2Vec|(?:fasttext\.)?FastText|(?:doc2vec\.)?Doc2Vec)$/;
