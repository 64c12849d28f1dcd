/**
 * The data files a notebook reads and writes, resolved through names bound above in
 * notebook order (`fn = "data/x.xlsx"; pd.read_excel(fn)`), joins of literals, `Path`s,
 * f-strings of such names, and a literal `%cd`/`os.chdir`. One resolver for the verdicts,
 * the export's `data[]` hashes, parameter extraction and the manifest's outputs.
 */

import { scanNotebook, type IResolvedRead } from './scanNotebook';

/** Files read and written, paths relative to the notebook's folder. */
export interface IDataPaths {
  /** Every read of a file (not URLs), in notebook order; `path` null when not resolvable. */
  readonly reads: readonly IResolvedRead[];
  /** Distinct resolved paths read (globs excluded), sorted. */
  readonly paths: readonly string[];
  /** Distinct resolved paths the code writes, sorted. */
  readonly writes: readonly string[];
}

/** Resolve the data paths of `sources`: code cells in notebook order. Never throws. */
export function resolveDataPaths(sources: readonly string[]): IDataPaths {
  const scan = scanNotebook(
    sources.map((source, index) => ({ id: `cell-${index}`, index, source }))
  );
  const paths = new Set<string>();
  for (const r of scan.reads) {
    if (r.path !== null && !r.glob) {
      paths.add(r.path);
    }
  }
  return { reads: scan.reads, paths: [...paths].sort(), writes: scan.writes };
}
