/**
 * Runs the fact extraction on every code cell of the shared corpus (472 real notebooks):
 * nothing may throw, and parse errors must stay a small minority (Python 2 prints, 3.12 syntax,
 * deliberately broken cells).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { describeSyntax } from '../../parse/syntaxProblem';
import { cellFacts } from '../cellFacts';

const corpus =
  process.env.LINEARIZE_CORPUS ??
  path.resolve(__dirname, '../../../../../shared/corpus');
const notebooks = path.join(corpus, 'notebooks');

function notebookFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      out.push(...notebookFiles(p));
    } else if (e.name.endsWith('.ipynb')) {
      out.push(p);
    }
  }
  return out.sort();
}

interface IRawCell {
  cell_type?: string;
  source?: string | string[];
  input?: string | string[];
}

/** Code cell sources of an nbformat 3 or 4 notebook. */
export function codeSources(json: unknown): string[] {
  const nb = json as {
    cells?: IRawCell[];
    worksheets?: { cells?: IRawCell[] }[];
  };
  const cells = nb.cells ?? (nb.worksheets ?? []).flatMap(w => w.cells ?? []);
  const text = (s: string | string[] | undefined): string =>
    Array.isArray(s) ? s.join('') : (s ?? '');
  return cells
    .filter(c => c.cell_type === 'code')
    .map(c => text(c.source ?? c.input));
}

// CI always has the corpus: without it this suite fails loudly rather than pass unrun.
if (!fs.existsSync(notebooks)) {
  throw new Error(
    `the shared corpus is missing: ${notebooks} not found (check out ../shared or set LINEARIZE_CORPUS)`
  );
}

describe('cellFacts on the corpus', () => {
  it('never throws and parses nearly every cell', () => {
    let cells = 0;
    let errors = 0;
    let millis = 0;
    const samples: string[] = [];
    for (const file of notebookFiles(notebooks)) {
      const json: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      for (const src of codeSources(json)) {
        cells++;
        const started = Date.now();
        const facts = cellFacts(src);
        millis += Date.now() - started;
        if (facts.parseError) {
          errors++;
          if (process.env.LINEARIZE_CORPUS_DUMP) {
            samples.push(
              `${path.basename(file)} ${facts.parseError.line}:${facts.parseError.column} ${describeSyntax(facts.parseError.problem)}\n${src}\n-----`
            );
          }
        }
      }
    }
    if (process.env.LINEARIZE_CORPUS_DUMP) {
      fs.writeFileSync(process.env.LINEARIZE_CORPUS_DUMP, samples.join('\n'));
    }
    // eslint-disable-next-line no-console
    console.log(
      `corpus: ${cells} code cells, ${errors} with parse errors, ` +
        `${((millis / cells) * 1000).toFixed(0)} µs per cell`
    );
    expect(cells).toBeGreaterThan(5000);
    // Speed is measured by bench/analysis.mjs, never asserted here (a shared machine varies 2x).
    expect(errors / cells).toBeLessThan(0.02);
  });
});
