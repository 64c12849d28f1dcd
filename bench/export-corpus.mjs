// `linearize export` of the whole corpus in ONE call, as CI over a repository runs it, against
// the floor: a Node process that reads and `JSON.parse`s the same files. Both are whole
// processes (start, load, work, exit), run in turn (A B A B …) so the ratio holds while the
// shared machine's speed drifts. Goal (issue 14): export ≤ 6x the floor, CPU and wall.
//
//   node bench/export-corpus.mjs [corpus-dir] [--rounds N] [--cli dist/linearize.cjs]
//                                [--baseline-cli OTHER/linearize.cjs]
//
// The export runs with --no-git --no-data --no-env (no git provenance, no data hashing, no
// interpreter asked), once without parameters (--no-params, the goal's row) and once with
// them (the default). Export takes what `check` and earlier exports keep in the cache folder
// (the facts, the parameter scans, the script's code, whole plans): those rows are warm (every
// round after the warm-up finds the notebooks stored); the "facts cold" row runs with a cache
// folder of its own that it empties before each run (its code cache stays), as a first export
// of notebooks never checked. The corpus is never written to: each round exports from a fresh
// tree of symbolic links to its notebooks in a temp folder, so the files land next to the
// links.
// A second floor adds the writes any all-or-nothing export --no-params makes (five files per
// notebook, each flushed and renamed in place), which the read floor leaves out.
// `--baseline-cli` also times another build (say, main's) in the same rounds. Build the CLI
// first (`jlpm build:cli`). Not a test: run it on demand.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { commandLine, readCorpus, root } from './common/corpus.mjs';
import { mean, median, printRatios, timeNode } from './common/process.mjs';

const { opt, corpus } = commandLine(['--rounds', '--cli', '--baseline-cli']);
const rounds = Number(opt('--rounds', 5));
const cli = resolve(opt('--cli', join(root, 'dist', 'linearize.cjs')));
const baseline = opt('--baseline-cli', null);

const { files, bytes } = readCorpus(corpus);
const tmp = mkdtempSync(join(tmpdir(), 'linearize-export-corpus-'));
const cache = join(tmp, 'cache');
const env = { ...process.env, XDG_CACHE_HOME: cache, NO_COLOR: '1' };
const coldCache = join(tmp, 'cold-cache');
const coldEnv = { ...env, XDG_CACHE_HOME: coldCache };

/** A fresh tree of links to the corpus's notebooks; their paths, in the corpus's order. */
function mirror() {
  const at = join(tmp, 'tree');
  rmSync(at, { recursive: true, force: true });
  return files.map(f => {
    const link = join(at, relative(corpus, f));
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(f, link);
    return link;
  });
}

// The floor reads the same paths (through the same links) and parses each.
const FLOOR =
  'const fs=require("fs");let n=0;for(const f of process.argv.slice(1))' +
  'n+=Object.keys(JSON.parse(fs.readFileSync(f,"utf8"))).length;' +
  'console.log(n);';

// What any all-or-nothing export must also do: next to each notebook, the five files an
// export --no-params writes (script, manifest, runtime, requirements, Dockerfile), each
// written to a temporary file, flushed and renamed into place, then the folder flushed. The
// script's bytes are the notebook's code, the others 1 KiB each. Async flushes, four at once, as the
// CLI's writer groups them.
const WRITE_FLOOR = `
const fs = require('fs'), path = require('path');
const small = Buffer.alloc(1024, 35);
const sync = p => new Promise((ok, no) => fs.open(p, 'r', (e, fd) => e ? no(e) :
  fs.fsync(fd, e2 => { fs.closeSync(fd); e2 ? no(e2) : ok(); })));
async function one(f, k) {
  const nb = JSON.parse(fs.readFileSync(f, 'utf8'));
  const code = (nb.cells || []).filter(c => c.cell_type === 'code')
    .map(c => Array.isArray(c.source) ? c.source.join('') : String(c.source)).join('\\n\\n');
  const dir = path.dirname(f);
  const names = ['s.py', 'm.yaml', 'r.py', 'q.txt', 'Dockerfile'];
  const fds = names.map((n, i) => {
    const fd = fs.openSync(path.join(dir, '.' + k + n + '.tmp'), 'wx', 0o644);
    fs.writeSync(fd, i === 0 ? Buffer.from(code) : small);
    return fd;
  });
  await Promise.all(fds.map(fd => new Promise((ok, no) => fs.fsync(fd, e => e ? no(e) : ok()))));
  fds.forEach(fd => fs.closeSync(fd));
  names.forEach(n => fs.renameSync(path.join(dir, '.' + k + n + '.tmp'), path.join(dir, k + n)));
  await sync(dir);
}
(async () => {
  const queue = process.argv.slice(1).map((f, k) => [f, k]);
  const lane = async () => { for (let x = queue.shift(); x; x = queue.shift()) await one(...x); };
  await Promise.all([lane(), lane(), lane(), lane()]);
})();
`;

// Export exits 1 when a notebook is not linear (findings), 0 when none is.
const EXPORT_OK = [0, 1];
const flags = ['--no-git', '--no-data', '--no-env'];
const cases = [
  ['floor: read + JSON.parse', [0], paths => ['-e', FLOOR, ...paths]],
  ['floor + 5 durable files each', [0], paths => ['-e', WRITE_FLOOR, ...paths]],
  [
    'export --no-params',
    EXPORT_OK,
    paths => [cli, 'export', ...flags, '--no-params', ...paths]
  ],
  [
    'export (with params)',
    EXPORT_OK,
    paths => [cli, 'export', ...flags, ...paths]
  ],
  [
    'export --no-params, facts cold',
    EXPORT_OK,
    paths => [cli, 'export', ...flags, '--no-params', ...paths],
    // A cache folder of its own: emptying the shared one would make the rows after this one
    // (the baseline's) cold too.
    () =>
      rmSync(join(coldCache, 'linearize', 'facts'), {
        recursive: true,
        force: true
      }),
    coldEnv
  ]
];
if (baseline !== null) {
  const b = resolve(baseline);
  cases.push(
    [
      'baseline export --no-params',
      EXPORT_OK,
      paths => [b, 'export', ...flags, '--no-params', ...paths]
    ],
    [
      'baseline export (params)',
      EXPORT_OK,
      paths => [b, 'export', ...flags, ...paths]
    ]
  );
}

// One warm-up of each (fills the CLI's code cache, as every run after the first has it).
const times = cases.map(() => []);
for (let r = -1; r < rounds; r++) {
  cases.forEach(([, ok, argv, before, caseEnv], i) => {
    const paths = mirror();
    before?.();
    const t = timeNode(argv(paths), { env: caseEnv ?? env, ok });
    if (r >= 0) {
      times[i].push(t);
    }
  });
}
rmSync(tmp, { recursive: true, force: true });

console.log(
  `corpus: ${files.length} notebooks, ${(bytes / 1e6).toFixed(1)} MB (${corpus}); ${rounds} rounds, in turn`
);
printRatios(
  cases.map(([label]) => label),
  times
);
const writeCpu = mean(times[1].map(t => t.cpu));
const writeWall = median(times[1].map(t => t.wall));
const exportCpu = mean(times[2].map(t => t.cpu));
const exportWall = median(times[2].map(t => t.wall));
console.log(
  `export --no-params over the floor with its writes: ${(exportCpu / writeCpu).toFixed(2)}x CPU, ${(exportWall / writeWall).toFixed(2)}x wall`
);
console.log('goal: export --no-params ≤ 6x the floor (CPU and wall)');
