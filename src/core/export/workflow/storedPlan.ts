/**
 * Whole export plans kept across runs. `exportNotebook` is a pure function of the notebook,
 * its record, the provenance gathered before planning (git, data, the interpreter) and the
 * user's choices; the manifest's `created_at` is the one input that changes on every run, and
 * only the manifest holds it. So a plan made once is, with its time replaced, the plan of the
 * same inputs, and re-exporting an unchanged notebook walks no cell and plans nothing: CI over
 * a repository whose cache folder survives, or a hook run on every notebook.
 *
 * A plan is stored only when the caller names the notebook's content (`IExportInput.identity`:
 * the CLI passes the file's text) and every other input is plain data; anything else is
 * planned afresh. Plans are not stored for a lab's live notebook, which has no store.
 */
import { RUNTIME_PY } from '../../params/python/runtime_py';
import { manifestYaml } from '../manifest';
import type { IExportPlan } from '../types';
import {
  readStored,
  type IFactsStore
} from '../../verdicts/pillars/storedFacts';
import type { IExportChoices, IPreparedExport } from './exportWorkflow';

/** Changes when the stored shape changes (a rebuilt bundle never reads older entries anyway). */
const FORMAT = 'export-plan-3';

/**
 * A plan as stored: the runtime module's text, the same in every plan (a constant of the
 * build) and three quarters of a plan's bytes, is stored as null and put back on reading.
 */
interface IStored {
  readonly format: typeof FORMAT;
  readonly plan: Omit<IExportPlan, 'files'> & {
    readonly files: readonly {
      readonly name: string;
      readonly text: string | null;
    }[];
  };
}

/**
 * What the plan of `prepared` and `choices` is stored under, or null when it cannot be keyed:
 * no identity for the notebook, or an input that is not plain data (JSON would not tell two
 * of them apart).
 */
export function planKey(
  prepared: IPreparedExport,
  choices: IExportChoices
): string | null {
  const identity = prepared.input.identity;
  if (identity === undefined) {
    return null;
  }
  // Everything `planExport` reads but the snapshot (which the identity stands for) and the
  // time. The record counts as given: the CLI reads it from the notebook (so from the
  // identity), a caller may pass its own.
  const inputs = {
    record: prepared.input.record === undefined ? 'metadata' : prepared.record,
    git: prepared.git.info,
    data: prepared.data,
    env: prepared.env,
    probe: prepared.probe,
    manifestName: prepared.manifestName,
    choices: { ...choices, createdAt: null }
  };
  let head: string;
  try {
    head = JSON.stringify(inputs, plainOnly);
  } catch {
    return null;
  }
  // Lengths first: no head and identity join to another pair's key.
  return `${FORMAT}\u0000${head.length}:${head}\u0000${identity}`;
}

/** JSON's replacer that refuses what JSON would flatten (Maps, Sets, class instances). */
function plainOnly(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError('not plain data');
    }
  }
  if (typeof value === 'function' || typeof value === 'symbol') {
    throw new TypeError('not plain data');
  }
  return value;
}

/** The plan stored under `key`, made with `createdAt` as its time; null when none is. */
export function loadStoredPlan(
  store: IFactsStore,
  key: string,
  createdAt: string
): IExportPlan | null {
  const value = readStored<IStored>(store, key, FORMAT, isEntry);
  if (value === undefined) {
    return null;
  }
  const plan: IExportPlan = {
    ...value.plan,
    files: value.plan.files.map(f => ({
      name: f.name,
      text: f.text ?? RUNTIME_PY
    }))
  };
  return withCreatedAt(plan, createdAt);
}

/** Stores `plan` under `key`. */
export function saveStoredPlan(
  store: IFactsStore,
  key: string,
  plan: IExportPlan
): void {
  const entry: IStored = {
    format: FORMAT,
    plan: {
      ...plan,
      files: plan.files.map(f =>
        f.text === RUNTIME_PY ? { name: f.name, text: null } : f
      )
    }
  };
  store.set(key, entry);
}

/** `plan` as planned at `createdAt`: the manifest (object and file) is the only place with a time. */
export function withCreatedAt(
  plan: IExportPlan,
  createdAt: string
): IExportPlan {
  if (plan.manifest.created_at === createdAt) {
    return plan;
  }
  const manifest = { ...plan.manifest, created_at: createdAt };
  const name = plan.names.manifest;
  return {
    ...plan,
    manifest,
    files: plan.files.map(f =>
      f.name === name ? { ...f, text: manifestYaml(manifest) } : f
    )
  };
}

function isEntry(v: Partial<IStored>): boolean {
  const plan = v.plan as Partial<IStored['plan']> | undefined;
  return (
    typeof plan === 'object' &&
    plan !== null &&
    Array.isArray(plan.files) &&
    plan.files.every(
      f =>
        typeof f === 'object' &&
        f !== null &&
        typeof f.name === 'string' &&
        (typeof f.text === 'string' || f.text === null)
    ) &&
    typeof plan.manifest === 'object' &&
    plan.manifest !== null &&
    typeof plan.names === 'object' &&
    plan.names !== null &&
    typeof plan.verdict === 'object' &&
    plan.verdict !== null
  );
}
