/**
 * What the lab shows for an export's typed error (issue 18): the title and the remedy go
 * through the translator port, the files stay as the error names them.
 */
import {
  LinearizeError,
  NotebookFormatError,
  WouldOverwriteError
} from '../../../errors';
import { NotPythonError } from '../../exportNotebook';
import { ExportOptionsError } from '../../orders';
import { ExportWriteError } from '../../writeExport';
import { MARKING } from '../../../__tests__/marking';
import { ExportCommitError } from '../commit';
import { exportErrorAdvice } from '../errorAdvice';

class InternalError extends LinearizeError {
  static readonly code = 'InternalError';
}

describe('export error advice', () => {
  const errors: [LinearizeError, string, string[]][] = [
    [
      new ExportCommitError(['a.py'], new Error('x')),
      'Exported, not committed',
      ['a.py']
    ],
    [
      new WouldOverwriteError('m', { files: ['a.py', 'b.yaml'] }),
      'Files not written',
      ['a.py', 'b.yaml']
    ],
    [
      new ExportWriteError('m', { file: 'c.py' }),
      'Files not written',
      ['c.py']
    ],
    [new NotPythonError('m'), 'Not exported', []],
    [new ExportOptionsError('m'), 'Not exported', []],
    [
      new NotebookFormatError('m', { path: 'n.ipynb' }),
      'Notebook not readable',
      ['n.ipynb']
    ],
    [new InternalError('m'), 'Export failed', []]
  ];

  it.each(errors)('%s: a title, the files, a remedy', (e, title, files) => {
    const english = exportErrorAdvice(e);
    expect(english.title).toBe(title);
    expect(english.files).toEqual(files);
    const marked = exportErrorAdvice(e, MARKING);
    expect(marked.title).toBe(`«${title}»`);
    expect(marked.files).toEqual(files);
    expect(marked.advice).toBe(
      english.advice === null ? null : `«${english.advice}»`
    );
  });
});
