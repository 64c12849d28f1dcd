// Parameter extraction over the whole corpus, in one process, against the JSON.parse floor
// of the same files read in the same run (goal: extraction ≤ 3x JSON.parse).
//
//   node bench/params.mjs [corpus-dir] [--rounds N]
//
// Bundles src/core with esbuild into a temp file first, so it measures the same code the CLI
// ships. Not a test: run it on demand.
import {
  commandLine,
  loadCore,
  min,
  readCorpus,
  timeIt
} from './common/corpus.mjs';

const { opt, corpus } = commandLine(['--rounds']);
const rounds = Number(opt('--rounds', 3));

const { core } = await loadCore({
  'src/core/notebook/fromIpynb': ['fromIpynb'],
  'src/core/params': ['findParams', 'toYaml'],
  'src/core/parse/parsePython': ['parsePython']
});
const { fromIpynb, findParams, toYaml, parsePython } = core;

const { files, texts, bytes } = readCorpus(corpus);

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
