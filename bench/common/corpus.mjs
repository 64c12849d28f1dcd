// What the benches share: the command line, the bundled core, the corpus and timing.
// Not a bench itself.
import { build } from 'esbuild';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The repository's root. */
export const root = resolve(new URL('../..', import.meta.url).pathname);

/**
 * The command line: `opt('--name', dflt)` is the word after `--name` (or `dflt`), and
 * `corpus` the first positional argument (default: the shared corpus). `valued` lists the
 * options that take a value, whose value is not positional; without it, every `--option`
 * takes one.
 */
export function commandLine(valued) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const takesValue = a =>
    valued === undefined ? a?.startsWith('--') : valued.includes(a);
  const positional = args.filter(
    (a, i) => !a.startsWith('--') && !takesValue(args[i - 1])
  );
  const corpus = resolve(
    positional[0] ??
      (process.env.LINEARIZE_CORPUS
        ? join(process.env.LINEARIZE_CORPUS, 'notebooks')
        : join(root, '../shared/corpus/notebooks'))
  );
  return { opt, corpus };
}

/**
 * Bundles src/core with esbuild into a temp dir and loads it, so a bench measures the code
 * the CLI ships. `exports` maps a module under the root (`src/core/params`) to the names to
 * take from it, or to `*` for all. `format`: `esm`, or `cjs` for the whole of src/core (some
 * of its dependencies, yaml's, `require` Node's modules). The temp dir is removed at once
 * unless `keep` is set; then it is `dir`, for the bench's own files, and the bench removes it.
 */
export async function loadCore(exports, { format = 'esm', keep = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'linearize-bench-'));
  const out = join(dir, format === 'cjs' ? 'core.cjs' : 'core.mjs');
  const contents = Object.entries(exports)
    .map(([path, names]) => {
      const what = names === '*' ? '*' : `{ ${names.join(', ')} }`;
      return `export ${what} from ${JSON.stringify(join(root, path))};`;
    })
    .join('\n');
  await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    outfile: out,
    bundle: true,
    platform: 'node',
    format,
    logLevel: 'warning'
  });
  const core =
    format === 'cjs'
      ? createRequire(import.meta.url)(out)
      : await import(pathToFileURL(out).href);
  if (!keep) {
    rmSync(dir, { recursive: true, force: true });
  }
  return { core, dir };
}

/** The `.ipynb` files under `d`, in a stable order. */
function walk(d) {
  const files = [];
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) {
      files.push(...walk(p));
    } else if (name.endsWith('.ipynb')) {
      files.push(p);
    }
  }
  return files;
}

/** The corpus's notebooks: their paths, their texts and the texts' total size in bytes. */
export function readCorpus(corpus) {
  const files = walk(corpus);
  const texts = files.map(f => readFileSync(f, 'utf8'));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  return { files, texts, bytes };
}

/** Milliseconds since `t0` (a `process.hrtime.bigint()`). */
export const ms = t0 => Number(process.hrtime.bigint() - t0) / 1e6;

/** How long `fn()` takes, in milliseconds. */
export function timeIt(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  return ms(t0);
}

export const min = xs => Math.min(...xs);
