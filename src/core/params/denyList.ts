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
 * Lists are space-separated words, one line per theme, so the table stays easy to audit.
 */

const KEYWORDS: readonly (readonly [reason: string, words: string])[] = [
  [
    'plot styling: changes how a figure looks, not the analysis',
    'alpha annot aspect ax axes bbox_inches bins c cbar cmap color colors dpi edgecolor ' +
      'edgecolors extent facecolor figsize fmt fontsize fontweight frameon grid gridspec_kw ha ' +
      'hatch histtype hue interpolation kind label legend linecolor linestyle linestyles ' +
      'linewidth linewidths loc ls lw marker markersize mec mew mfc ms ncol ncols nrows pad ' +
      'palette projection rot rotation s shade sharex sharey square stacked style subplot_kw ' +
      'tight title transparent va vmax vmin xlabel xlim xticks ylabel ylim yticks zorder x y data'
  ],
  [
    'interactive widget setting: a UI control, not the analysis',
    'description continuous_update readout readout_format layout disabled button_style ' +
      'tooltip icon'
  ],
  [
    'data-frame mechanics: part of what the code does, not a setting',
    'axis inplace how on left_on right_on left_index right_index index ignore_index drop copy ' +
      'keepdims ascending by level suffixes sort dtype errors orient validate indicator ' +
      'as_index regex return_counts return_inverse return_index keep join name names values ' +
      'aggfunc margins prefix prefix_sep expand append'
  ],
  [
    'input/output formatting: how text is read or written, not what is computed',
    'sep end delimiter header index_col encoding mode newline flush file quotechar ' +
      'escapechar lineterminator float_format date_format indent sort_keys ensure_ascii ' +
      'precision max_rows max_columns max_colwidth suppress skipinitialspace exist_ok parents ' +
      'line_length'
  ],
  [
    'logging or speed only: does not change the result',
    'verbose verbosity n_jobs workers use_multiprocessing progress disable show block silent ' +
      'quiet'
  ]
];

/** Calls whose every keyword is deny-listed, with the reason. */
const CALLS: readonly (readonly [reason: string, words: string])[] = [
  [
    'display or printing only: does not change the result',
    'print display set_printoptions set_option filterwarnings simplefilter HTML Markdown ' +
      'Image format summary clear_output plot_model'
  ],
  [
    'plot call: changes how a figure looks, not the analysis',
    'figure subplots subplot add_subplot subplots_adjust savefig show legend xlabel ylabel ' +
      'title suptitle tight_layout text annotate set set_title set_xlabel set_ylabel set_xlim ' +
      'set_ylim xticks yticks grid axhline axvline colorbar rc set_style set_context ' +
      'set_theme set_palette plot scatter bar barh hist boxplot violinplot pie errorbar ' +
      'fill_between imshow contour contourf pcolormesh quiver plot_surface heatmap pairplot ' +
      'countplot distplot histplot kdeplot lineplot scatterplot regplot jointplot catplot ' +
      'lmplot boxenplot swarmplot stripplot'
  ],
  [
    'interactive widget: a UI control, not the analysis',
    'IntSlider FloatSlider FloatLogSlider IntRangeSlider FloatRangeSlider Dropdown Checkbox ' +
      'ToggleButton ToggleButtons RadioButtons Text Textarea Button Layout HBox VBox Output ' +
      'IntText FloatText BoundedIntText BoundedFloatText Select SelectMultiple ' +
      'SelectionSlider Play interact interactive interactive_output'
  ]
];

function table(
  rows: readonly (readonly [string, string])[]
): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
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

/** The deny-list reason for a keyword, or null when it may be a parameter. */
export function denyReason(keyword: string): string | null {
  return KEYWORD_REASONS.get(keyword) ?? null;
}

/** The deny-list reason for every keyword of a call to `callee` (`plt.plot(...)`), or null. */
export function deniedCallReason(callee: string): string | null {
  return CALL_REASONS.get(callee) ?? null;
}

/** Every deny-listed keyword, sorted (for documentation and tests). */
export function deniedKeywords(): string[] {
  return [...KEYWORD_REASONS.keys()].sort();
}
