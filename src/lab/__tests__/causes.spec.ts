import { causeCards, selfUpdating } from '../causes';
import { contextOf } from '../panelModel';
import { runAll, runCell, sessionOn } from './utils';

describe('causeCards (findings grouped by cause, on real sessions)', () => {
  it('makes one card for a re-run that put every cell below out of date', () => {
    const { model, session } = sessionOn([
      'a = 1',
      'b = a * 2',
      'c = b + 1',
      'd = c + 1',
      'e = d + 1'
    ]);
    runAll(model, session);
    runCell(model, session, 0, 6);
    const findings = session.report.findings;
    // The core reports one finding per victim; the panel shows one card for the cause.
    expect(
      findings.filter(f => f.kind === 'stale' || f.kind === 'unsafe').length
    ).toBe(4);
    const cards = causeCards(findings, contextOf(session));
    const chain = cards.filter(c => c.type === 'stale-chain');
    expect(chain).toHaveLength(1);
    expect(chain[0].title).toBe('Cell 1 re-ran → 4 cells out of date');
    expect(chain[0].cells.map(c => c.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(chain[0].rerun).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(chain[0].restartOnly).toBeNull();
    session.dispose();
  });

  it('says when only a restart helps (a cell updates a name from its own value)', () => {
    const { model, session } = sessionOn([
      'x = 1',
      'acc = 0',
      'acc += x',
      'print(acc)'
    ]);
    runAll(model, session);
    runCell(model, session, 0, 5);
    const [chain] = causeCards(
      session.report.findings,
      contextOf(session)
    ).filter(c => c.type === 'stale-chain');
    expect(chain.rerun).toContain('c2');
    expect(chain.restartOnly).toMatch(/cell 3 updates `acc`/);
    expect(chain.restartOnly).toMatch(/Only Restart & Run All/);
    session.dispose();
  });

  it('does not claim "restart only" when the re-run resets the name first', () => {
    const { model, session } = sessionOn(['acc = 0', 'acc += 1']);
    const ctx = contextOf(session);
    expect(selfUpdating(['c0', 'c1'], ctx)).toBeNull();
    expect(selfUpdating(['c1'], ctx)).toMatch(/`acc`/);
    session.dispose();
    model.dispose();
  });

  it('makes one card for every cell not run, and names the error Run All stopped at', () => {
    const { model, session } = sessionOn([
      'a = 1',
      'raise ValueError()',
      'b = a',
      'c = b',
      'd = c'
    ]);
    runCell(model, session, 0, 1);
    session.recordRun({
      cellId: 'c1',
      source: 'raise ValueError()',
      executionCount: 2,
      status: 'error',
      time: 't'
    });
    const cards = causeCards(session.report.findings, contextOf(session));
    const notRun = cards.filter(c => c.type === 'not-run');
    expect(notRun).toHaveLength(1);
    expect(notRun[0].cells.map(c => c.id)).toEqual(['c2', 'c3', 'c4']);
    expect(notRun[0].title).toBe(
      'Run stopped at an error in cell 2: 3 cells below never ran'
    );
    session.dispose();
  });

  it('keeps unknown finding kinds (a newer core) as cards of their own', () => {
    const { session } = sessionOn(['a = 1']);
    const cards = causeCards(
      [
        {
          kind: 'brand-new' as never,
          severity: 'warning',
          cell: { id: 'c0', index: 0 },
          names: [],
          related: [],
          message: 'Something `new`.',
          text: { id: 'brand-new' } as never,
          rerun: []
        }
      ],
      contextOf(session)
    );
    expect(cards).toHaveLength(1);
    expect(cards[0].title).toBe('Brand new · Cell 1');
    session.dispose();
  });

  it('makes one card per deleted cell with all of its ghost names', () => {
    const { session } = sessionOn(['y = 1']);
    const ghost = (name: string, from: string) => ({
      kind: 'hidden-state' as const,
      severity: 'warning' as const,
      cell: null,
      names: [name],
      related: [{ id: from, index: null }],
      message: `\`${name}\` lives in the kernel`,
      text: { id: 'ghost' as const, args: { name, known: true } },
      rerun: [],
      reason: 'ghost' as const
    });
    const cards = causeCards(
      [ghost('a', 'gone'), ghost('b', 'gone'), ghost('z', 'other')],
      contextOf(session)
    );
    expect(cards.map(c => [c.type, c.names])).toEqual([
      ['ghosts', ['a', 'b']],
      ['ghosts', ['z']]
    ]);
    expect(cards[0].title).toBe(
      'A deleted cell left 2 names in the kernel: `a`, `b`'
    );
    session.dispose();
  });
});
