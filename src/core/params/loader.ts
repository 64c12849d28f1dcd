/**
 * The few lines at the top of an exported script that hand over to its runtime
 * (`python/runtime.py`, written beside the script as `_linearize_runtime.py`): the config's
 * keys and types, the manifest to check the data against, the notebook's folder. The
 * machinery lives in the runtime module, so the user's code is the first thing to read.
 */
import { pySource, pyStringSource } from './pySource';
import type { PyValue } from './pyValue';
import { isExtracted, typeNotes } from './toYaml';
import type { IParamCandidate } from './types';

/** The runtime module's file name; the script imports it by this name. */
export const RUNTIME_FILE = '_linearize_runtime.py';
export const RUNTIME_MODULE = '_linearize_runtime';

/** Options of `scriptLoader`. */
export interface ILoaderOptions {
  /** The config file beside the script, or null when nothing is extracted. */
  readonly configFile: string | null;
  /** The manifest beside the script (its `data[]` and `outputs[]`). */
  readonly manifest: string;
  /** The variable the code reads (`P`). */
  readonly configName: string;
  /** The notebook's folder relative to the script (`.`), or null for the working directory. */
  readonly workdir: string | null;
}

function kindOf(v: PyValue | null): string {
  return v === null || v.kind === 'none' ? 'any' : v.kind;
}

/** A Python tuple literal for a path inside a value: `()`, `(0,)`, `(0, "a")`. */
function pathSource(path: readonly (string | number | PyValue)[]): string {
  const parts = path.map(p =>
    typeof p === 'number'
      ? String(p)
      : typeof p === 'string'
        ? pyStringSource(p)
        : pySource(p)
  );
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}

/**
 * The entries of the `kinds` (key → the type of the literal it replaced) and `tuples` (key →
 * paths of the tuples inside its value) dicts of the chosen parameters, one line each,
 * indented 8: the script's loader and the notebook's prelude write the same.
 */
export function configEntries(
  chosen: readonly (IParamCandidate & { key: string; value: PyValue })[]
): {
  readonly kinds: string[];
  readonly tuples: string[];
} {
  const kinds: string[] = [];
  const tuples: string[] = [];
  for (const c of chosen) {
    const key = pyStringSource(`${c.group}.${c.key}`);
    kinds.push(`        ${key}: "${kindOf(c.value)}",`);
    const paths = typeNotes(c.value, [])
      .filter(n => n.type === 'tuple')
      .map(n => pathSource(n.path));
    if (paths.length > 0) {
      tuples.push(`        ${key}: [${paths.join(', ')}],`);
    }
  }
  return { kinds, tuples };
}

/**
 * The loader lines (no imports: the caller adds `os` and `sys`). Deterministic: the same
 * candidates and options give the same bytes.
 */
export function scriptLoader(
  candidates: readonly IParamCandidate[],
  options: ILoaderOptions
): string[] {
  const chosen =
    options.configFile === null ? [] : candidates.filter(isExtracted);
  const args = ['    __file__,'];
  if (options.configFile !== null && chosen.length > 0) {
    args.push(`    config=${pyStringSource(options.configFile)},`);
  }
  args.push(`    manifest=${pyStringSource(options.manifest)},`);
  if (chosen.length > 0) {
    const { kinds, tuples } = configEntries(chosen);
    args.push('    kinds={', ...kinds, '    },');
    if (tuples.length > 0) {
      args.push('    tuples={', ...tuples, '    },');
    }
  }
  args.push(
    `    workdir=${options.workdir === null ? 'None' : pyStringSource(options.workdir)},`
  );
  const target = chosen.length > 0 ? `${options.configName} = ` : '';
  const what =
    chosen.length > 0
      ? 'Config (--set GROUP.KEY=VALUE), data check and run record'
      : 'Data check and run record';
  return [
    `# ${what}: ${RUNTIME_FILE}, generated beside this script.`,
    'sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))',
    `import ${RUNTIME_MODULE}  # noqa: E402`,
    '',
    `${target}${RUNTIME_MODULE}.start(`,
    ...args,
    ')'
  ];
}
