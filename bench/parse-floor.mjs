// The bound on a cold `check` over the corpus: how much of the read + `JSON.parse` floor
// `@lezer/python` alone costs, parsing every code cell once, in one process (CPU time).
//
//   node bench/parse-floor.mjs [corpus-dir] [--rounds 3]
//
// Per round, all in this process and each pass over the whole corpus:
//  - floor: read + `JSON.parse` every notebook (what bench/check.mjs's floor process does);
//  - mask: our IPython masking of every code cell (outside the lezer figures below);
//  - parse: `parser.parse` of every masked cell, the first pass of the process (cold: lezer's
//    code not yet optimised by V8) and again (warm); then variants on the warm parser:
//    `bufferLength` 4096 (fewer `Tree` nodes); then, over the trees of a parse that keeps
//    them all, one walk over every node with a `TreeCursor` and one through `SyntaxNode`s
//    (`firstChild`/`nextSibling` allocate one object per node): what a walk costs before it
//    does anything (the bound on merging our walks); and our whole `parsePython` (mask,
//    parse, syntax-error walk).
// Each figure is printed as a ratio of that round's floor, and of bench/check.mjs's floor (the
// same work as a whole Node process, run once per round: Node's start is part of it). Round 1 is the one a cold `check`
// pays; later rounds show the warm code. Bundles src/core/parse with esbuild first.
// Not a test: run it on demand.
import { commandLine, loadCore, readCorpus } from './common/corpus.mjs';
import { FOLDER_FLOOR, timeCli } from './common/process.mjs';

const { opt, corpus } = commandLine(['--rounds']);
const rounds = Number(opt('--rounds', 3));

const { core } = await loadCore({
  'src/core/parse/maskIpython': ['maskIpython'],
  'src/core/parse/parsePython': ['parsePython', 'parseMasked'],
  'src/core/notebook/fromIpynb': ['fromIpynb'],
  'node_modules/@lezer/python': ['parser']
});

/** CPU milliseconds (user + system) of `fn()` in this process. */
function cpu(fn) {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

const { files } = readCorpus(corpus);
const { readFileSync } = await import('node:fs');
let sources = [];
for (const f of files) {
  const nb = core.fromIpynb(readFileSync(f, 'utf8'));
  for (const cell of nb.cells) {
    if (cell.type === 'code') {
      sources.push(cell.source);
    }
  }
}
const codeBytes = sources.reduce((n, s) => n + Buffer.byteLength(s), 0);

const floor = () =>
  cpu(() => {
    for (const f of files) {
      JSON.parse(readFileSync(f, 'utf8'));
    }
  });

let masked = [];
const mask = () =>
  cpu(() => {
    masked = sources.map(s => core.maskIpython(s).python);
  });
const big = core.parser.configure({ bufferLength: 4096 });
const parseAll = p => () =>
  cpu(() => {
    for (const t of masked) {
      p.parse(t);
    }
  });
let trees = [];
const keepTrees = () =>
  cpu(() => {
    trees = masked.map(t => core.parser.parse(t));
  });
let visited = 0;
const cursorWalk = () =>
  cpu(() => {
    for (const tree of trees) {
      const c = tree.cursor();
      do {
        visited++;
      } while (c.next());
    }
  });
const nodeWalk = () =>
  cpu(() => {
    const visit = n => {
      visited++;
      for (let k = n.firstChild; k; k = k.nextSibling) {
        visit(k);
      }
    };
    for (const tree of trees) {
      visit(tree.topNode);
    }
  });
// `parsePython` keeps the last 512 cells it parsed; the corpus has far more, so each call parses.
const ours = () =>
  cpu(() => {
    for (const s of sources) {
      core.parsePython(s);
    }
  });

const cases = [
  ['mask (our IPython masking)', mask],
  ['parse', parseAll(core.parser)],
  ['parse again', parseAll(core.parser)],
  ['parse, bufferLength 4096', parseAll(big)],
  ['parse, keeping every tree', keepTrees],
  ['walk every tree, TreeCursor', cursorWalk],
  ['walk every tree, SyntaxNode', nodeWalk],
  ['parsePython (mask, parse, errors)', ours]
];
console.log(
  `${files.length} notebooks, ${sources.length} code cells (${(codeBytes / 1e6).toFixed(2)} MB of code) in ${corpus}`
);
for (let r = 0; r < rounds; r++) {
  const f = floor();
  const row = cases.map(([label, fn]) => [label, fn()]);
  const pf = timeCli(['-e', FOLDER_FLOOR, corpus]).cpu;
  console.log(
    `round ${r + 1}${r === 0 ? ' (cold)' : ''}: floor ${f.toFixed(0)} ms CPU (read + JSON.parse), as a process ${pf.toFixed(0)} ms`
  );
  trees = [];
  for (const [label, ms] of row) {
    console.log(
      `  ${label.padEnd(36)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / f).toFixed(1).padStart(5)}x the floor, ${(ms / pf).toFixed(1).padStart(5)}x the process`
    );
  }
}
void visited;
sources = null;
masked = null;
trees = null;
