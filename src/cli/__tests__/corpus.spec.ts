/**
 * `linearize check --json` over the whole shared corpus in one process: exit 0 or 1, no
 * notebook unreadable, the document valid against check-output.schema.json (ours and
 * Python's jsonschema), and the count verdicts' notebook counts equal the corpus README.
 */
import { spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { Schema, validate } from '../../core/record/__tests__/miniSchema';
import { buildCli, removeBuild, ROOT, runCli } from './cli';

const CORPUS =
  process.env.LINEARIZE_CORPUS ?? path.resolve(ROOT, '../shared/corpus');

interface IDoc {
  notebooks: {
    path: string;
    error: string | null;
    findings: { kind: string }[];
  }[];
}

const outputSchema = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'check-output.schema.json'), 'utf8')
) as Schema;

let cli = '';
beforeAll(() => {
  cli = buildCli();
});
afterAll(() => removeBuild(cli));

describe('linearize check --json on the shared corpus', () => {
  it('checks every notebook; the JSON validates; count-order 77 and count-gap 192', () => {
    const r = runCli(cli, ['check', '--json', path.join(CORPUS, 'notebooks')]);
    expect([0, 1]).toContain(r.code);
    // Only the note about never-run notebooks (no count, no output) may go to stderr.
    const errLines = r.err.split('\n').filter(l => l !== '');
    expect(
      errLines.filter(
        l =>
          !/^linearize check: .+: no cell has an execution count or output \(never run, or stripped\): checked as code only/.test(
            l
          )
      )
    ).toEqual([]);
    const doc = JSON.parse(r.out) as IDoc;
    expect(validate(outputSchema, doc)).toEqual([]);
    for (const nb of doc.notebooks) {
      expect({ path: nb.path, error: nb.error }).toEqual({
        path: nb.path,
        error: null
      });
    }
    const having = (kind: string): number =>
      doc.notebooks.filter(n => n.findings.some(f => f.kind === kind)).length;
    if (process.env.LINEARIZE_CORPUS === undefined) {
      expect(doc.notebooks).toHaveLength(472);
      expect(having('count-order')).toBe(77);
      expect(having('count-gap')).toBe(192);
    }

    // The reference validator agrees.
    const venv = path.join(ROOT, '.venv', 'bin', 'python');
    const py = spawnSync(
      existsSync(venv) ? venv : 'python3',
      [
        '-c',
        'import json,sys,jsonschema; d=json.load(sys.stdin); ' +
          'jsonschema.Draft7Validator(d["schema"]).validate(d["doc"]); print("ok")'
      ],
      {
        input: JSON.stringify({ schema: outputSchema, doc }),
        encoding: 'utf8',
        maxBuffer: 1 << 28
      }
    );
    expect(py.stderr).toBe('');
    expect(py.stdout.trim()).toBe('ok');
  });

  it('prints the human report with one summary line for the whole corpus', () => {
    const r = runCli(cli, ['check', path.join(CORPUS, 'notebooks')]);
    expect([0, 1]).toContain(r.code);
    const summary = r.out.trimEnd().split('\n').at(-1) ?? '';
    expect(summary).toMatch(
      /^472 notebooks checked: \d+ linear, \d+ not linear; \d+ errors, \d+ warnings, \d+ info \(\d+ notebooks with findings at or above error\)\.$/
    );
  });
});
