/**
 * `linearize runs <script>`: the runs of an exported script, from `<stem>.runs.jsonl` beside
 * it (one line each, failed runs too); `--diff A B` says what differs between two runs in
 * code, config, environment, data and outputs, key by key.
 *
 * Exit status: 0 listed (or no difference); 1 the two runs differ; 2 usage error or no
 * readable run record.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import {
  diffRuns,
  formatDifferences,
  formatRun,
  parseRuns,
  pickRun,
  RunRefError
} from '../../core/runs';
import { EXIT } from '../exit';

/** `train.py` → `train.runs.jsonl` beside it; a `.runs.jsonl` path is taken as is. */
export function runsFileOf(script: string): string {
  if (script.endsWith('.runs.jsonl')) {
    return script;
  }
  const stem = basename(script).replace(/\.py$/i, '');
  return join(dirname(script), `${stem}.runs.jsonl`);
}

export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description(
      'list the runs of an exported script, or say what differs between two of them'
    )
    .argument('<script>', 'the exported script (or its .runs.jsonl)')
    .option(
      '--diff <runs...>',
      'two runs to compare: 1 is the first, -1 (or last) the last'
    )
    .option('--json', 'print one JSON document instead of text')
    .action((script: string, raw: Record<string, unknown>) => {
      const diff = Array.isArray(raw.diff) ? raw.diff.map(String) : null;
      process.exitCode = runRuns(script, { diff, json: raw.json === true });
    });
}

function fail(message: string): number {
  process.stderr.write(`linearize runs: ${message}\n`);
  return EXIT.usage;
}

/** Runs the command; returns the exit code. Never throws. */
export function runRuns(
  script: string,
  options: { readonly diff: readonly string[] | null; readonly json: boolean }
): number {
  const file = runsFileOf(script);
  if (!existsSync(file)) {
    return fail(
      `${file}: no run record yet (the script writes it when it runs)`
    );
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return fail(
      `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`
    );
  }
  const { runs, problems } = parseRuns(text);
  for (const p of problems) {
    process.stderr.write(`linearize runs: ${file}:${p.line}: ${p.message}\n`);
  }
  if (options.diff === null) {
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ version: 1, file, runs }, null, 2)}\n`
      );
    } else {
      process.stdout.write(
        `${file}: ${runs.length} run${runs.length === 1 ? '' : 's'}\n`
      );
      runs.forEach((r, i) => process.stdout.write(`${formatRun(r, i + 1)}\n`));
    }
    return EXIT.ok;
  }
  if (options.diff.length !== 2) {
    return fail('--diff takes two runs, e.g. --diff 1 -1');
  }
  let a, b;
  try {
    a = pickRun(runs, options.diff[0]);
    b = pickRun(runs, options.diff[1]);
  } catch (e) {
    if (e instanceof RunRefError) {
      return fail(e.message);
    }
    throw e;
  }
  const diffs = diffRuns(a, b);
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ version: 1, file, a: options.diff[0], b: options.diff[1], differences: diffs }, null, 2)}\n`
    );
  } else if (diffs.length === 0) {
    process.stdout.write(
      `runs ${options.diff[0]} and ${options.diff[1]}: same code, config, environment, data and outputs\n`
    );
  } else {
    process.stdout.write(
      `runs ${options.diff[0]} (${a.started}) and ${options.diff[1]} (${b.started}) differ:\n`
    );
    for (const line of formatDifferences(diffs)) {
      process.stdout.write(`  ${line}\n`);
    }
  }
  return diffs.length === 0 ? EXIT.ok : EXIT.findings;
}
