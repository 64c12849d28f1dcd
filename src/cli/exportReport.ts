/**
 * What `linearize export` prints for each notebook: the human lines and the `--json` document.
 */
import { join, relative } from 'node:path';
import {
  findingJson,
  WouldOverwriteError,
  type ICommitOutcome,
  type IExportPlan,
  type IFinding,
  type IWriteResult,
  type LinearizeError
} from '../core';

/**
 * A plan as reported: its files' names without their texts (a run over many notebooks would
 * otherwise keep every script in memory until it prints).
 */
export type IReportedPlan = Omit<IExportPlan, 'files'> & {
  readonly files: readonly { readonly name: string }[];
};

/** What happened to one notebook, for the text and JSON outputs. */
export interface IExportOutcomeReport {
  readonly path: string;
  readonly outDir: string;
  readonly plan: IReportedPlan | null;
  readonly written: IWriteResult | null;
  readonly commit: ICommitOutcome | null;
  readonly notes: readonly string[];
  readonly error: LinearizeError | null;
}

/** The `--json` document. */
export function exportJson(
  outcomes: readonly IExportOutcomeReport[]
): Record<string, unknown> {
  return {
    version: 1,
    notebooks: outcomes.map(o => ({
      path: o.path,
      outputDir: o.outDir,
      files:
        o.plan === null ? [] : o.plan.files.map(f => join(o.outDir, f.name)),
      written: o.written?.written ?? [],
      unchanged: o.written?.unchanged ?? [],
      order: o.plan?.order ?? null,
      cells: o.plan?.cells ?? null,
      linear: o.plan?.verdict.linear ?? null,
      differences: o.plan?.differences.map(findingJson) ?? [],
      warnings: o.plan?.warnings ?? [],
      requirements: o.plan?.requirements ?? [],
      // The words only: `facts` is for front ends that translate them.
      pillars:
        o.plan?.pillars.map(p => ({
          pillar: p.pillar,
          text: p.text,
          missing: p.missing
        })) ?? [],
      git: o.plan?.manifest.git ?? null,
      commit:
        o.commit === null
          ? null
          : {
              commit: o.commit.commit,
              branch: o.commit.branch,
              created: o.commit.created
            },
      notes: o.notes,
      error: o.error === null ? null : o.error.toJSON()
    }))
  };
}

function cellName(f: IFinding): string {
  if (f.cell === null) {
    return 'notebook';
  }
  return f.cell.index === null
    ? `deleted cell ${f.cell.id}`
    : `cell ${f.cell.index + 1}`;
}

/** The human output for one notebook. */
export function formatExportOutcome(o: IExportOutcomeReport): string {
  const lines: string[] = [];
  const plan = o.plan;
  if (o.error !== null && o.written === null) {
    // The error itself went to stderr; say what it means for the files.
    lines.push(
      `${o.path}: not exported${o.error.code === WouldOverwriteError.code ? ' (nothing was written)' : ''}`
    );
  }
  if (plan !== null && o.written !== null) {
    const rel = relative(process.cwd(), o.outDir) || '.';
    const names = plan.files.map(f => f.name);
    const unchanged = o.written.unchanged.length;
    lines.push(
      `${o.path}: exported ${names.join(', ')} in ${rel}${unchanged > 0 ? ` (${unchanged} unchanged)` : ''}`
    );
    const order =
      plan.order === 'notebook'
        ? 'notebook order'
        : plan.order === 'history'
          ? 'execution history'
          : 'slice of the history';
    lines.push(
      `  ${plan.cells} code ${plan.order === 'notebook' ? 'cells' : 'runs'}, ${order}`
    );
  }
  if (plan !== null) {
    // As the script's header: never a bare "linear" while history-var notes remain.
    const notes = plan.warnings.filter(w => w.code === 'history-var').length;
    const history =
      notes === 0
        ? ''
        : `, but ${notes === 1 ? '1 cell reads' : `${notes} cells read`} IPython's output history (history-var warning${notes > 1 ? 's' : ''} below)`;
    if (plan.differences.length === 0) {
      lines.push(
        `  verdict: ${plan.verdict.linear ? `linear${history}` : 'not linear, but nothing makes this export differ from what ran'}`
      );
    } else {
      const n = plan.differences.length;
      lines.push(
        `  verdict: not linear; ${n} finding${n > 1 ? 's make' : ' makes'} the script differ from what the notebook showed:`
      );
      for (const f of plan.differences) {
        lines.push(`    ${cellName(f)}: ${f.kind}: ${f.message}`);
      }
    }
    for (const pillar of plan.pillars) {
      lines.push(
        `  ${pillar.pillar}: ${pillar.text}${pillar.missing !== null ? ` (missing: ${pillar.missing})` : ''}`
      );
    }
    for (const w of plan.warnings) {
      const where =
        w.cellIndex !== null
          ? `cell ${w.cellIndex + 1}`
          : w.cellId !== null
            ? `cell ${w.cellId}`
            : 'export';
      lines.push(`  warning: ${where}: ${w.code}: ${w.message}`);
    }
    if (plan.requirements.length > 0) {
      lines.push(
        `  requirements (not installed by the script): ${plan.requirements.join(' ')}`
      );
    }
  }
  for (const n of o.notes) {
    lines.push(`  note: ${n}`);
  }
  if (o.commit !== null) {
    lines.push(
      o.commit.created
        ? `  committed ${o.commit.commit.slice(0, 12)} on ${o.commit.branch}`
        : `  nothing to commit: ${o.commit.branch} already holds these files`
    );
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
