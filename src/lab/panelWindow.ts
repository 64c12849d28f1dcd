import { WindowedListModel } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import type { PanelRow } from './panelModel';

/** Rows drawn above and below the viewport, so Tab and arrow keys find the next card. */
export const OVERSCAN_ROWS = 4;

/** Cell links per card drawn without windowing; longer lists scroll in a box. */
export const UNWINDOWED_LINKS = 48;

/** Height (px) of a line of cell links, and the width of a link with its gap. */
export const LINK_LINE_PX = 22;
export const LINK_WIDTH_PX = 42;

/** Lines of cell links a long card shows at once (its box scrolls). */
export const LINK_LINES_SHOWN = 6;

/**
 * The findings panel's window over its rows: JupyterLab's `WindowedListModel` (the
 * notebook's windowing) does the offsets, the range in view and scroll-to-item. The
 * panel renders with React, not with one widget per row, so sizes come from
 * {@link measured} and {@link estimateWidgetSize}; `widgetRenderer` only answers the
 * model's question "is this row's widget on screen?" with no.
 *
 * Measured heights are kept by row key, so a new report (rows inserted or removed above)
 * starts a new window that already knows every card it has seen.
 */
export class RowWindow extends WindowedListModel {
  constructor(
    readonly rows: readonly PanelRow[],
    private readonly _sizes: Map<string, number>
  ) {
    super({ count: rows.length, overscanCount: OVERSCAN_ROWS });
  }

  estimateWidgetSize = (index: number): number => {
    const row = this.rows[index];
    if (!row) {
      return 0;
    }
    return this._sizes.get(row.key) ?? estimateRow(row);
  };

  widgetRenderer = (): Widget => OFFSCREEN;

  /**
   * Record the heights of rendered rows (0 means not laid out: kept as estimated).
   * Returns whether any size changed, so the range must be computed again.
   */
  measured(heights: ReadonlyArray<{ index: number; size: number }>): boolean {
    const known = heights.filter(h => h.size > 0 && this.rows[h.index]);
    for (const h of known) {
      this._sizes.set(this.rows[h.index].key, h.size);
    }
    return known.length > 0 && this.setWidgetSize(known);
  }
}

/** A detached widget: the model measures nothing itself (see {@link RowWindow}). */
const OFFSCREEN = new Widget();

/** A first guess of a row's height (px) before it is measured, from what it holds. */
function estimateRow(row: PanelRow): number {
  if (row.type === 'title') {
    return 28;
  }
  const card = row.card;
  const links = card.cells.length > 1 ? card.cells.length : 0;
  const lines = Math.min(
    LINK_LINES_SHOWN,
    Math.ceil(links / Math.max(1, Math.floor(220 / LINK_WIDTH_PX)))
  );
  const text = card.title.length + card.message.length;
  return 70 + Math.ceil(text / 40) * 16 + lines * LINK_LINE_PX;
}
