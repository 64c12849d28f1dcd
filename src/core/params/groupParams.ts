/**
 * Puts each parameter in a group: a category of export-rules.md §3 when the name (or the
 * function it is passed to) makes it clear, otherwise the notebook section it sits in.
 *
 * "Clear" is meant strictly: a rule here must be right for every notebook, not most. Names
 * that mean different things in different code (`alpha`, `C`, `size`, `n_components`) have no rule and go to their section: a section is never wrong, a category can be.
 */
import type { INotebookSnapshot } from '../types';
import type { Category, GroupSource } from './types';

/** One rule of the table. The first rule that matches wins. */
interface IGroupRule {
  readonly category: Category;
  /** Matched against the lower-cased name or keyword. */
  readonly name?: RegExp;
  /** Keywords only: matched against the called function's name (case kept). */
  readonly callee?: RegExp;
  /** Why this rule is safe, for readers of this table. */
  readonly why: string;
}

/**
 * The rule table. Name rules come first (they also apply to keywords: `epochs=` is training
 * in any call), then callee rules (`random_state=` means split in `train_test_split`, training
 * in `RandomForestClassifier`, data in `make_classification`).
 */
export const GROUP_RULES: readonly IGroupRule[] = [
  {
    category: 'seeds',
    name: /^(random_state|random_seed)$/,
    why: 'a seed fixes randomness wherever it is passed (issue 16: one place for every seed)'
  },
  {
    category: 'seeds',
    name: /^seed$/,
    callee: /./,
    why: '`seed=` passed to a call is its seed; a bare `seed` variable may be anything'
  },
  {
    category: 'features',
    name: /^columns$/,
    callee: /^drop$/,
    why: '`df.drop(columns=[...])` selects the inputs by leaving columns out'
  },
  {
    category: 'preprocessing',
    name: /^(max_?len|max_length|max_seq(uence)?_len(gth)?|seq(uence)?_len(gth)?|vocab(ulary)?_size|max_words|num_words|max_vocab|(image|img)_(size|height|width|rows|cols|shape)|target_size|min_df|max_df|ngram_range)$/,
    why: 'sizes inputs are cut or padded to, vocabulary limits: input preparation'
  },
  {
    category: 'split',
    name: /^(test_size|train_size|val_.+|valid(ation)?_(size|split|ratio|fraction)|test_(split|ratio|fraction)|train_(split|ratio|fraction)|split_ratio|n_splits|n_folds|num_folds|k_?folds?|cv)$/,
    why: 'how data is divided into train/validation/test folds'
  },
  {
    category: 'training',
    name: /^(lr|learning_rate|init_lr|base_lr|epochs|n_epochs|num_epochs|nb_epochs?|max_epochs|batch_size|n_estimators|max_depth|min_samples_(split|leaf)|min_child_weight|max_iter|n_iter|num_iterations|num_boost_round|momentum|weight_decay|dropout(_rate)?|hidden_(size|units|dim|layers)|n_hidden|num_hidden|(num|n)_layers|embed(ding)?_dim|latent_dim|(num|n)_heads|optimizer|patience|early_stopping_rounds|subsample|colsample_bytree|num_leaves|reg_(alpha|lambda)|l1_ratio|max_leaf_nodes|n_neighbors|n_clusters|steps_per_epoch|warmup_steps|kernel_size)$/,
    why: 'hyper-parameters of fitting a model'
  },
  {
    category: 'evaluation',
    name: /^(decision_threshold|metrics|scoring|pos_label)$/,
    why: 'how results are scored'
  },
  {
    category: 'labels',
    name: /^(target|target_(col|column|name|names|var|variable)|label_(col|column|name)|y_(col|column)|class_names|n_classes|num_classes)$/,
    why: 'what is predicted'
  },
  {
    category: 'features',
    name: /^(features|feature_.+|(?!max_|min_|n_|num_).+_features|(cat|categorical|num|numeric|numerical|text|drop|feature)_(cols|columns))$/,
    why: 'which inputs the model sees'
  },
  {
    category: 'data',
    name: /^(data_.+|.+_(path|paths|dir|dirs|folder|file|files|filename|fname|url|uri|root)|path|filepath|file_path|filename|fname|url|dataset|dataset_name|datadir|data_?root)$/,
    why: 'where data is read from or written to'
  },
  {
    category: 'split',
    callee:
      /^(train_test_split|(Repeated)?(Stratified|Group)?KFold|(Stratified|Group)?ShuffleSplit|TimeSeriesSplit|LeaveOneOut|LeavePOut|PredefinedSplit|random_split)$/,
    why: 'every keyword of a splitter is about splitting'
  },
  {
    category: 'preprocessing',
    callee:
      /^(StandardScaler|MinMaxScaler|RobustScaler|MaxAbsScaler|Normalizer|PolynomialFeatures|SimpleImputer|KNNImputer|OneHotEncoder|OrdinalEncoder|TfidfVectorizer|CountVectorizer|HashingVectorizer|Tokenizer|pad_sequences|ImageDataGenerator)$/,
    why: 'transformers that prepare inputs'
  },
  {
    category: 'evaluation',
    callee:
      /^(.+_score|.+_error|confusion_matrix|classification_report|roc_curve|precision_recall_curve|cross_validate|cross_val_predict|evaluate)$/,
    why: 'metrics and evaluation helpers'
  },
  {
    category: 'training',
    callee:
      /^(fit|fit_generator|compile|train|.+Classifier|.+Regressor|.+Regression|SVC|SVR|LinearSVC|NuSVC|KMeans|MiniBatchKMeans|DBSCAN|AgglomerativeClustering|GaussianMixture|Lasso|Ridge|ElasticNet|Dense|Conv[123]D|LSTM|GRU|SimpleRNN|Dropout|Embedding|SGD|Adam|AdamW|RMSprop|Adagrad|EarlyStopping|ReduceLROnPlateau|GridSearchCV|RandomizedSearchCV)$/,
    why: 'estimators, layers, optimisers and fitting calls'
  },
  {
    category: 'data',
    callee:
      /^(read_csv|read_excel|read_json|read_parquet|read_table|read_feather|read_pickle|read_sql|load_.+|fetch_.+|make_(classification|regression|blobs|moons|circles)|get_file|image_dataset_from_directory|text_dataset_from_directory|flow_from_directory)$/,
    why: 'loading or generating the data'
  }
];

/**
 * The group of a name or keyword from the rule table, or null when no rule is sure.
 * `callee` is null for assignments.
 */
export function categoryOf(
  name: string,
  callee: string | null
): { category: Category; source: GroupSource } | null {
  const lower = name.toLowerCase();
  for (const rule of GROUP_RULES) {
    if (rule.name && rule.callee) {
      // Both given: both must match.
      if (
        callee !== null &&
        rule.name.test(lower) &&
        rule.callee.test(callee)
      ) {
        return { category: rule.category, source: 'callee' };
      }
      continue;
    }
    if (rule.name && rule.name.test(lower)) {
      return { category: rule.category, source: 'name' };
    }
    if (rule.callee && callee !== null && rule.callee.test(callee)) {
      return { category: rule.category, source: 'callee' };
    }
  }
  return null;
}

/** The group used for the `parameters` cell's values when no rule applies. */
export const PARAMETERS_GROUP = 'parameters';

/** The group used when no markdown heading precedes a cell. */
export const DEFAULT_SECTION = 'general';

/**
 * For each cell index, the slug of the nearest markdown heading above it (or `general`).
 */
export function sectionSlugs(nb: INotebookSnapshot): string[] {
  const sectionOf = sectionResolver(nb);
  return nb.cells.map((_, i) => sectionOf(i));
}

/**
 * A lazy `sectionSlugs`: the section of one cell, reading only the markdown cells above it
 * that it needs (most notebooks have many headings and few parameters).
 */
export function sectionResolver(
  nb: INotebookSnapshot
): (cellIndex: number) => string {
  const memo = new Map<number, string>();
  const resolve = (index: number): string => {
    // Walk up to the nearest markdown cell with a heading, or to a cell already resolved.
    const path: number[] = [];
    let slug = DEFAULT_SECTION;
    for (let i = index; i >= 0; i--) {
      const known = memo.get(i);
      if (known !== undefined) {
        slug = known;
        break;
      }
      path.push(i);
      const above = nb.cells[i - 1];
      if (above?.type === 'markdown') {
        const heading = lastHeading(above.source);
        const s = heading === null ? '' : slugify(heading);
        if (s !== '') {
          slug = s;
          break;
        }
      }
    }
    for (const i of path) {
      memo.set(i, slug);
    }
    return slug;
  };
  return resolve;
}

/** Text of the last heading (ATX `#`, setext underline, or HTML `<hN>`) in a markdown source. */
export function lastHeading(markdown: string): string | null {
  const lines = markdown.split(/\r\n?|\n/);
  let found: string | null = null;
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (fence === null) {
        fence = f[1][0];
      } else if (f[1][0] === fence) {
        fence = null;
      }
      continue;
    }
    if (fence !== null) {
      continue;
    }
    const atx = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (atx) {
      found = atx[1] ?? '';
      continue;
    }
    const html = /<h[1-6][^>]*>([\s\S]*?)<\/h[1-6]>/i.exec(line);
    if (html) {
      found = html[1];
      continue;
    }
    const next = lines[i + 1];
    if (
      next !== undefined &&
      line.trim() !== '' &&
      /^ {0,3}(=+|-+)[ \t]*$/.test(next)
    ) {
      found = line.trim();
      i++;
    }
  }
  return found;
}

/**
 * A group name from heading text: markdown and HTML removed, accents dropped from Latin
 * letters, lower case,
 * runs of other characters as `_`, a leading enumeration (`1.2`) dropped, at most 40
 * characters. Never starts with `_` (reserved for `_types`).
 */
export function slugify(heading: string): string {
  const plain = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .normalize('NFKD')
    // Accents off Latin letters only (é → e); other scripts keep their marks (デ stays デ).
    .replace(/([A-Za-z])\p{M}+/gu, '$1')
    .normalize('NFC')
    .toLowerCase();
  let slug = plain.replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_+|_+$/g, '');
  const numbered = /^\d+(?:_\d+)*_(.+)$/.exec(slug);
  if (numbered) {
    slug = numbered[1];
  }
  if (slug.length > 40) {
    const cut = slug.slice(0, 40);
    const at = cut.lastIndexOf('_');
    slug = (at > 10 ? cut.slice(0, at) : cut).replace(/_+$/, '');
  }
  return slug;
}
