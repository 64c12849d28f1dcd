/**
 * One JSON shape for a finding everywhere (issue 13): `check --json` findings and
 * `export --json` differences of the same notebook validate against
 * `src/core/finding.schema.json` and are the same objects; the check document's own schema
 * embeds exactly that definition, and its kinds are the core's.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { KINDS } from '../../core';
import { Schema, validate } from '../../core/record/__tests__/miniSchema';
import { notebook, runCli, useCli } from './cli';

const FINDING = JSON.parse(
  readFileSync(
    path.join(__dirname, '..', '..', 'core', 'finding.schema.json'),
    'utf8'
  )
) as {
  definitions: Record<string, { properties: { kind: { enum: string[] } } }>;
};
const CHECK = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'check-output.schema.json'), 'utf8')
) as { definitions: Record<string, unknown> };

const fx = useCli();
const tmp = fx.tmp;

describe('the finding schema', () => {
  it('lists exactly the core verdicts', () => {
    expect(FINDING.definitions.finding.properties.kind.enum).toEqual([
      ...KINDS
    ]);
  });

  it('is the definition the check document uses', () => {
    // The same keys and kinds (the order of the kind list aside).
    const sorted = (d: unknown) => {
      const copy = JSON.parse(JSON.stringify(d)) as {
        properties: { kind: { enum: string[] } };
      };
      copy.properties.kind.enum.sort();
      return copy;
    };
    expect(sorted(CHECK.definitions.finding)).toEqual(
      sorted(FINDING.definitions.finding)
    );
    expect(CHECK.definitions.cellRef).toEqual(FINDING.definitions.cellRef);
  });

  it('rejects a finding of another shape', () => {
    const schema = FINDING as unknown as Schema;
    expect(
      validate(schema, { kind: 'stale', severity: 'warning' })
    ).not.toEqual([]);
  });
});

describe('check --json and export --json print findings alike', () => {
  it('validates both and finds the same objects', () => {
    const nb = tmp.write(
      'nl.ipynb',
      notebook([
        { src: 'x = 1', n: 2 },
        { src: 'y = x / 0', n: 1, error: 'ZeroDivisionError' },
        { src: 'print(y, z)', n: 3 }
      ])
    );
    const check = runCli(fx.cli, ['check', '--json', nb], tmp.dir);
    expect(check.err).toBe('');
    const exp = runCli(fx.cli, ['export', '--no-git', '--json', nb], tmp.dir);
    expect(exp.code).toBe(1);
    const fromCheck = (
      JSON.parse(check.out) as { notebooks: { findings: unknown[] }[] }
    ).notebooks[0].findings;
    const fromExport = (
      JSON.parse(exp.out) as { notebooks: { differences: unknown[] }[] }
    ).notebooks[0].differences;
    expect(fromExport.length).toBeGreaterThan(0);
    const schema = FINDING as unknown as Schema;
    for (const f of [...fromCheck, ...fromExport]) {
      expect(validate(schema, f)).toEqual([]);
    }
    // Every difference the export reports is a finding check reports, key for key.
    for (const d of fromExport) {
      expect(fromCheck).toContainEqual(d);
    }
  });
});
