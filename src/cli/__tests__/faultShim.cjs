/**
 * Fault injection for the CLI tests, preloaded with `node --require` into the real CLI
 * process (no change to the code under test). It wraps Node's synchronous file calls and,
 * for paths inside LINEARIZE_FAULT_DIR only:
 * - LINEARIZE_FAULT_COUNT_FILE: counts the file operations, written there at exit;
 * - LINEARIZE_FAULT_KILL_AT=N: the process SIGKILLs itself just before operation N;
 * - LINEARIZE_FAULT_SPACE=BYTES: the device holds BYTES more bytes: a write beyond them is
 *   cut short and the next one fails with ENOSPC, as a full disk does;
 * - LINEARIZE_FAULT_SHORT=1: every write reports 0 bytes written (a device that stalls);
 * - LINEARIZE_FAULT_DELAY_MS=N: each operation first waits a random 0 to N ms (a slow,
 *   uneven disk, which widens every window where two processes could interleave).
 */
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.env.LINEARIZE_FAULT_DIR;
if (dir) {
  const root = path.resolve(dir) + path.sep;
  const killAt = Number(process.env.LINEARIZE_FAULT_KILL_AT || 0);
  const countFile = process.env.LINEARIZE_FAULT_COUNT_FILE;
  let space =
    process.env.LINEARIZE_FAULT_SPACE !== undefined
      ? Number(process.env.LINEARIZE_FAULT_SPACE)
      : Infinity;
  const short = process.env.LINEARIZE_FAULT_SHORT === '1';
  const delay = Number(process.env.LINEARIZE_FAULT_DELAY_MS || 0);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const fds = new Set();
  let count = 0;
  const inside = p =>
    typeof p === 'string' && (path.resolve(p) + path.sep).startsWith(root);
  const step = () => {
    if (delay > 0) {
      Atomics.wait(pause, 0, 0, Math.random() * delay);
    }
    count += 1;
    if (killAt > 0 && count >= killAt) {
      process.kill(process.pid, 'SIGKILL');
    }
  };
  const wrap = (name, test) => {
    const real = fs[name];
    fs[name] = function (...args) {
      if (test(args)) {
        step();
      }
      return real.apply(this, args);
    };
  };
  const realOpen = fs.openSync;
  fs.openSync = function (p, ...rest) {
    const ours = inside(p);
    if (ours) {
      step();
    }
    const fd = realOpen.call(this, p, ...rest);
    if (ours) {
      fds.add(fd);
    }
    return fd;
  };
  const realClose = fs.closeSync;
  fs.closeSync = function (fd) {
    fds.delete(fd);
    return realClose.call(this, fd);
  };
  const realWrite = fs.writeSync;
  fs.writeSync = function (fd, buffer, offset, length, position) {
    if (!fds.has(fd)) {
      return realWrite.apply(this, arguments);
    }
    step();
    if (short) {
      return 0;
    }
    const len =
      typeof buffer === 'string'
        ? Buffer.byteLength(buffer)
        : (length ?? buffer.length - (offset ?? 0));
    if (space <= 0) {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
        code: 'ENOSPC',
        errno: -28,
        syscall: 'write'
      });
    }
    if (typeof buffer !== 'string' && len > space) {
      const n = realWrite.call(this, fd, buffer, offset ?? 0, space, position);
      space -= n;
      return n;
    }
    space -= len;
    return realWrite.apply(this, arguments);
  };
  wrap('fsyncSync', ([fd]) => fds.has(fd));
  wrap('renameSync', ([a, b]) => inside(a) || inside(b));
  wrap('unlinkSync', ([p]) => inside(p));
  wrap('mkdirSync', ([p]) => inside(p));
  wrap('rmSync', ([p]) => inside(p));
  wrap('rmdirSync', ([p]) => inside(p));
  if (countFile) {
    process.on('exit', () => fs.writeFileSync(countFile, String(count)));
  }
}
