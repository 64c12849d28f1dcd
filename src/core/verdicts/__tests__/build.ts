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
