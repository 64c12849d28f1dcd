// Generated from configLoader.py by scripts/embed-python.mjs: edit the .py file, then run
// `node scripts/embed-python.mjs` (a jest test fails while this file is out of date).

/** The text of `configLoader.py`, embedded verbatim. */
export const CONFIG_LOADER_PY: string = [
  '    here = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()',
  '    parser = argparse.ArgumentParser(',
  '        description="Parameters extracted by linearize; defaults in " + CONFIG_FILE + "."',
  '    )',
  '    add_config_arguments(parser, CONFIG_FILE, kinds)',
  '    args = parser.parse_args()',
  '    # parser.error prints the usage and exits with status 2.',
  '    params, _values, _applied = load_config(',
  '        parser.error, here, CONFIG_FILE, kinds, tuples, args.config, args.overrides',
  '    )',
  '    return params',
  ''
].join('\n');
