/**
 * What is wrong with a cell's syntax, as data: the parser, the facts and the export's compile
 * checks say which problem, `describeSyntax` words it (CPython's wording where CPython has
 * one), in English for the CLI and through the lab's translation bundle in the panel.
 */
import { ENGLISH, type ITranslatorPort } from '../util/translator';

/** A keyword CPython's compiler rejects outside a function, an async function or a loop. */
export type MisplacedKeyword =
  | 'return'
  | 'yield'
  | 'await'
  | 'async for'
  | 'async with'
  | 'break'
  | 'continue';

export type SyntaxProblem =
  | { readonly id: 'end-of-input' }
  /** `code`: the code point as `U+00A0`. */
  | { readonly id: 'invalid-character'; readonly code: string }
  | { readonly id: 'invalid-syntax' }
  | { readonly id: 'backticks' }
  | { readonly id: 'unexpected-indent' }
  | { readonly id: 'unindent' }
  | { readonly id: 'print-statement' }
  | { readonly id: 'diamond-operator' }
  | { readonly id: 'leading-zeros' }
  | { readonly id: 'raise-comma' }
  | { readonly id: 'except-comma' }
  | { readonly id: 'null-bytes' }
  | { readonly id: 'too-deep' }
  | { readonly id: 'not-analysed' }
  | { readonly id: 'misplaced'; readonly keyword: MisplacedKeyword }
  | { readonly id: 'nonlocal-at-module' };

/**
 * Why the export commented an executed cell out: where it fails to parse as Python 3 (`line`
 * 1-based, `column` 1-based as shown), or that its translated IPython syntax does not parse.
 */
export type CommentedOutCause =
  | {
      readonly kind: 'parse';
      readonly line: number;
      readonly column: number;
      readonly problem: SyntaxProblem;
    }
  | { readonly kind: 'translated'; readonly problem: SyntaxProblem };

/** The problem in the translator's words (one line). */
export function describeSyntax(
  p: SyntaxProblem,
  t: ITranslatorPort = ENGLISH
): string {
  switch (p.id) {
    case 'end-of-input':
      return t.__('unexpected end of input');
    case 'invalid-character':
      return t.__('invalid character %1', p.code);
    case 'invalid-syntax':
      return t.__('invalid syntax');
    case 'backticks':
      return t.__('invalid syntax (backticks are Python 2)');
    case 'unexpected-indent':
      return t.__('unexpected indent');
    case 'unindent':
      return t.__('unindent does not match any outer level');
    case 'print-statement':
      return t.__('Python 2 print statement (use print(...))');
    case 'diamond-operator':
      return t.__('Python 2 operator <> (use !=)');
    case 'leading-zeros':
      return t.__(
        'leading zeros in decimal integer literals are not permitted'
      );
    case 'raise-comma':
      return t.__('Python 2 raise syntax (use raise E(msg))');
    case 'except-comma':
      return t.__('Python 2 except syntax (use except E as e)');
    case 'null-bytes':
      return t.__('source code cannot contain null bytes');
    case 'too-deep':
      return t.__('too deeply nested');
    case 'not-analysed':
      return t.__('could not analyse');
    case 'misplaced':
      return misplaced(p.keyword, t);
    case 'nonlocal-at-module':
      return t.__('nonlocal declaration not allowed at module level');
  }
}

/** CPython's compile errors, one whole sentence each. */
function misplaced(keyword: MisplacedKeyword, t: ITranslatorPort): string {
  switch (keyword) {
    case 'return':
      return t.__("'return' outside function");
    case 'yield':
      return t.__("'yield' outside function");
    case 'await':
      return t.__("'await' outside async function");
    case 'async for':
      return t.__("'async for' outside async function");
    case 'async with':
      return t.__("'async with' outside async function");
    case 'break':
      return t.__("'break' outside loop");
    case 'continue':
      return t.__("'continue' outside loop");
  }
}
