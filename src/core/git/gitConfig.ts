/**
 * A small reader for git's config syntax (`git help config`, "CONFIGURATION FILE"), enough
 * to find `user.name` and friends in `.git/config`, `~/.gitconfig` and
 * `$XDG_CONFIG_HOME/git/config`. isomorphic-git has a parser, but it is internal and reads
 * only the repository's config.
 *
 * Handled: `[section]`, `[section "sub"]`, legacy `[section.sub]`, case-insensitive section
 * and key names, `#`/`;` comments, quoted values with `\"`, `\\`, `\n`, `\t`, `\b` escapes,
 * `\` line continuations, bare keys (boolean true). Not handled: `[include]`/`[includeIf]`.
 */

/** One `key = value` line. `section` and `key` are lower-case; `subsection` keeps its case. */
export interface IConfigEntry {
  readonly section: string;
  readonly subsection: string | null;
  readonly key: string;
  readonly value: string;
}

/** Parses a config file; lines it cannot read are skipped, as they do not concern us. */
export function parseGitConfig(text: string): IConfigEntry[] {
  const entries: IConfigEntry[] = [];
  let section = '';
  let subsection: string | null = null;
  let i = 0;
  const n = text.length;

  const skipSpaces = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) {
      i++;
    }
  };
  const skipLine = (): void => {
    while (i < n && text[i] !== '\n') {
      i++;
    }
    i++;
  };

  while (i < n) {
    skipSpaces();
    if (i >= n) {
      break;
    }
    const ch = text[i];
    if (ch === '\n') {
      i++;
      continue;
    }
    if (ch === '#' || ch === ';') {
      skipLine();
      continue;
    }
    if (ch === '[') {
      const header = readHeader(text, i);
      if (header === null) {
        skipLine();
        continue;
      }
      section = header.section;
      subsection = header.subsection;
      i = header.end;
      // A variable may follow the header on the same line.
      continue;
    }
    const keyMatch = /^[A-Za-z][A-Za-z0-9-]*/.exec(text.slice(i, i + 256));
    if (!keyMatch || section === '') {
      skipLine();
      continue;
    }
    const key = keyMatch[0].toLowerCase();
    i += keyMatch[0].length;
    skipSpaces();
    if (i >= n || text[i] === '\n' || text[i] === '#' || text[i] === ';') {
      entries.push({ section, subsection, key, value: 'true' });
      skipLine();
      continue;
    }
    if (text[i] !== '=') {
      skipLine();
      continue;
    }
    i++;
    const { value, end } = readValue(text, i);
    entries.push({ section, subsection, key, value });
    i = end;
  }
  return entries;
}

/** The last value of `section[.subsection].key` (later lines win, as in git), or `undefined`. */
export function configValue(
  entries: readonly IConfigEntry[],
  section: string,
  key: string,
  subsection: string | null = null
): string | undefined {
  let found: string | undefined;
  for (const entry of entries) {
    if (
      entry.section === section.toLowerCase() &&
      entry.key === key.toLowerCase() &&
      entry.subsection === subsection
    ) {
      found = entry.value;
    }
  }
  return found;
}

function readHeader(
  text: string,
  start: number
): { section: string; subsection: string | null; end: number } | null {
  let i = start + 1;
  const nameMatch = /^[A-Za-z0-9.-]+/.exec(text.slice(i, i + 256));
  if (!nameMatch) {
    return null;
  }
  i += nameMatch[0].length;
  let section = nameMatch[0];
  let subsection: string | null = null;
  if (text[i] === ']') {
    const dot = section.indexOf('.');
    if (dot >= 0) {
      // Legacy `[section.sub]`: the subsection is case-insensitive, so lower-cased.
      subsection = section.slice(dot + 1).toLowerCase();
      section = section.slice(0, dot);
    }
    return { section: section.toLowerCase(), subsection, end: i + 1 };
  }
  while (text[i] === ' ' || text[i] === '\t') {
    i++;
  }
  if (text[i] !== '"') {
    return null;
  }
  i++;
  let sub = '';
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\n') {
      return null;
    }
    if (text[i] === '\\' && i + 1 < text.length) {
      i++;
    }
    sub += text[i];
    i++;
  }
  if (text[i] !== '"' || text[i + 1] !== ']') {
    return null;
  }
  return { section: section.toLowerCase(), subsection: sub, end: i + 2 };
}

function readValue(
  text: string,
  start: number
): { value: string; end: number } {
  let i = start;
  let value = '';
  let quoted = false;
  // Whitespace outside quotes is kept only between words, so it is buffered until a word follows.
  let pendingSpace = '';
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\n' && !quoted) {
      i++;
      break;
    }
    if (!quoted && (ch === '#' || ch === ';')) {
      while (i < text.length && text[i] !== '\n') {
        i++;
      }
      continue;
    }
    if (ch === '\\') {
      const next = text[i + 1];
      i += 2;
      if (next === '\n') {
        continue;
      }
      if (next === '\r' && text[i] === '\n') {
        i++;
        continue;
      }
      const escaped =
        next === 'n' ? '\n' : next === 't' ? '\t' : next === 'b' ? '\b' : next;
      value += pendingSpace + (escaped ?? '');
      pendingSpace = '';
      continue;
    }
    if (ch === '"') {
      quoted = !quoted;
      value += pendingSpace;
      pendingSpace = '';
      i++;
      continue;
    }
    if (!quoted && (ch === ' ' || ch === '\t' || ch === '\r')) {
      if (value !== '') {
        pendingSpace += ch === '\r' ? '' : ch;
      }
      i++;
      continue;
    }
    value += pendingSpace + ch;
    pendingSpace = '';
    i++;
  }
  return { value, end: i };
}
