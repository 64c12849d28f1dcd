// Bundles the CLI (src/cli/main.ts and the core it imports) into one CommonJS file that
// runs on Node 20 with no node_modules: `npx linearize` works from a checkout and from
// the published package alike.
import { chmodSync, existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8')
);
const outfile = 'dist/linearize.cjs';

// npm runs this as `prepare` also where devDependencies are absent (installing the packed
// package, pre-commit's node environments): the packed package already holds the bundle.
let build;
try {
  ({ build } = await import('esbuild'));
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' && e?.code !== 'MODULE_NOT_FOUND') {
    throw e;
  }
  if (existsSync(outfile)) {
    console.log(`esbuild is not installed: keeping the existing ${outfile}`);
    process.exit(0);
  }
  console.error(
    `esbuild is not installed and ${outfile} is missing: run \`jlpm install\` first`
  );
  process.exit(1);
}

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  define: { __LINEARIZE_VERSION__: JSON.stringify(pkg.version) },
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning'
});
chmodSync(outfile, 0o755);
