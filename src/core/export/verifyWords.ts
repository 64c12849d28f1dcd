/**
 * The words of a verify run, defined once: why a cell did not reproduce and why the script's
 * process failed are data (`compareCell`, `runFailure` say which), worded here in English
 * for the CLI and through the lab's translation bundle in its verify dialog.
 */
import { ENGLISH, type ITranslatorPort } from '../util/translator';

/** Why a cell did not reproduce. `error` is `Name: value` (one line), names are Python's. */
export type VerifyDetail =
  /** The script raised in a cell that never ran in the notebook. */
  | { readonly id: 'raised-unrun'; readonly error: string }
  /** Neither the script nor the notebook reached the cell. */
  | { readonly id: 'stopped-unrun' }
  /** The script ran it, the notebook never did: nothing to compare. */
  | { readonly id: 'unrun' }
  | { readonly id: 'stopped' }
  | { readonly id: 'raised'; readonly error: string }
  | {
      readonly id: 'raised-other';
      readonly error: string;
      readonly ename: string;
    }
  | { readonly id: 'not-raised'; readonly ename: string }
  /** The first differing line (1-based); each side a quoted excerpt, or null for nothing. */
  | {
      readonly id: 'line';
      readonly line: number;
      readonly expected: string | null;
      readonly actual: string | null;
    };

/** Why the script's process failed although it may have printed every cell. */
export type RunFailure =
  | { readonly id: 'timed-out'; readonly seconds: number }
  | { readonly id: 'killed'; readonly signal: string }
  | { readonly id: 'exit-status'; readonly status: number | null }
  | { readonly id: 'stopped-early' };

/** The detail in the translator's words (one line). */
export function describeVerifyDetail(
  d: VerifyDetail,
  t: ITranslatorPort = ENGLISH
): string {
  switch (d.id) {
    case 'raised-unrun':
      return t.__('raised %1 (the cell never ran in the notebook)', d.error);
    case 'stopped-unrun':
      return t.__(
        'the script stopped before this cell (it never ran in the notebook either)'
      );
    case 'unrun':
      return t.__('the cell never ran in the notebook');
    case 'stopped':
      return t.__('the script stopped before this cell');
    case 'raised':
      return t.__('raised %1', d.error);
    case 'raised-other':
      return t.__('raised %1, the notebook raised %2', d.error, d.ename);
    case 'not-raised':
      return t.__('the notebook raised %1; the script did not', d.ename);
    case 'line':
      return t.__(
        'line %1: expected %2, got %3',
        d.line,
        d.expected ?? t.__('(nothing)'),
        d.actual ?? t.__('(nothing)')
      );
  }
}

/** The failure in the translator's words. */
export function describeRunFailure(
  f: RunFailure,
  t: ITranslatorPort = ENGLISH
): string {
  switch (f.id) {
    case 'timed-out':
      return t.__('timed out after %1 s', f.seconds);
    case 'killed':
      return t.__('killed by %1', f.signal);
    case 'exit-status':
      return f.status === null
        ? t.__('exit status unknown')
        : t.__('exit status %1', f.status);
    case 'stopped-early':
      return t.__('stopped before its last cell');
  }
}
