/**
 * Small readings of @lezer/python nodes shared by the kernel companion's scans
 * (`companion/imports.ts`, `companion/dataReads.ts`) and the pillar verdicts' cell events
 * (`verdicts/pillars/cellEvents.ts`), so that both read imports, strings and call arguments
 * alike. Each takes a `textOf` for a node's source: the callers keep their own texts (the
 * masked source, or offsets into it).
 */
import type { SyntaxNode } from '@lezer/common';
import { decodeString } from '../params/pyString';

/** A node's source text. */
export type TextOf = (node: SyntaxNode) => string;

/** One name an import binds: `a.b as c` → `{ dotted: 'a.b', alias: 'c' }`. */
export interface IImportedName {
  readonly dotted: string;
  readonly alias: string | null;
}

/** An `import` or `from … import` statement's parts. */
export interface IImportParts {
  /** The module of `from m import …`; null for `import …`. */
  readonly from: string | null;
  /** The names imported, in order (`from m import a as b` → `{ dotted: 'a', alias: 'b' }`). */
  readonly names: readonly IImportedName[];
}

/**
 * The parts of an ImportStatement node; null for a relative or broken `from` import
 * (nothing we can resolve: a local module by construction).
 */
export function importParts(
  node: SyntaxNode,
  textOf: TextOf
): IImportParts | null {
  const tokens: { name: string; text: string }[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    tokens.push({ name: c.name, text: textOf(c) });
  }
  if (tokens[0]?.name !== 'from') {
    return { from: null, names: importedNames(tokens.slice(1)) };
  }
  const at = tokens.findIndex(t => t.name === 'import');
  const moduleTokens = tokens.slice(1, at);
  if (
    at < 0 ||
    moduleTokens.length === 0 ||
    moduleTokens[0].name !== 'VariableName'
  ) {
    return null;
  }
  return {
    from: moduleTokens.map(t => t.text).join(''),
    names: importedNames(tokens.slice(at + 1))
  };
}

/** `a.b as c, d` → `[{ dotted: 'a.b', alias: 'c' }, { dotted: 'd', alias: null }]`. */
function importedNames(
  tokens: readonly { name: string; text: string }[]
): IImportedName[] {
  const out: IImportedName[] = [];
  let dotted = '';
  let alias: string | null = null;
  let afterAs = false;
  const flush = (): void => {
    if (dotted !== '') {
      out.push({ dotted, alias });
    }
    dotted = '';
    alias = null;
    afterAs = false;
  };
  for (const t of tokens) {
    if (t.name === ',') {
      flush();
    } else if (t.name === 'as') {
      afterAs = true;
    } else if (t.name === 'VariableName') {
      if (afterAs) {
        alias = t.text;
      } else {
        dotted += t.text;
      }
    } else if (t.name === '.') {
      dotted += '.';
    }
  }
  flush();
  return out;
}

/** The value of a string literal (implicit concatenation included); null for an f-string or anything else. */
export function stringValue(node: SyntaxNode, textOf: TextOf): string | null {
  if (node.name === 'String') {
    const decoded = decodeString(textOf(node));
    return decoded.ok ? decoded.value : null;
  }
  if (node.name === 'ContinuedString') {
    let value = '';
    for (let c = node.firstChild; c; c = c.nextSibling) {
      const part = stringValue(c, textOf);
      if (part === null) {
        return null;
      }
      value += part;
    }
    return value;
  }
  return null;
}

/** The arguments of an ArgList, each as the nodes between its commas (`k=v` is three). */
export function argumentGroups(argList: SyntaxNode): SyntaxNode[][] {
  const groups: SyntaxNode[][] = [];
  let group: SyntaxNode[] = [];
  for (let c = argList.firstChild; c; c = c.nextSibling) {
    if (c.name === '(' || c.name === ')') {
      continue;
    }
    if (c.name === ',') {
      groups.push(group);
      group = [];
    } else {
      group.push(c);
    }
  }
  groups.push(group);
  return groups;
}
