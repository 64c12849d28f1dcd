/** Snapshot builders for the verdict tests. */
import type { ICellSnapshot, INotebookSnapshot } from '../../types';

/** A code cell never run: no count, no outputs, no tags. */
export const codeCell = (id: string, source: string): ICellSnapshot => ({
  id,
  type: 'code',
  source,
  executionCount: null,
  outputs: [],
  tags: []
});

/** A Python notebook of `cells`. */
export const notebookOf = (...cells: ICellSnapshot[]): INotebookSnapshot => ({
  nbformat: [4, 5],
  language: 'python',
  kernelName: 'python3',
  cells
});

/** A code cell that ran with count `count`, showing `outputs`. */
export const ranCell = (
  id: string,
  source: string,
  count: number,
  outputs: ICellSnapshot['outputs'] = []
): ICellSnapshot => ({
  id,
  type: 'code',
  source,
  executionCount: count,
  outputs,
  tags: []
});

/** A Python notebook whose code cells `c0`, `c1`… ran once each, top-down. */
export const ranNotebook = (sources: readonly string[]): INotebookSnapshot =>
  notebookOf(...sources.map((s, i) => ranCell(`c${i}`, s, i + 1)));
