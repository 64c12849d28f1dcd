/**
 * Plain data of parameter extraction (shared/design/export-rules.md §3): what was found, where,
 * under which key and group, and why something was not extracted.
 */
import type { ParamText } from './paramMessages';
import type { PyValue } from './pyValue';

/** The categories of export-rules.md §3, used as group names when a name makes them clear. */
export type Category =
  | 'data'
  | 'outputs'
  | 'seeds'
  | 'features'
  | 'labels'
  | 'split'
  | 'preprocessing'
  | 'training'
  | 'evaluation';

/** Why a candidate is not extracted. Stable strings: they appear in `--json` output. */
export type SkipCode =
  /** An expression that is not a literal (`x if c else y`, `"a" + b`, `2**10`, `-True`, `...`). */
  | 'not-literal'
  | 'conditional'
  | 'f-string'
  | 'concatenation'
  | 'arithmetic'
  | 'set'
  | 'bytes'
  | 'complex'
  /** Text lezer accepts but Python 3 refuses (`0755`, `1__0`, a bad escape). */
  | 'invalid-literal'
  | 'unicode-name-escape'
  | 'surrogate'
  /** A dict literal that repeats a key (`{1: a, True: b}`): Python keeps one, YAML 1.2 refuses. */
  | 'duplicate-key'
  /** A dict key YAML cannot bring back as the same Python key (a tuple). */
  | 'unhashable-key'
  /** `*xs` or `**d` inside a container. */
  | 'starred'
  /** Nesting deeper than the extractor follows. */
  | 'too-deep'
  /** A keyword on the deny-list (`figsize=`, `axis=`): not a parameter unless included by name. */
  | 'deny-list'
  /** A later assignment of a name already extracted. */
  | 'reassigned'
  /** `a = b = 1`: one value, several names. */
  | 'chained'
  /** `a, b = 1, 2`. */
  | 'unpacking'
  /** The cell does not parse as Python. */
  | 'syntax-error'
  /** Inside IPython syntax that drops the binding (`%timeit x = 1`) or rewrites the text. */
  | 'magic'
  /** Left out by an `--exclude` pattern or not matched by `--include`. */
  | 'excluded';

/** A reason not to extract. */
export interface ISkip {
  readonly code: SkipCode;
  /** One line a person understands: `text` worded in English (what the CLI prints). */
  readonly message: string;
  /** The message as data, for a front end to word in the user's language. */
  readonly text: ParamText;
}

/** Something the user should know about an extracted value. */
export type ParamWarningCode =
  /** The name is assigned again later: that assignment overrides the config value. */
  | 'reassigned'
  /** `x += 5` later: the config holds the initial value. */
  | 'augmented'
  /** Read inside a function: the function sees the value at call time. */
  | 'read-in-function'
  /** Rebound inside a function through `global`. */
  | 'rebound-in-function'
  /** Rebound by a loop, `del`, `import` or a `with … as`. */
  | 'rebound';

/** A warning on an extracted value, pointing at the other use of its name. */
export interface IParamWarning {
  readonly code: ParamWarningCode;
  /** `text` worded in English. */
  readonly message: string;
  readonly text: ParamText;
  /** Where the other use is. */
  readonly cellId: string;
  readonly cellIndex: number;
  /** 1-based line in the original cell source. */
  readonly line: number;
}

/** Where a candidate's group came from. */
export type GroupSource =
  /** A rule on the name or keyword (the rule table in `groupParams.ts`). */
  | 'name'
  /** A rule on the called function (`train_test_split(...)` → split). */
  | 'callee'
  /** What the code does with the value: a reader's path, a writer's, a seed, a column selection. */
  | 'usage'
  /** The papermill `parameters` cell. */
  | 'parameters-cell'
  /** The nearest markdown heading above the cell (or `general`). */
  | 'section';

/** One literal that is, or could have been, a parameter. */
export interface IParamCandidate {
  /**
   * Stable key, unique in the notebook: the assigned name (`lr`), `callee.keyword`
   * (`train_test_split.random_state`), `callee.path` for a path given positionally
   * (`read_csv.path`), the seeding call as written (`np.random.seed`), `name.columns` or
   * `name.column` for column selections (`X.columns`, `y.column`), with `_2`, `_3` for
   * repeats. Null for skipped
   * candidates that cannot be extracted at all (only deny-listed ones keep a key).
   */
  readonly key: string | null;
  /**
   * `assign` for `name = literal`, `keyword` for `f(name=literal)`, `argument` for a path or
   * seed given positionally (`pd.read_csv('a.csv')`, `random.seed(13)`), `column` for a
   * column selection (`X = df[['a', 'b']]`, `y = df['label']`).
   */
  readonly kind: 'assign' | 'keyword' | 'argument' | 'column';
  /** The assigned name, the keyword, `path` or `seed` for arguments, the target of a selection. */
  readonly name: string;
  /**
   * For keywords and paths: the called function's last name (`fit` for `model.fit(...)`), or
   * `call`; for seeds the dotted call as written (`np.random.seed`).
   */
  readonly callee: string | null;
  /** The value, or null when it is not a literal. */
  readonly value: PyValue | null;
  /** The literal as written in the cell. */
  readonly text: string;
  readonly cellId: string;
  /** 0-based index of the cell in the notebook. */
  readonly cellIndex: number;
  /** 1-based line and 0-based column (UTF-16) of the literal in the original cell source. */
  readonly line: number;
  readonly column: number;
  /** Half-open UTF-16 offsets [from, to) of the literal in the original cell source. */
  readonly span: readonly [number, number];
  /** True when it comes from a cell tagged `parameters`. */
  readonly parametersCell: boolean;
  /** Group name (a category or a section slug); empty for skipped candidates without a key. */
  readonly group: string;
  readonly groupSource: GroupSource | null;
  /** Null when the candidate is extracted. */
  readonly skip: ISkip | null;
  readonly warnings: readonly IParamWarning[];
  /**
   * What the code does with the value when it says (issue 16): `data` read from, `outputs`
   * written to, `seeds`, `features` or `labels` selected; null when it does not.
   */
  readonly role: 'data' | 'outputs' | 'seeds' | 'features' | 'labels' | null;
}

/** A notebook-level note (not about one candidate). */
export interface IParamsNote {
  /** `text` worded in English. */
  readonly message: string;
  readonly text: ParamText;
  readonly cellId: string | null;
}

/** What `findParams` returns. */
export interface IParamsResult {
  /** Every candidate, the `parameters` cell's first, then in notebook order. */
  readonly candidates: readonly IParamCandidate[];
  /** Notebook-level notes (not Python, syntax errors). */
  readonly notes: readonly IParamsNote[];
}
