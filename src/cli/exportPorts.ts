/**
 * The Node side of `linearize export`'s ports and paths: the target interpreter's probe, the
 * output folder made on first use, the notebook's folder relative to the output.
 */
import { mkdirSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import {
  RUNTIME_MODULES,
  storedImports,
  type IExportWriter,
  type IInterpreterAnswer,
  type INotebookSnapshot
} from '../core';
import type { IFactsStore } from '../core/verdicts/pillars';
import { describeWriteError } from './nodeWriter';
import { askInterpreter } from './probeSession';

/**
 * The target interpreter's answer about the modules the notebook imports (and PyYAML, the
 * runtime's): one question per notebook, to one probe per run; null with `--no-env` or when
 * the default `python3` is not there (noted); a message when an explicit `--python` cannot
 * answer. The modules come from `facts` when it holds them (a warm export parses no cell).
 */
export async function probeFor(
  nb: INotebookSnapshot,
  python: string | null | false | undefined,
  notes: string[],
  facts: IFactsStore | null
): Promise<IInterpreterAnswer | null | string> {
  if (python === false) {
    return null;
  }
  const modules = [
    ...new Set([
      ...storedImports(
        facts,
        nb.cells.filter(c => c.type === 'code').map(c => c.source)
      ),
      ...RUNTIME_MODULES
    ])
  ].sort();
  const probe = await askInterpreter(python ?? 'python3', modules);
  if (probe.info !== null) {
    return probe.info;
  }
  if (python) {
    return `--python: ${probe.error ?? 'no answer'}`;
  }
  notes.push(
    `${probe.error ?? 'python3 did not answer'}: packages not pinned (pass --python)`
  );
  return null;
}

/** The notebook's folder relative to the output folder, `/`-separated (`.` when the same). */
export function workdirFor(outDir: string, nbDir: string): string {
  const rel = relative(outDir, nbDir);
  if (rel === '') {
    return '.';
  }
  return isAbsolute(rel) ? nbDir : rel.split(sep).join('/');
}

/**
 * Creates the output folder (`-o DIR`) when the writer is first used, after planning: an export
 * refused before writing (a non-Python notebook) leaves no folder behind.
 */
export function creatingFolder(
  dir: string,
  writer: IExportWriter
): IExportWriter {
  let made = false;
  const ensure = () => {
    if (!made) {
      try {
        mkdirSync(dir, { recursive: true });
      } catch (e) {
        throw new Error(
          `cannot create the output folder ${dir}: ${describeWriteError(e)}`
        );
      }
      made = true;
    }
  };
  const recover = writer.recover?.bind(writer);
  return {
    ...writer,
    exists: async name => {
      ensure();
      return writer.exists(name);
    },
    ...(recover !== undefined
      ? {
          recover: async () => {
            ensure();
            return recover();
          }
        }
      : {})
  };
}

export function posix(p: string): string {
  return p.split(sep).join('/');
}
