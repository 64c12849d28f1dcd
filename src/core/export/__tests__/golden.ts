/**
 * Golden-file fixtures (jupytext's "mirror" tests): `golden/<name>.txt` holds a notebook's
 * cells, `golden/<name>.py` the script the export must produce, byte for byte.
 *
 * Fixture format: an optional first line `~~~ options {json}` (export options), then cells,
 * each opened by `~~~ code`, `~~~ markdown` or `~~~ raw`; cell ids are `c1`, `c2`, …
 * Regenerate the expected files with `UPDATE_GOLDEN=1`.
 */
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import type { IExportOptions } from '../types';
import type { CellType, INotebookSnapshot } from '../../types';

export const GOLDEN = path.join(__dirname, 'golden');

/** A parsed fixture. */
export interface IFixture {
  readonly name: string;
  readonly nb: INotebookSnapshot;
  readonly options: Partial<IExportOptions>;
}

/** Builds a snapshot from cells. */
export function snapshot(
  cells: readonly {
    type?: CellType;
    source: string;
    id?: string;
    count?: number | null;
  }[]
): INotebookSnapshot {
  return {
    nbformat: [4, 5],
    language: 'python',
    kernelName: 'python3',
    cells: cells.map((c, i) => ({
      id: c.id ?? `c${i + 1}`,
      type: c.type ?? 'code',
      source: c.source,
      executionCount: c.count ?? null,
      outputs: [],
      tags: []
    }))
  };
}

/** Reads one fixture. */
export function readFixture(name: string): IFixture {
  const text = readFileSync(path.join(GOLDEN, `${name}.txt`), 'utf8');
  let options: Partial<IExportOptions> = {};
  const cells: { type: CellType; source: string }[] = [];
  let current: string[] | null = null;
  for (const line of text.split('\n')) {
    const m = /^~~~ (code|markdown|raw|options)(?: (.*))?$/.exec(line);
    if (m) {
      if (m[1] === 'options') {
        options = JSON.parse(m[2] ?? '{}') as Partial<IExportOptions>;
        continue;
      }
      current = [];
      cells.push({ type: m[1] as CellType, source: '' });
      continue;
    }
    if (current !== null) {
      current.push(line);
      cells[cells.length - 1].source = current.join('\n');
    }
  }
  // The file's final newline is not part of the last cell.
  if (cells.length > 0) {
    const last = cells[cells.length - 1];
    last.source = last.source.replace(/\n$/, '');
  }
  return { name, nb: snapshot(cells), options };
}

/** Every fixture name, sorted. */
export function fixtureNames(): string[] {
  return readdirSync(GOLDEN)
    .filter(f => f.endsWith('.txt'))
    .map(f => f.slice(0, -4))
    .sort();
}
