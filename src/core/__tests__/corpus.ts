/**
 * Where the tests find the shared corpus (472 real notebooks): `LINEARIZE_CORPUS` (a corpus
 * folder or a folder of notebooks), else `../shared/corpus` beside the checkout. CI always
 * has it; a suite that needs it fails loudly when it is missing rather than skip.
 */
import { existsSync, readdirSync, statSync } from 'fs';
import * as path from 'path';

/** The corpus root (holding `notebooks/`), or the folder `LINEARIZE_CORPUS` names. */
export const CORPUS =
  process.env.LINEARIZE_CORPUS ??
  path.resolve(__dirname, '../../../..', 'shared/corpus');

/** Every `.ipynb` below `dir`, in sorted order; throws when `dir` is missing. */
export function corpusNotebooks(dir: string = CORPUS): string[] {
  if (!existsSync(dir)) {
    throw new Error(
      `the shared corpus is missing: ${dir} not found (check out ../shared or set LINEARIZE_CORPUS)`
    );
  }
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      out.push(...corpusNotebooks(p));
    } else if (name.endsWith('.ipynb')) {
      out.push(p);
    }
  }
  return out;
}
