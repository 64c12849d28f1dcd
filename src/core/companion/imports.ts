/**
 * What a notebook imports, from its code: the aliases its import statements bind (for
 * `dataReads`) and the top-level modules it imports (the `hints` of the companion's `env`,
 * so a package the kernel itself also loads is listed when the notebook uses it).
 */

import type { SyntaxNode } from '@lezer/common';

import { parsePython } from '../parse/parsePython';
import { importsUnits, importUnit } from '../util/importUnits';
import { importParts } from '../util/pythonSyntax';

/**
 * What the sources import, as units to install (`import a.b`, `from a.b import c` → `a`;
 * `from google import colab` → `google.colab`, see importUnits), sorted.
 */
export function importedModules(sources: string | readonly string[]): string[] {
  const list = typeof sources === 'string' ? [sources] : sources;
  const tops = new Set<string>();
  for (const source of list) {
    try {
      const cell = parsePython(source);
      const modules = collectImports(
        cell.tree.topNode,
        cell.masked.python,
        new Map()
      );
      for (const module of modules) {
        tops.add(importUnit(module));
      }
    } catch {
      // A cell that cannot be parsed imports nothing we can know of.
    }
  }
  return [...tops].sort();
}

/**
 * Adds the names bound by every import statement under `top` to `aliases`, each mapped to
 * the dotted name it stands for: `import numpy as np` → np: numpy; `import os.path` →
 * os: os; `from PIL import Image` → Image: PIL.Image. Relative imports are skipped.
 * Returns the dotted modules imported (`from m import *` included), in source order.
 */
export function collectImports(
  top: SyntaxNode,
  text: string,
  aliases: Map<string, string>
): string[] {
  const modules: string[] = [];
  const cursor = top.cursor();
  do {
    if (cursor.name === 'ImportStatement') {
      modules.push(...importStatement(cursor.node, text, aliases));
    }
  } while (cursor.next());
  return modules;
}

/** Binds the statement's names in `aliases`; returns the dotted modules it imports. */
function importStatement(
  node: SyntaxNode,
  text: string,
  aliases: Map<string, string>
): string[] {
  const parts = importParts(node, n => text.slice(n.from, n.to));
  if (parts === null) {
    return []; // relative import or broken: nothing we can resolve
  }
  if (parts.from !== null) {
    for (const { dotted, alias } of parts.names) {
      aliases.set(alias ?? dotted, `${parts.from}.${dotted}`);
    }
    // `from google import colab` imports the module `google.colab` (see importUnits).
    return importsUnits(parts.from) && parts.names.length > 0
      ? parts.names.map(n => `${parts.from}.${n.dotted}`)
      : [parts.from];
  }
  const modules: string[] = [];
  for (const { dotted, alias } of parts.names) {
    const head = dotted.split('.')[0];
    // `import a.b` binds `a` (to `a`); `import a.b as c` binds `c` to `a.b`.
    aliases.set(alias ?? head, alias ? dotted : head);
    modules.push(dotted);
  }
  return modules;
}
