// Embeds the Python we send to a kernel or write into scripts as text: every `src/**/*.py`
// becomes a sibling `<stem>_py.ts` exporting its text, so tsc, jest, esbuild (the CLI
// bundle) and the JupyterLab webpack build all read it as a plain TypeScript module, and the
// Python itself stays a real file that ruff lints and formats and pytest imports.
//
//   node scripts/embed-python.mjs           write the modules
//   node scripts/embed-python.mjs --check   exit 1 when a module is out of date (a jest test runs this)
//
// What is embedded: the whole file, or only the lines between `# linearize-embed: start` and
// `# linearize-embed: end` when the file has them (the TypeScript writes the rest, e.g. the
// head of the config loader). Lines that are only `# fmt: off` / `# fmt: on` are dropped:
// they let a file keep bytes the formatter would change without those comments reaching the
// kernel or the script.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative, basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';

const root = fileURLToPath(new URL('..', import.meta.url));
const START = '# linearize-embed: start';
const END = '# linearize-embed: end';
const FMT = /^\s*# fmt: (off|on)\s*$/;

function* pythonFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__pycache__' && entry.name !== '__tests__') {
        yield* pythonFiles(path);
      }
    } else if (entry.name.endsWith('.py')) {
      yield path;
    }
  }
}

/** The text a `.py` file contributes (see the header). */
export function embeddedText(source) {
  let lines = source.replace(/\r\n/g, '\n').split('\n');
  const start = lines.findIndex(l => l.trim() === START);
  if (start >= 0) {
    const end = lines.findIndex((l, i) => i > start && l.trim() === END);
    if (end < 0) {
      throw new Error(`"${START}" without "${END}"`);
    }
    lines = [...lines.slice(start + 1, end), ''];
  }
  return lines.filter(l => !FMT.test(l)).join('\n');
}

/** `configLoader` → `CONFIG_LOADER_PY`. */
function constantName(stem) {
  return (
    stem
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .toUpperCase() + '_PY'
  );
}

async function moduleFor(pyPath) {
  const name = basename(pyPath);
  const text = embeddedText(readFileSync(pyPath, 'utf8'));
  const lines = text.split('\n');
  const ts =
    `// Generated from ${name} by scripts/embed-python.mjs: edit the .py file, then run\n` +
    '// `node scripts/embed-python.mjs` (a jest test fails while this file is out of date).\n\n' +
    `/** The text of \`${name}\`, embedded verbatim. */\n` +
    `export const ${constantName(basename(name, '.py'))}: string = [\n` +
    lines.map(l => `  ${JSON.stringify(l)}`).join(',\n') +
    "\n].join('\\n');\n";
  const target = join(dirname(pyPath), basename(name, '.py') + '_py.ts');
  const options = (await prettier.resolveConfig(target)) ?? {};
  return {
    target,
    text: await prettier.format(ts, { ...options, filepath: target })
  };
}

const check = process.argv.includes('--check');
const stale = [];
for (const py of pythonFiles(join(root, 'src'))) {
  const { target, text } = await moduleFor(py);
  const current = existsSync(target) ? readFileSync(target, 'utf8') : null;
  if (current !== text) {
    if (check) {
      stale.push(relative(root, target));
    } else {
      writeFileSync(target, text);
      process.stdout.write(`wrote ${relative(root, target)}\n`);
    }
  }
}
if (stale.length > 0) {
  process.stderr.write(
    `out of date (run \`node scripts/embed-python.mjs\`): ${stale.join(', ')}\n`
  );
  process.exit(1);
}
