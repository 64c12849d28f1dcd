/**
 * Typed errors of the core. Findings are data; these are for inputs the core cannot use
 * (an unreadable notebook, a file it must not overwrite). Each has a stable `code`.
 */
import { ENGLISH, type ITranslatorPort } from './util/translator';

/** A message worded through a translator port (one literal msgid per sentence). */
export type Words = (t: ITranslatorPort) => string;
export class LinearizeError extends Error {
  static readonly code: string = 'LinearizeError';
  readonly code: string;
  readonly data: Readonly<Record<string, unknown>>;
  private readonly _words: Words | null;

  /**
   * `message` is English, or words through a translator port: then `message` is their
   * English and `said(t)` words them for a user interface in another language.
   */
  constructor(message: string | Words, data: Record<string, unknown> = {}) {
    super(typeof message === 'string' ? message : message(ENGLISH));
    this.code = (this.constructor as typeof LinearizeError).code;
    this.name = this.code;
    this.data = data;
    this._words = typeof message === 'string' ? null : message;
  }

  /** The message in the translator's words (as written when it was given as a string). */
  said(t: ITranslatorPort): string {
    return this._words === null ? this.message : this._words(t);
  }

  // Error objects aren't serialisable by JSON.stringify; the CLI's --json output needs them.
  toJSON(): {
    code: string;
    message: string;
    data: Readonly<Record<string, unknown>>;
  } {
    return { code: this.code, message: this.message, data: this.data };
  }
}

/** The notebook file cannot be read as a notebook (bad JSON, wrong shape, unknown nbformat). */
export class NotebookFormatError extends LinearizeError {
  static readonly code = 'NotebookFormatError';
}

/** A file exists that we did not generate: never overwritten without an explicit force. */
export class WouldOverwriteError extends LinearizeError {
  static readonly code = 'WouldOverwriteError';
}
