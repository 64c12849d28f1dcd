/**
 * The environment, data and randomness verdicts, live: the same core verdicts the CLI
 * reports, with the kernel as the target interpreter. What the kernel companion saw when a
 * cell ran (data md5s, package versions) is kept in the record (`observed`), so the same
 * findings come back from the CLI later. No UI here: findings flow through the session's
 * report to markers, panel and status bar like every other verdict.
 */
import type {
  IExecutionRecord,
  IFingerprint,
  IFinding,
  IKernelEnvironment,
  INotebookSnapshot
} from '../core';
import {
  pillarFindings,
  scanCells,
  scanNotebook,
  type IFilePort,
  type IInterpreterInfo,
  type INotebookScan
} from '../core/verdicts/pillars';

/** Keeps the top-down scan between updates and what the kernel said about files and itself. */
export class LivePillars {
  /** The scan of the current sources (recomputed only when a source changed). */
  scan(nb: INotebookSnapshot): INotebookScan {
    const sources = nb.cells.map(c => (c.type === 'code' ? c.source : null));
    if (
      this._scan === null ||
      sources.length !== this._sources.length ||
      sources.some((s, i) => s !== this._sources[i])
    ) {
      this._sources = sources;
      this._scan = scanNotebook(scanCells(nb));
    }
    return this._scan;
  }

  /** The findings for this snapshot and record. Never throws. */
  findings(nb: INotebookSnapshot, record: IExecutionRecord): IFinding[] {
    try {
      return pillarFindings(
        nb,
        {
          files: this._files,
          interpreter: this._interpreter,
          deliberate: true,
          interpreterIsKernel: true,
          observed: record.observed ?? null
        },
        this.scan(nb)
      );
    } catch {
      return [];
    }
  }

  /** What the kernel's companion said about data files (fingerprints), newest last. */
  setFingerprints(prints: readonly IFingerprint[]): void {
    for (const p of prints) {
      this._prints.set(p.path, p);
    }
    const prints_ = this._prints;
    this._files = {
      kind: path => {
        const p = prints_.get(path);
        // Not asked, or not told: say "a file" so nothing fires on a guess.
        return p === undefined || p.kind === 'refused' || p.kind === 'error'
          ? 'file'
          : p.kind === 'missing'
            ? null
            : p.kind === 'folder'
              ? 'dir'
              : 'file';
      },
      globCount: () => 1,
      md5: path => {
        const p = prints_.get(path);
        return p !== undefined && p.kind === 'file' ? p.md5 : null;
      },
      pinned: () => null
    };
  }

  /** The kernel's Python and the versions of the packages it imported. */
  setEnvironment(env: IKernelEnvironment): void {
    const modules: Record<string, IInterpreterInfo['modules'][string]> = {};
    for (const p of env.packages) {
      for (const m of p.modules) {
        modules[m] = {
          stdlib: false,
          found: true,
          distribution: p.name,
          version: p.version
        };
      }
    }
    this._interpreter = { version: env.python, executable: null, modules };
  }

  private _scan: INotebookScan | null = null;
  private _sources: (string | null)[] = [];
  private _files: IFilePort | null = null;
  private _interpreter: IInterpreterInfo | null = null;
  private readonly _prints = new Map<string, IFingerprint>();
}
