// Prints, as one JSON object, the kernel companion's Python exactly as the extension sends it
// (src/core/companion/snippets.ts is the one source of truth): the module source, the install
// expression, the silent request shape, and one call expression per op with a placeholder for
// its arguments. Used by jupyterlab_linearize/tests/test_companion*.py and bench/companion.py.
//
//   node scripts/dump-snippets.mjs > snippets.json
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = await build({
  entryPoints: [
    fileURLToPath(new URL('../src/core/companion/snippets.ts', import.meta.url))
  ],
  absWorkingDir: root,
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'neutral',
  logLevel: 'warning'
});
const code = result.outputFiles[0].text;
const mod = await import(
  'data:text/javascript;base64,' + Buffer.from(code).toString('base64')
);

// Python substitutes the literal of its own arguments for this one (see test_companion.py).
const MARKER = { __args__: 'placeholder' };
const ops = [
  'install',
  'rebind',
  'names',
  'delete',
  'env',
  'fingerprint',
  'uninstall'
];
const calls = Object.fromEntries(
  ops.map(op => [op, mod.callExpression(op, MARKER)])
);
process.stdout.write(
  JSON.stringify({
    version: mod.PROTOCOL_VERSION,
    module: mod.COMPANION_MODULE,
    replyKey: mod.REPLY_KEY,
    source: mod.KERNEL_SOURCE,
    install: mod.installExpression(),
    request: mod.silentRequest('EXPRESSION'),
    calls,
    argsLiteral: mod.pyString(JSON.stringify(MARKER))
  })
);
