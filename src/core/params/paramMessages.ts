/**
 * The words of parameter extraction, defined once (the twin of `verdicts/messages.ts` for
 * findings). A skip, a warning or a note carries `text`, a serialisable description (which
 * sentence, and its data: names, cell positions, lines, excerpts of source); `describeParam`
 * words it through a translator port. The core keeps the English `message` (the CLI prints
 * it); the lab words `text` with JupyterLab's `TranslationBundle`. Every sentence is one
 * literal `t.__` call, a whole sentence with %N placeholders, so gettext extraction finds it
 * and a language can reorder it. Names, excerpts and escapes are data, never translated.
 */
import type { IParseError } from '../types';
import { describeSyntax } from '../parse/syntaxProblem';
import { ENGLISH, type ITranslatorPort } from '../util/translator';
import type { SkipCode } from './types';

/** Why a keyword (or every keyword of a call) is on the deny-list: one id per row. */
export type DenyReason =
  | 'plot-styling'
  | 'widget-setting'
  | 'frame-mechanics'
  | 'io-formatting'
  | 'logging-only'
  | 'display-call'
  | 'plot-call'
  | 'widget-call';

/**
 * A skip reason, warning or note as data. `cell` is a 0-based cell index (worded from 1, as a
 * person counts); `line` is 1-based, as the candidate's own `line`. `excerpt` and `text` are
 * source as written (already shortened where the message shortens it).
 */
export type ParamText =
  // Notes on the notebook or a cell.
  | { readonly id: 'not-python'; readonly args: { language: string | null } }
  | {
      /** A bug in the scanner; `detail` is the exception's own message. */
      readonly id: 'scan-failed';
      readonly args: { cell: number; detail: string };
    }
  | {
      readonly id: 'cell-syntax-error';
      readonly args: { cell: number; error: IParseError };
    }
  // Skips decided by `findParams`.
  | { readonly id: 'magic-rewritten'; readonly args: Record<string, never> }
  | { readonly id: 'magic-timeit'; readonly args: Record<string, never> }
  | { readonly id: 'syntax-error'; readonly args: { error: IParseError } }
  | { readonly id: 'chained'; readonly args: { excerpt: string } }
  | { readonly id: 'unpacking'; readonly args: { name: string } }
  | {
      readonly id: 'deny-list';
      readonly args: { keyword: string; reason: DenyReason };
    }
  | {
      readonly id: 'already-extracted';
      readonly args: { name: string; cell: number; line: number };
    }
  // Skips of `selectParams`.
  | { readonly id: 'excluded'; readonly args: Record<string, never> }
  | { readonly id: 'not-included'; readonly args: Record<string, never> }
  // Warnings on an extracted value: where the other use of its name is.
  | {
      readonly id: 'assigned-again';
      readonly args: { name: string; cell: number; line: number };
    }
  | {
      readonly id: 'assigned-earlier';
      readonly args: { name: string; cell: number; line: number };
    }
  | {
      readonly id: 'augmented';
      readonly args: { name: string; cell: number; line: number };
    }
  | {
      readonly id: 'rebound';
      readonly args: { name: string; cell: number; line: number };
    }
  | {
      readonly id: 'read-in-function';
      readonly args: {
        name: string;
        scope: string | null;
        cell: number;
        line: number;
      };
    }
  | {
      readonly id: 'rebound-in-function';
      readonly args: {
        name: string;
        scope: string | null;
        cell: number;
        line: number;
      };
    }
  // Literals (`literal.ts`).
  | { readonly id: 'too-deep'; readonly args: { depth: number } }
  | { readonly id: 'not-literal'; readonly args: { excerpt: string } }
  | { readonly id: 'expression'; readonly args: { excerpt: string } }
  | { readonly id: 'set'; readonly args: Record<string, never> }
  | { readonly id: 'conditional'; readonly args: { excerpt: string } }
  | { readonly id: 'ellipsis'; readonly args: Record<string, never> }
  | {
      /** `kind` is the operand's value kind (`bool`, `str`, …): a type name, data. */
      readonly id: 'unary-not-number';
      readonly args: { sign: string; kind: string };
    }
  | { readonly id: 'concatenation'; readonly args: { excerpt: string } }
  | { readonly id: 'arithmetic'; readonly args: { excerpt: string } }
  | { readonly id: 'starred'; readonly args: Record<string, never> }
  | { readonly id: 'starred-mapping'; readonly args: Record<string, never> }
  | { readonly id: 'malformed-dict'; readonly args: Record<string, never> }
  | { readonly id: 'unhashable-key'; readonly args: { excerpt: string } }
  | { readonly id: 'duplicate-key'; readonly args: { excerpt: string } }
  // Number tokens (`pyNumber.ts`).
  | { readonly id: 'complex'; readonly args: { text: string } }
  | {
      readonly id: 'leading-zeros';
      readonly args: { text: string; octal: string };
    }
  | { readonly id: 'invalid-number'; readonly args: { text: string } }
  // String tokens (`pyString.ts`); `escape` is the escape as written (`\x`, `\ud800`).
  | { readonly id: 'not-a-string'; readonly args: { excerpt: string } }
  | { readonly id: 'f-string'; readonly args: { prefix: 'f' | 't' } }
  | { readonly id: 'bytes'; readonly args: Record<string, never> }
  | { readonly id: 'string-prefix'; readonly args: { prefix: string } }
  | { readonly id: 'unterminated-string'; readonly args: Record<string, never> }
  | { readonly id: 'lone-surrogate'; readonly args: Record<string, never> }
  | { readonly id: 'lone-backslash'; readonly args: Record<string, never> }
  | { readonly id: 'truncated-escape'; readonly args: { escape: string } }
  | { readonly id: 'beyond-unicode'; readonly args: { escape: string } }
  | { readonly id: 'surrogate-escape'; readonly args: { escape: string } }
  | { readonly id: 'name-escape'; readonly args: Record<string, never> }
  // Reading a config back (`readYaml.ts`); `detail` is the YAML parser's own message.
  | { readonly id: 'yaml-invalid'; readonly args: { detail: string } }
  | { readonly id: 'yaml-not-mapping'; readonly args: Record<string, never> }
  | { readonly id: 'yaml-group'; readonly args: { group: string } }
  | {
      readonly id: 'yaml-unsupported';
      readonly args: { group: string; key: string };
    };

/** The args of one id (for the sites that build a text). */
export type ParamArgs<I extends ParamText['id']> = Extract<
  ParamText,
  { id: I }
>['args'];

/** A text without args (most fixed sentences). */
export const NO_ARGS: Record<string, never> = {};

/** The reason of one deny-list row, in the port's language. */
export function describeDenyReason(
  reason: DenyReason,
  t: ITranslatorPort = ENGLISH
): string {
  switch (reason) {
    case 'plot-styling':
      return t.__('plot styling: changes how a figure looks, not the analysis');
    case 'widget-setting':
      return t.__('interactive widget setting: a UI control, not the analysis');
    case 'frame-mechanics':
      return t.__(
        'data-frame mechanics: part of what the code does, not a setting'
      );
    case 'io-formatting':
      return t.__(
        'input/output formatting: how text is read or written, not what is computed'
      );
    case 'logging-only':
      return t.__('logging or speed only: does not change the result');
    case 'display-call':
      return t.__('display or printing only: does not change the result');
    case 'plot-call':
      return t.__('plot call: changes how a figure looks, not the analysis');
    case 'widget-call':
      return t.__('interactive widget: a UI control, not the analysis');
  }
}

/** The sentence `text` describes, in the port's language. */
export function describeParam(
  text: ParamText,
  t: ITranslatorPort = ENGLISH
): string {
  switch (text.id) {
    case 'not-python':
      return text.args.language === null
        ? t.__(
            'the kernel language is unknown, not Python: no parameters extracted'
          )
        : t.__(
            'the kernel language is %1, not Python: no parameters extracted',
            text.args.language
          );
    case 'scan-failed':
      return t.__(
        'cell %1 could not be scanned (%2); please report this',
        text.args.cell + 1,
        text.args.detail
      );
    case 'cell-syntax-error': {
      const { cell, error } = text.args;
      return t.__(
        'cell %1 does not parse as Python (line %2: %3): its values are not extracted',
        cell + 1,
        error.line,
        describeSyntax(error.problem, t)
      );
    }
    case 'magic-rewritten':
      return t.__(
        'the value is part of IPython syntax that the export rewrites'
      );
    case 'magic-timeit':
      return t.__(
        'inside %timeit, which runs the code but drops what it binds'
      );
    case 'syntax-error':
      return t.__(
        'the cell does not parse as Python (line %1: %2)',
        text.args.error.line,
        describeSyntax(text.args.error.problem, t)
      );
    case 'chained':
      return t.__(
        '%1… binds several names to one value; split it to extract',
        text.args.excerpt
      );
    case 'unpacking':
      return t.__(
        'unpacking into %1; assign each name on its own line to extract',
        text.args.name
      );
    case 'deny-list':
      return t.__(
        '%1=: %2',
        text.args.keyword,
        describeDenyReason(text.args.reason, t)
      );
    case 'already-extracted': {
      const { name, cell, line } = text.args;
      return t.__(
        '%1 is already extracted from cell %2, line %3; this assignment stays in the code',
        name,
        cell + 1,
        line
      );
    }
    case 'excluded':
      return t.__('excluded by --exclude');
    case 'not-included':
      return t.__('not matched by --include');
    case 'assigned-again': {
      const { name, cell, line } = text.args;
      return t.__(
        '%1 is assigned again at cell %2, line %3: code after that uses the new value, not the config',
        name,
        cell + 1,
        line
      );
    }
    case 'assigned-earlier': {
      const { name, cell, line } = text.args;
      return t.__(
        '%1 is also assigned earlier, at cell %2, line %3: code between that and this assignment uses the earlier value',
        name,
        cell + 1,
        line
      );
    }
    case 'augmented': {
      const { name, cell, line } = text.args;
      return t.__(
        '%1 is changed in place at cell %2, line %3 (kept in the code): the config holds the value before that',
        name,
        cell + 1,
        line
      );
    }
    case 'rebound': {
      const { name, cell, line } = text.args;
      return t.__(
        '%1 is rebound at cell %2, line %3 (a loop, del, with or def)',
        name,
        cell + 1,
        line
      );
    }
    case 'read-in-function': {
      const { name, scope, cell, line } = text.args;
      return t.__(
        '%1 is read inside function %2 (cell %3, line %4): it sees the config value if it runs after the assignment',
        name,
        scope ?? '?',
        cell + 1,
        line
      );
    }
    case 'rebound-in-function': {
      const { name, scope, cell, line } = text.args;
      return t.__(
        '%1 is rebound through `global` inside function %2 (cell %3, line %4): calling it overrides the config value',
        name,
        scope ?? '?',
        cell + 1,
        line
      );
    }
    case 'too-deep':
      return t.__('nested more than %1 levels', text.args.depth);
    case 'not-literal':
      return t.__('%1 is not a literal', text.args.excerpt);
    case 'expression':
      return t.__('%1 is an expression, not a literal', text.args.excerpt);
    case 'set':
      return t.__('a set (YAML safe loaders have no set type)');
    case 'conditional':
      return t.__('%1 depends on a condition', text.args.excerpt);
    case 'ellipsis':
      return t.__('`...` (Ellipsis) has no YAML form');
    case 'unary-not-number':
      return t.__(
        'unary %1 applies to a number only, not to %2',
        text.args.sign,
        text.args.kind
      );
    case 'concatenation':
      return t.__('%1 is computed (a sum or concatenation)', text.args.excerpt);
    case 'arithmetic':
      return t.__('%1 is arithmetic, computed when it runs', text.args.excerpt);
    case 'starred':
      return t.__('a starred item (`*xs`) is not a literal');
    case 'starred-mapping':
      return t.__('a `**mapping` inside a dict is not a literal');
    case 'malformed-dict':
      return t.__('a malformed dict');
    case 'unhashable-key':
      return t.__(
        'dict key %1 cannot be a YAML key that loads back as the same Python key',
        text.args.excerpt
      );
    case 'duplicate-key':
      return t.__(
        'dict key %1 appears twice (Python keeps the last, YAML 1.2 refuses)',
        text.args.excerpt
      );
    case 'complex':
      return t.__(
        '%1 is a complex number (YAML has no complex type)',
        text.args.text
      );
    case 'leading-zeros':
      return t.__(
        '%1: leading zeros in a decimal int are a syntax error in Python 3 (write %2 for octal)',
        text.args.text,
        text.args.octal
      );
    case 'invalid-number':
      return t.__('%1 is not a valid Python number literal', text.args.text);
    case 'not-a-string':
      return t.__('%1 is not a string literal', text.args.excerpt);
    case 'f-string':
      return text.args.prefix === 'f'
        ? t.__('an f-string is computed when it runs, not a literal')
        : t.__('a t-string is computed when it runs, not a literal');
    case 'bytes':
      return t.__('a bytes literal (YAML has no bytes type)');
    case 'string-prefix':
      return t.__('string prefix %1 is not valid Python 3', text.args.prefix);
    case 'unterminated-string':
      return t.__('unterminated string');
    case 'lone-surrogate':
      return t.__(
        'the string holds a lone surrogate, which JavaScript and Python count differently'
      );
    case 'lone-backslash':
      return t.__('a string cannot end with a lone backslash');
    case 'truncated-escape':
      return t.__('truncated %1 escape', text.args.escape);
    case 'beyond-unicode':
      return t.__('%1 is beyond U+10FFFF', text.args.escape);
    case 'surrogate-escape':
      return t.__(
        '%1 is a surrogate code point, which JavaScript cannot keep apart from a pair',
        text.args.escape
      );
    case 'name-escape':
      return t.__(
        'a \\N{...} escape needs the Unicode name database to decode; write the character itself'
      );
    case 'yaml-invalid':
      return t.__('not valid YAML: %1', text.args.detail);
    case 'yaml-not-mapping':
      return t.__('the config must be a mapping of groups to values');
    case 'yaml-group':
      return t.__(
        'group %1 must be a mapping of keys to values',
        text.args.group
      );
    case 'yaml-unsupported':
      return t.__(
        '%1.%2: unsupported key or value',
        text.args.group,
        text.args.key
      );
  }
}

/** A skip reason: its code, its English message and the message as data. */
export function paramSkip<C extends SkipCode>(
  code: C,
  text: ParamText
): { readonly code: C; readonly message: string; readonly text: ParamText } {
  return { code, message: describeParam(text), text };
}
