import { NotebookFormatError } from '../errors';
import type {
  CellType,
  ICellSnapshot,
  INotebookSnapshot,
  IOutputSnapshot
} from '../types';

/** The metadata key under which the execution record is stored. */
export const RECORD_KEY = 'linearize';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * Read an `.ipynb` (nbformat 4.x or 3.0) into a snapshot.
 *
 * @param input the file's text, or an already parsed JSON value.
 * @throws {NotebookFormatError} with a one-line message naming what is wrong;
 *   never any other error, whatever the input.
 */
export function fromIpynb(input: string | unknown): INotebookSnapshot {
  const json = typeof input === 'string' ? parseJson(input) : (input as Json);
  if (!isObject(json)) {
    throw new NotebookFormatError(
      'not a notebook: the top level is not a JSON object'
    );
  }
  const major = json.nbformat;
  const minor =
    typeof json.nbformat_minor === 'number' ? json.nbformat_minor : 0;
  const metadata = isObject(json.metadata) ? json.metadata : {};
  if (major === 4 || (major === undefined && Array.isArray(json.cells))) {
    if (!Array.isArray(json.cells)) {
      throw new NotebookFormatError(
        'not a notebook: "cells" is missing or not a list'
      );
    }
    const cells = json.cells.map((c, i) => readCell4(c, i));
    return {
      nbformat: [4, minor],
      language: languageOf(metadata, []),
      kernelName: kernelNameOf(metadata),
      languageVersion: languageVersionOf(metadata),
      cells: uniqueIds(cells),
      record: metadata[RECORD_KEY]
    };
  }
  if (major === 3) {
    const sheets = json.worksheets;
    if (!Array.isArray(sheets)) {
      throw new NotebookFormatError(
        'nbformat 3 notebook without a "worksheets" list'
      );
    }
    const raw: Json[] = [];
    for (const sheet of sheets) {
      if (isObject(sheet) && Array.isArray(sheet.cells)) {
        raw.push(...sheet.cells);
      }
    }
    const cells = raw.map((c, i) => readCell3(c, i));
    const cellLanguages = raw
      .map(c =>
        isObject(c) && typeof c.language === 'string' ? c.language : null
      )
      .filter((l): l is string => l !== null);
    return {
      nbformat: [3, minor],
      language: languageOf(metadata, cellLanguages),
      kernelName: kernelNameOf(metadata),
      languageVersion: languageVersionOf(metadata),
      cells: uniqueIds(cells),
      record: metadata[RECORD_KEY]
    };
  }
  throw new NotebookFormatError(
    `unsupported nbformat ${JSON.stringify(major ?? null)} (supported: 4.x and 3.0)`
  );
}

function parseJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    const start = text.trimStart();
    if (start !== '' && start[0] !== '{') {
      // A script or another file given by mistake: say what it is, not where JSON broke.
      const line = start.split('\n', 1)[0].slice(0, 40);
      throw new NotebookFormatError(
        `not a notebook: an .ipynb file holds JSON, and this one starts with ${JSON.stringify(line)}` +
          (/^(#|import |from |def |""")/.test(start)
            ? ' (Python: give its notebook, or convert a paired script with `jupytext --to notebook`)'
            : '')
      );
    }
    const detail = e instanceof Error ? e.message : String(e);
    const hint = start === '' ? 'the file is empty' : detail;
    throw new NotebookFormatError(`invalid JSON: ${hint}`);
  }
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** nbformat multiline strings are a string or a list of strings. */
function text(v: Json | undefined, what: string, index: number): string {
  if (v === undefined || v === null) {
    return '';
  }
  if (typeof v === 'string') {
    return v;
  }
  if (Array.isArray(v) && v.every(s => typeof s === 'string')) {
    return (v as string[]).join('');
  }
  throw new NotebookFormatError(
    `cell ${index + 1}: "${what}" is neither a string nor a list of strings`
  );
}

function count(v: Json | undefined): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

function cellType(v: Json | undefined, index: number): CellType {
  if (v === 'code' || v === 'markdown' || v === 'raw') {
    return v;
  }
  // nbformat 3 headings are markdown in nbformat 4.
  if (v === 'heading') {
    return 'markdown';
  }
  throw new NotebookFormatError(
    `cell ${index + 1}: unknown cell_type ${JSON.stringify(v ?? null)}`
  );
}

function tagsOf(metadata: Json | undefined): string[] {
  if (isObject(metadata) && Array.isArray(metadata.tags)) {
    return metadata.tags.filter((t): t is string => typeof t === 'string');
  }
  return [];
}

function readCell4(c: Json, index: number): ICellSnapshot {
  if (!isObject(c)) {
    throw new NotebookFormatError(`cell ${index + 1} is not a JSON object`);
  }
  const type = cellType(c.cell_type, index);
  return {
    id: typeof c.id === 'string' && c.id !== '' ? c.id : '',
    type,
    source: text(c.source, 'source', index),
    executionCount: type === 'code' ? count(c.execution_count) : null,
    outputs: type === 'code' ? readOutputs(c.outputs, 4) : [],
    tags: tagsOf(c.metadata)
  };
}

function readCell3(c: Json, index: number): ICellSnapshot {
  if (!isObject(c)) {
    throw new NotebookFormatError(`cell ${index + 1} is not a JSON object`);
  }
  const type = cellType(c.cell_type, index);
  let source = text(
    type === 'code' ? c.input : c.source,
    type === 'code' ? 'input' : 'source',
    index
  );
  if (c.cell_type === 'heading') {
    const level = typeof c.level === 'number' ? c.level : 1;
    source = `${'#'.repeat(Math.max(1, Math.min(6, level)))} ${source}`;
  }
  return {
    id: '',
    type,
    source,
    executionCount: type === 'code' ? count(c.prompt_number) : null,
    outputs: type === 'code' ? readOutputs(c.outputs, 3) : [],
    tags: tagsOf(c.metadata)
  };
}

function readOutputs(v: Json | undefined, major: 3 | 4): IOutputSnapshot[] {
  if (!Array.isArray(v)) {
    return [];
  }
  const out: IOutputSnapshot[] = [];
  for (const o of v) {
    if (!isObject(o)) {
      continue;
    }
    const t = o.output_type;
    if (t === 'stream') {
      out.push({ type: 'stream', text: safeText(o.text) });
    } else if (t === 'error' || t === 'pyerr') {
      out.push({
        type: 'error',
        ename: typeof o.ename === 'string' ? o.ename : '',
        evalue: typeof o.evalue === 'string' ? o.evalue : ''
      });
    } else if (
      t === 'execute_result' ||
      t === 'pyout' ||
      t === 'display_data'
    ) {
      const data = major === 4 ? o.data : o;
      const plain = isObject(data)
        ? data[major === 4 ? 'text/plain' : 'text']
        : undefined;
      out.push({
        type: t === 'display_data' ? 'display_data' : 'execute_result',
        ...(plain !== undefined ? { text: safeText(plain) } : {})
      });
    }
  }
  return out;
}

function safeText(v: Json | undefined): string {
  if (typeof v === 'string') {
    return v;
  }
  if (Array.isArray(v)) {
    return v.filter((s): s is string => typeof s === 'string').join('');
  }
  return '';
}

/** `metadata.language_info.version` (`3.8.10`): the Python the notebook last ran with. */
function languageVersionOf(metadata: JsonObject): string | null {
  const info = metadata.language_info;
  const v = isObject(info) ? info.version : undefined;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

function languageOf(
  metadata: JsonObject,
  cellLanguages: string[]
): string | null {
  const spec = metadata.kernelspec;
  const info = metadata.language_info;
  const candidates: Json[] = [
    isObject(spec) ? spec.language : undefined,
    isObject(info) ? info.name : undefined,
    metadata.language
  ].filter((x): x is Json => x !== undefined);
  for (const c of candidates) {
    if (typeof c === 'string' && c !== '') {
      return c.toLowerCase();
    }
  }
  if (
    cellLanguages.length > 0 &&
    cellLanguages.every(l => l === cellLanguages[0])
  ) {
    return cellLanguages[0].toLowerCase();
  }
  return null;
}

function kernelNameOf(metadata: JsonObject): string | null {
  const spec = metadata.kernelspec;
  return isObject(spec) && typeof spec.name === 'string' ? spec.name : null;
}

/**
 * Cells without an id (nbformat < 4.5) get `cell-<index>`; a repeated id (a file
 * edited by hand) gets a suffix, so every id in a snapshot is unique.
 */
function uniqueIds(cells: ICellSnapshot[]): ICellSnapshot[] {
  const seen = new Set<string>();
  return cells.map((c, i) => {
    let id = c.id || `cell-${i}`;
    if (seen.has(id)) {
      let n = 2;
      while (seen.has(`${id}-${n}`)) {
        n++;
      }
      id = `${id}-${n}`;
    }
    seen.add(id);
    return id === c.id ? c : { ...c, id };
  });
}

/** True when the snapshot's language is Python (or unknown, which the corpus shows is nearly always Python). */
export function isPython(nb: INotebookSnapshot): boolean {
  return (
    nb.language === null ||
    nb.language.startsWith('python') ||
    nb.language === 'ipython'
  );
}

/**
 * The one way every command reads a notebook's text: a UTF-8 byte order mark (legal in a
 * file, not in JSON; Python's `json.load` of a file opened with `utf-8-sig` and JupyterLab
 * accept it) is dropped, then {@link fromIpynb}.
 *
 * @throws {NotebookFormatError} as {@link fromIpynb}.
 */
export function fromIpynbText(text: string): INotebookSnapshot {
  return fromIpynb(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

/**
 * Why `bytes` are not strict UTF-8 (Python's words: "can't decode byte 0xff in position 3:
 * invalid start byte"), or null when they are. A decoder that replaces bad bytes with U+FFFD
 * would let a notebook Python's json refuses pass as linear and export a script that does
 * not compile, so readers decode strictly and call this to say where it failed.
 */
export function utf8Problem(bytes: Uint8Array): string | null {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) {
        min = 0xa0;
      } else if (b === 0xed) {
        max = 0x9f; // surrogates are not UTF-8
      }
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) {
        min = 0x90;
      } else if (b === 0xf4) {
        max = 0x8f;
      }
    } else {
      return invalidAt(b, i, 'invalid start byte');
    }
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) {
        return invalidAt(b, i, 'unexpected end of data');
      }
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c < lo || c > hi) {
        return invalidAt(b, i, 'invalid continuation byte');
      }
    }
    i += need + 1;
  }
  return null;
}

function invalidAt(byte: number, position: number, why: string): string {
  return (
    `not UTF-8: can't decode byte 0x${byte.toString(16).padStart(2, '0')} in position ` +
    `${position}: ${why} (nbformat files are UTF-8; Python's json refuses this file too)`
  );
}
