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
 *   uneven disk, which widens every window where two processes could interleave);
 * - LINEARIZE_FAULT_BARRIER=FILE:N: the first operation waits until N processes have reached
 *   theirs (each adds a byte to FILE; at most 10 s), so processes started together really
 *   meet in the folder rather than one after another as they finish starting up;
 * - LINEARIZE_FAULT_LOCK_LOG=FILE: appends "<pid> in <inode>" once the process has created the
 *   export lock exclusively, "<pid> out" just before it removes the lock it holds (or exits
 *   still holding it), and "<pid> moves <inode>" just before it renames or removes a lock it
 *   does not hold (a takeover). Seen from outside, whatever the lock's internals: two
 *   processes "in" at once both hold it, and a move of a held lock's inode disturbs a holder;
 * - LINEARIZE_FAULT_TAKEOVER_PAUSE_MS=N (with the lock log): a process about to rename or
 *   remove a lock it does not hold waits N ms first, as a takeover descheduled at its worst
 *   moment would.
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
  const barrier = process.env.LINEARIZE_FAULT_BARRIER;
  let met = barrier === undefined;
  const step = () => {
    if (!met) {
      met = true;
      meet(barrier, pause);
    }
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
  const lockLog = process.env.LINEARIZE_FAULT_LOCK_LOG;
  if (lockLog) {
    logLock(
      lockLog,
      p => inside(p) && path.basename(p) === '.linearize-export.lock',
      Number(process.env.LINEARIZE_FAULT_TAKEOVER_PAUSE_MS || 0)
    );
  }
  if (countFile) {
    process.on('exit', () => fs.writeFileSync(countFile, String(count)));
  }
}

/** LINEARIZE_FAULT_BARRIER: adds our byte to the file, then waits for all N. */
function meet(barrier, pause) {
  const at = barrier.lastIndexOf(':');
  const file = barrier.slice(0, at);
  const n = Number(barrier.slice(at + 1));
  fs.appendFileSync(file, 'x');
  const until = Date.now() + 10000;
  while (fs.statSync(file).size < n && Date.now() < until) {
    Atomics.wait(pause, 0, 0, 1);
  }
}

/**
 * LINEARIZE_FAULT_LOCK_LOG: wraps the (already fault-wrapped) calls, so "in" is noted after
 * the exclusive create returned and "out" before the removal starts: the noted span lies
 * within the real one, and two noted spans that overlap are two real holders.
 */
function logLock(log, isLock, takeoverPause) {
  let holding = false;
  const note = what => fs.appendFileSync(log, `${process.pid} ${what}\n`);
  const inode = p => {
    const st = fs.lstatSync(p, { bigint: true, throwIfNoEntry: false });
    return st === undefined ? 'none' : String(st.ino);
  };
  const exclusive = flags =>
    typeof flags === 'string'
      ? flags.includes('x')
      : typeof flags === 'number' && (flags & fs.constants.O_EXCL) !== 0;
  const open = fs.openSync;
  fs.openSync = function (p, flags, ...rest) {
    const fd = open.call(this, p, flags, ...rest);
    if (isLock(p) && exclusive(flags)) {
      holding = true;
      note(`in ${fs.fstatSync(fd, { bigint: true }).ino}`);
    }
    return fd;
  };
  let within = false; // rmSync may call unlinkSync: one call is noted once
  for (const name of ['unlinkSync', 'rmSync', 'renameSync']) {
    const real = fs[name];
    fs[name] = function (p, ...rest) {
      if (within) {
        return real.call(this, p, ...rest);
      }
      if (isLock(p)) {
        if (holding) {
          holding = false;
          note('out');
        } else {
          if (takeoverPause > 0) {
            Atomics.wait(
              new Int32Array(new SharedArrayBuffer(4)),
              0,
              0,
              takeoverPause
            );
          }
          note(`moves ${inode(p)}`);
        }
      }
      within = true;
      try {
        return real.call(this, p, ...rest);
      } finally {
        within = false;
      }
    };
  }
  process.on('exit', () => {
    if (holding) {
      note('out');
    }
  });
}
