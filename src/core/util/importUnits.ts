/**
 * What an import asks to be installed. Mostly its top-level module (`sklearn.metrics` →
 * `sklearn`, from `scikit-learn`). A namespace package (`google`, `azure`, `mpl_toolkits`) is
 * shared by many distributions, so there the unit is its member: `google.colab` (Colab
 * only), `google.protobuf` (protobuf), `google.cloud.storage` (google-cloud-storage). Judged
 * by its top-level name, `google.colab` passed wherever protobuf had installed `google`.
 */

/** Namespace roots, and per root the members that are namespaces again (one more level). */
const NAMESPACES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['google', new Set(['cloud'])],
  [
    'azure',
    new Set(['storage', 'ai', 'mgmt', 'keyvault', 'search', 'monitor'])
  ],
  ['mpl_toolkits', new Set<string>()]
]);

/** The unit `dotted` (`a.b.c`, an imported module) belongs to. */
export function importUnit(dotted: string): string {
  const parts = dotted.split('.');
  const inner = NAMESPACES.get(parts[0]);
  if (inner === undefined) {
    return parts[0];
  }
  const depth = parts.length > 1 && inner.has(parts[1]) ? 3 : 2;
  return parts.slice(0, depth).join('.');
}

/**
 * Whether `from <module> import x` imports units rather than names of one (`from google
 * import colab`, `from google.cloud import storage`): then each `<module>.x` is a unit.
 */
export function importsUnits(module: string): boolean {
  return importUnit(`${module}.x`) === `${module}.x`;
}

/**
 * Import names whose distribution is named otherwise, for modules the target interpreter
 * does not have (with the interpreter's answer, its own metadata decides).
 */
export const MODULE_TO_DISTRIBUTION: Readonly<Record<string, string>> = {
  sklearn: 'scikit-learn',
  cv2: 'opencv-python',
  PIL: 'pillow',
  yaml: 'PyYAML',
  bs4: 'beautifulsoup4',
  skimage: 'scikit-image',
  dateutil: 'python-dateutil',
  dotenv: 'python-dotenv',
  fitz: 'pymupdf',
  Crypto: 'pycryptodome',
  attr: 'attrs',
  docx: 'python-docx',
  pptx: 'python-pptx',
  jwt: 'PyJWT',
  git: 'GitPython',
  serial: 'pyserial',
  MySQLdb: 'mysqlclient',
  OpenSSL: 'pyOpenSSL',
  Levenshtein: 'python-Levenshtein',
  lightgbm: 'lightgbm',
  sentence_transformers: 'sentence-transformers',
  faiss: 'faiss-cpu',
  umap: 'umap-learn',
  igraph: 'python-igraph',
  tables: 'tables',
  'google.protobuf': 'protobuf',
  'google.oauth2': 'google-auth',
  'mpl_toolkits.mplot3d': 'matplotlib',
  'mpl_toolkits.axes_grid1': 'matplotlib',
  'mpl_toolkits.axisartist': 'matplotlib',
  'mpl_toolkits.basemap': 'basemap'
};

/** Units only a hosted notebook service has: no `pip install` gives them elsewhere. */
const HOSTED: Readonly<Record<string, string>> = {
  'google.colab': 'Google Colab',
  kaggle_secrets: 'Kaggle',
  kaggle_datasets: 'Kaggle'
};

/** The service `unit` exists on only (`Google Colab`), or null. */
export function hostedOnly(unit: string): string | null {
  return HOSTED[unit] ?? null;
}

/**
 * The distribution to install for `unit` when no interpreter has it: null when none is
 * known (a hosted-only unit, or a namespace member no rule names).
 */
export function distributionFor(unit: string): string | null {
  if (hostedOnly(unit) !== null) {
    return null;
  }
  const known = MODULE_TO_DISTRIBUTION[unit];
  if (known !== undefined) {
    return known;
  }
  const parts = unit.split('.');
  if (parts.length === 1) {
    return unit;
  }
  // google-cloud-storage, google-auth, azure-storage-blob, azure-identity: the unit's dots
  // and underscores as dashes. mpl_toolkits' members follow no such rule.
  return parts[0] === 'google' || parts[0] === 'azure'
    ? parts.join('-').replace(/_/g, '-')
    : null;
}
