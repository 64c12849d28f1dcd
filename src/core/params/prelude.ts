/**
 * Python that loads the config at the top of an exported script (export-rules.md §3, §4):
 * `yaml.safe_load` of the config next to the script, command-line overrides with plain
 * `argparse`, every value checked against the type of its default. PyYAML is the only
 * dependency. Everything lives inside one function so the script's namespace gains only the
 * config variable.
 */
import { configEntries } from './loader';
import { pyStringSource } from './pySource';
import { CONFIG_LOADER_PY } from './python/configLoader_py';
import { RUNTIME_PY } from './python/runtime_py';
import { isExtracted } from './toYaml';
import type { IParamCandidate } from './types';

/** Options of `configPrelude`. */
export interface IPreludeOptions {
  /** The config file name, resolved against the script's folder (`params.yaml`). */
  readonly configFile: string;
  /** The variable the code reads (`P`, see `chooseConfigName`). */
  readonly configName?: string;
}

/**
 * A top-level function of the exported scripts' runtime (`python/runtime.py`), indented to
 * nest in the prelude's function: the prelude loads the config with the runtime's own code.
 */
function runtimeFunction(name: string): string {
  const start = RUNTIME_PY.indexOf(`\ndef ${name}(`);
  if (start < 0) {
    throw new Error(`runtime.py has no function ${name}`);
  }
  const rest = RUNTIME_PY.slice(start + 1);
  // The function ends before the next line that starts at column 0.
  const end = rest.search(/\n(?=\S)/);
  return (end < 0 ? rest : rest.slice(0, end))
    .trimEnd()
    .split('\n')
    .map(line => (line === '' ? '' : `    ${line}`))
    .join('\n');
}

/**
 * The Python body of the prelude: the runtime's `add_config_arguments` and `load_config`,
 * then `python/configLoader.py` (ruff-linted, pytest-tested); the head above it
 * (`CONFIG_FILE`, `kinds`, `tuples`) is written below per export.
 */
const BODY = [
  runtimeFunction('add_config_arguments'),
  '',
  runtimeFunction('load_config'),
  '',
  CONFIG_LOADER_PY
].join('\n');

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
  const { kinds, tuples } = configEntries(chosen);
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
