/**
 * The parameters view words why a value is not extracted, the warnings on extracted values
 * and the notebook's notes through the translator (issue 18): with a bundle that "translates"
 * every msgid into upper case between «», no English word may be left. Names are upper case
 * in the notebook below, so any lower-case letter is English that bypassed the bundle.
 */
import type { INotebookSnapshot } from '../../core';
import { findParams } from '../../core';
import { ParamsView } from '../paramsPanel';
import { english, shouting } from './utils';

/** Skips of several kinds, warnings and a note on a cell that does not parse. */
const SOURCES = [
  'LR = 0.5\nEPOCHS = 10',
  // Extracted above: skipped here, and a warning on the first.
  'LR = 0.1',
  // A display call: every keyword deny-listed.
  'HTML(X=1)',
  'A = B = 1',
  'C = D + 2',
  'E = 2**10',
  'G = {1, 2}',
  'H = F"X{Y}"',
  'I, J = 1, 2',
  'def TRAIN():\n    return EPOCHS',
  'EPOCHS += 1',
  'Z = 1\nY = ('
];

function snapshot(): INotebookSnapshot {
  return {
    nbformat: [4, 5],
    language: 'python',
    kernelName: 'python3',
    cells: SOURCES.map((source, i) => ({
      id: `C${i}`,
      type: 'code',
      source,
      executionCount: null,
      outputs: [],
      tags: []
    }))
  };
}

const actions = {
  writeYaml: () => Promise.resolve(''),
  insertCell: () => undefined
};

describe("the parameters view's messages through the translator", () => {
  it('words every skip, warning and note', () => {
    const nb = snapshot();
    const found = findParams(nb);
    const view = new ParamsView(() => nb, 'DEMO.IPYNB', actions, shouting);
    const rows = Array.from(
      view.node.querySelectorAll<HTMLTableRowElement>(
        '.jp-Linearize-paramsTable tbody tr'
      )
    );
    expect(rows).toHaveLength(found.candidates.length);
    const notes = rows.map(r => r.cells[r.cells.length - 1].textContent ?? '');
    const worded = notes.filter(n => n !== '');
    // Skips of several kinds, and warnings.
    expect(found.candidates.filter(c => c.skip).length).toBeGreaterThan(8);
    expect(found.candidates.some(c => c.warnings.length > 1)).toBe(true);
    expect(worded.length).toBeGreaterThan(9);
    for (const n of worded) {
      expect([n, english(n)]).toEqual([n, []]);
    }
    expect(notes).toContain(
      '«%1=: %2»'
        .replace('%1', 'X')
        .replace('%2', '«DISPLAY OR PRINTING ONLY: DOES NOT CHANGE THE RESULT»')
    );
    expect(notes).toContain(
      '«%1… BINDS SEVERAL NAMES TO ONE VALUE; SPLIT IT TO EXTRACT»'.replace(
        '%1',
        'A = B = '
      )
    );

    // The notebook's notes are shown too, in the user's language.
    const shown = Array.from(
      view.node.querySelectorAll('.jp-Linearize-paramsNotes li')
    ).map(li => li.textContent ?? '');
    expect(shown).toHaveLength(1);
    // The parser's detail is the parser's words, through the same bundle.
    expect(shown[0]).toMatch(/^«CELL 12 DOES NOT PARSE AS PYTHON \(LINE 2: «/);
    expect(english(shown[0])).toEqual([]);
    view.dispose();
  });

  it('says why a notebook in another language has no parameters', () => {
    const nb = { ...snapshot(), language: 'r' };
    const view = new ParamsView(() => nb, 'DEMO.IPYNB', actions, shouting);
    const shown = Array.from(
      view.node.querySelectorAll('.jp-Linearize-paramsNotes li')
    ).map(li => li.textContent ?? '');
    expect(shown).toEqual([
      '«THE KERNEL LANGUAGE IS %1, NOT PYTHON: NO PARAMETERS EXTRACTED»'.replace(
        '%1',
        'r'
      )
    ]);
    view.dispose();
  });
});
