/**
 * Shell words: split at `space` (any whitespace by default), with '…' and "…" quoting and
 * backslash escapes (outside quotes and inside "…"), as a POSIX shell and IPython's
 * `arg_split` read them. Never throws; an unclosed quote runs to the end.
 */
export function shellWords(text: string, space: RegExp = /\s/): string[] {
  const out: string[] = [];
  let current = '';
  let has = false;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) {
        quote = null;
      } else if (ch === '\\' && quote === '"' && i + 1 < text.length) {
        current += text[++i];
      } else {
        current += ch;
      }
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      has = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      current += text[++i];
      has = true;
    } else if (space.test(ch)) {
      if (has) {
        out.push(current);
      }
      current = '';
      has = false;
    } else {
      current += ch;
      has = true;
    }
  }
  if (has) {
    out.push(current);
  }
  return out;
}
