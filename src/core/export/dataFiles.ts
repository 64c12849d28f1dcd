/**
 * The data files a notebook's code reads, found statically for the manifest's `data[]`:
 * the first argument of a known reader (`pd.read_csv("data/x.csv")`, `np.load(...)`,
 * `open(path)` without a write mode), when it is a string literal, a name bound once to a
 * string literal, or `os.path.join` of those. The caller (which may do IO) hashes them.
 */
import type { SyntaxNode } from '@lezer/common';
import { decodeString } from '../params';
import { parsePython } from '../parse/parsePython';
import type { INotebookSnapshot } from '../types';

/** Call names whose first argument is a file the code reads. */
const READERS = new Set([
  'read_csv',
  'read_table',
  'read_excel',
  'read_json',
  'read_parquet',
  'read_feather',
  'read_pickle',
  'read_hdf',
  'read_fwf',
  'read_stata',
  'read_sas',
  'read_spss',
  'read_orc',
  'read_xml',
  'read_html',
  'loadtxt',
  'genfromtxt',
  'load',
  'fromfile',
  'imread',
  'loadmat',
  'open',
  'read_file',
  'load_workbook',
  'read_text',
  'read_bytes',
  'File',
  'Dataset',
  'open_dataset',
  'read_sql_table',
  // Folders the code reads.
  'listdir',
  'scandir',
  'image_dataset_from_directory',
  'text_dataset_from_directory',
  'flow_from_directory',
  'ImageFolder'
]);

const QUICK =
  /\b(?:read_\w+|loadtxt|genfromtxt|load|fromfile|imread|loadmat|open|load_workbook|File|Dataset|open_dataset|listdir|scandir|\w+_from_directory|ImageFolder)\s*\(/;

/** Text of a node. */
function text(src: string, n: SyntaxNode): string {
  return src.slice(n.from, n.to);
}

/** The string value of a literal node, or null (f-strings, bytes, concatenations). */
function stringValue(src: string, n: SyntaxNode): string | null {
  if (n.name !== 'String') {
    return null;
  }
  const d = decodeString(text(src, n));
  return d.ok ? d.value : null;
}

/** The callee's last name: `read_csv` for `pd.read_csv`, `open` for `open`. */
function calleeName(src: string, callee: SyntaxNode): string | null {
  if (callee.name === 'VariableName') {
    return text(src, callee);
  }
  if (callee.name === 'MemberExpression') {
    const last = callee.lastChild;
    return last !== null && last.name === 'PropertyName'
      ? text(src, last)
      : null;
  }
  return null;
}

/** Positional arguments of an ArgList (keyword arguments and `*args` skipped). */
function positional(args: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  let kw = false;
  for (let c = args.firstChild; c !== null; c = c.nextSibling) {
    if (c.name === '(' || c.name === ')' || c.name === ',') {
      kw = false;
      continue;
    }
    if (
      c.name === 'AssignOp' ||
      (c.nextSibling !== null && c.nextSibling.name === 'AssignOp')
    ) {
      kw = true;
      continue;
    }
    if (!kw) {
      out.push(c);
    }
  }
  return out;
}

/** A keyword argument's value node, or null. */
function keyword(
  src: string,
  args: SyntaxNode,
  name: string
): SyntaxNode | null {
  for (let c = args.firstChild; c !== null; c = c.nextSibling) {
    if (
      c.name === 'VariableName' &&
      text(src, c) === name &&
      c.nextSibling?.name === 'AssignOp'
    ) {
      return c.nextSibling.nextSibling;
    }
  }
  return null;
}

/**
 * Relative and absolute file paths the code reads, de-duplicated, in first-seen order.
 * URLs and glob patterns are left out. Never throws.
 */
export function dataPaths(nb: INotebookSnapshot): string[] {
  const cells = nb.cells.filter(c => c.type === 'code');
  // Names bound to one string literal, over the whole notebook (a second binding: unknown).
  const strings = new Map<string, string | null>();
  const calls: { src: string; node: SyntaxNode }[] = [];
  for (const cell of cells) {
    const src = cell.source;
    if (!QUICK.test(src) && !/^[A-Za-z_]\w*\s*=\s*[rRuU]?["']/m.test(src)) {
      continue;
    }
    const parsed = parsePython(src);
    const py = parsed.masked.python;
    const cursor = parsed.tree.cursor();
    do {
      if (cursor.name === 'AssignStatement') {
        const target = cursor.node.firstChild;
        const op = target?.nextSibling;
        const value = op?.nextSibling;
        if (
          target &&
          target.name === 'VariableName' &&
          op?.name === 'AssignOp' &&
          value &&
          value.nextSibling === null
        ) {
          const name = text(py, target);
          const v = stringValue(py, value);
          strings.set(name, strings.has(name) || v === null ? null : v);
        }
      } else if (cursor.name === 'CallExpression') {
        calls.push({ src: py, node: cursor.node });
      }
    } while (cursor.next());
  }
  const resolve = (src: string, n: SyntaxNode): string | null => {
    const lit = stringValue(src, n);
    if (lit !== null) {
      return lit;
    }
    if (n.name === 'VariableName') {
      return strings.get(text(src, n)) ?? null;
    }
    if (n.name === 'CallExpression') {
      const callee = n.firstChild;
      const args = n.getChild('ArgList');
      if (
        callee &&
        args &&
        /^(?:os\.path\.join|join)$/.test(text(src, callee))
      ) {
        const parts = positional(args).map(a => resolve(src, a));
        return parts.length > 0 && parts.every((p): p is string => p !== null)
          ? parts.join('/').replace(/\/+/g, '/')
          : null;
      }
    }
    return null;
  };
  const out: string[] = [];
  for (const { src, node } of calls) {
    const callee = node.firstChild;
    const args = node.getChild('ArgList');
    if (!callee || !args) {
      continue;
    }
    const name = calleeName(src, callee);
    if (name === null || !READERS.has(name)) {
      continue;
    }
    const pos = positional(args);
    if (name === 'open') {
      const mode = pos[1] ?? keyword(src, args, 'mode');
      const m = mode ? stringValue(src, mode) : 'r';
      if (m === null || /[wax+]/.test(m)) {
        continue;
      }
    }
    const first =
      pos[0] ??
      keyword(src, args, 'filepath_or_buffer') ??
      keyword(src, args, 'path') ??
      keyword(src, args, 'fname');
    if (!first) {
      continue;
    }
    const path = resolve(src, first);
    if (
      path === null ||
      path.trim() === '' ||
      /^[a-z][a-z0-9+.-]*:\/\//i.test(path) ||
      /[*?[]/.test(path)
    ) {
      continue;
    }
    if (!out.includes(path)) {
      out.push(path);
    }
  }
  return out;
}
