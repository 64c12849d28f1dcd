/**
 * The shared corpus (472 real notebooks) through extraction and back through the YAML reader:
 * no throw, every span holds its text, and every extracted value reads back identical.
 */
import { readFileSync } from 'fs';
import { fromIpynb } from '../../notebook/fromIpynb';
import { findParams } from '../findParams';
import type { PyValue } from '../pyValue';
import { readParamsYaml } from '../readYaml';
import { isExtracted, toYaml } from '../toYaml';
import { corpusNotebooks } from '../../__tests__/corpus';

/** Floats by repr-like identity (NaN, -0); everything else structurally. */
function norm(v: PyValue | undefined): unknown {
  if (v === undefined) {
    return undefined;
  }
  switch (v.kind) {
    case 'float':
      return { float: Object.is(v.value, -0) ? '-0' : String(v.value) };
    case 'list':
    case 'tuple':
      return { [v.kind]: v.items.map(norm) };
    case 'dict':
      return { dict: v.entries.map(([k, x]) => [norm(k), norm(x)]) };
    default:
      return v;
  }
}

const describeCorpus = describe;

describeCorpus('the shared corpus', () => {
  it('extracts without throwing and reads every value back identical', () => {
    let extracted = 0;
    for (const file of corpusNotebooks()) {
      const nb = fromIpynb(readFileSync(file, 'utf8'));
      const { candidates } = findParams(nb);
      for (const c of candidates) {
        expect(nb.cells[c.cellIndex].source.slice(c.span[0], c.span[1])).toBe(
          c.text
        );
      }
      const r = readParamsYaml(toYaml(candidates));
      if (!r.ok) {
        throw new Error(`${file}: ${r.message}`);
      }
      for (const c of candidates.filter(isExtracted)) {
        extracted++;
        const back = r.config.get(c.group)?.get(c.key);
        if (JSON.stringify(norm(back)) !== JSON.stringify(norm(c.value))) {
          throw new Error(
            `${file}: ${c.group}.${c.key} reads back as ${JSON.stringify(norm(back))}`
          );
        }
      }
    }
    expect(extracted).toBeGreaterThan(1000);
  });
});
