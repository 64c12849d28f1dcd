/**
 * The target interpreter, as one probe run describes it (`python/probe_environment.py`):
 * its version and, per module, standard library / importable / distribution and version.
 * The CLI runs the probe once per `check` with every module of every notebook; in
 * JupyterLab the kernel companion can run the same code in the kernel.
 */
import { PROBE_ENVIRONMENT_PY } from './python/probe_environment_py';

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
 * The text of `python/probe_environment.py` (embedded by `scripts/embed-python.mjs`): run it
 * with `python -c` and the JSON list of modules on stdin.
 */
export const PROBE_SCRIPT: string = PROBE_ENVIRONMENT_PY;
