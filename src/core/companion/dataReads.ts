/**
 * Candidate data files of a notebook: string literals that name the file a read call opens
 * (`pd.read_csv("data/train.csv")`, `open(file="x.json")`, `np.load(Path("d") / "a.npy")`),
 * found by parsing each cell (IPython syntax masked) with `@lezer/python`.
 *
 * Static and conservative: only literal paths (with `os.path.join`, `Path(...)` and `/` of
 * literals folded); a path built from a variable or an f-string is not a candidate. Whether a
 * candidate exists, and its fingerprint, is the kernel's answer (`fingerprint`).
 */

import type { SyntaxNode } from '@lezer/common';

import { collectImports } from './imports';
import { parsePython } from '../parse/parsePython';
import { toOriginalOffset } from '../parse/maskIpython';
import {
  argumentGroups,
  stringValue as literalString
} from '../util/pythonSyntax';
import {
  conventionalModule,
  PATH_BUILDERS,
  PATH_READ_METHODS,
  READ_CALLS,
  type IReadCall
} from './readCalls';

/** One place a notebook reads a literal path. */
export interface IDataReadSite {
  /** The path as the code names it (`./` and doubled slashes removed). */
  readonly path: string;
  /** Canonical callee (`pandas.read_csv`, `pathlib.Path.read_text`). */
  readonly call: string;
  /** Index of the source in the input list. */
  readonly source: number;
  /** Offsets of the path expression in that source, as written. */
  readonly from: number;
  readonly to: number;
}

type Aliases = ReadonlyMap<string, string>;

/** Candidate data paths of `sources` (cells), sorted and unique. URLs are left out. */
export function dataReads(sources: string | readonly string[]): string[] {
  const paths = new Set(dataReadSites(sources).map(site => site.path));
  return [...paths].sort();
}

/** Every read site of `sources`, in source order. Never throws. */
export function dataReadSites(
  sources: string | readonly string[]
): IDataReadSite[] {
  const list = typeof sources === 'string' ? [sources] : sources;
  const parsed = list.map(source => {
    try {
      return parsePython(source);
    } catch {
      return null;
    }
  });
  // Aliases from every cell: a notebook imports once, at the top, and reads below.
  const aliases = new Map<string, string>();
  for (const cell of parsed) {
    if (cell) {
      collectImports(cell.tree.topNode, cell.masked.python, aliases);
    }
  }
  const sites: IDataReadSite[] = [];
  parsed.forEach((cell, index) => {
    if (!cell) {
      return;
    }
    const text = cell.masked.python;
    const cursor = cell.tree.cursor();
    do {
      if (cursor.name === 'CallExpression') {
        const site = readSite(cursor.node, text, aliases);
        if (site && !isUrl(site.path)) {
          sites.push({
            ...site,
            path: tidy(site.path),
            source: index,
            from: toOriginalOffset(cell.masked, site.from),
            to: toOriginalOffset(cell.masked, site.to)
          });
        }
      }
    } while (cursor.next());
  });
  return sites;
}

function isUrl(path: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path);
}

/** `./data//x.csv` → `data/x.csv`; `.` and `./` alone stay `.`. */
function tidy(path: string): string {
  const collapsed = path.replace(/\/{2,}/g, '/');
  const stripped = collapsed.replace(/^(\.\/)+/, '');
  return stripped === '' ? '.' : stripped;
}

// ---------------------------------------------------------------------------------------------
// Calls

/** `a.b.c` as parts, or null when the callee is not a plain dotted name. */
function dottedParts(node: SyntaxNode, text: string): string[] | null {
  if (node.name === 'VariableName') {
    return [text.slice(node.from, node.to)];
  }
  if (node.name === 'MemberExpression') {
    const object = node.firstChild;
    const property = node.lastChild;
    if (!object || !property || property.name !== 'PropertyName') {
      return null;
    }
    const head = dottedParts(object, text);
    return head ? [...head, text.slice(property.from, property.to)] : null;
  }
  return null;
}

function canonical(parts: readonly string[], aliases: Aliases): string {
  const head =
    aliases.get(parts[0]) ?? conventionalModule(parts[0]) ?? parts[0];
  return [head, ...parts.slice(1)].join('.');
}

function lookup(callee: string): IReadCall | undefined {
  return READ_CALLS.find(entry =>
    entry.callee.startsWith('*.')
      ? callee.endsWith(entry.callee.slice(1))
      : callee === entry.callee
  );
}

interface IArgs {
  readonly positional: SyntaxNode[];
  readonly keywords: Map<string, SyntaxNode>;
}

/** Splits an ArgList into positional and keyword arguments (stops counting after `*x`). */
function argumentsOf(argList: SyntaxNode, text: string): IArgs {
  const positional: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  let starred = false;
  for (const group of argumentGroups(argList)) {
    if (
      group.length === 3 &&
      group[1].name === 'AssignOp' &&
      group[0].name === 'VariableName'
    ) {
      keywords.set(text.slice(group[0].from, group[0].to), group[2]);
    } else if (group.length === 1 && !starred) {
      positional.push(group[0]);
    } else if (
      group.length > 0 &&
      (group[0].name === '*' || group[0].name === '**')
    ) {
      starred = true;
    }
  }
  return { positional, keywords };
}

function readSite(
  call: SyntaxNode,
  text: string,
  aliases: Aliases
): { path: string; call: string; from: number; to: number } | null {
  const callee = call.firstChild;
  const argList = call.getChild('ArgList');
  if (!callee || !argList) {
    return null;
  }
  // Path("data/x.csv").read_text() and friends.
  if (callee.name === 'MemberExpression') {
    const object = callee.firstChild;
    const property = callee.lastChild;
    if (
      object?.name === 'CallExpression' &&
      property?.name === 'PropertyName'
    ) {
      const method = text.slice(property.from, property.to);
      const path = PATH_READ_METHODS.has(method)
        ? pathValue(object, text, aliases)
        : null;
      if (path !== null) {
        return {
          path,
          call: `pathlib.Path.${method}`,
          from: object.from,
          to: object.to
        };
      }
    }
  }
  const parts = dottedParts(callee, text);
  if (!parts) {
    return null;
  }
  const name = canonical(parts, aliases);
  const entry = lookup(name);
  if (!entry) {
    return null;
  }
  const args = argumentsOf(argList, text);
  const candidates = [
    args.positional[0],
    ...entry.keywords.map(k => args.keywords.get(k))
  ];
  for (const node of candidates) {
    const path = node ? pathValue(node, text, aliases) : null;
    if (node && path !== null && path !== '') {
      return { path, call: name, from: node.from, to: node.to };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Literal paths

function stringValue(node: SyntaxNode, text: string): string | null {
  return literalString(node, n => text.slice(n.from, n.to));
}

function join(parts: readonly string[]): string {
  let out = '';
  for (const part of parts) {
    if (part.startsWith('/') || out === '') {
      out = part;
    } else {
      out = out.endsWith('/') ? out + part : `${out}/${part}`;
    }
  }
  return out;
}

/** `Path(...)` or `Path(...) / …`: an expression whose `/` joins paths. */
function isPathObject(
  node: SyntaxNode,
  text: string,
  aliases: Aliases
): boolean {
  if (node.name === 'BinaryExpression') {
    return node.firstChild
      ? isPathObject(node.firstChild, text, aliases)
      : false;
  }
  if (node.name !== 'CallExpression' || !node.firstChild) {
    return false;
  }
  const parts = dottedParts(node.firstChild, text);
  return parts !== null && canonical(parts, aliases).startsWith('pathlib.');
}

/** The value of a path expression made of literals only, or null. */
function pathValue(
  node: SyntaxNode,
  text: string,
  aliases: Aliases
): string | null {
  const literal = stringValue(node, text);
  if (literal !== null) {
    return literal;
  }
  if (node.name === 'ParenthesizedExpression') {
    const inner = node.firstChild?.nextSibling;
    return inner ? pathValue(inner, text, aliases) : null;
  }
  if (node.name === 'CallExpression') {
    const callee = node.firstChild;
    const argList = node.getChild('ArgList');
    const parts = callee ? dottedParts(callee, text) : null;
    if (!parts || !argList || !PATH_BUILDERS.has(canonical(parts, aliases))) {
      return null;
    }
    const args = argumentsOf(argList, text);
    if (args.keywords.size > 0 || args.positional.length === 0) {
      return null;
    }
    const values = args.positional.map(a => pathValue(a, text, aliases));
    return values.every((v): v is string => v !== null) ? join(values) : null;
  }
  if (node.name === 'BinaryExpression') {
    const left = node.firstChild;
    const op = left?.nextSibling;
    const right = node.lastChild;
    if (!left || !op || !right || text.slice(op.from, op.to) !== '/') {
      return null;
    }
    // Only a Path on the left makes `/` a path join (`str / str` is a TypeError).
    if (!isPathObject(left, text, aliases)) {
      return null;
    }
    const l = pathValue(left, text, aliases);
    const r = pathValue(right, text, aliases);
    return l !== null && r !== null ? join([l, r]) : null;
  }
  return null;
}
