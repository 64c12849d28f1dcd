/**
 * The one notebook reader reads into a reused buffer: whatever the order of sizes, each read
 * gives exactly its file's text and the digest of its bytes, also for a file whose stat says
 * nothing of its length (a FIFO: the buffer grows while reading).
 */
import { spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readNotebookFileText } from '../readNotebook';

const dir = mkdtempSync(path.join(os.tmpdir(), 'linearize-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A notebook of about `kb` KiB, non-ASCII included. */
function notebookOf(kb: number, tag: string): string {
  const line = `print("${tag} é ∑ 🙂 ${'x'.repeat(40)}")\n`;
  const source = line.repeat(Math.ceil((kb * 1024) / line.length));
  return JSON.stringify({
    cells: [
      {
        cell_type: 'code',
        execution_count: 1,
        metadata: {},
        outputs: [],
        source
      }
    ],
    metadata: { language_info: { name: 'python' } },
    nbformat: 4,
    nbformat_minor: 5
  });
}

const sha = (p: string): string =>
  `sha256:${createHash('sha256').update(readFileSync(p)).digest('hex')}`;

describe('readNotebookFileText', () => {
  it('gives each file its own text and digest, small after large after small', () => {
    const files = [
      ['small.ipynb', 3],
      ['large.ipynb', 3000],
      ['tiny.ipynb', 1],
      ['medium.ipynb', 200]
    ].map(([name, kb]) => {
      const p = path.join(dir, name as string);
      writeFileSync(p, notebookOf(kb as number, name as string));
      return p;
    });
    for (const p of [...files, ...files.reverse()]) {
      const r = readNotebookFileText(p, { digest: true });
      expect(r.text).toBe(readFileSync(p, 'utf8'));
      expect(r.digest).toBe(sha(p));
      expect(r.notebook.cells[0].source).toContain(path.basename(p));
    }
    expect(readNotebookFileText(files[0]).digest).toBeUndefined();
  });

  it('reads a FIFO to its end (its stat has no length; larger than the reused buffer)', async () => {
    const src = path.join(dir, 'piped.ipynb');
    writeFileSync(src, notebookOf(18 * 1024, 'piped'));
    const fifo = path.join(dir, 'fifo.ipynb');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const writer = spawn('sh', ['-c', 'cat "$0" > "$1"', src, fifo]);
    const done = new Promise(ok => writer.on('exit', ok));
    const r = readNotebookFileText(fifo, { digest: true });
    await done;
    expect(r.text).toBe(readFileSync(src, 'utf8'));
    expect(r.digest).toBe(sha(src));
  });

  it('stops a file with no end one byte past the limit, and says it is too large', () => {
    // /dev/zero's stat has no size: without the bound it would be read forever.
    expect(() => readNotebookFileText('/dev/zero')).toThrow(
      /too large \(it grew past the limit of 256 MB while read\)/
    );
  });
});
