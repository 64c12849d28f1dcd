import {
  callExpression,
  COMPANION_ENTRY,
  COMPANION_MODULE,
  installExpression,
  KERNEL_SOURCE,
  PROTOCOL_VERSION,
  REPLY_KEY,
  silentRequest
} from '../snippets';

/** The Python string literals of an expression, decoded (they are JSON string syntax). */
function literals(expression: string): string[] {
  return [...expression.matchAll(/"(?:[^"\\]|\\.)*"/g)].map(m =>
    JSON.parse(m[0])
  );
}

describe('the companion module source', () => {
  it('defines the entry point and version the expressions call', () => {
    expect(KERNEL_SOURCE).toContain(`\ndef ${COMPANION_ENTRY}(op, args="{}"):`);
    expect(KERNEL_SOURCE).toContain(`\nVERSION = ${PROTOCOL_VERSION}\n`);
    expect(KERNEL_SOURCE).toContain(`\nMODULE = "${COMPANION_MODULE}"\n`);
  });

  it('is plain ASCII Python indented with spaces', () => {
    expect(/^[\x20-\x7e\n]*$/.test(KERNEL_SOURCE)).toBe(true);
  });

  it('registers every op the client calls', () => {
    for (const op of [
      'install',
      'rebind',
      'names',
      'delete',
      'env',
      'fingerprint',
      'uninstall'
    ]) {
      expect(KERNEL_SOURCE).toMatch(new RegExp(`\\n    "${op}": _?\\w+,\\n`));
    }
  });
});

describe('installExpression', () => {
  it('carries the module source as one Python string literal and calls install', () => {
    const expression = installExpression();
    expect(literals(expression)).toContain(KERNEL_SOURCE);
    expect(expression.endsWith(`('install', '{}')`)).toBe(true);
    // Outside the string literals, nothing is assigned: only lambda parameters bind names.
    const code = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    expect(code.length).toBeLessThan(400);
    expect(/(^|[^=!<>])=[^=]/.test(code)).toBe(false);
  });
});

describe('callExpression', () => {
  it('passes the arguments as a JSON text in a Python string literal', () => {
    const args = { names: ['a', "it's", 'é', 'x"y\\z'], since: 3 };
    const expression = callExpression('delete', args);
    const [module, entry, op, json] = literals(expression);
    expect([module, entry, op]).toEqual([
      COMPANION_MODULE,
      COMPANION_ENTRY,
      'delete'
    ]);
    expect(JSON.parse(json)).toEqual(args);
  });

  it('answers 0 when the module is absent', () => {
    expect(callExpression('names')).toContain('or (lambda *a: 0))');
  });
});

describe('silentRequest', () => {
  it('is silent, stores no history, never reads stdin or stops the queue', () => {
    expect(silentRequest('1')).toEqual({
      code: '',
      silent: true,
      store_history: false,
      user_expressions: { [REPLY_KEY]: '1' },
      allow_stdin: false,
      stop_on_error: false
    });
  });
});
