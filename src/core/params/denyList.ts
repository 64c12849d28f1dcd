/**
 * Keyword arguments that are not parameters, even with a literal value.
 *
 * The test for a parameter is "would someone re-running this analysis want to vary it?".
 * These keywords fail it for one of the reasons below: they shape a plot, steer the mechanics
 * of a data-frame operation (changing them changes what the code *does*, not a setting of the
 * analysis), format input/output, or only change logging and speed. A deny-listed keyword is
 * still listed (skipped, with its reason and a key) so `--include` can bring it back.
 *
 * Deliberately absent: `random_state`, `seed`, `shuffle`, `test_size`, `n_estimators`,
 * `max_features`, `columns`, `subset`: those change results and are real parameters.
 */

/** Why a keyword is on the deny-list: the text is shown to the user as the skip reason. */
const GROUPS: readonly (readonly [reason: string, keywords: readonly string[]])[] = [
  [
    'plot styling: changes how a figure looks, not the analysis',
    [
      'alpha', 'annot', 'aspect', 'ax', 'axes', 'bbox_inches', 'bins', 'c', 'cmap', 'color',
      'colors', 'edgecolor', 'edgecolors', 'extent', 'facecolor', 'figsize', 'fmt', 'fontsize',
      'fontweight', 'frameon', 'grid', 'ha', 'hatch', 'hue', 'interpolation', 'label',
      'legend', 'linestyle', 'linewidth', 'linewidths', 'loc', 'ls', 'lw', 'marker',
      'markersize', 'ms', 'ncol', 'ncols', 'nrows', 'palette', 'rot', 'rotation', 's', 'sharex',
      'sharey', 'square', 'style', 'title', 'va', 'vmax', 'vmin', 'xlabel', 'xlim', 'xticks', 'ylabel', 'ylim', 'yticks', 'zorder', 'dpi', 'kind', 'x', 'y',
      'data', 'figure', 'subplot_kw', 'gridspec_kw', 'orientation', 'stacked', 'shade', 'kde',
      'cbar', 'linecolor', 'mec', 'mfc', 'mew', 'pad', 'tight', 'transparent'
    ]
  ],
  [
    'data-frame mechanics: part of what the code does, not a setting',
    [
      'axis', 'inplace', 'how', 'on', 'left_on', 'right_on', 'left_index', 'right_index',
      'index', 'ignore_index', 'drop', 'copy', 'keepdims', 'ascending', 'by', 'level', 'suffixes',
      'sort', 'dtype', 'errors', 'orient', 'validate', 'indicator', 'as_index', 'regex',
      'return_counts', 'return_inverse', 'return_index', 'keep', 'join', 'name', 'names',
      'values', 'aggfunc', 'margins', 'prefix', 'prefix_sep', 'expand', 'append'
    ]
  ],
  [
    'input/output formatting: how text is read or written, not what is computed',
    [
      'sep', 'end', 'delimiter', 'header', 'index_col', 'encoding', 'mode', 'newline', 'flush',
      'file', 'quotechar', 'escapechar', 'lineterminator', 'float_format', 'date_format',
      'indent', 'sort_keys', 'ensure_ascii', 'precision', 'max_rows', 'max_columns',
      'max_colwidth', 'line_width', 'suppress', 'skipinitialspace',
      'exist_ok', 'parents'
    ]
  ],
  [
    'logging or speed only: does not change the result',
    ['verbose', 'verbosity', 'n_jobs', 'workers', 'use_multiprocessing', 'progress', 'disable', 'show', 'block', 'silent', 'quiet']
  ]
];

const REASONS: ReadonlyMap<string, string> = new Map(
  GROUPS.flatMap(([reason, keywords]) => keywords.map(k => [k, reason] as const))
);

/** The deny-list reason for a keyword, or null when it may be a parameter. */
export function denyReason(keyword: string): string | null {
  return REASONS.get(keyword) ?? null;
}

/** Every deny-listed keyword, sorted (for documentation and tests). */
export function deniedKeywords(): string[] {
  return [...REASONS.keys()].sort();
}

/**
 * Calls whose keywords are never parameters: printing, figure layout, display settings,
 * warning filters. Every keyword of such a call is deny-listed with this reason.
 */
const CALLS: ReadonlyMap<string, string> = new Map(
  (
    [
      [
        'display or printing only: does not change the result',
        ['print', 'display', 'set_printoptions', 'set_option', 'filterwarnings', 'simplefilter', 'HTML', 'Markdown', 'Image', 'format']
      ],
      [
        'plot layout: changes how a figure looks, not the analysis',
        ['figure', 'subplots', 'subplot', 'savefig', 'show', 'legend', 'xlabel', 'ylabel', 'title', 'suptitle', 'tight_layout', 'text', 'annotate', 'set_title', 'set_xlabel', 'set_ylabel', 'set_xlim', 'set_ylim', 'xticks', 'yticks', 'grid', 'axhline', 'axvline', 'colorbar', 'rc', 'set_style', 'set_context', 'set_theme', 'set_palette']
      ]
    ] as const
  ).flatMap(([reason, calls]) => calls.map(c => [c, reason] as const))
);

/** The deny-list reason for every keyword of a call to `callee`, or null. */
export function deniedCallReason(callee: string): string | null {
  return CALLS.get(callee) ?? null;
}
