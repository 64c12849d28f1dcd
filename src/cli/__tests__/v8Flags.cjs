/**
 * Preloaded with `node --require` into the real CLI by jitBudget.spec.ts: records the V8 flags
 * the process sets at run time (they are still set) and writes them, one a line, to
 * LINEARIZE_V8_FLAGS_FILE at exit.
 */
'use strict';
const fs = require('fs');
const v8 = require('v8');

const file = process.env.LINEARIZE_V8_FLAGS_FILE;
if (file) {
  const real = v8.setFlagsFromString;
  const flags = [];
  v8.setFlagsFromString = flag => {
    flags.push(flag);
    return real(flag);
  };
  process.on('exit', () => fs.writeFileSync(file, flags.join('\n')));
}
