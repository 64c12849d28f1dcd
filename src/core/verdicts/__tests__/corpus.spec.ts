/**
 * The whole shared corpus (472 real notebooks) in file-only mode: no notebook makes the
 * analyser throw, every report is well formed, and `count-order` / `count-gap` give
 * exactly the figures of shared/corpus/README.md (Pimentel et al.'s rules).
 * `LINEARIZE_CORPUS` points elsewhere (a folder of notebooks).
 */
import { readFileSync } from 'fs';
import { fromIpynb } from '../../notebook/fromIpynb';
import { analyze } from '../analyzer';
import { KINDS } from '../kinds';
import { corpusNotebooks } from '../../__tests__/corpus';

describe('the shared corpus, file-only', () => {
  const files = corpusNotebooks();

  it('analyses every notebook without throwing; counts match the corpus README', () => {
    expect(files.length).toBeGreaterThan(0);
    let unordered = 0;
    let skips = 0;
    const kinds = new Map<string, number>();
    for (const file of files) {
      const nb = fromIpynb(readFileSync(file, 'utf8'));
      const report = analyze(nb, null);
      expect(typeof report.linear).toBe('boolean');
      for (const f of report.findings) {
        expect(KINDS).toContain(f.kind);
        if (f.cell !== null) {
          expect(nb.cells[f.cell.index ?? -1]?.id).toBe(f.cell.id);
        }
        kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
      }
      unordered += report.findings.some(f => f.kind === 'count-order') ? 1 : 0;
      skips += report.findings.some(f => f.kind === 'count-gap') ? 1 : 0;
    }
    if (process.env.LINEARIZE_CORPUS === undefined) {
      expect(files).toHaveLength(472);
      expect(unordered).toBe(77);
      expect(skips).toBe(192);
    }
    console.log(
      `corpus: ${files.length} notebooks, ${unordered} unordered, ${skips} with skips; findings ` +
        JSON.stringify(Object.fromEntries([...kinds].sort()))
    );
  });
});
