/**
 * Inputs the fault-injection run found handled differently by different commands (issue 11,
 * items 3, 4 and 8): an empty, `null` or corrupt execution record; invalid UTF-8 and a byte
 * order mark; folders and broken links given or found; a symlink where an export goes.
 * Every command is the real CLI in a child process; Python's own json is the reference for
 * what a notebook file is.
 */
import { spawnSync } from 'child_process';
import {
  lstatSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { notebook, useCli } from './cli';

const fx = useCli();
const { tmp, run } = fx;
const PYTHON = process.env.LINEARIZE_TEST_PYTHON ?? 'python3';

/** `scale` is bound nowhere: Restart & Run All fails in cell 2. */
const FAILS_ON_RRA = [
  { src: 'x = 1', n: 1 },
  { src: 'y = x * scale', n: 2 }
];

describe('one rule for the execution record', () => {
  const records: [string, unknown][] = [
    ['null', null],
    ['an empty object', {}],
    ['an empty string', ''],
    ['a corrupt record', { version: 1, sessions: 'x' }],
    ['a newer version', { version: 99 }]
  ];
  it.each(records)(
    'check, export and verify agree when metadata.linearize is %s',
    (_what, value) => {
      const nb = tmp.write(
        `rec/${String(_what).replace(/\W+/g, '-')}.ipynb`,
        notebook(FAILS_ON_RRA, { metadata: { linearize: value } })
      );
      const check = run('check', '--json', nb);
      expect(check.code).toBe(1);
      const checked = JSON.parse(check.out) as {
        notebooks: { linear: boolean; findings: { kind: string }[] }[];
      };
      expect(checked.notebooks[0].linear).toBe(false);
      expect(checked.notebooks[0].findings.map(f => f.kind)).toContain(
        'rra-undefined'
      );
      const exp = run('export', '--no-git', '--no-data', nb);
      expect(exp.code).toBe(1);
      expect(exp.out).not.toMatch(/verdict: linear/);
      expect(exp.out).toMatch(/rra-undefined/);
      expect(exp.out).toMatch(/note: the execution record was ignored/);
      const manifest = parse(
        readFileSync(nb.replace(/\.ipynb$/, '.repro.yaml'), 'utf8')
      ) as { source: { verdict: { linear: boolean; recorded: boolean } } };
      expect(manifest.source.verdict.linear).toBe(false);
      expect(manifest.source.verdict.recorded).toBe(false);
    }
  );
});

describe('one notebook reader', () => {
  /** A notebook whose first source holds the byte 0xff (`x\xff = 1`). */
  function invalidUtf8(): { file: string; position: number } {
    const text = notebook([{ src: 'xQQ = 1', n: 1 }]);
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf('QQ');
    const bad = Buffer.concat([
      bytes.subarray(0, at),
      Buffer.from([0xff]),
      bytes.subarray(at + 2)
    ]);
    const file = path.join(tmp.dir, 'utf8', 'bad.ipynb');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bad);
    return { file, position: at };
  }

  it('refuses invalid UTF-8 in every command, at the position Python names', () => {
    const { file, position } = invalidUtf8();
    const py = spawnSync(
      PYTHON,
      [
        '-c',
        'import json,sys\ntry:\n json.load(open(sys.argv[1], encoding="utf-8"))\nexcept UnicodeDecodeError as e:\n print(e.start)',
        file
      ],
      { encoding: 'utf8' }
    );
    expect(py.status).toBe(0);
    expect(Number(py.stdout.trim())).toBe(position);
    for (const args of [
      ['check', file],
      ['export', '--no-git', file],
      ['params', file],
      ['verify', file]
    ]) {
      const r = run(...args);
      expect([args[0], r.code]).toEqual([args[0], 2]);
      expect(r.out + r.err).toMatch(/bad\.ipynb: (cannot check: )?not UTF-8/);
      expect(r.out + r.err).toContain(
        `not UTF-8: can't decode byte 0xff in position ${position}: invalid start byte`
      );
      // The message names the path once.
      const line = (r.out + r.err).split('\n').find(l => l.includes('UTF-8'));
      expect(line?.split('bad.ipynb').length).toBe(2);
    }
    expect(() => lstatSync(path.join(tmp.dir, 'utf8', 'bad.py'))).toThrow();
  });

  it('accepts a UTF-8 byte order mark in every command alike', () => {
    const file = tmp.write(
      'bom/nb.ipynb',
      '\ufeff' + notebook([{ src: 'x = 1', n: 1 }])
    );
    expect(readFileSync(file).subarray(0, 3)).toEqual(
      Buffer.from([0xef, 0xbb, 0xbf])
    );
    const results = [
      run('check', file),
      run('params', file),
      run('export', '--no-git', '--no-data', file),
      run('verify', '--python', PYTHON, file)
    ].map(r => ({ code: r.code, err: r.err }));
    expect(results).toEqual(results.map(() => ({ code: 0, err: '' })));
  });
});

describe('messages', () => {
  it('params on a folder says so, without a raw EISDIR', () => {
    mkdirSync(path.join(tmp.dir, 'afolder.ipynb'), { recursive: true });
    const r = run('params', 'afolder.ipynb');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'linearize params: afolder.ipynb: cannot read it: it is a folder, not a notebook file\n'
    );
  });

  it('names a broken *.ipynb symlink found in a folder (exit 2), still checking the rest', () => {
    tmp.write('links/good.ipynb', notebook([{ src: 'x = 1', n: 1 }]));
    symlinkSync(
      path.join(tmp.dir, 'links', 'gone.ipynb'),
      path.join(tmp.dir, 'links', 'broken.ipynb')
    );
    const r = run('check', path.join(tmp.dir, 'links'));
    expect(r.code).toBe(2);
    expect(r.out + r.err).toMatch(
      /broken\.ipynb.*a broken symbolic link \(its target does not exist\)/
    );
    expect(r.out).toMatch(
      /1 notebook checked: 1 linear, 0 not linear, 1 unreadable/
    );
  });
});

describe('a symlink where an export goes', () => {
  const outside = (): string => tmp.write('elsewhere/target.py', 'precious\n');

  it('is not written through, nor read through, without --force', () => {
    const target = outside();
    tmp.write('sym/nb.ipynb', notebook([{ src: 'x = 1', n: 1 }]));
    symlinkSync(target, path.join(tmp.dir, 'sym', 'nb.py'));
    const r = run('export', '--no-git', path.join(tmp.dir, 'sym', 'nb.ipynb'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /nb\.py already exists and was not generated by linearize/
    );
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
    expect(lstatSync(path.join(tmp.dir, 'sym', 'nb.py')).isSymbolicLink()).toBe(
      true
    );
  });

  it('is replaced by a regular 0644 file with --force, its target untouched', () => {
    const target = tmp.write(
      'elsewhere/generated.py',
      '# Generated by linearize\n'
    );
    tmp.write('sym2/nb.ipynb', notebook([{ src: 'x = 1', n: 1 }]));
    const link = path.join(tmp.dir, 'sym2', 'nb.py');
    symlinkSync(target, link);
    const r = spawnSync(
      'sh',
      [
        '-c',
        'umask 022 && exec "$0" "$@"',
        process.execPath,
        fx.cli,
        'export',
        '--no-git',
        '--force',
        path.join(tmp.dir, 'sym2', 'nb.ipynb')
      ],
      { encoding: 'utf8' }
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const st = lstatSync(link);
    expect(st.isFile()).toBe(true);
    expect(st.mode & 0o777).toBe(0o644);
    expect(readFileSync(target, 'utf8')).toBe('# Generated by linearize\n');
    expect(
      statSync(path.join(tmp.dir, 'sym2', 'nb.repro.yaml')).mode & 0o777
    ).toBe(0o644);
  });
});
