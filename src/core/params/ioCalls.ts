/**
 * What a call does with a path or a seed, from its name alone (issue 16): reads data
 * (`pd.read_csv('data/train.csv')`), writes an output (`df.to_csv(...)`, `joblib.dump(m,
 * 'models/forest.joblib')`, `open(p, 'w')`), or seeds a random generator (`np.random.seed(13)`).
 * Used for parameter candidates (groups `data`, `outputs`, `seeds`) and for the manifest's
 * `outputs[]`, `sources[]` and `seeds[]`.
 *
 * Names are matched on the written callee (no alias resolution): the last name for readers and
 * writers (`read_csv` of any receiver), the dotted tail for seeds (`random.seed`, with any
 * prefix such as `np.`). Readers reuse the one read table (`READ_CALLS`).
 */
import { READ_CALLS } from '../companion/readCalls';

/** What a path argument is for. */
export type PathRole = 'data' | 'outputs';

/** Last names of the read table's callees (`read_csv`, `load`, `open`…). */
const READERS = new Set(READ_CALLS.map(r => r.callee.split('.').pop() ?? ''));

/** Writers whose first positional argument (or one of `PATH_KEYWORDS`) is the path. */
const FIRST_ARG_WRITERS = new Set([
  'to_csv',
  'to_excel',
  'to_json',
  'to_parquet',
  'to_pickle',
  'to_feather',
  'to_hdf',
  'to_html',
  'to_latex',
  'to_markdown',
  'to_stata',
  'to_orc',
  'to_file',
  'write_csv',
  'write_parquet',
  'write_json',
  'write_table',
  'savefig',
  'savetxt',
  'savez',
  'savez_compressed',
  'imwrite',
  'imsave',
  'save_weights',
  'write_html',
  'write_image'
]);

/**
 * Writers whose path is the first string literal among their first two positional
 * arguments: `np.save('a.npy', x)`, `model.save('m.h5')`, `torch.save(m, 'm.pt')`,
 * `joblib.dump(m, 'm.joblib')`, `save_model(m, 'p')`.
 */
const SAVE_WRITERS = new Set(['save', 'dump', 'save_model', 'save_pretrained']);

/** Keywords that carry the path of a writer. */
export const WRITE_PATH_KEYWORDS = new Set([
  'path',
  'path_or_buf',
  'path_or_buffer',
  'fname',
  'filename',
  'file',
  'excel_writer',
  'filepath'
]);

/** Dotted tails of calls whose first argument is a seed. */
const SEED_CALLS = [
  'random.seed',
  'manual_seed',
  'manual_seed_all',
  'set_seed',
  'set_random_seed',
  'seed_everything',
  'PRNGKey'
];

/** Their last names: a callee whose last name is none of these is no seed call. */
const SEED_LAST_NAMES = new Set(SEED_CALLS.map(s => s.split('.').pop()));

/** How a call with a literal path (or seed) argument is read: its role and which argument. */
export interface ICallRole {
  readonly role: PathRole | 'seeds';
  /** Positional arguments that may carry the path: `first` or `first-of-two` (see above). */
  readonly position: 'first' | 'first-of-two';
}

/**
 * The role of a call from its dotted callee (`pd.read_csv`, `np.random.seed`) and its
 * literal `mode` (the second positional argument or `mode=` of `open`), or null.
 */
export function callRole(
  dotted: string,
  mode: string | null
): ICallRole | null {
  const last = dotted.slice(dotted.lastIndexOf('.') + 1);
  // Called for every call at module level: the cheap test first.
  if (
    SEED_LAST_NAMES.has(last) &&
    SEED_CALLS.some(s => dotted === s || dotted.endsWith(`.${s}`))
  ) {
    return { role: 'seeds', position: 'first' };
  }
  if (last === 'open' || last === 'ZipFile') {
    return {
      role: mode !== null && /[wax+]/.test(mode) ? 'outputs' : 'data',
      position: 'first'
    };
  }
  if (FIRST_ARG_WRITERS.has(last)) {
    return { role: 'outputs', position: 'first' };
  }
  if (SAVE_WRITERS.has(last)) {
    return { role: 'outputs', position: 'first-of-two' };
  }
  if (READERS.has(last)) {
    return { role: 'data', position: 'first' };
  }
  return null;
}

/** Names that hold the label of a supervised task (`y = df['label']`). */
export const LABEL_TARGET =
  /^(y|y_?(all|full|data|train_full)|target|targets|labels?)$/;

/** True for `http(s)://`, `s3://`, `gs://`… paths: network sources, not files. */
export function isUrl(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path) && !/^file:\/\//i.test(path);
}
