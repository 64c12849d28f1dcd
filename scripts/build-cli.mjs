// Bundles the CLI (src/cli/main.ts and the core it imports) into one CommonJS file that
// runs on Node 20 with no node_modules: `npx linearize` works from a checkout and from
// the published package alike.
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync
} from 'node:fs';

const pkg = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8')
);
const outfile = 'dist/linearize.cjs';
const bundlefile = 'dist/linearize-bundle.cjs';

// npm runs this as `prepare` also where devDependencies are absent (installing the packed
// package, pre-commit's node environments): the packed package already holds the bundle.
let build;
try {
  ({ build } = await import('esbuild'));
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' && e?.code !== 'MODULE_NOT_FOUND') {
    throw e;
  }
  if (existsSync(outfile) && existsSync(bundlefile)) {
    console.log(
      `esbuild is not installed: keeping the existing ${outfile} and ${bundlefile}`
    );
    process.exit(0);
  }
  console.error(
    `esbuild is not installed and ${outfile} is missing: run \`jlpm install\` first`
  );
  process.exit(1);
}

const result = await build({
  entryPoints: ['src/cli/main.ts'],
  outfile,
  write: false,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  define: { __LINEARIZE_VERSION__: JSON.stringify(pkg.version) },
  sourcemap: false,
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning'
});
// The bundle (a CommonJS module) is run by a small loader that compiles it through a V8
// code cache (scripts/cli-loader.cjs); the two files always travel together.
const code = result.outputFiles[0].text;
const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
const loader = readFileSync(
  new URL('./cli-loader.cjs', import.meta.url),
  'utf8'
).replace('__HASH__', () => JSON.stringify(hash));
mkdirSync('dist', { recursive: true });
writeFileSync(bundlefile, code);
writeFileSync(outfile, loader);
chmodSync(outfile, 0o755);
