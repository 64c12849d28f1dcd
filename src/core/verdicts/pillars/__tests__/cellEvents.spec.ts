/**
 * The context each event of one source carries (function, conditions, uncertain, import and
 * file guards, line), for every kind of event the scan builds field by field: a wrong copy of
 * one context field into one kind of event fails here, and the keys keep the one order the
 * stored facts and the JSON use.
 */
import { cellEvents, type CellEvent } from '../cellEvents';

const SOURCE = [
  'FAST = True',
  'def fetch(url, dest=default_dir()):',
  '    import requests',
  '    requests.get(url)',
  'try:',
  '    import torch',
  '    model = torch.load("m.pt")',
  'except ImportError:',
  '    model = None',
  'if FAST:',
  '    data = read_csv("small.csv", sep=";")',
  '    def h():',
  '        pass',
  'else:',
  '    data = read_csv("big.csv")',
  'try:',
  '    with open("cfg.json") as f:',
  '        cfg = load(f)',
  'except OSError:',
  '    cfg = defaults()'
].join('\n');

/** One line per event: line, kind, what, then the context (u: uncertain, i/f: guards). */
function brief(e: CellEvent): string {
  const what =
    e.t === 'call'
      ? (e.parts ?? []).join('.')
      : e.t === 'import'
        ? e.module
        : e.t === 'bind' || e.t === 'def' || e.t === 'alias'
          ? e.name
          : '';
  const conds = e.conds.map(c => `${c.want ? '' : '!'}${c.name}`).join('&');
  const flags = `${e.uncertain ? 'u' : '-'}${e.importGuard ? 'i' : '-'}${e.fileGuard ? 'f' : '-'}`;
  return `${e.line} ${e.t} ${what} fn=${e.fn ?? ''} if=${conds} ${flags}`;
}

describe('cellEvents: the context of every event', () => {
  const { events, parsed } = cellEvents(SOURCE);

  it('carries function, conditions, guards and line into calls, binds, defs and imports', () => {
    expect(parsed).toBe(true);
    expect(events.map(brief)).toEqual([
      '0 bind FAST fn= if= ---',
      '1 call default_dir fn= if= ---',
      '1 def fetch fn= if= ---',
      '2 import requests fn=fetch if= ---',
      '2 alias requests fn=fetch if= ---',
      '3 call requests.get fn=fetch if= ---',
      '5 import torch fn= if= -i-',
      '5 alias torch fn= if= -i-',
      '6 call torch.load fn= if= -i-',
      '6 bind model fn= if= -i-',
      '8 bind model fn= if= u--',
      '10 call read_csv fn= if=FAST ---',
      '10 bind data fn= if=FAST ---',
      '11 def h fn= if=FAST ---',
      '14 call read_csv fn= if=!FAST ---',
      '14 bind data fn= if=!FAST ---',
      '16 call open fn= if= --f',
      '16 bind f fn= if= --f',
      '17 call load fn= if= --f',
      '17 bind cfg fn= if= --f',
      '19 call defaults fn= if= u--',
      '19 bind cfg fn= if= u--'
    ]);
  });

  it('puts the context keys first, in one order, then the kind', () => {
    for (const e of events) {
      expect(Object.keys(e).slice(0, 7)).toEqual([
        'fn',
        'conds',
        'uncertain',
        'importGuard',
        'fileGuard',
        'line',
        't'
      ]);
    }
  });

  it('keeps a call whole: arguments, keywords in order, text', () => {
    const call = events.find(e => e.t === 'call' && e.line === 10) as Extract<
      CellEvent,
      { t: 'call' }
    >;
    expect(call).toEqual({
      fn: null,
      conds: [{ name: 'FAST', want: true }],
      uncertain: false,
      importGuard: false,
      fileGuard: false,
      line: 10,
      t: 'call',
      parts: ['read_csv'],
      method: null,
      receiver: null,
      pos: [{ path: { k: 'str', v: 'small.csv' }, lit: 'small.csv' }],
      kw: { sep: { path: { k: 'str', v: ';' }, lit: ';' } },
      starred: false,
      text: 'read_csv("small.csv", sep=";")'
    });
  });

  it('reads a keyword only when the call passes it, whatever its name', () => {
    const [call] = cellEvents('f(b=1, constructor=2)').events as Extract<
      CellEvent,
      { t: 'call' }
    >[];
    expect(Object.keys(call.kw)).toEqual(['b', 'constructor']);
    const named: string = 'constructor'; // not Object's member, as TypeScript reads `.constructor`
    expect(call.kw[named].lit).toBe(2);
    const [bare] = cellEvents('f(x)').events as Extract<
      CellEvent,
      { t: 'call' }
    >[];
    // Not Object.prototype's members: a keyword table holds only what was passed.
    expect(bare.kw['toString']).toBeUndefined();
    expect(bare.kw[named]).toBeUndefined();
  });
});
