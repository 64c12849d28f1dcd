/**
 * The findings' words (issue 18): every finding carries its message as data (`text`) and
 * its English `message` is that text worded by `messages.ts` — over a sample of the shared
 * corpus (file-only, with an interpreter and a file port that make the pillar verdicts
 * speak) and over session fixtures (the verdict fixtures check the same through `Sim`).
 * Counts choose plural forms through `_n`, and every msgid is a literal gettext can find.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import type { IFinding } from '../../types';
import { fromIpynb } from '../../notebook/fromIpynb';
import { pillarText } from '../../export/pillars';
import { analyze } from '../analyzer';
import { ghostFindings } from '../ghosts';
import {
  cellList,
  describe as word,
  ENGLISH,
  nameList,
  type FindingText,
  type ITranslatorPort
} from '../messages';
import {
  pillarFindings,
  type IInterpreterInfo,
  type IPillarContext
} from '../pillars';
import { corpusNotebooks } from '../../__tests__/corpus';
import { Sim } from './sim';
import { checkWorded } from './worded';

/** An interpreter on which nothing is installed and whose Python differs from any notebook's. */
const NOTHING_INSTALLED: IInterpreterInfo = {
  version: '9.1.0',
  executable: '/opt/python9',
  modules: new Proxy(
    {},
    {
      get: () => ({
        stdlib: false,
        found: false,
        distribution: null,
        version: null
      })
    }
  )
};

/** No file exists, so every literal read is `data-missing`. */
const NO_FILES: IPillarContext = {
  interpreter: NOTHING_INSTALLED,
  files: {
    kind: () => null,
    globCount: () => 0,
    md5: () => null,
    pinned: () => false
  }
};

function ids(findings: readonly IFinding[]): Set<FindingText['id']> {
  return new Set(findings.map(f => f.text.id));
}

describe("every finding's message is its text worded", () => {
  it('on a sample of the corpus (file-only, with the pillar verdicts)', () => {
    const files = corpusNotebooks().filter((_, i) => i % 4 === 0);
    expect(files.length).toBeGreaterThan(0);
    const seen = new Map<string, number>();
    for (const file of files) {
      const nb = fromIpynb(readFileSync(file, 'utf8'));
      const findings = [
        ...analyze(nb, null).findings,
        ...pillarFindings(nb, NO_FILES),
        ...pillarFindings(nb, {
          ...NO_FILES,
          deliberate: true,
          interpreterIsKernel: true
        })
      ];
      checkWorded(findings);
      for (const f of findings) {
        seen.set(f.text.id, (seen.get(f.text.id) ?? 0) + 1);
      }
    }
    console.log(
      `messages over ${files.length} notebooks: ${JSON.stringify(Object.fromEntries([...seen].sort()))}`
    );
    expect([...seen.keys()]).toEqual(
      expect.arrayContaining([
        'not-run',
        'skipped',
        'errored',
        'syntax-error',
        'rra-undefined',
        'rra-maybe-undefined',
        'count-order',
        'count-gap',
        'python-version',
        'module-missing',
        'data-missing',
        'network-read',
        'unseeded-random'
      ])
    );
  });

  it('on session fixtures (stale, unsafe, shadowed, hidden state, ghosts, not reached)', () => {
    const findings: IFinding[] = [];
    const add = (sim: Sim): void => {
      findings.push(...sim.analyze().findings, ...sim.analyzeSaved().findings);
    };
    // Stale and unsafe: cell 1 re-ran with another value after cells 2 and 3 read it.
    add(
      new Sim(['a = 1', 'b = a * 2', 'c = b + 1'])
        .runAll()
        .edit('c1', 'a = 5')
        .run('c1')
    );
    // Hidden state: edited, deleted, re-run of itself.
    add(new Sim(['a = 1', 'b = a + 1']).runAll().edit('c1', 'a = 2'));
    add(new Sim(['a, z = 1, 2', 'b = a + z']).runAll().delete('c1'));
    add(new Sim(['x = 0', 'x += 1', 'print(x)']).runAll().run('c2'));
    // Out of order and shadowed: a cell moved above the one it read from.
    add(new Sim(['y = x * 2', 'x = 10']).run('c2', 'c1'));
    const sim = new Sim(['x = 1', 'print(x)']).runAll();
    sim.insert(1, 'x = 2');
    add(sim);
    // Run All stopped at an error: the cells below were not reached.
    const failing = new Sim(['a = 1', 'raise ValueError()', 'b = a', 'c = b']);
    failing.run('c1');
    add(failing.runWith('c2', { status: 'error' }));
    checkWorded(findings);
    checkWorded(
      ghostFindings(new Sim(['a = 1']).snapshot(), [
        { name: 'gone', source: 'gone = 1', cellId: 'old' },
        { name: 'lost', source: null, cellId: null }
      ])
    );
    expect([...ids(findings)]).toEqual(
      expect.arrayContaining([
        'stale',
        'unsafe',
        'hidden-state',
        'out-of-order',
        'shadowed'
      ])
    );
  });
});

/** A port that shows which call chose the words: S[…] for `__`, P[…] for `_n`. */
const TELLING: ITranslatorPort = {
  __: (msgid, ...args) => `S[${ENGLISH.__(msgid, ...args)}]`,
  _n: (one, many, n, ...args) => `P${n}[${ENGLISH._n(one, many, n, ...args)}]`
};

describe('plural forms go through _n', () => {
  it('in the lists: cells, names and "N more"', () => {
    expect(cellList([1, 4], TELLING)).toBe('P2[cells S[2 and 5]]');
    expect(cellList([1, 4], TELLING, true)).toBe('P2[Cells S[2 and 5]]');
    expect(nameList(['a', 'b', 'c', 'd'], TELLING)).toBe(
      'P2[`a`, `b` and 2 more]'.replace(', ', 'S[, ]')
    );
  });

  it('in the sentences whose words depend on how many names or cells', () => {
    const shadowed = (names: string[]): string =>
      word(
        { id: 'shadowed', args: { names, readFrom: [0], nearest: [1] } },
        TELLING
      );
    expect(shadowed(['a'])).toMatch(/^P1\[Read `a` .* writes it is now /);
    expect(shadowed(['a', 'b'])).toMatch(
      /^P2\[Read S\[`a` and `b`\] .* writes them is now /
    );
    expect(
      word(
        {
          id: 'rra-undefined',
          args: { names: ['a', 'b'], below: [3, 4] }
        },
        TELLING
      )
    ).toMatch(/^P2\[No cell above defines .* below do\)\.\]$/);
    expect(
      word(
        {
          id: 'unseeded-random',
          args: {
            calls: ['a()', 'b()', 'c()'],
            sklearn: false,
            fixes: [{ code: '`s(0)`', top: true }]
          }
        },
        TELLING
      )
    ).toMatch(/^P3\[P1\[`a\(\)`S\[, \]`b\(\)` and 1 more\] draw random/);
  });

  it("in the export's pillar lines", () => {
    const config = (parameters: number): string =>
      pillarText({ pillar: 'config', parameters, file: null }, TELLING);
    expect(config(1)).toBe('P1[1 parameter]');
    expect(config(3)).toBe('P3[3 parameters]');
  });
});

describe('the msgids', () => {
  it('are literals (gettext extraction finds every one)', () => {
    for (const file of [
      path.join(__dirname, '..', 'messages.ts'),
      path.join(__dirname, '..', '..', 'export', 'pillars.ts'),
      path.join(__dirname, '..', '..', 'export', 'workflow', 'gitInfo.ts'),
      path.join(__dirname, '..', '..', 'export', 'workflow', 'errorAdvice.ts'),
      path.join(__dirname, '..', '..', 'export', 'verifyWords.ts'),
      path.join(__dirname, '..', '..', 'export', 'writeExport.ts'),
      path.join(__dirname, '..', '..', 'export', 'orders.ts'),
      path.join(__dirname, '..', '..', 'export', 'exportNotebook.ts'),
      path.join(__dirname, '..', '..', 'export', 'workflow', 'commit.ts'),
      path.join(__dirname, '..', '..', 'parse', 'syntaxProblem.ts')
    ]) {
      const text = readFileSync(file, 'utf8');
      const calls = text.match(/\bt\.(__|_n)\(\s*[^\s)]/g) ?? [];
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.filter(c => !/['"]$/.test(c))).toEqual([]);
    }
  });
});
