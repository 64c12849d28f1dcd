/**
 * The environment pillar of an export (issue 16, export-rules §5 `env.*`): the imported
 * top-level modules mapped to the distributions that provide them, pinned at the versions of
 * the target interpreter (one probe answer) or of the live kernel; then a pinned
 * `<stem>.requirements.txt` and a `<stem>.Dockerfile` a person can build without editing.
 * Pure: the probe runs in the CLI (or the kernel companion in JupyterLab).
 */
import { normalizeName, parseRequirement } from '../companion/requirements';
import {
  distributionFor,
  hostedOnly,
  MODULE_TO_DISTRIBUTION
} from '../util/importUnits';
import { atOrAfter, type IVersionBound } from '../verdicts/pillars/removedApis';
import { boundWheels, wheelsFit, type IBoundWheels } from './boundWheels';
import { GENERATED_MARKER, oneLine } from './markers';
import type { IDataFile, IEnvInfo, IExportNames } from './types';

/** What an interpreter says about one module (the environment probe's answer). */
export interface IModuleAnswer {
  readonly stdlib: boolean;
  readonly found: boolean;
  readonly distribution: string | null;
  readonly version: string | null;
}

/** One probe of the target interpreter: its version and the modules asked about. */
export interface IInterpreterAnswer {
  readonly version: string;
  readonly modules: Readonly<Record<string, IModuleAnswer>>;
}

/** One exact pin. */
export interface IPin {
  /** Distribution name as its metadata spells it (`scikit-learn`, `PyYAML`). */
  readonly name: string;
  readonly version: string;
}

/** A distribution held below a release: the code uses a name that release removed. */
export interface IBoundedPin {
  readonly name: string;
  readonly below: string;
  /** The use, as written (`np.float`). */
  readonly written: string;
  /** The version the target interpreter has (which lacks the name), or null. */
  readonly had: string | null;
  /** Which Pythons have wheels of the newest release below the bound, when known. */
  readonly wheels: IBoundWheels | null;
}

/** An imported unit that exists only on one notebook service. */
export interface IHostedUnit {
  readonly unit: string;
  /** `Google Colab`, `Kaggle`. */
  readonly service: string;
}

/** The environment an export pins. */
export interface IPinnedEnvironment {
  /** The Python the notebook ran with (the kernel's, or the saved `language_info.version`). */
  readonly python: string | null;
  /** The target interpreter's version (`--python`), when probed. */
  readonly targetPython: string | null;
  readonly pins: readonly IPin[];
  /**
   * Pins taken from the notebook's own outputs (`keras.__version__` showing `2.0.8`), for
   * packages no interpreter answered for.
   */
  readonly shownPins: readonly IPin[];
  /** Distributions that must stay below a release, instead of a pin that could not run the code. */
  readonly bounded: readonly IBoundedPin[];
  /** Distributions the code needs but no interpreter answered for: not pinned. */
  readonly unpinned: readonly string[];
  /** Imported units only a hosted service has (`google.colab`): nothing to install. */
  readonly hosted: readonly IHostedUnit[];
  /** Imported modules of no distribution (files beside the notebook). */
  readonly local: readonly string[];
  /** Exact pins of the notebook's own `pip install` lines (`keras==2.0.8`). */
  readonly pipPins: readonly IPin[];
  /** Its other named requirements no pin covers, as written (`openpyxl`, `torch>=2`). */
  readonly pipKept: readonly string[];
  /** Its options, paths and URLs (`-r reqs.txt`, `./pkg`): named in a comment only. */
  readonly pipOther: readonly string[];
}

/** The module the exported script's runtime needs (`_linearize_runtime.py`). */
export const RUNTIME_MODULES = ['yaml'];

function byName(a: { name: string }, b: { name: string }): number {
  const x = normalizeName(a.name);
  const y = normalizeName(b.name);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `CPython 3.11.7` → `3.11.7`; null when there is no version in it. */
export function versionIn(text: string | null | undefined): string | null {
  const m = /(\d+\.\d+(?:\.\d+)?)/.exec(text ?? '');
  return m ? m[1] : null;
}

/**
 * Pins the imported `modules` (plus the runtime's PyYAML). With a probe answer, its
 * distributions and versions; else with the live kernel's `env.packages` (`name==version`,
 * already the imported ones); else nothing is pinned and the distributions are named only.
 */
export function pinEnvironment(
  modules: readonly string[],
  input: {
    readonly notebookPython: string | null;
    readonly env: IEnvInfo | null;
    readonly probe: IInterpreterAnswer | null;
    /** Per top-level module, the release whose removals the code would fail on. */
    readonly bounds?: ReadonlyMap<string, IVersionBound>;
    /** Per top-level module, the version the notebook's own outputs show. */
    readonly shown?: ReadonlyMap<string, string>;
    /** The requirements of the notebook's own `pip install` lines (`pipInstalls`). */
    readonly pipLines?: readonly string[];
  }
): IPinnedEnvironment {
  const wanted = [...new Set([...modules, ...RUNTIME_MODULES])].sort();
  const pins = new Map<string, IPin>();
  const bounded = new Map<string, IBoundedPin>();
  const shownPins = new Map<string, IPin>();
  /**
   * Pins `name` at the version the outputs show; false when they show none. Only for a
   * module the probe found in no distribution: a standard module can show a version too.
   */
  const pinShown = (m: string, name: string): boolean => {
    const version = input.shown?.get(m);
    if (version === undefined) {
      return false;
    }
    shownPins.set(normalizeName(name), { name, version });
    return true;
  };
  const unpinned = new Set<string>();
  const hosted = new Map<string, IHostedUnit>();
  /** The distribution to name for `m`, which no interpreter has; null for a hosted unit. */
  const installable = (m: string): string | null => {
    const service = hostedOnly(m);
    if (service !== null) {
      hosted.set(m, { unit: m, service });
    }
    return distributionFor(m);
  };
  const local: string[] = [];
  const pin = (p: IPin): void => {
    pins.set(normalizeName(p.name), p);
  };
  /** Holds `name` below the module's bound; false when the code sets none. */
  const bound = (m: string, name: string, had: string | null): boolean => {
    const b = input.bounds?.get(m);
    if (b === undefined || (had !== null && !atOrAfter(had, b.below))) {
      return false;
    }
    bounded.set(normalizeName(name), {
      name,
      below: b.below,
      written: b.written,
      had,
      wheels: boundWheels(name, b.below)
    });
    return true;
  };
  if (input.probe !== null) {
    for (const m of wanted) {
      const a = input.probe.modules[m];
      if (a === undefined) {
        continue; // not asked: never guessed
      }
      if (a.stdlib) {
        continue;
      }
      if (a.distribution !== null && a.version !== null) {
        if (!bound(m, a.distribution, a.version)) {
          pin({ name: a.distribution, version: a.version });
        }
      } else if (a.found) {
        local.push(m);
      } else {
        // The version the outputs show is the exact pin, unless the code needs an older one.
        const name = installable(m);
        if (name === null) {
          continue;
        }
        const saw = input.shown?.get(m);
        const below = input.bounds?.get(m)?.below;
        const fits =
          saw !== undefined && (below === undefined || !atOrAfter(saw, below));
        if (!(fits && pinShown(m, name)) && !bound(m, name, null)) {
          unpinned.add(name);
        }
      }
    }
  } else if (input.env !== null && input.env.packages.length > 0) {
    for (const p of input.env.packages) {
      const at = p.indexOf('==');
      if (at > 0) {
        pin({ name: p.slice(0, at), version: p.slice(at + 2) });
      }
    }
  }
  if (input.probe === null) {
    // Nobody to ask which modules are standard library: only the runtime's own need and
    // the import names known to differ from their distribution are named.
    for (const m of wanted) {
      const name = installable(m);
      if (name === null) {
        continue;
      }
      // Named only when known to differ from the import name (or listed): nobody says which
      // other import names are standard library.
      const dist =
        name !== m || MODULE_TO_DISTRIBUTION[m] !== undefined
          ? name
          : undefined;
      // The live kernel's pin stands unless its version lacks a name the code uses.
      const kernel = pins.get(normalizeName(name));
      if (kernel !== undefined) {
        if (bound(m, kernel.name, kernel.version)) {
          pins.delete(normalizeName(name));
        }
      } else if (!bound(m, name, null) && dist !== undefined) {
        unpinned.add(dist);
      }
    }
  }
  const pip = notebookInstalls(input.pipLines ?? [], {
    pins,
    bounded,
    shownPins,
    kernelPins: input.probe === null
  });
  for (const name of unpinned) {
    const key = normalizeName(name);
    if (pins.has(key) || pip.covered.has(key)) {
      unpinned.delete(name);
    }
  }
  return {
    python: input.notebookPython ?? versionIn(input.env?.python) ?? null,
    targetPython: input.probe?.version ?? null,
    pins: [...pins.values()].sort(byName),
    shownPins: [...shownPins.values()].sort(byName),
    bounded: [...bounded.values()].sort(byName),
    unpinned: [...unpinned].sort(),
    hosted: [...hosted.values()].sort((a, b) => (a.unit < b.unit ? -1 : 1)),
    local: local.sort(),
    pipPins: [...pip.pins.values()].sort(byName),
    pipKept: pip.kept,
    pipOther: pip.other
  };
}

/**
 * What the notebook's own `pip install` lines add to the pins (Restart & Run All installs
 * them, the script does not): an exact pin (`keras==2.0.8`) is the version the notebook ran
 * with, so it replaces the target interpreter's pin, bound or shown version, though not the
 * live kernel's (which is what really ran); any other named requirement stands as written
 * unless a pin already covers its distribution; options, paths and URLs are only named.
 * Edits `into` in place.
 */
function notebookInstalls(
  lines: readonly string[],
  into: {
    readonly pins: Map<string, IPin>;
    readonly bounded: Map<string, IBoundedPin>;
    readonly shownPins: Map<string, IPin>;
    readonly kernelPins: boolean;
  }
): {
  readonly pins: Map<string, IPin>;
  readonly kept: string[];
  readonly other: string[];
  /** Normalized names one of the notebook's install lines covers. */
  readonly covered: Set<string>;
} {
  const pins = new Map<string, IPin>();
  const kept: string[] = [];
  const other: string[] = [];
  const covered = new Set<string>();
  for (const line of lines) {
    const text = line.trim();
    const r = parseRequirement(text);
    if (text === '' || r.key === 'pip') {
      continue;
    }
    if (r.key === null || r.name === null) {
      other.push(text);
      continue;
    }
    const key = r.key;
    const held = into.pins.has(key) || into.bounded.has(key);
    const replace = (): void => {
      into.pins.delete(key);
      into.bounded.delete(key);
      into.shownPins.delete(key);
      covered.add(key);
    };
    if (r.direct) {
      // `name @ git+…`: what the notebook installs, whatever an index holds.
      replace();
      kept.push(text);
    } else if (r.exact !== null && !(into.kernelPins && held)) {
      replace();
      pins.set(key, { name: r.name, version: r.exact });
    } else if (!(held || into.shownPins.has(key) || pins.has(key))) {
      kept.push(text);
      covered.add(key);
    }
  }
  return { pins, kept: [...new Set(kept)].sort(), other, covered };
}

/**
 * The pinned requirements: one `name==version` per distribution the code imports (PyYAML
 * for the runtime included), what no interpreter answered for by name or bound, and the
 * notebook's own `pip install` requirements (`IPinnedEnvironment.pipPins`, `pipKept`);
 * `otherInstalls` (conda's) and pip's options, paths and URLs only in a comment.
 */
export function requirementsText(
  notebook: string,
  env: IPinnedEnvironment,
  otherInstalls: readonly string[] = []
): string {
  const from =
    env.targetPython !== null
      ? `versions installed in the target interpreter (Python ${env.targetPython})`
      : env.pins.length > 0
        ? 'versions of the live kernel'
        : 'no interpreter to read versions from: nothing pinned';
  const lines = [
    `${GENERATED_MARKER} from ${JSON.stringify(oneLine(notebook))}: the distributions the exported script imports, pinned.`,
    `# Python ${env.python ?? env.targetPython ?? 'unknown'}; ${from}; pip resolves their dependencies.`,
    ...env.pins.map(p => `${p.name}==${p.version}`)
  ];
  if (env.shownPins.length > 0) {
    lines.push(
      "# Not installed in the target interpreter; pinned at the version the notebook's own output shows:",
      ...env.shownPins.map(p => `${p.name}==${p.version}`)
    );
  }
  for (const b of env.bounded) {
    lines.push(
      b.had !== null
        ? `# The script uses ${b.written}, which ${b.name} ${b.had} (the target's) lacks: below ${b.below}.`
        : `# The script uses ${b.written}, which ${b.name} lacks from ${b.below} on.`,
      `${b.name}<${b.below}`
    );
    const fits = wheelsNote(b, env);
    if (fits !== null) {
      lines.push(fits);
    }
  }
  if (env.unpinned.length > 0) {
    lines.push(
      env.targetPython !== null
        ? '# Not installed in the target interpreter, so not pinned:'
        : '# Not pinned (no interpreter was asked; export with --python to pin):',
      ...env.unpinned
    );
  }
  for (const h of env.hosted) {
    lines.push(
      `# ${h.unit} exists only on ${h.service}: no pip install gives it (an import of it outside a try fails anywhere else).`
    );
  }
  if (env.pipPins.length > 0 || env.pipKept.length > 0) {
    lines.push(
      "# The notebook's own pip install lines (Restart & Run All runs them, the script does not):",
      ...env.pipPins.map(p => `${p.name}==${p.version}`),
      ...env.pipKept
    );
  }
  const also = [...env.pipOther, ...otherInstalls]
    .map(l => l.trim())
    .filter(l => l !== '');
  if (also.length > 0) {
    lines.push(`# The notebook also installed: ${oneLine(also.join(' '))}`);
  }
  if (env.local.length > 0) {
    lines.push(
      `# Local modules (copy them beside the script): ${env.local.join(' ')}`
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A comment when the target interpreter's Python has no wheel of `b`'s newest release below
 * the bound (`tensorflow<2.0`: 1.15.5, CPython 3.6 to 3.7), saying whether the notebook's
 * Python (the Dockerfile's) has one; null when it fits or nobody knows.
 */
function wheelsNote(b: IBoundedPin, env: IPinnedEnvironment): string | null {
  const w = b.wheels;
  if (
    w === null ||
    w.cpython === null ||
    env.targetPython === null ||
    wheelsFit(w, env.targetPython)
  ) {
    return null;
  }
  const span = `CPython 3.${w.cpython[0]} to 3.${w.cpython[1]}`;
  const notebook =
    env.python === null
      ? ''
      : wheelsFit(w, env.python)
        ? ` The notebook's Python ${env.python} (the Dockerfile's) has them.`
        : ` Nor does the notebook's Python ${env.python}.`;
  return `# ${b.name} ${w.last}, its newest release below ${b.below}, has wheels for ${span} only, not for the target's Python ${env.targetPython}: pip finds no such ${b.name} there.${notebook}`;
}

/** A path that is safe to `COPY` from the build context (the script's folder). */
function copyable(path: string): boolean {
  return (
    path !== '' &&
    !path.startsWith('/') &&
    !path.startsWith('~') &&
    !path.split('/').includes('..') &&
    !/[\s"'$\\*?[\]]/.test(path)
  );
}

/** JSON string, as Dockerfile exec form wants it. */
function q(s: string): string {
  return JSON.stringify(s);
}

/**
 * The container recipe: `python:<version>-slim`, the pinned requirements, the script, its
 * runtime, config and manifest, and the data files (relative to the script's folder, which
 * is the build context). Built with `docker build -f <stem>.Dockerfile -t <stem> .`.
 */
export function dockerfileText(options: {
  readonly notebook: string;
  readonly names: IExportNames;
  readonly runtime: string;
  readonly requirements: string;
  readonly paramsFile: string | null;
  readonly env: IPinnedEnvironment;
  readonly data: readonly IDataFile[];
  /** The notebook's folder relative to the script's (`.`), or null. */
  readonly workdir: string | null;
}): string {
  const o = options;
  const version = o.env.python ?? o.env.targetPython;
  const tag = version !== null ? versionIn(version) : null;
  const stem = o.names.script
    .replace(/\.py$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-');
  const files = [
    o.names.script,
    o.runtime,
    ...(o.paramsFile ? [o.paramsFile] : []),
    o.names.manifest
  ];
  const here = o.workdir === '.' || o.workdir === '' || o.workdir === null;
  const lines = [
    `${GENERATED_MARKER} from ${JSON.stringify(oneLine(o.notebook))}: the exported script in a container.`,
    `# Build: docker build -f ${o.names.script.replace(/\.py$/, '')}.Dockerfile -t ${stem || 'notebook'} .`,
    `# Run:   docker run --rm ${stem || 'notebook'} [--set GROUP.KEY=VALUE ...]`,
    tag !== null
      ? `FROM python:${tag}-slim`
      : '# The notebook does not say which Python ran it: the latest 3.x.\nFROM python:3-slim',
    'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1',
    'WORKDIR /app',
    `COPY ${q(o.requirements)} ./`,
    `RUN pip install --no-cache-dir -r ${q(o.requirements)}`,
    `COPY [${files.map(q).join(', ')}, "./"]`
  ];
  const skipped: string[] = [];
  for (const d of o.data) {
    if (!here || d.missing === true || !copyable(d.path)) {
      skipped.push(d.path);
      continue;
    }
    lines.push(`COPY [${q(d.path)}, ${q(`./${d.path}`)}]`);
  }
  if (skipped.length > 0) {
    lines.push(
      `# Data not copied (outside this folder or missing at export): ${skipped.map(s => oneLine(s)).join(' ')}; mount it with docker run -v.`
    );
  }
  lines.push(`ENTRYPOINT ["python", ${q(o.names.script)}]`);
  return `${lines.join('\n')}\n`;
}
