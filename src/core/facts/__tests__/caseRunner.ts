/**
 * A tiny runner for lezer-style fact fixtures: `# name`, the cell source, `==>`, then the
 * expected facts as `KEY: names | KEY: names` (one or more lines).
 *
 * Keys: U (ordered), D, D?, M, M?, K, H — any of these not listed must be empty;
 * I (imports), calls (`f(a,_)`), wildcard, opaque, error (`line:column` or `yes`),
 * and `name.reads|writes|params|mutates` for a function defined in the cell — checked only when
 * listed. Without `error`, the cell must parse.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { ICellFacts } from '../../types';

export interface ICase {
  readonly name: string;
  readonly source: string;
  readonly expected: ReadonlyMap<string, string[]>;
  readonly file: string;
}

export function readCases(dir: string): ICase[] {
  const out: ICase[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.txt'))
    .sort()) {
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
    let i = 0;
    while (i < lines.length) {
      if (!lines[i].startsWith('# ')) {
        i++;
        continue;
      }
      const name = lines[i].slice(2).trim();
      const src: string[] = [];
      for (i++; i < lines.length && lines[i] !== '==>'; i++) {
        src.push(lines[i]);
      }
      const expected = new Map<string, string[]>();
      for (i++; i < lines.length && lines[i].trim() !== ''; i++) {
        for (const field of lines[i].split(' | ')) {
          const at = field.indexOf(':');
          const key = field.slice(0, at).trim();
          const value = field.slice(at + 1).trim();
          expected.set(key, value === '' ? [] : value.split(/\s+/));
        }
      }
      out.push({ name, source: src.join('\n'), expected, file });
    }
  }
  return out;
}

const STRICT = ['U', 'D', 'D?', 'M', 'M?', 'K', 'H'];

/** The actual facts in the fixture vocabulary, for the keys the case mentions. */
export function describe(facts: ICellFacts, c: ICase): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const sorted = (xs: readonly string[]): string[] => [...xs].sort();
  const keys = new Set([...STRICT, 'error', ...c.expected.keys()]);
  for (const key of keys) {
    switch (key) {
      case 'U':
        out.set(key, [...facts.reads]);
        break;
      case 'D':
        out.set(key, sorted(facts.defs));
        break;
      case 'D?':
        out.set(key, sorted(facts.maybeDefs));
        break;
      case 'M':
        out.set(key, sorted(facts.mutations));
        break;
      case 'M?':
        out.set(key, sorted(facts.maybeMutations));
        break;
      case 'K':
        out.set(key, sorted(facts.deletes));
        break;
      case 'H':
        out.set(key, sorted(facts.history));
        break;
      case 'I':
        out.set(key, sorted(facts.imports));
        break;
      case 'calls':
        out.set(
          key,
          facts.calls.map(
            s => `${s.callee}(${s.args.map(a => a ?? '_').join(',')})`
          )
        );
        break;
      case 'wildcard':
        out.set(key, [facts.wildcard ? 'yes' : 'no']);
        break;
      case 'opaque':
        out.set(key, [facts.opaque ? 'yes' : 'no']);
        break;
      case 'error':
        out.set(
          key,
          facts.parseError === null
            ? ['no']
            : c.expected.get('error')?.[0] === 'yes'
              ? ['yes']
              : [`${facts.parseError.line}:${facts.parseError.column}`]
        );
        break;
      default: {
        const dot = key.lastIndexOf('.');
        const fn = facts.functions[key.slice(0, dot)];
        const field = key.slice(dot + 1);
        if (!fn) {
          out.set(key, ['<no function>']);
        } else if (field === 'reads') {
          out.set(key, sorted(fn.reads));
        } else if (field === 'writes') {
          out.set(key, sorted(fn.writes));
        } else if (field === 'params') {
          out.set(key, fn.mutatedParams.map(String));
        } else if (field === 'mutates') {
          out.set(key, sorted(fn.mutates ?? []));
        } else {
          out.set(key, ['<unknown key>']);
        }
      }
    }
  }
  return out;
}

/** Expected values in comparable form (sets sorted, U kept in order). */
export function expectedOf(c: ICase): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const key of STRICT) {
    out.set(key, []);
  }
  if (!c.expected.has('error')) {
    out.set('error', ['no']);
  }
  for (const [key, value] of c.expected) {
    out.set(
      key,
      key === 'U' || key === 'calls' || key.endsWith('.params')
        ? value
        : [...value].sort()
    );
  }
  return out;
}
