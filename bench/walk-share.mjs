// Whether one syntax-tree walk could serve both the facts walk (`factsOfParsed`) and the
// environment/data events scan (`cellEvents`): the most a merged walk saves is one traversal of
// every tree, so this times that traversal (a TreeCursor over every node, and the SyntaxNode
// `firstChild`/`nextSibling` walk the two use) beside the two walks, over the corpus's code
// cells, in one process (CPU time), and prints the traversal as a share of the two walks.
//
//   node bench/walk-share.mjs [corpus-dir] [--rounds 5]
//
// Each round uses fresh copies of the sources (the caches would answer otherwise). Round 1 is
// the cold one (V8 has not optimised the code yet). Not a test: run it on demand.
import { commandLine, loadCore, readCorpus } from './common/corpus.mjs';

const { opt, corpus } = commandLine(['--rounds']);
const rounds = Number(opt('--rounds', 5));
const { core } = await loadCore({
  'src/core/parse/parsePython': ['parsePython'],
  'src/core/facts/cellFacts': ['factsOfParsed'],
  'src/core/verdicts/pillars/cellEvents': ['cellEvents'],
  'src/core/notebook/fromIpynb': ['fromIpynb']
});

const sources = [];
for (const text of readCorpus(corpus).texts) {
  for (const c of core.fromIpynb(text).cells) {
    if (c.type === 'code') {
      sources.push(c.source);
    }
  }
}
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** Visits every node with a TreeCursor (no node objects); returns how many. */
function cursorWalk(tree) {
  const c = tree.cursor();
  let n = 0;
  for (;;) {
    n++;
    if (c.firstChild()) {
      continue;
    }
    while (!c.nextSibling()) {
      if (!c.parent()) {
        return n;
      }
    }
  }
}

/** Visits every node as a SyntaxNode, as the two walks' recursive descent does. */
function nodeWalk(node) {
  let n = 1;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    n += nodeWalk(c);
  }
  return n;
}

console.log(`${sources.length} code cells; CPU ms per round`);
for (let r = 0; r < rounds; r++) {
  // parse, facts, events, cursor walk, node walk
  const t = [0, 0, 0, 0, 0];
  let nodes = 0;
  for (const s0 of sources) {
    // A trailing newline per round changes no fact or event, only the caches' key.
    const s = s0 + '\n'.repeat(r + 1);
    let t0 = cpu();
    const parsed = core.parsePython(s);
    t[0] += cpu() - t0;
    t0 = cpu();
    core.factsOfParsed(parsed);
    t[1] += cpu() - t0;
    t0 = cpu();
    core.cellEvents(s);
    t[2] += cpu() - t0;
    t0 = cpu();
    nodes += cursorWalk(parsed.tree);
    t[3] += cpu() - t0;
    t0 = cpu();
    nodeWalk(parsed.tree.topNode);
    t[4] += cpu() - t0;
  }
  const walks = t[1] + t[2];
  console.log(
    `round ${r + 1}${r === 0 ? ' (cold)' : '       '}  ${nodes} nodes: parse ${t[0].toFixed(0)}  facts ${t[1].toFixed(0)}  events ${t[2].toFixed(0)} | traversal: cursor ${t[3].toFixed(0)} (${((100 * t[3]) / walks).toFixed(1)}% of the walks), nodes ${t[4].toFixed(0)} (${((100 * t[4]) / walks).toFixed(1)}%)`
  );
}
