/**
 * Run records of exported scripts (issue 16, export-rules §6): one JSON object per line in
 * `<stem>.runs.jsonl`, appended by the script's runtime (`params/python/runtime.py`). Read
 * them, pick one, and say key by key what differs between two runs in code, config,
 * environment, data and outputs.
 */

/** One file a run read or wrote. */
export interface IRunFile {
  readonly path: string;
  readonly md5: string | null;
  readonly size?: number | null;
  readonly changed?: boolean | null;
  readonly missing?: boolean;
  /** Data chosen by a parameter instead of the exported file. */
  readonly replaces?: string;
}

/** One run, as the runtime writes it (fields may be missing in hand-edited lines). */
export interface IRun {
  readonly version?: number;
  readonly started: string;
  readonly seconds: number;
  readonly status: string;
  readonly error: string | null;
  readonly git: {
    readonly commit: string | null;
    readonly dirty: boolean | null;
  };
  readonly script?: string;
  readonly script_sha256: string | null;
  readonly params: {
    readonly file: string | null;
    readonly sha256: string | null;
    readonly overrides: Readonly<Record<string, unknown>>;
    readonly values?: Readonly<Record<string, unknown>>;
  };
  readonly allow_changed_data?: boolean;
  readonly data: readonly IRunFile[];
  readonly outputs: readonly IRunFile[];
  readonly env: {
    readonly python: string | null;
    readonly packages: Readonly<Record<string, string>>;
  };
}

/** A line that is not a run record. */
export interface IRunProblem {
  readonly line: number;
  readonly message: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(v: unknown): Record<string, unknown> {
  return isObject(v) ? v : {};
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function files(v: unknown): IRunFile[] {
  if (!Array.isArray(v)) {
    return [];
  }
  return v.filter(isObject).flatMap(f =>
    typeof f.path === 'string'
      ? [
          {
            path: f.path,
            md5: str(f.md5),
            ...(typeof f.size === 'number' ? { size: f.size } : {}),
            ...(typeof f.changed === 'boolean' ? { changed: f.changed } : {}),
            ...(f.missing === true ? { missing: true } : {}),
            ...(typeof f.replaces === 'string' ? { replaces: f.replaces } : {})
          }
        ]
      : []
  );
}

/** Parses `<stem>.runs.jsonl`: the runs in file order, and the lines that are not runs. */
export function parseRuns(text: string): {
  runs: IRun[];
  problems: IRunProblem[];
} {
  const runs: IRun[] = [];
  const problems: IRunProblem[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') {
      return;
    }
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      problems.push({
        line: i + 1,
        message: `not JSON (${e instanceof Error ? e.message : String(e)})`
      });
      return;
    }
    if (!isObject(v) || typeof v.started !== 'string') {
      problems.push({
        line: i + 1,
        message: 'not a run record (no "started")'
      });
      return;
    }
    const git = obj(v.git);
    const params = obj(v.params);
    const env = obj(v.env);
    const packages: Record<string, string> = {};
    for (const [k, ver] of Object.entries(obj(env.packages))) {
      if (typeof ver === 'string') {
        packages[k] = ver;
      }
    }
    runs.push({
      ...(typeof v.version === 'number' ? { version: v.version } : {}),
      started: v.started,
      seconds: typeof v.seconds === 'number' ? v.seconds : 0,
      status: str(v.status) ?? 'unknown',
      error: str(v.error),
      git: {
        commit: str(git.commit),
        dirty: typeof git.dirty === 'boolean' ? git.dirty : null
      },
      ...(typeof v.script === 'string' ? { script: v.script } : {}),
      script_sha256: str(v.script_sha256),
      params: {
        file: str(params.file),
        sha256: str(params.sha256),
        overrides: obj(params.overrides),
        ...(isObject(params.values) ? { values: params.values } : {})
      },
      allow_changed_data: v.allow_changed_data === true,
      data: files(v.data),
      outputs: files(v.outputs),
      env: { python: str(env.python), packages }
    });
  });
  return { runs, problems };
}

/** Thrown by `pickRun` for a reference that names no run. */
export class RunRefError extends Error {}

/**
 * The run a reference names: `1` is the first, `-1` the last (`last` too), `-2` the one before.
 */
export function pickRun(runs: readonly IRun[], ref: string): IRun {
  const text = ref.trim().toLowerCase();
  const n = text === 'last' ? -1 : /^-?\d+$/.test(text) ? Number(text) : NaN;
  const index = n > 0 ? n - 1 : n < 0 ? runs.length + n : -1;
  if (!Number.isInteger(n) || index < 0 || index >= runs.length) {
    throw new RunRefError(
      `no run ${JSON.stringify(ref)}: there ${runs.length === 1 ? 'is 1 run' : `are ${runs.length} runs`} (1..${runs.length}, or -1 for the last)`
    );
  }
  return runs[index];
}

/** The five things a run is tied to. */
export type RunAspect = 'code' | 'config' | 'environment' | 'data' | 'outputs';

/** One difference between two runs. */
export interface IRunDifference {
  readonly aspect: RunAspect;
  /** `script_sha256`, `training.lr`, `numpy`, `data/train.csv`… */
  readonly key: string;
  readonly before: string;
  readonly after: string;
}

function show(v: unknown): string {
  if (v === undefined) {
    return '(none)';
  }
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function short(hash: string | null): string {
  return hash === null ? '(none)' : hash.slice(0, 12);
}

function fileState(f: IRunFile | undefined): string {
  if (f === undefined) {
    return '(absent)';
  }
  if (f.missing === true) {
    return 'missing';
  }
  const size =
    f.size === undefined || f.size === null ? '' : `, ${f.size} bytes`;
  return `md5 ${short(f.md5)}${size}`;
}

function compareFiles(
  aspect: RunAspect,
  a: readonly IRunFile[],
  b: readonly IRunFile[],
  out: IRunDifference[]
): void {
  const before = new Map(a.map(f => [f.path, f]));
  const after = new Map(b.map(f => [f.path, f]));
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const p of paths) {
    const x = before.get(p);
    const y = after.get(p);
    if (
      x === undefined ||
      y === undefined ||
      x.md5 !== y.md5 ||
      x.missing !== y.missing ||
      (x.size ?? null) !== (y.size ?? null)
    ) {
      out.push({ aspect, key: p, before: fileState(x), after: fileState(y) });
    }
  }
}

function compareMaps(
  aspect: RunAspect,
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
  out: IRunDifference[]
): void {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const k of keys) {
    const x = k in a ? show(a[k]) : '(absent)';
    const y = k in b ? show(b[k]) : '(absent)';
    if (x !== y) {
      out.push({ aspect, key: k, before: x, after: y });
    }
  }
}

/** What differs from run `a` to run `b`, aspect by aspect, key by key. */
export function diffRuns(a: IRun, b: IRun): IRunDifference[] {
  const out: IRunDifference[] = [];
  const scalar = (
    aspect: RunAspect,
    key: string,
    x: unknown,
    y: unknown
  ): void => {
    if (show(x) !== show(y)) {
      out.push({ aspect, key, before: show(x), after: show(y) });
    }
  };
  scalar('code', 'git.commit', a.git.commit, b.git.commit);
  scalar('code', 'git.dirty', a.git.dirty, b.git.dirty);
  scalar('code', 'script_sha256', a.script_sha256, b.script_sha256);
  if (a.params.values !== undefined && b.params.values !== undefined) {
    compareMaps('config', a.params.values, b.params.values, out);
  } else {
    compareMaps('config', a.params.overrides, b.params.overrides, out);
  }
  scalar('config', 'params.file', a.params.file, b.params.file);
  if (!out.some(d => d.aspect === 'config')) {
    scalar('config', 'params.sha256', a.params.sha256, b.params.sha256);
  }
  scalar('environment', 'python', a.env.python, b.env.python);
  compareMaps('environment', a.env.packages, b.env.packages, out);
  compareFiles('data', a.data, b.data, out);
  compareFiles('outputs', a.outputs, b.outputs, out);
  return out;
}

/** One line per difference: `config: training.lr 0.05 → 0.02`. */
export function formatDifferences(diffs: readonly IRunDifference[]): string[] {
  return diffs.map(d =>
    d.aspect === 'data' || d.aspect === 'outputs'
      ? `${d.aspect}: ${d.key} ${d.before === '(absent)' ? 'added' : d.after === '(absent)' ? 'gone' : 'changed'} (${d.before} → ${d.after})`
      : `${d.aspect}: ${d.key} ${d.before} → ${d.after}`
  );
}

/** One summary line per run, for `linearize runs`. */
export function formatRun(run: IRun, index: number): string {
  const status =
    run.error === null ? run.status : `${run.status} (${run.error})`;
  const commit =
    run.git.commit === null
      ? 'no commit'
      : `${run.git.commit.slice(0, 10)}${run.git.dirty === true ? '+dirty' : ''}`;
  const overrides = Object.entries(run.params.overrides)
    .map(([k, v]) => `${k}=${show(v)}`)
    .join(' ');
  const changed = run.data.filter(d => d.changed === true).length;
  const parts = [
    `${index}`.padStart(3),
    run.started,
    `${run.seconds.toFixed(1)}s`.padStart(7),
    status,
    commit,
    `${run.outputs.filter(o => o.missing !== true).length} outputs`,
    ...(changed > 0
      ? [
          `${changed} data changed${run.allow_changed_data === true ? ' (allowed)' : ''}`
        ]
      : []),
    ...(overrides !== '' ? [`--set ${overrides}`] : [])
  ];
  return parts.join('  ');
}
