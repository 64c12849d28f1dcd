/**
 * The Python expression for a command IPython would expand before running it
 * (`!ls {path}`, `%cd $folder`): literal parts as string literals, each `{expr}` or `$name`
 * as the value's text, joined with `+`.
 *
 * IPython expands with a `string.Formatter` (`IPython.utils.text.DollarFormatter`): `{{`,
 * `}}` and `$$` are literal braces and dollars, and when the formatting fails (a brace that
 * is not a simple expression, as in awk's `'{print $1}'`) it runs the command unexpanded. We
 * do the same. A `$NAME` in capitals that the notebook never binds fails there too (so
 * the shell expands it, as `$HOME`).
 */
import type { IInterpolation } from '../parse/maskIpython';
import { pyString } from './pyText';

/** How to turn one interpolated value into text. */
export type Quoting = 'shell' | 'raw';

/** The expression and whether it needs `shlex`. */
export interface ICommandExpr {
  readonly expr: string;
  readonly usesShlex: boolean;
  /** True when there was something to expand. */
  readonly interpolated: boolean;
}

/**
 * The Python expression for `command` (the magic's `args`), expanding the masker's
 * `interpolations` in order. `quoting: 'shell'` wraps each value in `shlex.quote(str(…))`
 * (export-rules §1: interpolate safely); `raw` uses `str(…)` (a file name, an env value).
 */
export function commandExpression(
  command: string,
  interpolations: readonly IInterpolation[],
  bound: ReadonlySet<string>,
  quoting: Quoting
): ICommandExpr {
  // IPython evaluates every field; one that fails (an unbound `$HOME`) makes it run the
  // whole command unexpanded, and the shell then expands `$HOME` itself.
  if (
    interpolations.some(
      it => it.shellVariable && !bound.has(rootName(it.expression))
    )
  ) {
    return literalOnly(command);
  }
  const live = interpolations;
  const parts: { literal: boolean; text: string }[] = [];
  let at = 0;
  for (const it of live) {
    const found = locate(command, it, at);
    if (found === null) {
      // The masker saw it in the original lines but the joined text differs: run unexpanded.
      return literalOnly(command);
    }
    parts.push({ literal: true, text: command.slice(at, found.from) });
    parts.push({ literal: false, text: it.expression });
    at = found.to;
  }
  parts.push({ literal: true, text: command.slice(at) });
  const literals = parts.filter(p => p.literal).map(p => p.text);
  if (!literals.every(formattable)) {
    return literalOnly(command);
  }
  const pieces: string[] = [];
  for (const p of parts) {
    if (p.literal) {
      const text = unescapeFormat(p.text);
      if (text !== '') {
        pieces.push(pyString(text));
      }
    } else {
      pieces.push(
        quoting === 'shell' ? `shlex.quote(str(${p.text}))` : `str(${p.text})`
      );
    }
  }
  if (pieces.length === 0) {
    pieces.push('""');
  }
  return {
    expr: pieces.join(' + '),
    usesShlex: quoting === 'shell' && live.length > 0,
    interpolated: live.length > 0
  };
}

function rootName(expression: string): string {
  return /^[^.[\s]*/.exec(expression)?.[0] ?? expression;
}

function literalOnly(command: string): ICommandExpr {
  return { expr: pyString(command), usesShlex: false, interpolated: false };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where `{ expr }` or `$expr` occurs in `command` at or after `from`. */
function locate(
  command: string,
  it: IInterpolation,
  from: number
): { from: number; to: number } | null {
  const e = escapeRegExp(it.expression);
  const re = new RegExp(`\\{[ \\t]*${e}[ \\t]*\\}|\\$${e}(?![\\w.])`, 'g');
  re.lastIndex = from;
  for (let m = re.exec(command); m !== null; m = re.exec(command)) {
    // Skip `{{expr}}` (a literal) and `$$expr`.
    const before = command[m.index - 1];
    if (
      (m[0][0] === '{' && before === '{') ||
      (m[0][0] === '$' && before === '$')
    ) {
      continue;
    }
    return { from: m.index, to: m.index + m[0].length };
  }
  return null;
}

/** A literal part formats only if every brace is doubled. */
function formattable(text: string): boolean {
  return !/[{}]/.test(text.replace(/\{\{|\}\}/g, ''));
}

function unescapeFormat(text: string): string {
  // `$$name` is a literal `$name`; a `$$` before anything else stays as written.
  return text
    .replace(/\{\{/g, '{')
    .replace(/\}\}/g, '}')
    .replace(/\$\$(?=[\w.])/g, '$');
}
