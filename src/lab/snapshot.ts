import type { ICellModel, ICodeCellModel } from '@jupyterlab/cells';
import type { INotebookModel } from '@jupyterlab/notebook';
import type {
  ICellSnapshot,
  INotebookSnapshot,
  IOutputSnapshot
} from '../core/types';

/**
 * The core's view of a live notebook model: display order, current sources, counts.
 *
 * Outputs are reduced to error markers only: the live verdicts need to know whether a
 * cell raised, not what it printed, and copying big outputs on every execution would
 * cost more than the analysis.
 */
export function snapshotOf(model: INotebookModel): INotebookSnapshot {
  const cells: ICellSnapshot[] = [];
  for (let i = 0; i < model.cells.length; i++) {
    cells.push(cellSnapshot(model.cells.get(i)));
  }
  const spec = model.getMetadata('kernelspec') as
    { name?: string; language?: string } | undefined;
  const info = model.getMetadata('language_info') as
    { name?: string } | undefined;
  const language = (spec?.language || info?.name || '').toLowerCase() || null;
  return {
    nbformat: [model.nbformat, model.nbformatMinor],
    language,
    kernelName: spec?.name ?? null,
    cells
  };
}

function cellSnapshot(cell: ICellModel): ICellSnapshot {
  const type =
    cell.type === 'code' || cell.type === 'markdown' ? cell.type : 'raw';
  const tags = cell.getMetadata('tags');
  let executionCount: number | null = null;
  const outputs: IOutputSnapshot[] = [];
  if (type === 'code') {
    const code = cell as ICodeCellModel;
    executionCount = code.executionCount ?? null;
    // The output models' `type` is read without serialising outputs to JSON.
    const area = code.outputs;
    for (let i = 0; i < area.length; i++) {
      if (area.get(i).type === 'error') {
        outputs.push({ type: 'error' });
      }
    }
  }
  return {
    id: cell.id,
    type,
    source: cell.sharedModel.getSource(),
    executionCount,
    outputs,
    tags: Array.isArray(tags)
      ? tags.filter((t): t is string => typeof t === 'string')
      : []
  };
}
