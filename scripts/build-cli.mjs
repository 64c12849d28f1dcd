// Bundles the CLI (src/cli/main.ts and the core it imports) into one CommonJS file that
// runs on Node 20 with no node_modules: `npx linearize` works from a checkout and from
// the published package alike.
import { build } from 'esbuild';
import { readFileSync, chmodSync } from 'node:fs';

const pkg = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8')
);
const outfile = 'dist/linearize.cjs';

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
