import type { TranslationBundle } from '@jupyterlab/translation';
import { getFacts } from '../core';
import type { ICellRef, IFinding, Severity } from '../core';
import { atLeast } from '../core';
import {
  cellLabel,
  defaultTrans,
  findingMessage,
  verdictTitle
} from './findingText';

/**
 * One card of the findings panel: the findings that share one cause, so that re-running
 * cell 2 of a long notebook is one card ("cell 2 re-ran → 358 cells below out of date"),
 * not 700. Any finding kind the core adds later falls into a card of its own.
 */
export interface ICauseCard {
  /** Stable across reports while the cause is the same (React key, focus, expansion). */
  readonly key: string;
  /** `stale-chain`, `ghosts`, `not-run`, or the finding's own kind. */
  readonly type: 'stale-chain' | 'ghosts' | 'not-run' | 'single';
  readonly severity: Severity;
  /** Every kind involved (CSS classes, filters). */
  readonly kinds: readonly string[];
  /** One line; names in backticks are rendered as code. */
  readonly title: string;
  /** The explanation (a finding's message for single cards). */
  readonly message: string;
  /** The cells the card is about (victims), in notebook order. */
  readonly cells: readonly ICellRef[];
  /** The cells to re-run, in notebook order (empty when re-running does not help). */
  readonly rerun: readonly string[];
  /** Set when re-running cannot fix it and only Restart & Run All does: why. */
  readonly restartOnly: string | null;
  /** Ghost names (for `ghosts` cards): the names a deleted cell left in the kernel. */
  readonly names: readonly string[];
  /** The deleted cell the ghost names came from, when the record knows it. */
  readonly deletedCellId: string | null;
  readonly findings: readonly IFinding[];
}

/** What the grouping needs to know about the notebook. */
export interface ICauseContext {
  /** The current source of a cell, or null when the cell is gone. */
  sourceOf(cellId: string): string | null;
  /** The current index of a cell, or null. */
  indexOf(cellId: string): number | null;
}

const CHAIN_KINDS = new Set<string>(['stale', 'unsafe']);
const NOT_RUN_KINDS = new Set<string>(['unexecuted', 'skipped']);

/**
 * Group findings by cause:
 * - `stale` and `unsafe` findings connected through the cells they read from form one
 *   chain, named after the cells whose re-run started it (writers that are not victims);
 * - ghost names (`hidden-state`, reason `ghost`) form one card per deleted cell;
 * - cells never run (or skipped) form one card, naming where Run All stopped if it did;
 * - every other finding is a card of its own.
 * Cards are in the notebook order of their first cell.
 */
export function causeCards(
  findings: readonly IFinding[],
  ctx: ICauseContext,
  trans: TranslationBundle = defaultTrans
): ICauseCard[] {
  const chain: IFinding[] = [];
  const ghosts = new Map<string, IFinding[]>();
  const notRun: IFinding[] = [];
  const errored: IFinding[] = [];
  const singles: IFinding[] = [];
  for (const f of findings) {
    if (CHAIN_KINDS.has(f.kind) && f.cell !== null) {
      chain.push(f);
    } else if (f.kind === 'hidden-state' && f.reason === 'ghost') {
      const from = f.related[0]?.id ?? '';
      const list = ghosts.get(from);
      if (list) {
        list.push(f);
      } else {
        ghosts.set(from, [f]);
      }
    } else if (NOT_RUN_KINDS.has(f.kind) && f.cell !== null) {
      notRun.push(f);
    } else {
      if (f.kind === 'errored') {
        errored.push(f);
      }
      singles.push(f);
    }
  }
  const cards: ICauseCard[] = [];
  cards.push(...chainCards(chain, ctx, trans));
  for (const [from, list] of ghosts) {
    cards.push(ghostCard(from, list, ctx, trans));
  }
  if (notRun.length > 0) {
    cards.push(notRunCard(notRun, errored, ctx, trans));
  }
  for (const f of singles) {
    cards.push(singleCard(f, trans));
  }
  return cards.sort((a, b) => firstIndex(a) - firstIndex(b));
}

function firstIndex(card: ICauseCard): number {
  let min = Number.MAX_SAFE_INTEGER;
  for (const c of card.cells) {
    if (c.index !== null && c.index < min) {
      min = c.index;
    }
  }
  return min;
}

function worst(findings: readonly IFinding[]): Severity {
  let s: Severity = 'info';
  for (const f of findings) {
    if (!atLeast(s, f.severity)) {
      s = f.severity;
    }
  }
  return s;
}

function byIndex(refs: Iterable<ICellRef>): ICellRef[] {
  const seen = new Map<string, ICellRef>();
  for (const r of refs) {
    seen.set(r.id, r);
  }
  return [...seen.values()].sort(
    (a, b) => (a.index ?? Infinity) - (b.index ?? Infinity)
  );
}

function unionRerunOf(
  findings: readonly IFinding[],
  ctx: ICauseContext
): string[] {
  const ids = new Set<string>();
  for (const f of findings) {
    for (const id of f.rerun) {
      ids.add(id);
    }
  }
  return [...ids].sort(
    (a, b) => (ctx.indexOf(a) ?? Infinity) - (ctx.indexOf(b) ?? Infinity)
  );
}

/** Connected components of stale/unsafe findings through the cells they read from. */
function chainCards(
  chain: readonly IFinding[],
  ctx: ICauseContext,
  trans: TranslationBundle
): ICauseCard[] {
  if (chain.length === 0) {
    return [];
  }
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) {
      r = parent.get(r)!;
    }
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) {
      parent.set(ra, rb);
    }
  };
  for (const f of chain) {
    find(f.cell!.id);
    for (const r of f.related) {
      union(f.cell!.id, r.id);
    }
  }
  const groups = new Map<string, IFinding[]>();
  for (const f of chain) {
    const root = find(f.cell!.id);
    const list = groups.get(root);
    if (list) {
      list.push(f);
    } else {
      groups.set(root, [f]);
    }
  }
  const cards: ICauseCard[] = [];
  for (const list of groups.values()) {
    const victims = byIndex(list.map(f => f.cell!));
    const victimIds = new Set(victims.map(v => v.id));
    // The cells that started it: writers of stale reads that are not victims themselves.
    const causes = byIndex(
      list
        .filter(f => f.kind === 'stale')
        .flatMap(f => f.related)
        .filter(r => !victimIds.has(r.id))
    );
    const rerun = unionRerunOf(list, ctx);
    const n = victims.length;
    const title =
      causes.length > 0
        ? trans._n(
            '%2 re-ran → %1 cell out of date',
            '%2 re-ran → %1 cells out of date',
            n,
            capital(causes.map(c => cellLabel(c, trans)).join(', '))
          )
        : trans._n('%1 cell out of date', '%1 cells out of date', n);
    const message =
      n === 1
        ? findingMessage(list[0], trans)
        : trans.__(
            'These cells read values that changed after they ran: their outputs may be out of date.'
          );
    cards.push({
      key: `chain:${causes.map(c => c.id).join(',') || victims[0].id}`,
      type: 'stale-chain',
      severity: worst(list),
      kinds: [...new Set(list.map(f => f.kind))],
      title,
      message,
      cells: victims,
      rerun,
      restartOnly: selfUpdating(rerun, ctx, trans),
      names: [...new Set(list.flatMap(f => f.names))].sort(),
      deletedCellId: null,
      findings: list
    });
  }
  return cards;
}

/**
 * Why re-running these cells cannot fix them, or null: a cell that updates a name from
 * its own previous value (`acc += x`, `items.append(…)` on a name it also reads) gives a
 * different result on every re-run; only a restart starts it from scratch.
 */
export function selfUpdating(
  cellIds: readonly string[],
  ctx: ICauseContext,
  trans: TranslationBundle = defaultTrans
): string | null {
  // Names a re-run cell binds from scratch before a self-updating cell runs are reset.
  const reset = new Set<string>();
  for (const id of cellIds) {
    const source = ctx.sourceOf(id);
    if (source === null) {
      continue;
    }
    const f = getFacts(source);
    const writes = new Set([...f.defs, ...f.mutations]);
    const names = f.reads.filter(n => writes.has(n) && !reset.has(n));
    for (const n of f.defs) {
      if (!f.reads.includes(n)) {
        reset.add(n);
      }
    }
    if (names.length > 0) {
      const index = ctx.indexOf(id);
      return trans.__(
        'Re-running does not fix this: %1 updates %2 from its own previous value. Only Restart & Run All does.',
        index === null ? trans.__('a cell') : trans.__('cell %1', index + 1),
        names.map(n => `\`${n}\``).join(', ')
      );
    }
  }
  return null;
}

function ghostCard(
  from: string,
  list: readonly IFinding[],
  ctx: ICauseContext,
  trans: TranslationBundle
): ICauseCard {
  const names = [...new Set(list.flatMap(f => f.names))].sort();
  const index = from === '' ? null : ctx.indexOf(from);
  const quoted = names.map(n => `\`${n}\``).join(', ');
  const title =
    from === ''
      ? trans._n(
          '%1 name in the kernel that no cell defines: %2',
          '%1 names in the kernel that no cell defines: %2',
          names.length,
          quoted
        )
      : index === null
        ? trans._n(
            'A deleted cell left %1 name in the kernel: %2',
            'A deleted cell left %1 names in the kernel: %2',
            names.length,
            quoted
          )
        : trans._n(
            'Cell %3 was edited; its old code left %1 name in the kernel: %2',
            'Cell %3 was edited; its old code left %1 names in the kernel: %2',
            names.length,
            quoted,
            index + 1
          );
  return {
    key: `ghosts:${from}`,
    type: 'ghosts',
    severity: worst(list),
    kinds: ['hidden-state'],
    title,
    message: trans.__(
      'They live in the kernel but no cell of the notebook defines them: a restart will lose them.'
    ),
    cells: [],
    rerun: [],
    restartOnly: null,
    names,
    deletedCellId: from === '' ? null : from,
    findings: list
  };
}

function notRunCard(
  list: readonly IFinding[],
  errored: readonly IFinding[],
  ctx: ICauseContext,
  trans: TranslationBundle
): ICauseCard {
  // The core may report the cells a run never reached as one finding on the first: the
  // rest are its `related` (and its `rerun`); the card lists them all.
  const cells = byIndex(
    list.flatMap(f =>
      f.kind === 'unexecuted'
        ? [
            f.cell!,
            ...f.related,
            ...f.rerun.map(id => ({ id, index: ctx.indexOf(id) }) as ICellRef)
          ]
        : [f.cell!]
    )
  );
  const n = cells.length;
  // Run All stops at the first error: the cells below it were never reached.
  const stop = errored
    .map(f => f.cell)
    .filter((c): c is ICellRef => c !== null && c.index !== null)
    .sort((a, b) => a.index! - b.index!)[0];
  const below =
    stop !== undefined && cells.every(c => (c.index ?? 0) > stop.index!);
  const title = below
    ? trans._n(
        'Run stopped at an error in %2: %1 cell below never ran',
        'Run stopped at an error in %2: %1 cells below never ran',
        n,
        cellLabel(stop, trans)
      )
    : trans._n('%1 cell has not run', '%1 cells have not run', n);
  return {
    key: 'not-run',
    type: 'not-run',
    severity: worst(list),
    kinds: [...new Set(list.map(f => f.kind))],
    title,
    message:
      list.length === 1
        ? findingMessage(list[0], trans)
        : below
          ? trans.__('Fix the error, then run from there.')
          : trans.__(
              'Their outputs (if any) are not from this kernel session; cells below that read their names may fail.'
            ),
    cells,
    rerun: cells.map(c => c.id),
    restartOnly: null,
    names: [],
    deletedCellId: null,
    findings: list
  };
}

function singleCard(f: IFinding, trans: TranslationBundle): ICauseCard {
  return {
    key: `${f.kind}:${f.cell?.id ?? ''}:${f.names.join(',')}`,
    type: 'single',
    severity: f.severity,
    kinds: [f.kind],
    title:
      f.cell === null
        ? verdictTitle(f.kind, trans)
        : `${verdictTitle(f.kind, trans)} · ${capital(cellLabel(f.cell, trans))}`,
    message: findingMessage(f, trans),
    cells: f.cell ? [f.cell] : [],
    rerun: [...f.rerun],
    restartOnly: null,
    names: [...f.names],
    deletedCellId: null,
    findings: [f]
  };
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
