"""Config loader at the top of an exported script (export-rules.md §3, §4).

`yaml.safe_load` of the config next to the script, command-line overrides with plain
`argparse`, every value checked against the type of its default. PyYAML is the only
dependency. The export writes the function's head itself (`CONFIG_FILE`, `kinds`, `tuples`
for the chosen parameters, see `src/core/params/prelude.ts`) and embeds the lines between the
`linearize-embed` markers verbatim (`scripts/embed-python.mjs`); here they are parameters so
the body runs and is tested on its own.
"""

import argparse
from pathlib import Path

import yaml


def _linearize_params(CONFIG_FILE, kinds, tuples):
    # linearize-embed: start
    here = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()
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
        # fmt: off
        expected = {"int": int, "float": float, "str": str, "bool": bool,
                    "list": list, "tuple": list, "dict": dict}[kind]
        # fmt: on
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
    # linearize-embed: end
