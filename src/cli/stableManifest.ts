/**
 * Re-exporting an unchanged notebook rewrites nothing: the manifest's `created_at` is the
 * only field that changes on every run, so when the manifest already on disk differs from
 * the new one by that line alone, the old text is kept. Export hooks (pre-commit) then
 * leave the working tree alone unless the notebook really changed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IExportPlan } from '../core/export';

const CREATED_AT = /^created_at: .*$/m;

export function keepCreatedAt(plan: IExportPlan, outDir: string): IExportPlan {
  const name = plan.names.manifest;
  const index = plan.files.findIndex(f => f.name === name);
  if (index < 0) {
    return plan;
  }
  let old: string;
  try {
    old = readFileSync(join(outDir, name), 'utf8');
  } catch {
    return plan; // not there yet, or unreadable: the writer decides.
  }
  const fresh = plan.files[index].text;
  const line = CREATED_AT.exec(old);
  if (line === null || !CREATED_AT.test(fresh)) {
    return plan;
  }
  if (fresh.replace(CREATED_AT, line[0]) !== old) {
    return plan;
  }
  const files = plan.files.map((f, i) =>
    i === index ? { ...f, text: old } : f
  );
  return { ...plan, files };
}
