/**
 * "One finding per cause, naming only what changed" (issue 18): when a cell was edited and
 * re-run, a name it binds to the same literal as before (`values = [3.0, 1.5]` kept while
 * the line below it was edited) has an equal value, so a cell that read it is not out of
 * date for that name: the edit did not change it. Sure only in the narrowest case, checked
 * on the sources that ran: the name's one mention in each is a top-level
 * `name = <literal>` line, and the two lines are equal. A re-run of the same source still
 * writes every name it binds (verdicts.md `stale`: the user re-ran it).
 */
import { sourcesDiffer } from './context';
import type { IRunNode } from './timeline';

/** Numbers of any Python spelling (ints, floats, complex, hex/octal/binary, with `_`). */
const NUMBER =
  /(?<![\p{L}\p{N}_])(?:0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?[jJ]?)(?![\p{L}\p{N}_])/gu;
/** Plain string literals (no f-strings: they read names), without escaped quotes. */
const STRING = /(?<![\p{L}\p{N}_])[rRbBuU]{0,2}(?:'[^'\\\n]*'|"[^"\\\n]*")/gu;
const CONSTANT = /(?<![\p{L}\p{N}_])(?:True|False|None)(?![\p{L}\p{N}_])/gu;

/** True when `text` is a literal: numbers, strings, constants, in lists, tuples, sets, dicts. */
export function isLiteral(text: string): boolean {
  let rest = text.replace(STRING, ' ');
  if (/['"]/.test(rest)) {
    return false;
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    rest = rest.slice(0, hash);
  }
  rest = rest.replace(CONSTANT, ' ').replace(NUMBER, ' ');
  return (
    // Only brackets, separators and signs may be left: a single name makes it code.
    text.trim() !== '' && /^[\s+\-[\](){},:]*$/.test(rest)
  );
}

function escapeName(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The literal `source` binds `name` to, when its only mention of `name` is one top-level
 * `name = <literal>` line; else null.
 */
export function literalBinding(source: string, name: string): string | null {
  const n = escapeName(name);
  const mention = new RegExp(
    `(?<![\\p{L}\\p{N}_.])${n}(?![\\p{L}\\p{N}_])`,
    'u'
  );
  const binding = new RegExp(`^${n}\\s*=(?!=)\\s*(.*?)\\s*$`, 'u');
  let found: string | null = null;
  for (const line of source.split('\n')) {
    if (!mention.test(line)) {
      continue;
    }
    const m: RegExpExecArray | null =
      found === null ? binding.exec(line) : null;
    if (m === null || !isLiteral(m[1])) {
      return null;
    }
    found = m[1];
  }
  return found;
}

/**
 * True when `writer`'s write of `name` cannot have changed what `reader` read: the reader
 * read it from an earlier run of the writer's cell, with another source, does not change
 * it itself, and both runs bound it to the same literal.
 */
export function rebindsSameLiteral(
  reader: IRunNode,
  writer: IRunNode,
  name: string
): boolean {
  const dep = reader.deps.get(name);
  if (
    dep === undefined ||
    dep.run.cellId !== writer.run.cellId ||
    reader.effects.writes.has(name) ||
    dep.source === null ||
    writer.source === null ||
    !sourcesDiffer(dep.source, writer.source)
  ) {
    return false;
  }
  return sameLiteralBinding(dep.source, writer.source, name);
}

/** True when both sources bind `name` to the same literal (see {@link literalBinding}). */
export function sameLiteralBinding(
  before: string,
  after: string,
  name: string
): boolean {
  const literal = literalBinding(before, name);
  return literal !== null && literal === literalBinding(after, name);
}
