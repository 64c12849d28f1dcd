/**
 * The lab's side of the core's export workflow, without UI: its ports (git through the
 * server's bridge file system, files through the contents API, data hashes and environment
 * from the kernel companion, which applies the same data rule in the kernel) and the steps
 * `exportCommand.ts` runs around its dialog. A test runs these against a real jupyter_server
 * and compares the files with the CLI's (`__tests__/exportParity.spec.ts`).
 */
import { PathExt } from '@jupyterlab/coreutils';
import type { Contents } from '@jupyterlab/services';
import {
  commitPlan,
  planExport,
  preflightPlan,
  prepareExport,
  type DataHasher,
  type ExportOrder,
  type ICommitOutcome,
  type ICommitPorts,
  type ICommitPreflight,
  type IEnvInfo,
  type IExecutionRecord,
  type IExportPlan,
  type IExportWriter,
  type INotebookSnapshot,
  type IPreparedExport
} from '../core';
import { fileNameFor } from './files';
import type { IBridge } from './io/bridgeFs';

/** The export-name templates of the settings (`{name}.py`…). */
export interface IExportNameTemplates {
  readonly script: string;
  readonly params: string;
  readonly manifest: string;
}

/** Record, provenance (through `bridge`, null: none), data hashes (`data`), environment. */
export function labPrepare(
  bridge: IBridge | null,
  nbPath: string,
  snapshot: INotebookSnapshot,
  record: IExecutionRecord | null,
  data: DataHasher | null,
  env: IEnvInfo | null
): Promise<IPreparedExport> {
  const folder = PathExt.dirname(nbPath);
  return prepareExport(
    { notebook: PathExt.basename(nbPath), snapshot, record },
    {
      git:
        bridge === null
          ? null
          : { fs: bridge.fs, dir: bridge.toBridgePath(folder || '.'), env: {} },
      data,
      env
    }
  );
}

/** The plan for one order, with the file names of the settings. */
export function labPlan(
  prepared: IPreparedExport,
  nbPath: string,
  order: ExportOrder,
  cell: string | undefined,
  names: IExportNameTemplates,
  toolVersion: string
): IExportPlan {
  return planExport(prepared, {
    order,
    cell,
    names: {
      script: fileNameFor(names.script, nbPath),
      params: fileNameFor(names.params, nbPath),
      manifest: fileNameFor(names.manifest, nbPath)
    },
    createdAt: new Date().toISOString(),
    toolVersion
  });
}

/** The commit's ports: the bridge, the notebook's folder, the repository's identity. */
function commitPorts(bridge: IBridge, nbPath: string): ICommitPorts {
  return {
    fs: bridge.fs,
    dir: bridge.toBridgePath(PathExt.dirname(nbPath) || '.'),
    env: {}
  };
}

/** Every commit check, before a file is written. Throws the git core's typed errors. */
export function labPreflight(
  bridge: IBridge,
  nbPath: string,
  plan: IExportPlan,
  extra: readonly string[] = []
): Promise<ICommitPreflight> {
  return preflightPlan(commitPorts(bridge, nbPath), plan, extra);
}

/** Commits the written plan (and `extra` files) in the notebook's folder. Throws `ExportCommitError`. */
export function labCommit(
  bridge: IBridge,
  nbPath: string,
  plan: IExportPlan,
  extra: readonly { path: string; content: string }[] = [],
  checked: ICommitPreflight | null = null
): Promise<ICommitOutcome> {
  return commitPlan(commitPorts(bridge, nbPath), plan, {
    notebook: PathExt.basename(nbPath),
    extra,
    checked
  });
}

/** The export writer over the contents API (the server writes each file atomically). */
export function contentsWriter(
  contents: Contents.IManager,
  folder: string
): IExportWriter {
  const full = (name: string) => PathExt.join(folder, name);
  return {
    // One listing of the folder, not a probe of each file: an absent file is an answer,
    // not a 404 in the browser console and the server log.
    exists: async name => {
      const listing = await contents.get(folder, { content: true });
      const items = (listing.content ?? []) as { name: string }[];
      return items.some(item => item.name === name);
    },
    read: async name => {
      const m = await contents.get(full(name), {
        content: true,
        type: 'file',
        format: 'text'
      });
      return String(m.content);
    },
    writeAtomic: async (name, text) => {
      await contents.save(full(name), {
        type: 'file',
        format: 'text',
        content: text
      });
    },
    remove: async name => {
      await contents.delete(full(name));
    }
  };
}
