import type { ICellModel, ICodeCellModel } from '@jupyterlab/cells';
import type * as nbformat from '@jupyterlab/nbformat';
import type { INotebookModel } from '@jupyterlab/notebook';
import type {
  ICellSnapshot,
  INotebookSnapshot,
  IOutputSnapshot
} from '../core';

/**
 * The core's view of a live notebook model: display order, current sources, counts.
 *
 * Outputs are reduced to their types: the live verdicts need to know whether a cell
 * raised, and whether one that did not run shows a saved output, not what it printed;
 * copying big outputs on every execution would cost more than the analysis.
 */
export function snapshotOf(
  model: INotebookModel,
  options: { outputs?: boolean } = {}
): INotebookSnapshot {
  const cells: ICellSnapshot[] = [];
  for (let i = 0; i < model.cells.length; i++) {
    cells.push(cellSnapshot(model.cells.get(i), options.outputs === true));
  }
  return notebookSnapshot(model, cells);
}

/** The notebook-level fields of a snapshot around `cells`. */
export function notebookSnapshot(
  model: INotebookModel,
  cells: ICellSnapshot[]
): INotebookSnapshot {
  const spec = model.getMetadata('kernelspec') as
    { name?: string; language?: string } | undefined;
  const info = model.getMetadata('language_info') as
    { name?: string; version?: unknown } | undefined;
  const language = (spec?.language || info?.name || '').toLowerCase() || null;
  return {
    nbformat: [model.nbformat, model.nbformatMinor],
    language,
    kernelName: spec?.name ?? null,
    // The Python the notebook last ran with, as `fromIpynb` reads it (the export's env.python).
    languageVersion:
      typeof info?.version === 'string' && info.version.trim() !== ''
        ? info.version.trim()
        : null,
    cells
  };
}

const SHOWN: ReadonlySet<string> = new Set([
  'stream',
  'execute_result',
  'display_data'
]);

/** One cell as the core sees it (`withText`: the outputs' texts too, for `verify`). */
export function cellSnapshot(
  cell: ICellModel,
  withText: boolean
): ICellSnapshot {
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
      const output = area.get(i);
      if (withText) {
        // Only `verify` asks for the texts: it compares them with the script's.
        outputs.push(outputText(output.toJSON()));
      } else if (output.type === 'error') {
        outputs.push({ type: 'error' });
      } else if (SHOWN.has(output.type)) {
        // Only the type: whether a cell that did not run shows a saved output (issue 17).
        outputs.push({ type: output.type as IOutputSnapshot['type'] });
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

/** An output as `verify` compares it: the stream text or the `text/plain` value. */
function outputText(o: nbformat.IOutput): IOutputSnapshot {
  const join = (v: unknown): string | undefined =>
    typeof v === 'string' ? v : Array.isArray(v) ? v.join('') : undefined;
  switch (o.output_type) {
    case 'stream':
      return { type: 'stream', text: join(o.text) ?? '' };
    case 'error':
      return {
        type: 'error',
        ename: String(o.ename ?? ''),
        evalue: String(o.evalue ?? '')
      };
    case 'execute_result':
    case 'display_data': {
      const data = (o.data ?? {}) as Record<string, unknown>;
      const text = join(data['text/plain']);
      return {
        type: o.output_type,
        ...(text !== undefined ? { text } : {})
      };
    }
    default:
      return { type: 'display_data' };
  }
}
