/**
 * What a per-cell verdict module is given: the current notebook, the replayed record and
 * the cell with its last run in the current kernel session.
 */
import type { ICellView, NotebookView } from './notebookView';
import type { IRunNode, Timeline } from './timeline';

/** A code cell that ran in the current session. */
export interface IRunContext {
  readonly view: NotebookView;
  readonly timeline: Timeline;
  readonly cell: ICellView;
  /** The cell's last run in the current session. */
  readonly node: IRunNode;
}

/**
 * A source with trailing whitespace removed from every line and from the end, so that
 * `edited` ignores what editors add or strip on save.
 */
export function normalizeSource(source: string): string {
  return source.replace(/[ \t\f\v\r]+$/gm, '').replace(/\s+$/, '');
}

/** True when two sources differ beyond trailing whitespace. */
export function sourcesDiffer(a: string, b: string): boolean {
  return a !== b && normalizeSource(a) !== normalizeSource(b);
}
