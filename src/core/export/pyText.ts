/**
 * Python string literals for text the export embeds in the script (a `%%writefile` body, a
 * `%%bash` script): readable triple-quoted blocks that evaluate to exactly the text.
 */
import { pyStringSource } from '../params';
import { isMarkerLike } from './markers';

/**
 * A triple-quoted literal for `text`, starting with `"""\` so the first line of the text
 * starts its own line. Exact for any text:
 * - `\` doubled, and `"` escaped where it would close the literal (before another `"`, or last);
 * - CR escaped (Python would read a raw CR in source as a line break), as are NUL and the
 *   other C0 controls except tab and LF, DEL, and lone surrogates (not encodable in UTF-8);
 * - a line that would read as a `# %%` cell marker gets its `#` as `\x23`: the script then
 *   splits into the same cells in VS Code and jupytext, and the value is unchanged.
 */
export function pyTripleString(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let n = 0; n < lines.length; n++) {
    let line = escapeLine(lines[n], n === lines.length - 1);
    if (isMarkerLike(line)) {
      line = line.replace('#', '\\x23');
    }
    out.push(line);
  }
  return `"""\\\n${out.join('\n')}"""`;
}

function escapeLine(line: string, last: boolean): string {
  let s = '';
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const ch = line[i];
    if (ch === '\\') {
      s += '\\\\';
    } else if (ch === '"') {
      const closes = i + 1 < line.length ? line[i + 1] === '"' : last;
      s += closes ? '\\"' : '"';
    } else if (c === 13) {
      s += '\\r';
    } else if ((c < 0x20 && c !== 9) || c === 0x7f) {
      s += `\\x${c.toString(16).padStart(2, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const d = line.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        s += ch + line[i + 1];
        i++;
      } else {
        s += `\\u${c.toString(16)}`;
      }
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      s += `\\u${c.toString(16)}`;
    } else {
      s += ch;
    }
  }
  return s;
}

/** A one-line double-quoted literal (re-exported so the export has one door for literals). */
export function pyString(text: string): string {
  return pyStringSource(text);
}
