/**
 * The translator port of the framework-free core. Every module that words a message for a
 * person (findings, parse problems, parameter notes, export lines) takes one; the CLI passes
 * `ENGLISH`, the lab JupyterLab's `TranslationBundle`, which satisfies it.
 */

/** What the core needs of a translator: gettext's `__` and `_n` (`%1` is `n` in `_n`). */
export interface ITranslatorPort {
  __(msgid: string, ...args: (string | number)[]): string;
  _n(
    singular: string,
    plural: string,
    n: number,
    ...args: (string | number)[]
  ): string;
}

/** Substitutes `%1`, `%2`, … in one pass (what JupyterLab's null translator does). */
function format(msgid: string, args: readonly (string | number)[]): string {
  return msgid.replace(/%(\d+)/g, (all, d: string) => {
    const i = Number(d) - 1;
    return i >= 0 && i < args.length ? String(args[i]) : all;
  });
}

/** The untranslated words: identity with `%N` substitution. */
export const ENGLISH: ITranslatorPort = {
  __: (msgid, ...args) => format(msgid, args),
  _n: (singular, plural, n, ...args) =>
    format(n === 1 ? singular : plural, [n, ...args])
};
