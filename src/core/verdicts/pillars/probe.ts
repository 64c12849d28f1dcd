/**
 * The target interpreter, as one probe run describes it (`python/probe_environment.py`):
 * its version and, per module, standard library / importable / distribution and version.
 * The CLI runs the probe once per `check` with every module of every notebook; in
 * JupyterLab the kernel companion can run the same code in the kernel.
 */

/** What the probe says about one top-level module. */
export interface IModuleInfo {
  readonly stdlib: boolean;
  /** `importlib.util.find_spec` found it. */
  readonly found: boolean;
  readonly distribution: string | null;
  readonly version: string | null;
}

/** The probe's answer. */
export interface IInterpreterInfo {
  /** `3.11.7`. */
  readonly version: string;
  readonly executable: string | null;
  readonly modules: Readonly<Record<string, IModuleInfo>>;
}

/** Read the probe's JSON output; throws an Error naming what is wrong. */
export function parseProbeOutput(text: string): IInterpreterInfo {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(
      `the environment probe printed no JSON: ${text.slice(0, 120)}`
    );
  }
  if (typeof json !== 'object' || json === null) {
    throw new Error('the environment probe printed no object');
  }
  const o = json as Record<string, unknown>;
  if (
    typeof o.version !== 'string' ||
    typeof o.modules !== 'object' ||
    o.modules === null
  ) {
    throw new Error(
      'the environment probe answer lacks "version" or "modules"'
    );
  }
  const modules: Record<string, IModuleInfo> = {};
  for (const [name, raw] of Object.entries(
    o.modules as Record<string, unknown>
  )) {
    if (typeof raw !== 'object' || raw === null) {
      continue;
    }
    const m = raw as Record<string, unknown>;
    modules[name] = {
      stdlib: m.stdlib === true,
      found: m.found === true,
      distribution: typeof m.distribution === 'string' ? m.distribution : null,
      version: typeof m.version === 'string' ? m.version : null
    };
  }
  return {
    version: o.version,
    executable: typeof o.executable === 'string' ? o.executable : null,
    modules
  };
}

/**
 * The text of `python/probe_environment.py` (kept identical by a test): run it with
 * `python -c` and the JSON list of modules on stdin.
 */
export const PROBE_SCRIPT =
  '"""Describe this interpreter for linearize\'s environment verdicts, in one run.\n\nReads a JSON list of top-level module names on stdin and prints one JSON object: the\ninterpreter\'s version and, for each module, whether it is standard library, whether it can be\nimported (``importlib.util.find_spec``, nothing is imported), and the distribution and version\nthat provide it (``importlib.metadata``). Never imports the modules themselves.\n"""\n\nimport importlib.util\nimport json\nimport sys\nimport sysconfig\n\n\ndef _stdlib_names():\n    names = set(getattr(sys, "stdlib_module_names", ()))\n    names.update(sys.builtin_module_names)\n    return names\n\n\ndef _distributions():\n    try:\n        from importlib.metadata import packages_distributions\n\n        return packages_distributions()\n    except Exception:\n        return {}\n\n\ndef _version(dist):\n    try:\n        from importlib.metadata import version\n\n        return version(dist)\n    except Exception:\n        return None\n\n\ndef _is_stdlib(name, stdlib, spec):\n    if name in stdlib:\n        return True\n    if stdlib or spec is None or not spec.origin:\n        return False\n    # Before Python 3.10 (no stdlib_module_names): a module under the stdlib folder.\n    base = sysconfig.get_paths().get("stdlib", "")\n    return bool(base) and spec.origin.startswith(base) and "site-packages" not in spec.origin\n\n\ndef describe(modules):\n    stdlib = _stdlib_names()\n    dists = _distributions()\n    out = {}\n    for name in modules:\n        try:\n            spec = importlib.util.find_spec(name)\n        except Exception:\n            spec = None\n        names = dists.get(name) or []\n        dist = names[0] if names else None\n        version = _version(dist) if dist else None\n        if dist is None and spec is not None:\n            version = _version(name)\n            dist = name if version is not None else None\n        out[name] = {\n            "stdlib": _is_stdlib(name, stdlib, spec),\n            "found": spec is not None,\n            "distribution": dist,\n            "version": version,\n        }\n    return {\n        "version": ".".join(str(p) for p in sys.version_info[:3]),\n        "executable": sys.executable,\n        "modules": out,\n    }\n\n\ndef main():\n    # The probe\'s own folder (a temporary one) must not make local modules importable.\n    sys.path[:] = [p for p in sys.path if p not in ("", ".")]\n    modules = json.loads(sys.stdin.read() or "[]")\n    json.dump(describe([m for m in modules if isinstance(m, str)]), sys.stdout)\n\n\nif __name__ == "__main__":\n    main()\n';
