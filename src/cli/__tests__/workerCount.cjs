/**
 * Preloaded with `node --require` into the real CLI by checkWorkers.spec.ts: counts the worker
 * threads the process starts (they run unchanged) and writes the count to
 * LINEARIZE_WORKER_COUNT_FILE at exit.
 */
'use strict';
const fs = require('fs');
const threads = require('worker_threads');

const file = process.env.LINEARIZE_WORKER_COUNT_FILE;
if (file && threads.isMainThread) {
  const Real = threads.Worker;
  let count = 0;
  threads.Worker = class extends Real {
    constructor(...args) {
      super(...args);
      count++;
    }
  };
  process.on('exit', () => fs.writeFileSync(file, String(count)));
}
