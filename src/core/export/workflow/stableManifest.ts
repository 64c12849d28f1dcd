/**
 * Re-exporting an unchanged notebook rewrites nothing: the manifest's `created_at` is the only
 * field that changes on every run, so when the manifest already there differs from the new one
 * by that line alone, the old text is kept. Export hooks (pre-commit) then leave the working
 * tree alone unless the notebook really changed. The same for the CLI and the lab.
 */
import type { IExportPlan } from '../types';
import type { IExportWriter } from '../writeExport';

const CREATED_AT = /^created_at: .*$/m;

/** The plan, with the manifest already written kept when only its time would change. */
export async function keepCreatedAt(
  writer: IExportWriter,
  plan: IExportPlan
): Promise<IExportPlan> {
  const name = plan.names.manifest;
  const index = plan.files.findIndex(f => f.name === name);
  if (index < 0) {
    return plan;
  }
  let old: string;
  try {
    if (!(await writer.exists(name))) {
      return plan;
    }
    old = await writer.read(name);
  } catch {
    return plan; // unreadable: the writer decides.
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
