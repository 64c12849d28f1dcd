/**
 * Where each cell's source begins in the `.ipynb` text, as a 1-based line number, so
 * SARIF results and GitHub annotations land on that cell in a diff. Read from the raw
 * text (JSON.parse forgets positions): a small scanner that walks the document once,
 * skipping every value it does not need (outputs are most of a notebook's bytes).
 *
 * nbformat 4: `cells[i].source`; nbformat 3: `worksheets[w].cells[j]`, flattened in
 * order as the analysis flattens them, code in `input`, prose in `source`. A source
 * given as a list of lines starts at its first string; an empty one at its bracket.
 */

/** Line of each cell's source (index = the cell's 0-based position); [] when the text is not a notebook. */
export function cellSourceLines(text: string): number[] {
  const s = new Scanner(text);
  try {
    return s.notebook();
  } catch {
    // Never in the way of a report: the caller falls back to line 1.
    return [];
  }
}

class Scanner {
  private pos = 0;
  private line = 1;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) {
      this.pos = 1;
    }
  }

  notebook(): number[] {
    const lines: number[] = [];
    this.object((key: string) => {
      if (key === 'cells') {
        this.cellList(lines);
      } else if (key === 'worksheets') {
        this.array(() => {
          this.object((k: string) => {
            if (k === 'cells') {
              this.cellList(lines);
            } else {
              this.skipValue();
            }
          });
        });
      } else {
        this.skipValue();
      }
    });
    return lines;
  }

  private cellList(lines: number[]): void {
    this.array(() => {
      const start = this.line;
      let type = '';
      let source: number | null = null;
      let input: number | null = null;
      this.ws();
      if (this.text[this.pos] !== '{') {
        this.skipValue();
        lines.push(start);
        return;
      }
      this.object((key: string) => {
        if (key === 'cell_type') {
          type = this.stringValue();
        } else if (key === 'source') {
          source = this.firstLine();
        } else if (key === 'input') {
          input = this.firstLine();
        } else {
          this.skipValue();
        }
      });
      lines.push(
        (type === 'code' && input !== null ? input : (source ?? input)) ?? start
      );
    });
  }

  /** Line where a string, or a list of strings' first element, begins. */
  private firstLine(): number {
    this.ws();
    if (this.text[this.pos] !== '[') {
      const at = this.line;
      this.skipValue();
      return at;
    }
    const bracket = this.line;
    let first: number | null = null;
    this.array(() => {
      this.ws();
      first ??= this.line;
      this.skipValue();
    });
    return first ?? bracket;
  }

  private ws(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 10) {
        this.line++;
      } else if (c !== 32 && c !== 9 && c !== 13) {
        return;
      }
      this.pos++;
    }
  }

  private expect(ch: string): void {
    this.ws();
    if (this.text[this.pos] !== ch) {
      throw new Error(`expected ${ch} at ${this.pos}`);
    }
    this.pos++;
  }

  /** Calls `member(key)` with the scanner at each value; `member` must consume it. */
  private object(member: (key: string) => void): void {
    this.expect('{');
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      const key = this.stringValue();
      this.expect(':');
      member(key);
      this.ws();
      const c = this.text[this.pos++];
      if (c === '}') {
        return;
      }
      if (c !== ',') {
        throw new Error(`expected , or } at ${this.pos - 1}`);
      }
    }
  }

  private array(element: () => void): void {
    this.expect('[');
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      element();
      this.ws();
      const c = this.text[this.pos++];
      if (c === ']') {
        return;
      }
      if (c !== ',') {
        throw new Error(`expected , or ] at ${this.pos - 1}`);
      }
    }
  }

  /** A string's decoded value (keys and `cell_type` are short). */
  private stringValue(): string {
    this.ws();
    const start = this.pos;
    this.skipString();
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private skipString(): void {
    const t = this.text;
    if (t[this.pos] !== '"') {
      throw new Error(`expected a string at ${this.pos}`);
    }
    let i = this.pos + 1;
    for (;;) {
      const q = t.indexOf('"', i);
      if (q < 0) {
        throw new Error('unterminated string');
      }
      // An odd run of backslashes before the quote escapes it.
      let b = q - 1;
      while (t.charCodeAt(b) === 92) {
        b--;
      }
      if ((q - 1 - b) % 2 === 0) {
        this.pos = q + 1;
        return;
      }
      i = q + 1;
    }
  }

  private skipValue(): void {
    this.ws();
    const c = this.text[this.pos];
    if (c === '"') {
      this.skipString();
    } else if (c === '{') {
      this.object(() => this.skipValue());
    } else if (c === '[') {
      this.array(() => this.skipValue());
    } else {
      // number, true, false, null: up to the next delimiter.
      const m = /[,}\]\s]/g;
      m.lastIndex = this.pos;
      const hit = m.exec(this.text);
      if (hit === null || hit.index === this.pos) {
        throw new Error(`unexpected character at ${this.pos}`);
      }
      this.pos = hit.index;
    }
  }
}
