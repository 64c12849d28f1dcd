import type { ICellSnapshot, INotebookSnapshot } from '../../types';
import { findParams } from '../findParams';
import type { IParamCandidate } from '../types';

/** A cell: a string is a code cell; `# …` strings starting with `md:` are markdown. */
export type CellSpec =
  | string
  | {
      source: string;
      type?: 'code' | 'markdown' | 'raw';
      tags?: string[];
      id?: string;
    };

export function notebook(
  cells: CellSpec[],
  language: string | null = 'python'
): INotebookSnapshot {
  return {
    nbformat: [4, 5],
    language,
    kernelName: 'python3',
    cells: cells.map((c, i): ICellSnapshot => {
      const spec = typeof c === 'string' ? { source: c } : c;
      const md = typeof c === 'string' && c.startsWith('md:');
      return {
        id: spec.id ?? `c${i}`,
        type: md ? 'markdown' : (spec.type ?? 'code'),
        source: md ? spec.source.slice(3) : spec.source,
        executionCount: null,
        outputs: [],
        tags: spec.tags ?? []
      };
    })
  };
}

/** All candidates of a notebook built from `cells`. */
export function candidates(...cells: CellSpec[]): readonly IParamCandidate[] {
  return findParams(notebook(cells)).candidates;
}

/** The one candidate named `name` (assignment name or keyword). */
export function one(
  list: readonly IParamCandidate[],
  name: string
): IParamCandidate {
  const found = list.filter(c => c.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one candidate ${name}, found ${found.length}`);
  }
  return found[0];
}
