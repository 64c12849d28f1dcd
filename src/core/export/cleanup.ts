/**
 * IPython's cleanup transforms, which run on a cell before anything else
 * (`IPython.core.inputtransformer2.TransformerManager.cleanup_transforms`): a cell whose
 * first line is indented has that indentation removed from every line, and pasted
 * `>>> ` / `In [1]: ` prompts are stripped. The kernel runs such cells; plain Python would
 * reject them, so the export applies the same transforms first.
 */

/** The cleaned source and what changed. */
export interface ICleaned {
  readonly source: string;
  readonly dedented: boolean;
  readonly promptsStripped: boolean;
}

const INDENT = /^[ \t]+/;
const CLASSIC_INITIAL = /^>>>( |$)/;
const CLASSIC = /^(>>>|\.\.\.)( |$)/;
const IPY_INITIAL = /^In \[\d+\]: /;
const IPY = /^(In \[\d+\]: |\s*\.{3,}: ?)/;

/**
 * Applies IPython's `leading_empty_lines`, `leading_indent`, `classic_prompt` and
 * `ipython_prompt`, in that order, to LF-separated `source`. Returns the input unchanged
 * (same string) when nothing applies, which is nearly always.
 */
export function ipythonCleanup(source: string): ICleaned {
  let lines = source.split('\n');
  // leading_empty_lines: IPython drops whitespace-only lines before the first code line.
  let first = 0;
  while (first < lines.length - 1 && lines[first].trim() === '') {
    first++;
  }
  let dedented = false;
  let promptsStripped = false;
  const indent = INDENT.exec(lines[first]);
  if (indent !== null && lines[first].trim() !== '') {
    const space = indent[0];
    lines = lines.map((l, i) =>
      i >= first && l.startsWith(space) ? l.slice(space.length) : l
    );
    dedented = true;
  }
  for (const [initial, prompt] of [
    [CLASSIC_INITIAL, CLASSIC],
    [IPY_INITIAL, IPY]
  ] as const) {
    const head = lines.slice(first);
    if (
      head.length > 0 &&
      (initial.test(head[0]) || (head.length > 1 && prompt.test(head[1])))
    ) {
      // IPython strips the prompt from every line that has one, and leaves the others.
      lines = lines.map((l, i) => (i >= first ? l.replace(prompt, '') : l));
      promptsStripped = true;
    }
  }
  if (!dedented && !promptsStripped) {
    return { source, dedented, promptsStripped };
  }
  return { source: lines.join('\n'), dedented, promptsStripped };
}
