// Parameter extraction over the whole corpus, in one process, against the JSON.parse floor
// of the same files read in the same run (goal: extraction ≤ 3x JSON.parse).
//
//   node bench/params.mjs [corpus-dir] [--rounds N]
//
// Bundles src/core with esbuild into a temp file first, so it measures the same code the CLI
// ships. Not a test: run it on demand.
import { build } from 'esbuild';
import {
  readdirSync,
  readFileSync,
  statSync,
  mkdtempSync,
  rmSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 3;
const positional = args.filter(
  (a, i) => !a.startsWith('--') && args[i - 1] !== '--rounds'
);
const root = resolve(new URL('..', import.meta.url).pathname);
const corpus = resolve(
  positional[0] ?? join(root, '../shared/corpus/notebooks')
);

const dir = mkdtempSync(join(tmpdir(), 'linearize-bench-'));
const entry = join(dir, 'entry.ts');
const out = join(dir, 'params.mjs');
await build({
  stdin: {
    contents: `export { fromIpynb } from ${JSON.stringify(join(root, 'src/core/notebook/fromIpynb'))};
export { findParams, toYaml } from ${JSON.stringify(join(root, 'src/core/params'))};
export { parsePython } from ${JSON.stringify(join(root, 'src/core/parse/parsePython'))};`,
    resolveDir: root,
    loader: 'ts'
  },
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning'
});
const { fromIpynb, findParams, toYaml, parsePython } = await import(
  pathToFileURL(out).href
);
rmSync(dir, { recursive: true, force: true });
void entry;

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

const files = walk(corpus);
const texts = files.map(f => readFileSync(f, 'utf8'));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

function timeIt(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

// The notebooks and their code cells, for the parse-only row.
const codeCells = texts.flatMap(t => {
  try {
    return fromIpynb(t).cells.filter(
      c => c.type === 'code' && c.source.trim() !== ''
    );
  } catch {
    return [];
  }
});
const codeChars = codeCells.reduce((n, c) => n + c.source.length, 0);

let stats = null;
const parseTimes = [];
const jsonTimes = [];
const extractTimes = [];
const fullTimes = [];
for (let r = 0; r < rounds; r++) {
  jsonTimes.push(
    timeIt(() => {
      for (const t of texts) {
        JSON.parse(t);
      }
    })
  );
  parseTimes.push(
    timeIt(() => {
      for (const c of codeCells) {
        parsePython(c.source);
      }
    })
  );
  // fromIpynb parses the JSON too, so extraction time includes the floor itself.
  const s = {
    notebooks: 0,
    failed: 0,
    candidates: 0,
    extracted: 0,
    skipped: 0,
    cells: 0,
    codeBytes: 0
  };
  extractTimes.push(
    timeIt(() => {
      for (const t of texts) {
        let nb;
        try {
          nb = fromIpynb(t);
        } catch {
          s.failed++;
          continue;
        }
        s.notebooks++;
        const res = findParams(nb);
        s.candidates += res.candidates.length;
        for (const c of res.candidates) {
          if (c.skip === null) s.extracted++;
          else s.skipped++;
        }
      }
    })
  );
  fullTimes.push(
    timeIt(() => {
      for (const t of texts) {
        try {
          toYaml(findParams(fromIpynb(t)).candidates);
        } catch {
          // counted above
        }
      }
    })
  );
  stats = s;
}

const min = xs => Math.min(...xs);
const floor = min(jsonTimes);
const extract = min(extractTimes);
const full = min(fullTimes);
const parse = min(parseTimes);
console.log(
  `corpus: ${files.length} notebooks, ${(bytes / 1e6).toFixed(1)} MB (${corpus})`
);
console.log(
  `found: ${stats.candidates} candidates, ${stats.extracted} extracted, ${stats.skipped} skipped; ${stats.failed} unreadable`
);
console.log(`best of ${rounds} rounds:`);
console.log(`  JSON.parse floor                     ${floor.toFixed(0)} ms`);
console.log(
  `  parsePython only (${codeCells.length} code cells, ${(codeChars / 1e6).toFixed(2)} M chars) ${parse.toFixed(0)} ms  (${(parse / floor).toFixed(2)}x floor)`
);
console.log(
  `  fromIpynb + findParams               ${extract.toFixed(0)} ms  (${(extract / floor).toFixed(2)}x floor)`
);
console.log(
  `  fromIpynb + findParams + toYaml      ${full.toFixed(0)} ms  (${(full / floor).toFixed(2)}x floor)`
);
