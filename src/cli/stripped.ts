/**
 * Notebooks with no execution count and no output anywhere: never run, or cleaned by a
 * notebook stripper (nbstripout and nb-clean remove both by default). Their saved state
 * says nothing about a kernel, so the kernel-state verdicts would be wrong: they are checked
 * as code only (what Restart & Run All would do), with one note instead of an `unexecuted`
 * finding per cell.
 */
import type { IFinding, INotebookSnapshot } from '../core';
import { isBlankSource } from '../core';

const KEEP =
  'to keep it, keep execution counts and cell ids: nbstripout --keep-count --keep-id, ' +
  'nb-clean clean --preserve-execution-counts (and not --remove-all-notebook-metadata)';

/** The note for a notebook that holds code but no count and no output; null otherwise. */
export function strippedNote(nb: INotebookSnapshot): string | null {
  let code = false;
  for (const c of nb.cells) {
    if (c.type !== 'code') {
      continue;
    }
    if (
      (c.executionCount !== null && c.executionCount > 0) ||
      c.outputs.length > 0
    ) {
      return null;
    }
    code ||= !isBlankSource(c.source);
  }
  if (!code) {
    return null;
  }
  return nb.record !== undefined
    ? 'stripped: no cell has an execution count or output, but the execution record is ' +
        'there (a stripper such as nbstripout or nb-clean removed them); checked as code ' +
        `only (what Restart & Run All would do), the record unused; ${KEEP}`
    : 'no cell has an execution count or output (never run, or stripped): checked as code ' +
        'only (what Restart & Run All would do)';
}

/** The findings that still mean something for such a notebook. */
export function codeOnly(findings: readonly IFinding[]): IFinding[] {
  return findings.filter(f => f.kind !== 'unexecuted');
}
