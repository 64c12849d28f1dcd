/**
 * Requirements a notebook installs itself: `%pip install …`, `!pip install …`,
 * `!{sys.executable} -m pip install …`, `uv pip install …`, also inside `%%bash`/`%%sh` cells
 * and inside the Python of `%%capture`-style cell magics. Found through `maskIpython`, so a
 * `pip install` inside a string or a comment is not one.
 */

import { maskIpython, type IMagic } from '../parse/maskIpython';
import { shellWords } from '../parse/shellWords';

/** pip options that take a value in the next word. */
const VALUE_OPTIONS: ReadonlySet<string> = new Set([
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '--src',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--progress-bar',
  '--trusted-host',
  '--cache-dir',
  '--log',
  '--proxy',
  '--retries',
  '--timeout',
  '--upgrade-strategy',
  '--only-binary',
  '--no-binary',
  '-C',
  '--config-settings',
  '--global-option',
  '--install-option',
  '--python',
  '--report',
  '--exists-action',
  '--cert',
  '--client-cert',
  '--keyring-provider',
  '--use-feature',
  '--use-deprecated'
]);

/** Options whose value is itself a requirements-file line (`-e ./pkg`, `-r reqs.txt`). */
const KEPT_OPTIONS: Readonly<Record<string, string>> = {
  '-r': '-r',
  '--requirement': '-r',
  '-e': '-e',
  '--editable': '-e'
};

/** Shells whose `%%name` body is shell commands. */
const SHELL_CELL_MAGICS: ReadonlySet<string> = new Set([
  'bash',
  'sh',
  'system'
]);

/**
 * Requirement lines installed by `sources` (cells), in first-seen order, unique:
 * specifiers as written (`pandas>=2`, `git+https://…`), and `-e …` / `-r …` lines.
 * Words that IPython interpolates (`{pkg}`, `$pkg`) are unknown here and left out.
 */
export function pipInstalls(sources: string | readonly string[]): string[] {
  const list = typeof sources === 'string' ? [sources] : sources;
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (line: string) => {
    if (!seen.has(line)) {
      seen.add(line);
      out.push(line);
    }
  };
  for (const source of list) {
    try {
      for (const line of fromSource(source, 0)) {
        add(line);
      }
    } catch {
      // A source the masker cannot read installs nothing we can know of.
    }
  }
  return out;
}

function fromSource(source: string, depth: number): string[] {
  const out: string[] = [];
  for (const magic of maskIpython(source).magics) {
    out.push(...fromMagic(magic, depth));
  }
  return out;
}

function fromMagic(magic: IMagic, depth: number): string[] {
  if (magic.kind === 'line-magic' && magic.name === 'pip') {
    return installArgs(['pip', ...shellWords(magic.args)]);
  }
  if (magic.kind === 'shell') {
    return fromShell(magic.args);
  }
  if (magic.kind === 'cell-magic') {
    const shell =
      SHELL_CELL_MAGICS.has(magic.name) ||
      (magic.name === 'script' && /^(ba)?sh\b/.test(magic.args.trim()));
    if (shell) {
      return fromShell(magic.body);
    }
    // A Python body (`%%capture`, `%%time`) may hold line magics of its own.
    return depth < 4 && magic.live ? fromSource(magic.body, depth + 1) : [];
  }
  return [];
}

/** Every `pip install` of a shell command line (`a && b; c | d`, one per line). */
function fromShell(command: string): string[] {
  const out: string[] = [];
  const joined = command.replace(/\\\r?\n/g, ' ');
  for (const line of joined.split(/\r?\n/)) {
    for (const part of line.split(/&&|\|\||;|\|/)) {
      out.push(...installArgs(shellWords(part.replace(/\s#.*$/, ''))));
    }
  }
  return out;
}

/** The requirement lines of one command, when it is a `pip install`. */
function installArgs(argv: readonly string[]): string[] {
  const at = pipIndex(argv);
  if (at < 0 || argv[at + 1] !== 'install') {
    return [];
  }
  const out: string[] = [];
  for (let i = at + 2; i < argv.length; i++) {
    const word = argv[i];
    if (word.startsWith('-')) {
      const [option, inline] = splitOption(word);
      const takesValue = VALUE_OPTIONS.has(option);
      const value = inline ?? (takesValue ? argv[++i] : undefined);
      const kept = KEPT_OPTIONS[option];
      if (kept && value !== undefined && !interpolated(value)) {
        out.push(`${kept} ${value}`);
      }
      continue;
    }
    if (!interpolated(word) && word !== '') {
      out.push(word);
    }
  }
  return out;
}

/** `--index-url=x` → ['--index-url', 'x']; `-rreqs.txt` → ['-r', 'reqs.txt']. */
function splitOption(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  if (word.startsWith('--') && eq > 0) {
    return [word.slice(0, eq), word.slice(eq + 1)];
  }
  if (/^-[rceiftC].+/.test(word)) {
    return [word.slice(0, 2), word.slice(2)];
  }
  return [word, undefined];
}

/** Index of the `pip` word of a pip invocation, or -1. */
function pipIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const base = argv[i].split('/').pop() ?? '';
    if (/^pip[0-9.]*$/.test(base)) {
      // `pip`, `pip3`, `python -m pip`, `uv pip`, `/opt/conda/bin/pip`
      return i === 0 || argv[i - 1] === '-m' || argv[i - 1] === 'uv' ? i : -1;
    }
    // Only a python interpreter (and its options) or uv may come before pip.
    if (
      !/^(-m|-[A-Za-z]+|\S*python[0-9.]*|\{sys\.executable\}|\$\{?\w+\}?|uv)$/.test(
        argv[i]
      )
    ) {
      return -1;
    }
  }
  return -1;
}

function interpolated(word: string): boolean {
  return /\{[^}]*\}|\$\w/.test(word);
}
