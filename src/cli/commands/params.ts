/**
 * `linearize params <notebook>`: the parameter config of a notebook as YAML (stdout or `-o`),
 * or with `--json` every candidate with its position, group and skip reason, plus the
 * rewritten cells and the config prelude an export would use.
 */
import type { Command } from 'commander';
import { lstatSync, readFileSync } from 'fs';
import { basename, dirname, resolve } from 'path';
import {
  chooseConfigName,
  configPrelude,
  findParams,
  NotebookFormatError,
  parametersCellSource,
  pyFloatRepr,
  pyValueToJson,
  rewriteNotebook,
  selectParams,
  toYaml,
  YAML_MARKER,
  type IParamCandidate
} from '../../core';
import { EXIT } from '../exit';
import {
  describeWriteError,
  recoverExports,
  writeFileAtomic
} from '../nodeWriter';
import { readNotebookFile } from '../readNotebook';

interface IParamsOptions {
  output?: string;
  force?: boolean;
  json?: boolean;
  include: string[];
  exclude: string[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerParams(program: Command): void {
  program
    .command('params')
    .description('extract hard-coded parameters into a YAML config')
    .argument('<notebook>', 'the .ipynb file')
    .option(
      '-o, --output <file>',
      'write the YAML to FILE (atomically) instead of stdout'
    )
    .option(
      '--force',
      'with -o: overwrite FILE even if linearize did not write it'
    )
    .option(
      '--json',
      'print every candidate (positions, groups, skip reasons) as JSON'
    )
    .option(
      '--include <glob>',
      'extract only keys matching GLOB (repeatable; a key without wildcards also brings back a deny-listed keyword)',
      collect,
      []
    )
    .option(
      '--exclude <glob>',
      'leave out keys matching GLOB (repeatable)',
      collect,
      []
    )
    .action((notebook: string, options: IParamsOptions) => {
      process.exitCode = runParams(notebook, options);
    });
}

/** Runs the command; returns the exit code. */
export function runParams(
  notebookPath: string,
  options: IParamsOptions
): number {
  let nb;
  try {
    nb = readNotebookFile(notebookPath);
  } catch (e) {
    if (e instanceof NotebookFormatError) {
      return fail(`${notebookPath}: ${e.message}`);
    }
    throw e;
  }
  const found = findParams(nb);
  const candidates = selectParams(found.candidates, {
    include: options.include,
    exclude: options.exclude
  });
  const name = basename(notebookPath);
  const yaml = toYaml(candidates, { notebook: name });
  if (options.output !== undefined) {
    const refused = writeAtomically(
      options.output,
      yaml,
      options.force === true
    );
    if (refused !== null) {
      return fail(refused);
    }
  }
  if (options.json) {
    const configName = chooseConfigName(nb);
    const configFile =
      options.output !== undefined ? basename(options.output) : 'params.yaml';
    const rewritten = rewriteNotebook(nb, candidates, configName);
    const payload = {
      version: 1,
      notebook: name,
      candidates: candidates.map(candidateJson),
      notes: found.notes.map(({ message, cellId }) => ({ message, cellId })),
      yaml,
      rewrite: {
        configName,
        configFile,
        prelude: configPrelude(candidates, { configFile, configName }),
        parametersCell: parametersCellSource(candidates, configName),
        cells: nb.cells.flatMap((cell, index) => {
          const r = rewritten.get(cell.id);
          return r
            ? [
                {
                  id: cell.id,
                  index,
                  source: r.source,
                  rejected: r.rejected.map(x => ({
                    key: x.candidate.key,
                    reason: x.reason
                  }))
                }
              ]
            : [];
        })
      }
    };
    process.stdout.write(`${JSON.stringify(payload, null, 2)}\n`);
  } else if (options.output === undefined) {
    process.stdout.write(yaml);
  }
  return EXIT.ok;
}

/**
 * A candidate as JSON. Skips and warnings print their English `message` only: `text` (the
 * message as data, for the lab's translations) is not part of the documented output.
 */
function candidateJson(c: IParamCandidate): Record<string, unknown> {
  return {
    ...c,
    value: c.value === null ? null : pyValueToJson(c.value, pyFloatRepr),
    skip:
      c.skip === null ? null : { code: c.skip.code, message: c.skip.message },
    warnings: c.warnings.map(w => ({
      code: w.code,
      message: w.message,
      cellId: w.cellId,
      cellIndex: w.cellIndex,
      line: w.line
    }))
  };
}

/**
 * Writes `text` to `path` atomically (`writeFileAtomic`: every byte counted, flushed before
 * the rename; on a failure the old file stays as it was). Returns a refusal message naming
 * `path` (never the hidden temporary file), or null when written.
 */
function writeAtomically(
  path: string,
  text: string,
  force: boolean
): string | null {
  let exists = false;
  try {
    const st = lstatSync(path);
    if (st.isDirectory()) {
      return `cannot write ${path}: it is a folder`;
    }
    exists = true;
  } catch {
    exists = false;
  }
  if (exists && !force) {
    let first = '';
    try {
      first = readFileSync(path, 'utf8').split('\n', 1)[0];
    } catch (e) {
      return `cannot read ${path}: ${describeWriteError(e)}`;
    }
    if (!first.startsWith(YAML_MARKER)) {
      return `${path} exists and was not generated by linearize (its first line is not "${YAML_MARKER}…"); use --force to overwrite it`;
    }
  }
  try {
    // Temporary files a killed earlier run left in that folder go first.
    recoverExports(dirname(resolve(path)));
    writeFileAtomic(path, text);
  } catch (e) {
    return `cannot write ${path}: ${describeWriteError(e)}; ${exists ? 'the old file is unchanged' : 'nothing was written'}`;
  }
  return null;
}

function fail(message: string): number {
  process.stderr.write(`linearize params: ${message}\n`);
  return EXIT.usage;
}
