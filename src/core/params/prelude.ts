/**
 * Python that loads the config at the top of an exported script (export-rules.md §3, §4):
 * `yaml.safe_load` of the config next to the script, command-line overrides with plain
 * `argparse`, every value checked against the type of its default. PyYAML is the only
 * dependency. Everything lives inside one function so the script's namespace gains only the
 * config variable.
 */
import { pySource, pyStringSource } from './pySource';
import { CONFIG_LOADER_PY } from './python/configLoader_py';
import type { PyValue } from './pyValue';
import { isExtracted, typeNotes } from './toYaml';
import type { IParamCandidate } from './types';

/** Options of `configPrelude`. */
export interface IPreludeOptions {
  /** The config file name, resolved against the script's folder (`params.yaml`). */
  readonly configFile: string;
  /** The variable the code reads (`P`, see `chooseConfigName`). */
  readonly configName?: string;
}

/** How the prelude checks a value: the type of the literal it replaced. */
type Kind =
  'int' | 'float' | 'str' | 'bool' | 'list' | 'tuple' | 'dict' | 'any';

function kindOf(v: PyValue): Kind {
  return v.kind === 'none' ? 'any' : v.kind;
}

/**
 * The Python body of the prelude, from `python/configLoader.py` (ruff-linted, pytest-tested);
 * the head above it (`CONFIG_FILE`, `kinds`, `tuples`) is written below per export.
 */
const BODY = CONFIG_LOADER_PY;

/**
 * The config-loading prelude for an exported script, or an empty string when nothing is
 * extracted. Run as `python script.py [--config FILE] [--set GROUP.KEY=VALUE ...]`.
 *
 * #### Notes
 * The default config is resolved against the script's folder (a script runs from anywhere,
 * a kernel from the notebook's folder); a `--config` path is relative to the working
 * directory, as usual on a command line. `--set` accepts `GROUP.KEY` or a `KEY` unique
 * across groups; values are typed by the default: a str stays text (`0755` stays
 * `"0755"`), bool takes true/false, int takes `0x`/`0o`/`0b`/`_`, list and dict are YAML.
 */
export function configPrelude(
  candidates: readonly IParamCandidate[],
  options: IPreludeOptions
): string {
  const chosen = candidates.filter(isExtracted);
  if (chosen.length === 0) {
    return '';
  }
  const configName = options.configName ?? 'P';
  const kinds = chosen.map(
    c =>
      `        ${pyStringSource(`${c.group}.${c.key}`)}: "${kindOf(c.value)}",`
  );
  const tuples: string[] = [];
  for (const c of chosen) {
    const paths = typeNotes(c.value, [])
      .filter(n => n.type === 'tuple')
      .map(n => pathSource(n.path));
    if (paths.length > 0) {
      tuples.push(
        `        ${pyStringSource(`${c.group}.${c.key}`)}: [${paths.join(', ')}],`
      );
    }
  }
  const fn = '_linearize_params';
  return [
    `# Parameters: defaults in ${options.configFile.replace(/[\r\n]/g, ' ')} next to this script;`,
    '# override with --config FILE or --set GROUP.KEY=VALUE (see --help).',
    `def ${fn}():`,
    '    import argparse',
    '    from pathlib import Path',
    '',
    '    import yaml',
    '',
    `    CONFIG_FILE = ${pyStringSource(options.configFile)}`,
    '    kinds = {',
    ...kinds,
    '    }',
    tuples.length > 0 ? '    tuples = {' : '    tuples = {}',
    ...(tuples.length > 0 ? [...tuples, '    }'] : []),
    BODY,
    '',
    `${configName} = ${fn}()`,
    `del ${fn}`,
    ''
  ].join('\n');
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
