/**
 * The one table of calls that read a data file from a path (issue 5, "data fingerprints").
 * `dataReads` looks for a string literal as the first positional argument, or as one of the
 * keywords, of these calls.
 *
 * Callees are canonical dotted names, after the notebook's own import aliases are resolved
 * (`import pandas as pd` makes `pd.read_csv` → `pandas.read_csv`). A leading `*.` matches any
 * receiver: the pandas-style `read_*` names are shared by pandas, polars, dask, geopandas,
 * modin and cudf, and a receiver is often a variable (`spark.read.csv`).
 *
 * Calls that take an open file object, not a path (`json.load`, `pickle.load`,
 * `yaml.safe_load`, `csv.reader`), are found through their inner `open(...)`.
 */

/** One call that reads the file named by one of its arguments. */
export interface IReadCall {
  /** Canonical callee: `open`, `numpy.load`, or `*.read_csv` for any receiver. */
  readonly callee: string;
  /** Keyword arguments that may carry the path instead of the first positional one. */
  readonly keywords: readonly string[];
}

const PANDAS_KEYWORDS = [
  'filepath_or_buffer',
  'path',
  'path_or_buf',
  'path_or_buffer',
  'io',
  'source',
  'file',
  'filename',
  'fname'
];

function any(
  names: readonly string[],
  keywords: readonly string[]
): IReadCall[] {
  return names.map(name => ({ callee: `*.${name}`, keywords }));
}

function exact(
  names: readonly string[],
  keywords: readonly string[]
): IReadCall[] {
  return names.map(callee => ({ callee, keywords }));
}

/** Every read call, in one place. */
export const READ_CALLS: readonly IReadCall[] = [
  // The builtin and its standard-library relatives.
  ...exact(['open', 'io.open', 'codecs.open'], ['file', 'filename']),
  ...exact(['gzip.open', 'bz2.open', 'lzma.open'], ['filename']),
  ...exact(['tarfile.open'], ['name']),
  ...exact(['zipfile.ZipFile'], ['file']),
  ...exact(['wave.open'], ['f']),
  // pandas-style readers (pandas, polars, dask, geopandas, modin, cudf, pyarrow.parquet).
  ...any(
    [
      'read_csv',
      'read_table',
      'read_parquet',
      'read_json',
      'read_excel',
      'read_feather',
      'read_pickle',
      'read_hdf',
      'read_orc',
      'read_stata',
      'read_sas',
      'read_spss',
      'read_fwf',
      'read_xml',
      'read_ndjson',
      'read_avro',
      'read_ipc',
      'read_delta',
      'read_file',
      'scan_csv',
      'scan_parquet',
      'scan_ndjson',
      'scan_ipc'
    ],
    PANDAS_KEYWORDS
  ),
  ...exact(['pandas.ExcelFile', 'pandas.HDFStore'], ['path_or_buffer', 'path']),
  // Spark: spark.read.csv(...), spark.read.parquet(...).
  ...any(
    ['read.csv', 'read.parquet', 'read.json', 'read.text', 'read.orc'],
    ['path', 'paths']
  ),
  // numpy and friends.
  ...exact(
    [
      'numpy.load',
      'numpy.loadtxt',
      'numpy.genfromtxt',
      'numpy.fromfile',
      'numpy.memmap'
    ],
    ['file', 'fname', 'filename']
  ),
  ...exact(['scipy.io.loadmat'], ['file_name']),
  ...exact(['h5py.File'], ['name']),
  ...exact(['netCDF4.Dataset'], ['filename']),
  ...exact(
    ['xarray.open_dataset', 'xarray.open_dataarray', 'xarray.open_mfdataset'],
    ['filename_or_obj', 'paths']
  ),
  ...exact(['xarray.open_zarr', 'zarr.open'], ['store']),
  // Models and pickled objects.
  ...exact(['torch.load'], ['f']),
  ...exact(['joblib.load'], ['filename']),
  ...exact(['pickle.load'], ['file']),
  ...any(['load_model'], ['filepath']),
  // Images, audio, office files.
  ...exact(['PIL.Image.open'], ['fp']),
  ...any(['imread'], ['fname', 'filename', 'uri']),
  ...exact(['librosa.load'], ['path']),
  ...exact(['soundfile.read'], ['file']),
  ...exact(['openpyxl.load_workbook'], ['filename'])
];

/** `pathlib.Path(...)` methods that read the path they were built from. */
export const PATH_READ_METHODS: ReadonlySet<string> = new Set([
  'open',
  'read_text',
  'read_bytes'
]);

/** Callees that build a path from their literal arguments. */
export const PATH_BUILDERS: ReadonlySet<string> = new Set([
  'pathlib.Path',
  'pathlib.PurePath',
  'pathlib.PosixPath',
  'pathlib.PurePosixPath',
  'os.path.join',
  'posixpath.join'
]);

/**
 * Aliases so common that a notebook may use them from a cell we were not given:
 * applied only where the notebook itself does not import the name.
 */
export const CONVENTIONAL_ALIASES: Readonly<Record<string, string>> = {
  np: 'numpy',
  pd: 'pandas',
  pl: 'polars',
  dd: 'dask.dataframe',
  gpd: 'geopandas',
  xr: 'xarray',
  plt: 'matplotlib.pyplot',
  sio: 'scipy.io',
  iio: 'imageio',
  sf: 'soundfile',
  Image: 'PIL.Image',
  Path: 'pathlib.Path'
};

/**
 * The module a conventional alias stands for (`np` → `numpy`), or undefined. Own keys only: a
 * Python name such as `constructor` must not find `Object.prototype`'s member.
 */
export function conventionalModule(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(CONVENTIONAL_ALIASES, name)
    ? CONVENTIONAL_ALIASES[name]
    : undefined;
}
