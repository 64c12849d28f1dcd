/**
 * Python that loads the config at the top of an exported script (export-rules.md §3, §4):
 * `yaml.safe_load` of the config next to the script, command-line overrides with plain
 * `argparse`, every value checked against the type of its default. PyYAML is the only
 * dependency. Everything lives inside one function so the script's namespace gains only the
 * config variable.
 */
import { pySource, pyStringSource } from './pySource';
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

/** The Python body of the prelude. Deterministic: same candidates, same bytes. */
const BODY = String.raw`    here = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()
    parser = argparse.ArgumentParser(
        description="Parameters extracted by linearize; defaults in " + CONFIG_FILE + "."
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        default=None,
        help="YAML config to read (default: " + CONFIG_FILE + " next to this script)",
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="GROUP.KEY=VALUE",
        help="override one value (repeatable); keys: " + ", ".join(kinds),
    )
    args = parser.parse_args()

    def fail(message):
        parser.error(message)  # prints usage and exits with status 2

    def check(key, value, kind, where):
        if kind == "any":
            return value
        if kind == "float" and type(value) is int:
            try:
                return float(value)
            except OverflowError:
                fail(f"{where}: {key} = {value} is too large for a float")
        expected = {"int": int, "float": float, "str": str, "bool": bool,
                    "list": list, "tuple": list, "dict": dict}[kind]
        if type(value) is not expected:
            hint = ""
            if kind == "float" and isinstance(value, str):
                hint = " (YAML 1.1 reads a float only with a dot and a signed exponent: 1.0e-05)"
            fail(f"{where}: {key} must be {kind}, got {type(value).__name__} {value!r}{hint}")
        return value

    def parse(key, text, kind):
        try:
            if kind == "str":
                return text
            if kind == "bool":
                if text.strip().lower() not in ("true", "false"):
                    raise ValueError("expected true or false")
                return text.strip().lower() == "true"
            if kind == "int":
                try:
                    return int(text, 0)
                except ValueError:
                    return int(text)
            if kind == "float":
                return float(text)
            value = yaml.safe_load(text)
        except (ValueError, yaml.YAMLError) as e:
            fail(f"--set {key}={text}: not a valid {kind}: {e}")
        return check(key, value, kind, "--set")

    path = Path(args.config) if args.config is not None else here / CONFIG_FILE
    try:
        with open(path, encoding="utf-8") as f:
            config = yaml.safe_load(f)
    except OSError as e:
        fail(f"cannot read the config {path}: {e.strerror or e}")
    except yaml.YAMLError as e:
        fail(f"the config {path} is not valid YAML: {e}")
    if not isinstance(config, dict):
        fail(f"the config {path} must be a mapping of groups to values")
    values = {}
    for key, kind in kinds.items():
        group, name = key.split(".", 1)
        section = config.get(group)
        if not isinstance(section, dict) or name not in section:
            fail(f"{path}: {key} is missing")
        values[key] = check(key, section[name], kind, str(path))
    unknown = sorted(
        f"{g}.{k}" if isinstance(s, dict) else str(g)
        for g, s in config.items()
        if not str(g).startswith("_")
        for k in (s if isinstance(s, dict) else [None])
        if f"{g}.{k}" not in kinds
    )
    if unknown:
        fail(f"{path}: unknown keys {', '.join(unknown)}; valid keys: {', '.join(kinds)}")
    for item in args.overrides:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep:
            fail(f"--set {item}: expected GROUP.KEY=VALUE")
        if key not in kinds:
            by_name = [k for k in kinds if k.split(".", 1)[1] == key]
            if len(by_name) != 1:
                fail(f"--set {key}: unknown key; valid keys: {', '.join(kinds)}")
            key = by_name[0]
        values[key] = parse(key, text, kinds[key])

    def retuple(value, at, paths):
        if isinstance(value, list):
            value = [retuple(x, at + (i,), paths) for i, x in enumerate(value)]
            return tuple(value) if at in paths else value
        if isinstance(value, dict):
            return {k: retuple(x, at + (k,), paths) for k, x in value.items()}
        return value

    params = {}
    for key, value in values.items():
        group, name = key.split(".", 1)
        params.setdefault(group, {})[name] = retuple(value, (), set(tuples.get(key, ())))
    return params
`;

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
