/**
 * `linearize check --format github`: GitHub Actions workflow commands, one annotation per
 * finding on the line where the flagged cell's source begins (notebook-level findings on
 * line 1), `error`/`warning`/`notice` by severity; then the usual summary line.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import type { Severity } from '../../core';
import type { ICheckedNotebook } from '../report';
import { findingLine, relativePath } from './where';

const COMMAND: Readonly<Record<Severity, string>> = {
  error: 'error',
  warning: 'warning',
  info: 'notice'
};

/** Message data: `%`, CR and LF are escaped. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values: also `:` and `,`, which delimit properties. */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The annotation lines for one notebook. */
export function githubAnnotations(r: ICheckedNotebook, cwd: string): string {
  const file = escapeProperty(relativePath(r.path, cwd));
  if (r.error !== null) {
    return `::error file=${file},line=1,title=${escapeProperty('linearize: cannot check')}::${escapeData(r.error)}\n`;
  }
  let out = '';
  for (const note of r.notes) {
    out += `::notice file=${file},line=1,title=${escapeProperty('linearize: note')}::${escapeData(note)}\n`;
  }
  for (const f of r.findings) {
    const where =
      f.cell === null
        ? ''
        : f.cell.index === null
          ? ' (deleted cell)'
          : ` (cell ${f.cell.index + 1})`;
    out +=
      `::${COMMAND[f.severity]} file=${file},line=${findingLine(f, r)},` +
      `title=${escapeProperty(`linearize ${f.kind}${where}`)}::${escapeData(f.message)}\n`;
  }
  return out;
}
