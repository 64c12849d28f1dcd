/**
 * Prints the results of `linearize check` in the chosen `--format`: human text, the
 * `--json` document, SARIF 2.1.0, or GitHub workflow commands.
 */
import type { Severity } from '../core';
import { githubAnnotations } from './formats/github';
import { toSarif } from './formats/sarif';
import {
  formatNotebook,
  formatSummary,
  styleFor,
  toJson,
  type ICheckedNotebook
} from './report';

export type CheckFormat = 'text' | 'json' | 'sarif' | 'github';

export const CHECK_FORMATS: readonly CheckFormat[] = [
  'text',
  'json',
  'sarif',
  'github'
];

/** Formats that locate findings on file lines (the notebook's raw text is scanned for them). */
export function needsLines(format: CheckFormat): boolean {
  return format === 'sarif' || format === 'github';
}

/** Machine formats keep stdout to one document; notes go to stderr. */
export function isDocument(format: CheckFormat): boolean {
  return format === 'json' || format === 'sarif';
}

export function writeCheckOutput(
  results: readonly ICheckedNotebook[],
  failing: number,
  failOn: Severity,
  format: CheckFormat
): void {
  const out = process.stdout;
  if (isDocument(format)) {
    for (const r of results) {
      for (const note of r.notes) {
        process.stderr.write(`linearize check: ${r.path}: ${note}\n`);
      }
    }
  }
  switch (format) {
    case 'json':
      out.write(JSON.stringify(toJson(results), null, 2) + '\n');
      return;
    case 'sarif':
      out.write(
        JSON.stringify(toSarif(results, process.cwd()), null, 2) + '\n'
      );
      return;
    case 'github':
      for (const r of results) {
        out.write(githubAnnotations(r, process.cwd()));
      }
      out.write(formatSummary(results, failing, failOn));
      return;
    case 'text': {
      const style = styleFor(out);
      for (const r of results) {
        out.write(formatNotebook(r, style));
      }
      out.write(formatSummary(results, failing, failOn, style));
    }
  }
}
