/**
 * `check --format sarif|github` and `--shard`, run as CI runs them: the bundled CLI in a
 * child process. The SARIF log is validated against the SARIF 2.1.0 JSON schema by
 * Python's jsonschema (the reference validator), and every location is checked against
 * the notebook's text.
 */
import { spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { KINDS } from '../../core';
import { RULES } from '../formats/rules';
import {
  ICellSpec,
  IRun,
  notebook,
  ROOT,
  runCli,
  tempDir,
  useCli
} from './cli';

const SARIF_SCHEMA = path.join(
  __dirname,
  'fixtures',
  'sarif-schema-2.1.0.json'
);
const PYTHON = existsSync(path.join(ROOT, '.venv', 'bin', 'python'))
  ? path.join(ROOT, '.venv', 'bin', 'python')
  : 'python3';

/** Schema errors of `doc` by Python's jsonschema (Draft 4, as the schema declares); [] when valid. */
export function sarifErrors(doc: unknown): string[] {
  const py = spawnSync(
    PYTHON,
    [
      '-c',
      'import json,sys,jsonschema\n' +
        'd=json.load(sys.stdin)\n' +
        'v=jsonschema.Draft4Validator(json.load(open(sys.argv[1])))\n' +
        'print(json.dumps([e.message for e in v.iter_errors(d)][:20]))',
      SARIF_SCHEMA
    ],
    { input: JSON.stringify(doc), encoding: 'utf8', maxBuffer: 1 << 28 }
  );
  if (py.status !== 0) {
    throw new Error(`jsonschema failed: ${py.stderr}`);
  }
  return JSON.parse(py.stdout) as string[];
}

const fx = useCli();
const tmp = fx.tmp;

const run = (...args: string[]): IRun =>
  runCli(fx.cli, ['check', ...args], tmp.dir);

// Pretty-printed as Jupyter saves files, so sources sit on their own lines.
const pretty = (cells: ICellSpec[]): string =>
  JSON.stringify(JSON.parse(notebook(cells)), null, 1) + '\n';

const FAILING: ICellSpec[] = [
  { src: '# Title', type: 'markdown' },
  { src: 'x = 1', n: 1 },
  { src: 'print(y)\nprint(x)', n: 3 }
];

/** 1-based line of the first line containing `needle`. */
const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex(l => l.includes(needle)) + 1;

interface ISarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string };
      region: { startLine: number };
    };
    logicalLocations: { name: string; fullyQualifiedName: string }[];
  }[];
}

describe('check --format sarif', () => {
  const text = pretty(FAILING);
  tmp.write('dir with space/failing.ipynb', text);
  tmp.write('clean.ipynb', pretty([{ src: 'a = 1', n: 1 }]));
  tmp.write('broken.ipynb', '{ not json');

  it('is a valid SARIF 2.1.0 log with one rule per verdict and located results', () => {
    const r = run('--format', 'sarif', '.');
    expect(r.code).toBe(2); // broken.ipynb is unreadable
    const doc = JSON.parse(r.out);
    expect(sarifErrors(doc)).toEqual([]);
    // The validator does reject a wrong log.
    expect(sarifErrors({ ...doc, version: '2.0.0' })).not.toEqual([]);
    const runObj = doc.runs[0];
    const rules = runObj.tool.driver.rules as {
      id: string;
      help: { text: string };
    }[];
    expect(rules.map(x => x.id)).toEqual([...KINDS]);
    for (const rule of rules) {
      expect(rule.help.text.length).toBeGreaterThan(20);
    }
    const results = runObj.results as ISarifResult[];
    const undef = results.find(x => x.ruleId === 'rra-undefined');
    expect(undef).toBeDefined();
    expect(undef?.level).toBe('error');
    expect(rules[undef?.ruleIndex ?? -1].id).toBe('rra-undefined');
    const loc = undef?.locations[0];
    expect(loc?.physicalLocation.artifactLocation.uri).toBe(
      'dir%20with%20space/failing.ipynb'
    );
    expect(loc?.physicalLocation.region.startLine).toBe(
      lineOf(text, '"source": "print(y)')
    );
    expect(loc?.logicalLocations[0]).toMatchObject({
      name: 'c3',
      fullyQualifiedName: 'cell 3'
    });
    // Notebook-level findings are on line 1 with no logical location.
    const gap = results.find(x => x.ruleId === 'count-gap');
    expect(gap?.locations[0].physicalLocation.region.startLine).toBe(1);
    expect(gap?.locations[0].logicalLocations).toEqual([]);
    // The unreadable file is a tool notification, not a result.
    const notes = runObj.invocations[0].toolExecutionNotifications as {
      level: string;
      message: { text: string };
    }[];
    expect(
      notes.some(
        n => n.level === 'error' && n.message.text.includes('broken.ipynb')
      )
    ).toBe(true);
    expect(runObj.invocations[0].executionSuccessful).toBe(false);
  });

  it('describes each rule with the README verdict table', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const kind of KINDS) {
      const row = readme.split('\n').find(l => l.startsWith(`| \`${kind}\` `));
      expect(row).toBeDefined();
      const means = row?.split('|')[3].trim();
      expect({ kind, means: RULES[kind].means }).toEqual({ kind, means });
    }
  });
});

describe('check --format github', () => {
  it('prints one annotation per finding on the cell source line, notebook-level on line 1', () => {
    const t = tempDir();
    const text = pretty(FAILING);
    t.write('nb, 100%.ipynb', text);
    const r = runCli(fx.cli, ['check', '--format', 'github', '.'], t.dir);
    t.cleanup();
    expect(r.code).toBe(1);
    const lines = r.out.trimEnd().split('\n');
    const commands = lines.filter(l => l.startsWith('::'));
    const json = JSON.parse(runJson(text).out).notebooks[0].findings as {
      kind: string;
      severity: string;
    }[];
    expect(commands).toHaveLength(json.length);
    const file = 'file=nb%2C 100%25.ipynb';
    expect(commands).toContain(
      `::error ${file},line=${lineOf(text, '"source": "print(y)')},title=linearize rra-undefined (cell 3)::No cell above defines \`y\`.`
    );
    expect(
      commands.filter(
        c =>
          c.startsWith('::notice') &&
          c.includes('line=1,title=linearize count-gap')
      )
    ).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^1 notebook checked/);
  });
});

function runJson(text: string): IRun {
  const t = tempDir();
  t.write('a.ipynb', text);
  const r = runCli(fx.cli, ['check', '--json', 'a.ipynb'], t.dir);
  t.cleanup();
  return r;
}

describe('--shard I/N', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());
  const names = Array.from({ length: 7 }, (_x, i) => `d${i % 3}/nb${i}.ipynb`);
  for (const n of names) {
    t.write(n, notebook([{ src: 'a = 1', n: 1 }]));
  }
  const paths = (r: IRun): string[] =>
    (JSON.parse(r.out).notebooks as { path: string }[]).map(n => n.path);

  it('splits check with no overlap and nothing left out, the same on every call', () => {
    const all = paths(runCli(fx.cli, ['check', '--json', '.'], t.dir));
    expect(all).toHaveLength(7);
    const shards = [1, 2, 3].map(i =>
      paths(
        runCli(fx.cli, ['check', '--json', '--shard', `${i}/3`, '.'], t.dir)
      )
    );
    expect(shards.map(s => s.length).sort()).toEqual([2, 2, 3]);
    expect(shards.flat().sort()).toEqual([...all].sort());
    expect(
      paths(runCli(fx.cli, ['check', '--json', '--shard', '2/3', '.'], t.dir))
    ).toEqual(shards[1]);
    // Each shard keeps the run's order.
    for (const s of shards) {
      expect(s).toEqual(all.filter(p => s.includes(p)));
    }
  });

  it('an empty shard is not an error; a bad one is a usage error', () => {
    const one = tempDir();
    one.write('a.ipynb', notebook([{ src: 'a = 1', n: 1 }]));
    const r = runCli(
      fx.cli,
      ['check', '--json', '--shard', '2/2', '.'],
      one.dir
    );
    one.cleanup();
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).notebooks).toEqual([]);
    for (const bad of ['0/2', '3/2', 'x', '1/0']) {
      const b = runCli(fx.cli, ['check', '--shard', bad, '.'], t.dir);
      expect({ bad, code: b.code }).toEqual({ bad, code: 2 });
      expect(b.err).toContain('--shard');
    }
  });

  it('splits export the same way', () => {
    const files = names.map(n => path.join(t.dir, n));
    const written = [1, 2].map(i => {
      const out = tempDir();
      const r = runCli(
        fx.cli,
        [
          'export',
          '--json',
          '--no-git',
          '--no-data',
          '-o',
          out.dir,
          '--shard',
          `${i}/2`,
          ...files
        ],
        t.dir
      );
      out.cleanup();
      expect(r.err).toBe('');
      return (JSON.parse(r.out).notebooks as { path: string }[]).map(
        n => n.path
      );
    });
    expect(written.map(w => w.length).sort()).toEqual([3, 4]);
    expect(written.flat().sort()).toEqual([...files].sort());
  });
});

describe('check-output.schema.json', () => {
  it('lists every verdict kind', () => {
    const schema = JSON.parse(
      readFileSync(
        path.join(__dirname, '..', 'check-output.schema.json'),
        'utf8'
      )
    );
    expect([...schema.definitions.finding.properties.kind.enum].sort()).toEqual(
      [...KINDS].sort()
    );
  });
});
