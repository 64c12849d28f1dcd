"""Config loader of a notebook's parameters cell (``linearize params --json``, the prelude).

`yaml.safe_load` of the config next to the script, command-line overrides with plain
`argparse`, every value checked against the type of its default. PyYAML is the only
dependency. The loading itself is the exported scripts' own (``add_config_arguments`` and
``load_config`` of ``runtime.py``): the prelude (``src/core/params/prelude.ts``) writes the
function's head (``CONFIG_FILE``, ``kinds``, ``tuples`` for the chosen parameters), copies
those two functions into it, then embeds the lines between the `linearize-embed` markers
verbatim (``scripts/embed-python.mjs``); here the head is parameters and the two functions
are imported, so the body runs and is tested on its own.
"""

import argparse
from pathlib import Path

from runtime import add_config_arguments, load_config


def _linearize_params(CONFIG_FILE, kinds, tuples):
    # linearize-embed: start
    here = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()
    parser = argparse.ArgumentParser(
        description="Parameters extracted by linearize; defaults in " + CONFIG_FILE + "."
    )
    add_config_arguments(parser, CONFIG_FILE, kinds)
    args = parser.parse_args()
    # parser.error prints the usage and exits with status 2.
    params, _values, _applied = load_config(
        parser.error, here, CONFIG_FILE, kinds, tuples, args.config, args.overrides
    )
    return params
    # linearize-embed: end
