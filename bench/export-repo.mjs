// `linearize export` as users run it: every notebook of a git repository in ONE call, with the
// defaults (git provenance of the whole tree, data files hashed, the target interpreter asked
// for the pins), against the same export with --no-git --no-data --no-env and against the
// floor (a Node process that reads and `JSON.parse`s the same files). Whole processes, run in
// turn (A B A B …), so ratios hold while the shared machine's speed drifts. CPU counts the
// children too (the interpreter probe's Python).
//
//   node bench/export-repo.mjs [corpus-dir] [--rounds N] [--cli dist/linearize.cjs]
//                              [--baseline-cli OTHER/linearize.cjs] [--limit N]
//
// The repository is a copy of the corpus (or its first N notebooks, `--limit`), committed by
// real git with files an hour old (so no index entry is "racily clean", as in a clone that is
// not brand new). Each run starts from a clean tree (`git clean -fdx`: the exports of the run
// before are removed) and a warm cache folder (the facts and the interpreter's answers kept
// by the warm-up run), as in CI over a repository whose cache survives. The interpreter is
// the default `python3`. `--baseline-cli` times another build in the same rounds. Build the
// CLI first (`jlpm build:cli`). Not a test: run it on demand.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  utimesSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { commandLine, readCorpus, root } from './common/corpus.mjs';
import { printRatios, timeNode } from './common/process.mjs';

const { opt, corpus } = commandLine([
  '--rounds',
  '--cli',
  '--baseline-cli',
  '--limit'
]);
const rounds = Number(opt('--rounds', 3));
const cli = resolve(opt('--cli', join(root, 'dist', 'linearize.cjs')));
const baseline = opt('--baseline-cli', null);
const limit = Number(opt('--limit', Infinity));

const { files: all, bytes: allBytes } = readCorpus(corpus);
const files = all.slice(0, limit);
const tmp = mkdtempSync(join(tmpdir(), 'linearize-export-repo-'));
const repo = join(tmp, 'repo');
const env = {
  ...process.env,
  XDG_CACHE_HOME: join(tmp, 'cache'),
  NO_COLOR: '1',
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com'
};
const git = (...args) =>
  execFileSync('git', args, { cwd: repo, env, stdio: 'pipe' });

const hourAgo = new Date(Date.now() - 3600_000);
const paths = files.map(f => {
  const to = join(repo, relative(corpus, f));
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(f, to);
  utimesSync(to, hourAgo, hourAgo);
  return relative(repo, to);
});
git('init', '-q');
git('add', '-A');
git('commit', '-qm', 'notebooks');

const FLOOR =
  'const fs=require("fs");let n=0;for(const f of process.argv.slice(1))' +
  'n+=Object.keys(JSON.parse(fs.readFileSync(f,"utf8"))).length;' +
  'console.log(n);';

// Export exits 1 when a notebook is not linear (findings), 0 when none is.
const EXPORT_OK = [0, 1];
const off = ['--no-git', '--no-data', '--no-env'];
const builds = [['', cli]];
if (baseline !== null) {
  builds.push(['baseline ', resolve(baseline)]);
}
const cases = [['floor: read + JSON.parse', [0], ['-e', FLOOR, ...paths]]];
for (const [tag, file] of builds) {
  cases.push(
    [`${tag}export (defaults)`, EXPORT_OK, [file, 'export', ...paths]],
    [
      `${tag}export --no-git --no-data --no-env`,
      EXPORT_OK,
      [file, 'export', ...off, ...paths]
    ]
  );
}

process.chdir(repo);
// One warm-up of each (the code cache, the facts and the interpreter's answers).
const times = cases.map(() => []);
for (let r = -1; r < rounds; r++) {
  cases.forEach(([, ok, argv], i) => {
    git('clean', '-qfdx');
    const t = timeNode(argv, { env, ok });
    if (r >= 0) {
      times[i].push(t);
    }
  });
}
process.chdir(root);
rmSync(tmp, { recursive: true, force: true });

const mb = ((allBytes * files.length) / all.length / 1e6).toFixed(1);
console.log(
  `repository: ${files.length} notebooks (~${mb} MB) from ${corpus}, committed; ${rounds} rounds, in turn`
);
printRatios(
  cases.map(([label]) => label),
  times
);
