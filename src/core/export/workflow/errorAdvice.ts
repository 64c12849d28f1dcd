/**
 * What to show for an export's typed error: the files it is about and what to do next, so a
 * user interface names the file and the remedy rather than a flattened string.
 */
import {
  LinearizeError,
  NotebookFormatError,
  WouldOverwriteError
} from '../../errors';
import { NotPythonError } from '../exportNotebook';
import { ExportOptionsError } from '../orders';
import { ExportWriteError } from '../writeExport';
import { ENGLISH, type ITranslatorPort } from '../../util/translator';
import { ExportCommitError } from './commit';

/** The files an error is about and the one thing to do. */
export interface IErrorAdvice {
  /** A short title: `Files not written`, `Not committed`… */
  readonly title: string;
  /** File names the error is about (relative to the output folder), possibly none. */
  readonly files: readonly string[];
  /** What to do; null when the message already says it. */
  readonly advice: string | null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? [value]
      : [];
}

/** Advice for an error of the export workflow, in the translator's words. */
export function exportErrorAdvice(
  e: LinearizeError,
  t: ITranslatorPort = ENGLISH
): IErrorAdvice {
  if (e instanceof ExportCommitError) {
    return {
      title: t.__('Exported, not committed'),
      files: strings(e.data.files),
      advice: t.__(
        'The files are written. Commit them with git yourself, or fix the cause and export again.'
      )
    };
  }
  if (e instanceof WouldOverwriteError) {
    return {
      title: t.__('Files not written'),
      files: strings(e.data.files),
      advice: t.__(
        'Rename or move these files, choose other export names, or allow overwriting them.'
      )
    };
  }
  if (e instanceof ExportWriteError) {
    return {
      title: t.__('Files not written'),
      files: strings(e.data.file),
      advice: t.__(
        'Check that the folder exists and is writable. Files written before the failure were restored.'
      )
    };
  }
  if (e instanceof NotPythonError) {
    return { title: t.__('Not exported'), files: [], advice: null };
  }
  if (e instanceof ExportOptionsError) {
    return {
      title: t.__('Not exported'),
      files: [],
      advice: t.__('Choose another order, or select the cell to slice for.')
    };
  }
  if (e instanceof NotebookFormatError) {
    return {
      title: t.__('Notebook not readable'),
      files: strings(e.data.path),
      advice: null
    };
  }
  return {
    title: t.__('Export failed'),
    files: [],
    advice:
      e.code === 'InternalError'
        ? t.__('This is a bug in linearize: please report it.')
        : null
  };
}
