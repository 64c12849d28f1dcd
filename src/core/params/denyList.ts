/**
 * The one deny-list: keyword arguments (and calls) whose literal values are not parameters.
 *
 * The test for a parameter is "would someone re-running this analysis want to vary it to get a
 * different result?". The entries below fail it for the reason written next to them: they
 * shape a plot or a widget, steer the mechanics of a data-frame operation (changing `axis=` or
 * `how=` changes what the code *does*, it is not a setting of the analysis), format input or
 * output, or only change logging and speed. A deny-listed keyword is still listed (skipped,
 * with its reason and a key) so `--include KEY` can bring it back.
 *
 * Deliberately absent, because they change results: `random_state`, `seed`, `shuffle`,
 * `test_size`, `n_estimators`, `max_features`, `columns`, `subset`. Absent because they are
 * ambiguous (a plot size or a sample size, a legend or the classes of a metric): `size`,
 * `labels`, `threshold`, `min`, `max`, `width`, `height`.
 *
 * Lists are space-separated words, one line per theme, so the table stays easy to audit. Each
 * row's reason is an id, worded (and translated) once in `paramMessages.ts`.
 */
import { describeDenyReason, type DenyReason } from './paramMessages';

const KEYWORDS: readonly (readonly [reason: DenyReason, words: string])[] = [
  [
    'plot-styling',
    'alpha annot aspect ax axes bbox_inches bins c cbar cmap color colors dpi edgecolor ' +
      'edgecolors extent facecolor figsize fmt fontsize fontweight frameon grid gridspec_kw ha ' +
      'hatch histtype hue interpolation kind label legend linecolor linestyle linestyles ' +
      'linewidth linewidths loc ls lw marker markersize mec mew mfc ms ncol ncols nrows pad ' +
      'palette projection rot rotation s shade sharex sharey square stacked style subplot_kw ' +
      'tight title transparent va vmax vmin xlabel xlim xticks ylabel ylim yticks zorder x y data'
  ],
  [
    'widget-setting',
    'description continuous_update readout readout_format layout disabled button_style ' +
      'tooltip icon'
  ],
  [
    'frame-mechanics',
    'axis inplace how on left_on right_on left_index right_index index ignore_index drop copy ' +
      'keepdims ascending by level suffixes sort dtype errors orient validate indicator ' +
      'as_index regex return_counts return_inverse return_index keep join name names values ' +
      'aggfunc margins prefix prefix_sep expand append'
  ],
  [
    'io-formatting',
    'sep end delimiter header index_col encoding mode newline flush file quotechar ' +
      'escapechar lineterminator float_format date_format indent sort_keys ensure_ascii ' +
      'precision max_rows max_columns max_colwidth suppress skipinitialspace exist_ok parents ' +
      'line_length'
  ],
  [
    'logging-only',
    'verbose verbosity n_jobs workers use_multiprocessing progress disable show block silent ' +
      'quiet'
  ]
];

/** Calls whose every keyword is deny-listed, with the reason. */
const CALLS: readonly (readonly [reason: DenyReason, words: string])[] = [
  [
    'display-call',
    'print display set_printoptions set_option filterwarnings simplefilter HTML Markdown ' +
      'Image format summary clear_output plot_model'
  ],
  [
    'plot-call',
    'figure subplots subplot add_subplot subplots_adjust savefig show legend xlabel ylabel ' +
      'title suptitle tight_layout text annotate set set_title set_xlabel set_ylabel set_xlim ' +
      'set_ylim xticks yticks grid axhline axvline colorbar rc set_style set_context ' +
      'set_theme set_palette plot scatter bar barh hist boxplot violinplot pie errorbar ' +
      'fill_between imshow contour contourf pcolormesh quiver plot_surface heatmap pairplot ' +
      'countplot distplot histplot kdeplot lineplot scatterplot regplot jointplot catplot ' +
      'lmplot boxenplot swarmplot stripplot'
  ],
  [
    'widget-call',
    'IntSlider FloatSlider FloatLogSlider IntRangeSlider FloatRangeSlider Dropdown Checkbox ' +
      'ToggleButton ToggleButtons RadioButtons Text Textarea Button Layout HBox VBox Output ' +
      'IntText FloatText BoundedIntText BoundedFloatText Select SelectMultiple ' +
      'SelectionSlider Play interact interactive interactive_output'
  ]
];

function table(
  rows: readonly (readonly [DenyReason, string])[]
): ReadonlyMap<string, DenyReason> {
  const out = new Map<string, DenyReason>();
  for (const [reason, words] of rows) {
    for (const w of words.split(/\s+/)) {
      if (w !== '') {
        out.set(w, reason);
      }
    }
  }
  return out;
}

const KEYWORD_REASONS = table(KEYWORDS);
const CALL_REASONS = table(CALLS);

/** Why a keyword is deny-listed, or null when it may be a parameter. */
export function denyReasonId(keyword: string): DenyReason | null {
  return KEYWORD_REASONS.get(keyword) ?? null;
}

/** Why every keyword of a call to `callee` (`plt.plot(...)`) is deny-listed, or null. */
export function deniedCallReasonId(callee: string): DenyReason | null {
  return CALL_REASONS.get(callee) ?? null;
}

/** The deny-list reason for a keyword in English, or null when it may be a parameter. */
export function denyReason(keyword: string): string | null {
  const id = denyReasonId(keyword);
  return id === null ? null : describeDenyReason(id);
}

/** The English deny-list reason for every keyword of a call to `callee`, or null. */
export function deniedCallReason(callee: string): string | null {
  const id = deniedCallReasonId(callee);
  return id === null ? null : describeDenyReason(id);
}

/** Every deny-listed keyword, sorted (for documentation and tests). */
export function deniedKeywords(): string[] {
  return [...KEYWORD_REASONS.keys()].sort();
}
