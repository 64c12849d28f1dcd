/**
 * Typed errors of the core. Findings are data; these are for inputs the core cannot use
 * (an unreadable notebook, a file it must not overwrite). Each has a stable `code`.
 */
export class LinearizeError extends Error {
  static readonly code: string = 'LinearizeError';
  readonly code: string;
  readonly data: Readonly<Record<string, unknown>>;

  constructor(message: string, data: Record<string, unknown> = {}) {
    super(message);
    this.code = (this.constructor as typeof LinearizeError).code;
    this.name = this.code;
    this.data = data;
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
