import fc from 'fast-check';

import {
  parseDelete,
  parseEnvelope,
  parseEnvironment,
  parseFingerprints,
  parseInstall,
  parseNames,
  parseRebind,
  parseUninstall
} from '../replies';
import type { CompanionOp } from '../snippets';

/** An execute_reply content whose user expression printed `text`. */
function withText(text: string): unknown {
  return {
    status: 'ok',
    execution_count: 3,
    user_expressions: {
      linearize: { status: 'ok', data: { 'text/plain': text }, metadata: {} }
    }
  };
}

function reply(op: CompanionOp, value: unknown): unknown {
  return withText(JSON.stringify({ ok: true, op, version: 1, value }));
}

describe('parseEnvelope', () => {
  it('returns the value of the op asked', () => {
    expect(parseEnvelope(reply('names', { names: ['a'] }), 'names')).toEqual({
      ok: true,
      value: { names: ['a'] }
    });
  });

  it.each([
    ['not an object', 'x', 'malformed'],
    ['aborted', { status: 'aborted' }, 'aborted'],
    ['an error reply', { status: 'error', ename: 'E', evalue: 'v' }, 'refused'],
    ['no user_expressions', { status: 'ok' }, 'refused'],
    ['our key missing', { status: 'ok', user_expressions: {} }, 'refused'],
    [
      'the expression raised',
      {
        status: 'ok',
        user_expressions: {
          linearize: { status: 'error', ename: 'KeyError', evalue: 'x' }
        }
      },
      'error'
    ],
    [
      'no text/plain',
      {
        status: 'ok',
        user_expressions: { linearize: { status: 'ok', data: {} } }
      },
      'malformed'
    ],
    ['the module is absent', withText('0'), 'not-installed'],
    ['not JSON', withText("'a python repr'"), 'malformed'],
    ['another op', reply('env', {}), 'malformed'],
    [
      'our Python failed',
      withText('{"ok":false,"op":"names","error":"OSError","message":"m"}'),
      'error'
    ]
  ])('%s → %s', (_, content, reason) => {
    const result = parseEnvelope(content, 'names');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe(reason);
  });

  it('says what failed', () => {
    const result = parseEnvelope(
      withText('{"ok":false,"op":"names","error":"OSError","message":"disk"}'),
      'names'
    );
    expect(!result.ok && result.message).toBe('OSError: disk');
  });
});

describe('the op parsers', () => {
  it('install', () => {
    expect(
      parseInstall(reply('install', { version: 1, hook: true, count: 4 }))
    ).toEqual({
      ok: true,
      value: { version: 1, hook: true, count: 4 }
    });
    expect(
      parseInstall(reply('install', { version: 1, hook: true, count: null }))
    ).toEqual({
      ok: true,
      value: { version: 1, hook: true, count: null }
    });
    expect(parseInstall(reply('install', { version: '1' })).ok).toBe(false);
  });

  it('rebind keys facts by count and drops malformed runs', () => {
    const result = parseRebind(
      reply('rebind', {
        hook: true,
        first: 2,
        runs: {
          '2': { added: ['a'], changed: [], deleted: [] },
          '3': { added: 'a', changed: [], deleted: [] },
          x: { added: [], changed: [], deleted: [] },
          '04': { added: [], changed: [], deleted: [] }
        }
      })
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect([...result.value.runs]).toEqual([
        [2, { added: ['a'], changed: [], deleted: [] }]
      ]);
      expect(result.value.first).toBe(2);
    }
    expect(parseRebind(reply('rebind', { hook: true, runs: [] })).ok).toBe(
      false
    );
  });

  it('names, delete, uninstall', () => {
    expect(parseNames(reply('names', { names: ['a', 'b'] }))).toEqual({
      ok: true,
      value: ['a', 'b']
    });
    expect(parseNames(reply('names', { names: ['a', 1] })).ok).toBe(false);
    const deleted = { deleted: ['a'], missing: [], refused: ['In'] };
    expect(parseDelete(reply('delete', deleted))).toEqual({
      ok: true,
      value: deleted
    });
    expect(parseDelete(reply('delete', { deleted: ['a'] })).ok).toBe(false);
    expect(parseUninstall(reply('uninstall', { version: 1 }))).toEqual({
      ok: true,
      value: true
    });
  });

  it('env keeps well-formed packages', () => {
    const result = parseEnvironment(
      reply('env', {
        python: '3.11.7',
        implementation: 'CPython',
        os: 'Linux-6.1',
        system: 'Linux',
        machine: 'x86_64',
        packages: [
          { name: 'PyYAML', version: '6.0.1', modules: ['yaml'] },
          { name: 'broken' }
        ],
        local: ['utils']
      })
    );
    expect(result).toEqual({
      ok: true,
      value: {
        python: '3.11.7',
        implementation: 'CPython',
        os: 'Linux-6.1',
        system: 'Linux',
        machine: 'x86_64',
        packages: [{ name: 'PyYAML', version: '6.0.1', modules: ['yaml'] }],
        local: ['utils']
      }
    });
    expect(parseEnvironment(reply('env', { packages: [] })).ok).toBe(false);
  });

  it('fingerprints: every kind, in order; one unknown entry makes the reply malformed', () => {
    const entries = [
      { path: 'a.csv', md5: 'm', size: 3 },
      { path: 'd', md5: 'm.dir', size: 9, nfiles: 2 },
      { path: 'gone', missing: true },
      { path: '/etc/x', refused: 'absolute' },
      { path: 'big', error: 'too-large' },
      { path: 'e', error: 'unreadable', message: 'PermissionError' }
    ];
    expect(parseFingerprints(reply('fingerprint', { entries }))).toEqual({
      ok: true,
      value: [
        { kind: 'file', path: 'a.csv', md5: 'm', size: 3 },
        { kind: 'folder', path: 'd', md5: 'm.dir', size: 9, nfiles: 2 },
        { kind: 'missing', path: 'gone' },
        { kind: 'refused', path: '/etc/x', reason: 'absolute' },
        { kind: 'error', path: 'big', reason: 'too-large' },
        {
          kind: 'error',
          path: 'e',
          reason: 'unreadable',
          message: 'PermissionError'
        }
      ]
    });
    const odd = [{ path: 'x', refused: 'because' }];
    expect(parseFingerprints(reply('fingerprint', { entries: odd })).ok).toBe(
      false
    );
    const negative = [{ path: 'x', md5: 'm', size: -1 }];
    expect(
      parseFingerprints(reply('fingerprint', { entries: negative })).ok
    ).toBe(false);
  });
});

describe('no reply makes a parser throw', () => {
  const parsers = [
    parseInstall,
    parseRebind,
    parseNames,
    parseDelete,
    parseEnvironment,
    parseFingerprints,
    parseUninstall
  ];
  const ops: CompanionOp[] = [
    'install',
    'rebind',
    'names',
    'delete',
    'env',
    'fingerprint'
  ];

  it('on any value as the whole content', () => {
    fc.assert(
      fc.property(fc.anything(), content => {
        for (const parse of parsers) {
          expect(() => parse(content)).not.toThrow();
        }
      }),
      { numRuns: 300 }
    );
  });

  it('on any text as the expression output', () => {
    fc.assert(
      fc.property(fc.string(), text => {
        for (const parse of parsers) {
          expect(parse(withText(text)).ok).toBe(false);
        }
      }),
      { numRuns: 300 }
    );
  });

  it('on any JSON value inside a well-formed envelope', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ops), fc.jsonValue(), (op, value) => {
        for (const parse of parsers) {
          expect(() => parse(reply(op, value))).not.toThrow();
        }
      }),
      { numRuns: 300 }
    );
  });
});
