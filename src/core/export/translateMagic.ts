/**
 * One IPython construct (found by `maskIpython`) → plain Python, following the table of
 * shared/design/export-rules.md §1, or → `get_ipython()` calls in the `ipython` mode.
 *
 * A translation never returns code that needs IPython in the plain mode. It says whether the
 * construct is commented out, replaced, or kept as Python (an automagic word the notebook
 * binds: `cat = 3` makes `cat` Python), and which imports the replacement needs.
 */
import type { IMagic } from '../parse/maskIpython';
import { NOOP_LINE_MAGICS, POSIX_ALIASES } from '../parse/magicNames';
import { shellWords } from '../parse/shellWords';
import type { ExportWarningCode, ShellCellPolicy } from './types';
import type { Need } from './imports';
import { pyString, pyTripleString } from './pyText';
import { commandExpression } from './shellCommand';

/** What the translator knows about the rest of the export. */
export interface ITranslateContext {
  readonly ipython: boolean;
  readonly shellCells: ShellCellPolicy;
  /** Names the exported code binds anywhere (automagic and `$NAME` decisions). */
  readonly bound: ReadonlySet<string>;
  /** True when a later cell of the export reads `name` (`%%capture out` used later). */
  readonly usedLater: (name: string) => boolean;
  /** How the script names `pathlib.Path`. */
  readonly pathName: string;
  /**
   * For live magics (`%time stmt`): the Python the masker kept for lines
   * `startLine..endLine` (the statement without the magic), with the indentation.
   */
  readonly liveLines: (m: IMagic) => readonly string[];
  /** Lines of `text` in the cell that are inside string literals (0-based), for re-indenting. */
  readonly stringLines: (text: string) => ReadonlySet<number>;
}

/** A warning raised by one translation. */
export interface ITranslationWarning {
  readonly code: ExportWarningCode;
  readonly message: string;
}

/** How a construct ends up in the script. */
export interface ITranslation {
  /**
   * `comment`: the construct's lines commented out (`# [ipython] …`); `replace`: the
   * construct's first line as a `# [ipython:replaced] …` comment, then `lines`; `keep`: the
   * original lines as Python.
   */
  readonly mode: 'comment' | 'replace' | 'keep';
  /** Replacement lines, relative to the construct's indentation (cell magics: the whole rest). */
  readonly lines: readonly string[];
  readonly needs: readonly Need[];
  readonly warnings: readonly ITranslationWarning[];
  readonly requirements: readonly string[];
}

const COMMENT: ITranslation = {
  mode: 'comment',
  lines: [],
  needs: [],
  warnings: [],
  requirements: []
};

function comment(code?: ExportWarningCode, message?: string): ITranslation {
  return code === undefined
    ? COMMENT
    : { ...COMMENT, warnings: [{ code, message: message ?? '' }] };
}

function replace(
  lines: readonly string[],
  needs: readonly Need[] = [],
  warnings: ITranslationWarning[] = []
): ITranslation {
  return { mode: 'replace', lines, needs, warnings, requirements: [] };
}

/** Cell magics that only display their body (HTML, JavaScript…): nothing to run in a script. */
const DISPLAY_CELLS = new Set([
  'html',
  'HTML',
  'javascript',
  'js',
  'latex',
  'markdown',
  'svg'
]);

/** `%%script` shorthands IPython defines. */
const SCRIPT_CELLS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    bash: 'bash',
    sh: 'sh',
    perl: 'perl',
    ruby: 'ruby',
    python: 'python',
    python2: 'python2',
    python3: 'python3',
    pypy: 'pypy'
  })
);

/** The requirement(s) of a `pip install` / `conda install` command, or null when it is not one. */
export function installRequirements(command: string): string[] | null {
  const m =
    /^(?:(?:\S*python[\d.]*|\{sys\.executable\}|\$\{?sys\.executable\}?)\s+-m\s+|uv\s+)?(pip3?|conda|mamba|micromamba)\s+(install|uninstall|remove)\b(.*)$/.exec(
      command.trim()
    );
  if (!m) {
    return null;
  }
  if (m[2] !== 'install') {
    return [];
  }
  const out: string[] = [];
  const valued = new Set([
    '-r',
    '--requirement',
    '-c',
    '--constraint',
    '-i',
    '--index-url',
    '--extra-index-url',
    '-f',
    '--find-links',
    '-t',
    '--target',
    '-n',
    '--name',
    '-p',
    '--prefix',
    '--channel'
  ]);
  const tokens = m[3]
    .trim()
    .split(/\s+/)
    .filter(t => t !== '');
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === '-r' || t === '--requirement') {
      if (i + 1 < tokens.length) {
        out.push(`-r ${unquote(tokens[i + 1])}`);
      }
      i++;
    } else if (valued.has(t)) {
      i++;
    } else if (!t.startsWith('-')) {
      out.push(unquote(t));
    }
  }
  return out;
}

function unquote(s: string): string {
  return s.length >= 2 &&
    (s[0] === '"' || s[0] === "'") &&
    s[s.length - 1] === s[0]
    ? s.slice(1, -1)
    : s;
}

/**
 * Splits magic arguments like IPython's `arg_split`: shell words (quotes group, backslash
 * escapes) separated by spaces and tabs only. Never throws.
 */
export function argSplit(args: string): string[] {
  return shellWords(args, /[ \t]/);
}

/** Translates one construct. Never throws. */
export function translateMagic(m: IMagic, cx: ITranslateContext): ITranslation {
  if (cx.ipython) {
    // Package installs are never run by the script, in either mode.
    const install =
      m.kind === 'shell'
        ? m.args
        : ['pip', 'conda', 'mamba', 'micromamba'].includes(m.name) &&
            m.kind !== 'cell-magic'
          ? `${m.name} ${m.args}`
          : null;
    if (
      install !== null &&
      installRequirements(install) !== null &&
      !(m.kind === 'automagic' && cx.bound.has(m.name))
    ) {
      return shell(m, install, false, cx);
    }
    return ipythonCall(m);
  }
  switch (m.kind) {
    case 'help':
      return COMMENT;
    case 'shell':
      return shell(m, m.args, m.name === '!!' || m.target !== null, cx);
    case 'cell-magic':
      return cellMagic(m, cx);
    case 'automagic':
      if (cx.bound.has(m.name)) {
        // `cat = 3` earlier: IPython only expands a word the user namespace does not bind.
        return {
          mode: 'keep',
          lines: [],
          needs: [],
          warnings: [],
          requirements: []
        };
      }
      return lineMagic(m, cx);
    default:
      return lineMagic(m, cx);
  }
}

/** `target = ` when the construct assigns (`x = %pwd`). */
function assign(m: IMagic): string {
  return m.target !== null ? `${m.target} = ` : '';
}

/** `!cmd`, `!!cmd`, `x = !cmd` and the shell aliases. */
function shell(
  m: IMagic,
  command: string,
  capture: boolean,
  cx: ITranslateContext
): ITranslation {
  const reqs = installRequirements(command);
  if (reqs !== null) {
    // pip's requirements are read by the companion's `pipInstalls` (one parser for the lab
    // and the CLI); conda's are only known here.
    const pip = /\bpip3?\s/.test(command);
    return {
      ...COMMENT,
      requirements: pip ? [] : reqs,
      warnings: [
        {
          code: 'requirement',
          message: `${firstLine(m.text)}: package installs are not run by the script; the requirements are listed in its header`
        }
      ]
    };
  }
  const cmd = commandExpression(command, m.interpolations, cx.bound, 'shell');
  const needs: Need[] = cmd.usesShlex
    ? ['subprocess', 'shlex']
    : ['subprocess'];
  if (!capture) {
    // IPython's `!cmd` ignores the exit status; so does the script.
    return replace([`subprocess.run(${cmd.expr}, shell=True)`], needs);
  }
  const call = `subprocess.run(${cmd.expr}, capture_output=True, text=True, shell=True).stdout.splitlines()`;
  const warnings: ITranslationWarning[] =
    m.target !== null
      ? [
          {
            code: 'slist',
            message: `${m.target} = !…: ${m.target} is a plain list of lines; IPython's SList helpers (.s, .n, .p, .grep, .fields) are absent`
          }
        ]
      : [];
  return replace([`${assign(m)}${call}`], needs, warnings);
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0].trim();
}

/** Line magics and automagics. */
function lineMagic(m: IMagic, cx: ITranslateContext): ITranslation {
  const name = m.name;
  if (m.live && m.keepsBindings) {
    // `%time stmt`, `%prun stmt`, `x = %time expr`: the statement itself, live.
    // Relative to the construct's indentation; a continuation line may be indented less.
    const rel = cx
      .liveLines(m)
      .map(l =>
        l.startsWith(m.indent) ? l.slice(m.indent.length) : l.trimStart()
      );
    return rel.some(l => l.trim() !== '') ? replace(rel) : COMMENT;
  }
  if (NOOP_LINE_MAGICS.has(name)) {
    return COMMENT;
  }
  const alias = POSIX_ALIASES.get(name);
  if (alias !== undefined) {
    const command = alias.includes('%l')
      ? alias.replace('%l', m.args)
      : `${alias}${m.args !== '' ? ` ${m.args}` : ''}`;
    return shell(m, command.trim(), m.target !== null, cx);
  }
  switch (name) {
    case 'pip':
    case 'conda':
    case 'mamba':
    case 'micromamba':
      return shell(m, `${name} ${m.args}`, false, cx);
    case 'sx':
    case 'system':
      return shell(m, m.args, true, cx);
    case 'pylab':
      return pylab(m);
    case 'run':
      return run(m);
    case 'env':
    case 'set_env':
      return env(m, cx);
    case 'cd':
      return cd(m, cx);
    case 'pwd':
      return replace([`${assign(m)}os.getcwd()`], ['os']);
    case 'load':
    case 'loadpy':
      return comment(
        'untranslated',
        `%${name} ${m.args}: the loaded code is not in the notebook; paste it into the cell`
      );
    case 'store':
      return /(^|\s)-r\b/.test(m.args)
        ? comment(
            'untranslated',
            `%store ${m.args}: values restored from IPython's store are missing in a script`
          )
        : COMMENT;
    default:
      return comment(
        'untranslated',
        `%${name}${m.args !== '' ? ` ${m.args}` : ''}: no plain-Python equivalent; commented out`
      );
  }
}

/** `%pylab`: IPython's `import_pylab` (numpy, matplotlib, and star imports unless `--no-import-all`). */
function pylab(m: IMagic): ITranslation {
  const all = !/--no-import-all\b/.test(m.args);
  const parts = [
    'import numpy, matplotlib',
    'from matplotlib import pylab, mlab, pyplot',
    'np = numpy',
    'plt = pyplot'
  ];
  if (all && m.indent === '') {
    parts.push('from pylab import *', 'from numpy import *');
  }
  return replace([parts.join('; ')]);
}

/** `%run file.py args`, `%run -i`, `%run -m module`; a notebook is a dependency to report. */
function run(m: IMagic): ITranslation {
  const words = argSplit(m.args);
  let inNamespace = false;
  let asMain = true;
  let module: string | null = null;
  // IPython's getopt spec 'nidtN:b:pD:l:rs:T:em:G': these take a value.
  const valued = new Set(['-N', '-b', '-D', '-l', '-s', '-T']);
  let i = 0;
  for (
    ;
    i < words.length && words[i].startsWith('-') && words[i] !== '-';
    i++
  ) {
    const w = words[i];
    if (w === '-i') {
      inNamespace = true;
    } else if (w === '-n') {
      asMain = false;
    } else if (w === '-m') {
      module = words[i + 1] ?? null;
      i += 2;
      break;
    } else if (w === '-d' || w === '-p') {
      return comment(
        'untranslated',
        `%run ${m.args}: the debugger and profiler modes are not translated`
      );
    } else if (valued.has(w)) {
      i++;
    }
  }
  const target = module ?? words[i] ?? null;
  if (target === null) {
    return comment('untranslated', `%run ${m.args}: nothing to run`);
  }
  const rest = module !== null ? words.slice(i) : words.slice(i + 1);
  if (module === null && /\.ipynb$/i.test(target)) {
    return comment(
      'notebook-dependency',
      `%run ${target}: this notebook depends on another notebook; export and run it first`
    );
  }
  const runName = asMain ? ', run_name="__main__"' : '';
  const init = inNamespace ? ', init_globals=globals()' : '';
  const call =
    module !== null
      ? `runpy.run_module(${pyString(module)}${runName}, alter_sys=True)`
      : `runpy.run_path(${pyString(target)}${init}${runName})`;
  const stmt = `globals().update(${call})`;
  if (rest.length === 0) {
    return replace([stmt], ['runpy']);
  }
  // IPython sets sys.argv for the run and restores it; patch.object does both in one statement.
  const argv = [target, ...rest].map(pyString).join(', ');
  return replace(
    [`with unittest.mock.patch.object(sys, "argv", [${argv}]):`, `    ${stmt}`],
    ['runpy', 'sys', 'unittest.mock']
  );
}

/** `%env`, `%env A=1`, `%env A 1`, `x = %env H`, `%set_env A 1`. */
function env(m: IMagic, cx: ITranslateContext): ITranslation {
  const args = m.args.trim();
  if (args === '') {
    return replace([`${assign(m)}dict(os.environ)`], ['os']);
  }
  const sep = args.includes('=') ? '=' : ' ';
  const at = args.indexOf(sep);
  if (at < 0) {
    // `%env H`: IPython returns the value (a KeyError-like UsageError when missing).
    return replace([`${assign(m)}os.environ[${pyString(args)}]`], ['os']);
  }
  const key = args.slice(0, at).trim();
  const value = args.slice(at + 1).trim();
  const v = commandExpression(value, m.interpolations, cx.bound, 'raw');
  // Setting returns None in IPython: an assignment target (rare) is left unbound.
  return replace([`os.environ[${pyString(key)}] = ${v.expr}`], ['os']);
}

/** `%cd dir`: `os.chdir`, with `~` expanded as IPython does; bookmarks and `-` are not translated. */
function cd(m: IMagic, cx: ITranslateContext): ITranslation {
  const words = argSplit(m.args).filter(w => w !== '-q');
  if (words.length === 0) {
    return replace(['os.chdir(os.path.expanduser("~"))'], ['os']);
  }
  const dir = words.join(' ');
  if (dir === '-' || dir.startsWith('-b') || /^-\d+$/.test(dir)) {
    return comment(
      'untranslated',
      `%cd ${m.args}: directory history and bookmarks are not translated`
    );
  }
  const v = commandExpression(dir, m.interpolations, cx.bound, 'raw');
  const expr = dir.startsWith('~') ? `os.path.expanduser(${v.expr})` : v.expr;
  return replace([`os.chdir(${expr})`], ['os']);
}

/** Cell magics: the first line is the `%%name args` line, the body follows. */
function cellMagic(m: IMagic, cx: ITranslateContext): ITranslation {
  const name = m.name;
  const body = m.body;
  const bodyLines = body === '' ? [] : body.split('\n');
  if (name === 'time' || name === 'prun' || name === 'debug') {
    return replace(bodyLines);
  }
  if (name === 'capture') {
    return capture(m, bodyLines, cx);
  }
  if (name === 'timeit') {
    return COMMENT;
  }
  if (name === 'writefile' || name === 'file') {
    return writefile(m, cx);
  }
  if (SCRIPT_CELLS.has(name) || name === 'script') {
    return script(m, cx);
  }
  if (DISPLAY_CELLS.has(name)) {
    return comment(
      'untranslated',
      `%%${name}: the cell only displays its body; nothing to run in a script`
    );
  }
  return comment(
    'untranslated',
    `%%${name}: no plain-Python equivalent; the cell is commented out`
  );
}

/** `%%capture [out]`: the body live; `out` rebuilt with `contextlib.redirect_stdout` when used later. */
function capture(
  m: IMagic,
  bodyLines: readonly string[],
  cx: ITranslateContext
): ITranslation {
  const target = m.target;
  if (
    target === null ||
    !cx.usedLater(target) ||
    bodyLines.every(l => l.trim() === '')
  ) {
    return replace(bodyLines);
  }
  const inString = cx.stringLines(m.body);
  const indented = bodyLines.map((l, i) =>
    inString.has(i) || l.trim() === '' ? l : `    ${l}`
  );
  const out = '_linearize_stdout';
  const err = '_linearize_stderr';
  return replace(
    [
      `with contextlib.redirect_stdout(io.StringIO()) as ${out}, contextlib.redirect_stderr(io.StringIO()) as ${err}:`,
      ...indented,
      `${target} = _CapturedIO(${out}.getvalue(), ${err}.getvalue())`
    ],
    ['contextlib', 'io', 'CapturedIO']
  );
}

/** `%%writefile [-a] file`: the body as text, never run. */
function writefile(m: IMagic, cx: ITranslateContext): ITranslation {
  const words = argSplit(m.args);
  const append = words.includes('-a') || words.includes('--append');
  const file = words.filter(w => w !== '-a' && w !== '--append').join(' ');
  if (file === '') {
    return comment('untranslated', '%%writefile without a file name');
  }
  const name = commandExpression(file, m.interpolations, cx.bound, 'raw').expr;
  // IPython writes the cell body with a final newline (transform_cell adds one).
  const text = m.body.endsWith('\n') || m.body === '' ? m.body : `${m.body}\n`;
  const literal = pyTripleString(text);
  if (append) {
    return replace(
      [
        `with ${cx.pathName}(${name}).open("a", encoding="utf-8") as _linearize_file:`,
        `    _linearize_file.write(${literal})`
      ],
      ['Path']
    );
  }
  return replace(
    [
      `${cx.pathName}(${name}).write_text(`,
      `    ${literal},`,
      '    encoding="utf-8",',
      ')'
    ],
    ['Path']
  );
}

/** `%%bash`, `%%sh`, `%%script prog`, `%%python3`…: a subprocess, or commented out by setting. */
function script(m: IMagic, cx: ITranslateContext): ITranslation {
  const words = argSplit(m.args);
  let program: string | null = SCRIPT_CELLS.get(m.name) ?? null;
  let i = 0;
  if (m.name === 'script') {
    // `%%script [options] program`: options come first.
    while (i < words.length && words[i].startsWith('--')) {
      i += ['--out', '--err', '--proc'].includes(words[i]) ? 2 : 1;
    }
    program = words.slice(i).join(' ') || null;
  }
  if (program === null) {
    return comment('untranslated', '%%script without a program');
  }
  if (cx.shellCells === 'comment') {
    return comment(
      'shell-commented',
      `%%${m.name}: commented out (shell cells are set not to run)`
    );
  }
  let out: string | null = null;
  let err: string | null = null;
  let check = true;
  const opts = m.name === 'script' ? words.slice(0, i) : words;
  for (let k = 0; k < opts.length; k++) {
    const w = opts[k];
    if (w === '--out') {
      out = opts[++k] ?? null;
    } else if (w === '--err') {
      err = opts[++k] ?? null;
    } else if (w === '--no-raise-error') {
      check = false;
    } else if (w === '--raise-error') {
      check = true;
    } else {
      return comment(
        'untranslated',
        `%%${m.name} ${m.args}: option ${w} is not translated`
      );
    }
  }
  const body = m.body.endsWith('\n') || m.body === '' ? m.body : `${m.body}\n`;
  const literal = pyTripleString(body);
  const checkArg = check ? ', check=True' : '';
  let argv: string;
  let input = '';
  if (m.name === 'bash' || m.name === 'sh') {
    argv = `[${pyString(m.name)}, "-c", ${literal}]`;
  } else {
    const prog = /^python3?$/.test(program)
      ? 'sys.executable'
      : pyString(program);
    argv =
      prog === 'sys.executable'
        ? '[sys.executable]'
        : `${pyString(program)}.split()`;
    input = `, input=${literal}`;
  }
  const needs: Need[] = argv.startsWith('[sys')
    ? ['subprocess', 'sys']
    : ['subprocess'];
  const capture = out !== null || err !== null;
  const streams = capture
    ? `${out !== null ? ', stdout=subprocess.PIPE' : ''}${err !== null ? ', stderr=subprocess.PIPE' : ''}, text=True`
    : input !== ''
      ? ', text=True'
      : '';
  const call = `subprocess.run(${argv}${input}${streams}${checkArg})`;
  if (!capture) {
    return replace(call.split('\n'), needs);
  }
  // One statement (the marker's "next statement" rule): a walrus keeps the process object.
  const targets = [out, err].filter((t): t is string => t !== null).join(', ');
  const values =
    out !== null && err !== null
      ? `(_linearize_proc := ${call}).stdout, _linearize_proc.stderr`
      : `${call}.${out !== null ? 'stdout' : 'stderr'}`;
  return replace(`${targets} = ${values}`.split('\n'), needs);
}

/** The `ipython` mode: the calls IPython's own input transformer generates. */
function ipythonCall(m: IMagic): ITranslation {
  const lhs = assign(m);
  switch (m.kind) {
    case 'help':
      return replace([
        `get_ipython().run_line_magic(${pyString(m.name === '??' ? 'pinfo2' : 'pinfo')}, ${pyString(m.args)})`
      ]);
    case 'shell':
      return m.name === '!!' || m.target !== null
        ? replace([`${lhs}get_ipython().getoutput(${pyString(m.args)})`])
        : replace([`get_ipython().system(${pyString(m.args)})`]);
    case 'cell-magic': {
      const body =
        m.body.endsWith('\n') || m.body === '' ? m.body : `${m.body}\n`;
      const first = /^%%\S*[ \t]?(.*)$/.exec(m.text.split('\n', 1)[0].trim());
      const line = first ? first[1] : m.args;
      return replace(
        `get_ipython().run_cell_magic(${pyString(m.name)}, ${pyString(line)}, ${pyTripleString(body)})`.split(
          '\n'
        )
      );
    }
    default:
      return replace([
        `${lhs}get_ipython().run_line_magic(${pyString(m.name)}, ${pyString(m.args)})`
      ]);
  }
}
