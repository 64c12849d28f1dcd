/**
 * Test helper: small nbformat 4.5 notebooks as JSON text, for the core's and the CLI's
 * tests alike (one builder, so both test the same shapes).
 */

export interface ICellSpec {
  readonly src: string;
  readonly n?: number | null;
  readonly type?: 'code' | 'markdown';
  readonly error?: string;
  readonly id?: string;
}

/** An nbformat 4.5 notebook (ids `c1`, `c2`, … unless given). */
export function notebook(
  cells: readonly ICellSpec[],
  options: {
    language?: string;
    kernel?: string;
    metadata?: Record<string, unknown>;
  } = {}
): string {
  const kernel = options.kernel ?? 'python3';
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: kernel,
        language: options.language ?? 'python',
        display_name: kernel
      },
      ...options.metadata
    },
    cells: cells.map((c, i) =>
      (c.type ?? 'code') === 'code'
        ? {
            cell_type: 'code',
            id: c.id ?? `c${i + 1}`,
            metadata: {},
            source: c.src,
            execution_count: c.n ?? null,
            outputs: c.error
              ? [
                  {
                    output_type: 'error',
                    ename: c.error,
                    evalue: '',
                    traceback: []
                  }
                ]
              : []
          }
        : {
            cell_type: 'markdown',
            id: c.id ?? `c${i + 1}`,
            metadata: {},
            source: c.src
          }
    )
  });
}
