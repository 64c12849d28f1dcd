/**
 * Package versions a notebook shows in its own saved outputs: a cell that ends with
 * `keras.__version__` and shows `'2.0.8'`, or prints `print('numpy:', np.__version__)` and
 * shows `numpy: 1.11.1`. Without an execution record this is the only trace of the
 * environment the outputs came from: `env-drift` compares it with the target's version, and
 * the export pins it for a package the target does not have.
 *
 * Precision first: only a name the notebook imports as a top-level module (`import numpy as
 * np`), only those two shapes, and only an output that is exactly a version.
 */
import type { INotebookSnapshot } from '../../types';
import { cellEvents } from './cellEvents';

/** A version one cell shows. */
export interface IShownVersion {
  readonly version: string;
  readonly cellId: string;
  readonly index: number;
  /** The expression as written (`np.__version__`). */
  readonly written: string;
}

const VERSION = /^\d+(?:\.\d+)+(?:[.+-]?[A-Za-z0-9]+)*$/;
const EXPRESSION = /^([A-Za-z_]\w*)\.__version__$/;
const PRINT =
  /^print\(\s*(?:(['"])([^'"\\\n]*)\1\s*,\s*)?([A-Za-z_]\w*)\.__version__\s*\)$/;

/** Top-level modules by the name the notebook imports them as; a name bound two ways is left out. */
function moduleNames(nb: INotebookSnapshot): Map<string, string> {
  const out = new Map<string, string>();
  const unsure = new Set<string>();
  for (const c of nb.cells) {
    if (c.type !== 'code' || !c.source.includes('import')) {
      continue;
    }
    for (const e of cellEvents(c.source).events) {
      if (e.t !== 'alias') {
        continue;
      }
      const was = out.get(e.name);
      if (e.dotted.includes('.') || (was !== undefined && was !== e.dotted)) {
        unsure.add(e.name);
      }
      out.set(e.name, e.dotted);
    }
  }
  for (const name of unsure) {
    out.delete(name);
  }
  return out;
}

/** `'2.0.8'` or `"2.0.8"` → `2.0.8`; null for anything else. */
function quotedVersion(text: string): string | null {
  const m = /^(['"])([^'"]+)\1$/.exec(text.trim());
  return m !== null && VERSION.test(m[2]) ? m[2] : null;
}

/** Per top-level module, the version the notebook's outputs show last (notebook order). */
export function shownVersions(
  nb: INotebookSnapshot
): Map<string, IShownVersion> {
  const out = new Map<string, IShownVersion>();
  if (!nb.cells.some(c => c.source.includes('__version__'))) {
    return out;
  }
  const modules = moduleNames(nb);
  nb.cells.forEach((c, index) => {
    if (
      c.type !== 'code' ||
      c.outputs.length === 0 ||
      !c.source.includes('__version__')
    ) {
      return;
    }
    const note = (name: string, version: string): void => {
      const module = modules.get(name);
      if (module !== undefined) {
        out.set(module, {
          version,
          cellId: c.id,
          index,
          written: `${name}.__version__`
        });
      }
    };
    const lines = c.source
      .split('\n')
      .map(l => l.trim())
      .filter(l => l !== '' && !l.startsWith('#'));
    // The cell's value: its last line is `name.__version__`.
    const last = EXPRESSION.exec(lines[lines.length - 1] ?? '');
    if (last !== null) {
      const result = c.outputs.find(o => o.type === 'execute_result');
      const version = quotedVersion(result?.text ?? '');
      if (version !== null) {
        note(last[1], version);
      }
    }
    // Printed: `print(name.__version__)` alone, or each with its own label.
    const printed = lines.filter(l => l.startsWith('print('));
    const prints = printed.map(l => PRINT.exec(l));
    const shown = c.outputs
      .filter(o => o.type === 'stream')
      .flatMap(o => (o.text ?? '').split('\n'))
      .map(l => l.trim());
    prints.forEach(p => {
      if (p === null) {
        return;
      }
      const label = p[2];
      if (label === undefined) {
        // Unlabelled: only as the cell's one print, with one line of output.
        const versions = shown.filter(l => l !== '');
        if (
          printed.length === 1 &&
          versions.length === 1 &&
          VERSION.test(versions[0])
        ) {
          note(p[3], versions[0]);
        }
        return;
      }
      const lead = `${label} `;
      const hits = shown.filter(
        l => l.startsWith(lead) && VERSION.test(l.slice(lead.length).trim())
      );
      if (label.trim() !== '' && hits.length === 1) {
        note(p[3], hits[0].slice(lead.length).trim());
      }
    });
  });
  return out;
}
