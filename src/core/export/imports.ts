/**
 * The imports and small helpers the translated IPython syntax needs, added once each,
 * only when used, and always in the same order (export-rules §2: same input, same bytes).
 */

/** Everything a translation may need at the top of the script. */
export type Need =
  | 'contextlib'
  | 'io'
  | 'os'
  | 'runpy'
  | 'shlex'
  | 'subprocess'
  | 'sys'
  | 'unittest.mock'
  | 'Path'
  | 'display'
  | 'CapturedIO';

/** A set of needs, filled while the cells are translated. */
export class Needs {
  private readonly _set = new Set<Need>();

  add(...needs: Need[]): void {
    for (const n of needs) {
      this._set.add(n);
    }
  }

  has(n: Need): boolean {
    return this._set.has(n);
  }

  get size(): number {
    return this._set.size;
  }
}

/** Module imports in isort order: plain `import x` lines sorted, then `from` lines. */
const MODULES: readonly Need[] = [
  'contextlib',
  'io',
  'os',
  'runpy',
  'shlex',
  'subprocess',
  'sys',
  'unittest.mock'
];

/**
 * The import block (and helper definitions) for `needs`, or no lines. `pathName` is how the
 * code names `pathlib.Path` (`Path`, or `pathlib.Path` when the notebook binds `Path` itself).
 */
export function importLines(needs: Needs, pathName: string): string[] {
  // Helpers use modules too: resolve their needs first.
  if (needs.has('CapturedIO') || needs.has('subprocess')) {
    needs.add('sys');
  }
  const lines: string[] = [];
  for (const m of MODULES) {
    if (needs.has(m)) {
      lines.push(`import ${m}`);
    }
  }
  if (needs.has('Path')) {
    lines.push(
      pathName === 'Path' ? 'from pathlib import Path' : 'import pathlib'
    );
  }
  if (lines.length > 0) {
    lines.unshift(
      '# Imports for the code linearize adds (translated IPython syntax, working folder).'
    );
  }
  if (needs.has('subprocess')) {
    // A kernel interleaves a command's output with print()s in order; a script writing to a
    // pipe would not unless Python flushes its own output at each line.
    lines.push(
      '',
      '# Shell commands write straight to stdout: flush print() output at each line to keep the order.',
      'if hasattr(sys.stdout, "reconfigure"):',
      '    sys.stdout.reconfigure(line_buffering=True)'
    );
  }
  if (needs.has('display')) {
    if (lines.length > 0) {
      lines.push('');
    }
    lines.push(
      '# display() is provided by IPython; without it, print the value instead.',
      'try:',
      '    from IPython.display import display',
      'except ImportError:',
      '',
      '    def display(*objs, **kwargs):',
      '        print(*objs)'
    );
  }
  if (needs.has('CapturedIO')) {
    if (lines.length > 0) {
      lines.push('');
    }
    lines.push(
      '',
      'class _CapturedIO:',
      '    """What %%capture binds in IPython, for plain Python: .stdout, .stderr, .show()."""',
      '',
      '    def __init__(self, stdout, stderr):',
      '        self.stdout, self.stderr, self.outputs = stdout, stderr, []',
      '',
      '    def show(self):',
      '        sys.stdout.write(self.stdout)',
      '        sys.stderr.write(self.stderr)',
      '',
      '    __call__ = show'
    );
  }
  return lines;
}
