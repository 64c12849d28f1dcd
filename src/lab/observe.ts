/**
 * After a run, ask the kernel companion what the cell read and imported (silent requests,
 * after the reply, so the user's output is never delayed): the md5/size of the data files it
 * reads (resolved through names, like the CLI) and the versions of the packages it imports.
 * The session keeps them in the record (`observed`), for `data-changed` and `env-drift`.
 */
import type { KernelCompanion } from './companion';
import type { NotebookSession } from './session';

/** Hashing runs in the kernel and blocks it: a bound per run. */
const MAX_BYTES = 256 * 1024 * 1024;

export async function observeRun(
  companion: KernelCompanion,
  session: NotebookSession,
  seq: number,
  cellId: string
): Promise<void> {
  const scan = session.pillarScan();
  const paths = [
    ...new Set(
      scan.reads
        .filter(
          r =>
            r.cellId === cellId &&
            r.path !== null &&
            !r.glob &&
            !r.path.startsWith('/') &&
            !r.path.startsWith('..')
        )
        .map(r => r.path as string)
    )
  ];
  const modules = new Set(
    scan.imports.filter(i => i.cellId === cellId).map(i => i.module)
  );
  const files = [];
  if (paths.length > 0) {
    const prints = await companion.fingerprints(paths, { maxBytes: MAX_BYTES });
    if (prints.ok && !companion.isDisposed) {
      session.pillars.setFingerprints(prints.value);
      for (const p of prints.value) {
        if (p.kind === 'file') {
          files.push({ path: p.path, md5: p.md5, size: p.size });
        }
      }
    }
  }
  const packages = [];
  if (modules.size > 0) {
    const env = await companion.environment([...modules]);
    if (env.ok && !companion.isDisposed) {
      // What the kernel has imported now is the target interpreter's answer, too.
      session.pillars.setEnvironment(env.value);
      // The kernel names top-level modules; a namespace member (`google.protobuf`) counts by its root.
      const tops = new Set([...modules].map(m => m.split('.')[0]));
      for (const p of env.value.packages) {
        const mine = p.modules.filter(m => tops.has(m));
        if (mine.length > 0) {
          packages.push({
            distribution: p.name,
            version: p.version,
            modules: mine
          });
        }
      }
    }
  }
  session.setObserved(seq, files, packages);
}
