/**
 * A one-line progress bar on stderr for long `check` runs. Silent unless both stdout and
 * stderr are terminals (nothing in pipes, files or CI logs) and the run has taken more
 * than a moment, so short runs never flicker.
 */

/** Draws progress; a no-op when disabled. */
export interface IProgress {
  /** Report that `done` of `total` items are finished, the last being `label`. */
  tick(done: number, label: string): void;
  /** Erase the bar (before printing results). */
  done(): void;
}

const DELAY_MS = 500;
const WIDTH = 24;

/** A progress bar for `total` items, enabled only when `enabled` and both streams are TTYs. */
export function progressBar(total: number, enabled: boolean): IProgress {
  const tty = process.stderr.isTTY === true && process.stdout.isTTY === true;
  if (!enabled || !tty || total < 2) {
    return { tick: () => undefined, done: () => undefined };
  }
  const start = Date.now();
  let drawn = false;
  let lastDraw = 0;
  return {
    tick(done: number, label: string): void {
      const now = Date.now();
      if (now - start < DELAY_MS || now - lastDraw < 50) {
        return;
      }
      lastDraw = now;
      drawn = true;
      const filled = Math.round((done / total) * WIDTH);
      const bar = '#'.repeat(filled) + '-'.repeat(WIDTH - filled);
      // A pseudo-terminal may report 0 columns.
      const cols = process.stderr.columns || 80;
      const head = `[${bar}] ${done}/${total} `;
      const room = cols - head.length - 1;
      const tail =
        room < 8
          ? ''
          : label.length > room
            ? '…' + label.slice(label.length - room + 1)
            : label;
      process.stderr.write(`\r\x1b[2K${head}${tail}`);
    },
    done(): void {
      if (drawn) {
        process.stderr.write('\r\x1b[2K');
      }
    }
  };
}
