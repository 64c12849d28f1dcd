/**
 * Parameter candidates of a notebook (shared/design/export-rules.md §3): literal top-level
 * assignments and literal keyword arguments, with stable keys, groups, positions in the
 * original cell source, skip reasons and warnings.
 */
import { isPython } from '../notebook/fromIpynb';
import { lineColumnAt, splitLines, type ILines } from '../parse/lines';
import { toOriginalOffset, type IMaskedSource } from '../parse/maskIpython';
import { parsePython } from '../parse/parsePython';
import type { ICellSnapshot, INotebookSnapshot, IParseError } from '../types';
import { denyReasonId, deniedCallReasonId } from './denyList';
import { categoryOf, PARAMETERS_GROUP, sectionResolver } from './groupParams';
import { short } from './literal';
import {
  describeParam,
  NO_ARGS,
  paramSkip,
  type ParamText
} from './paramMessages';
import {
  scanCell,
  type INameEvent,
  type IPathUse,
  type IRawEntry
} from './scanCell';
import type {
  GroupSource,
  IParamCandidate,
  IParamsNote,
  IParamsResult,
  IParamWarning,
  ISkip
} from './types';

/** A note: its English message and the message as data. */
function note(text: ParamText, cellId: string | null): IParamsNote {
  return { message: describeParam(text), text, cellId };
}

/** The papermill tag of the parameters cell. */
export const PARAMETERS_TAG = 'parameters';

/** A cell after scanning, with what is needed to map positions back. */
interface IScannedCell {
  readonly cell: ICellSnapshot;
  readonly index: number;
  readonly masked: IMaskedSource;
  readonly entries: readonly IRawEntry[];
  readonly events: readonly INameEvent[];
  readonly pathUses: readonly IPathUse[];
  readonly error: IParseError | null;
  lines: ILines | null;
}

/** A candidate being built; becomes an `IParamCandidate`. */
interface IDraft {
  readonly scanned: IScannedCell;
  readonly entry: IRawEntry;
  readonly span: readonly [number, number];
  readonly targetAt: number;
  skip: ISkip | null;
  key: string | null;
  warnings: IParamWarning[];
}

/**
 * Finds the parameter candidates of a notebook. Never throws: a cell that does not parse
 * yields skipped candidates and a note; a notebook in another language yields a note only.
 */
export function findParams(nb: INotebookSnapshot): IParamsResult {
  const notes: IParamsNote[] = [];
  if (!isPython(nb)) {
    notes.push(
      note({ id: 'not-python', args: { language: nb.language } }, null)
    );
    return { candidates: [], notes };
  }
  const scanned: IScannedCell[] = [];
  nb.cells.forEach((cell, index) => {
    if (cell.type !== 'code' || cell.source.trim() === '') {
      return;
    }
    const { masked, tree, error } = parsePython(cell.source);
    let scan;
    try {
      scan = scanCell(masked.python, tree);
    } catch (e) {
      // A bug here must cost one cell, not the notebook: report it and go on.
      const detail = e instanceof Error ? e.message : String(e);
      notes.push(
        note({ id: 'scan-failed', args: { cell: index, detail } }, cell.id)
      );
      return;
    }
    scanned.push({ cell, index, masked, ...scan, error, lines: null });
    if (error !== null) {
      notes.push(
        note({ id: 'cell-syntax-error', args: { cell: index, error } }, cell.id)
      );
    }
  });

  // The parameters cell first: its assignments win over earlier ones (papermill injects
  // after it), and its keywords get the unsuffixed keys.
  const ordered = [
    ...scanned.filter(s => s.cell.tags.includes(PARAMETERS_TAG)),
    ...scanned.filter(s => !s.cell.tags.includes(PARAMETERS_TAG))
  ];
  const drafts: IDraft[] = [];
  for (const s of ordered) {
    for (const entry of s.entries) {
      const d = draftOf(s, entry);
      if (d !== null) {
        drafts.push(d);
      }
    }
  }

  assignKeys(drafts);
  addWarnings(drafts, scanned);

  // A name given as a reader's or writer's path is data or an output, whatever its name says.
  const uses = new Map<string, 'data' | 'outputs'>();
  for (const s of scanned) {
    for (const u of s.pathUses) {
      if (uses.get(u.name) !== 'outputs') {
        uses.set(u.name, u.role);
      }
    }
  }
  const sectionOf = sectionResolver(nb);
  const candidates = drafts.map(d => finish(d, sectionOf, uses));
  return { candidates, notes };
}

/**
 * Maps an entry to the original source and decides whether it can be extracted at all; null
 * for values the masker made up (`x = !ls` reads `x = None` in the masked Python).
 */
function draftOf(s: IScannedCell, entry: IRawEntry): IDraft | null {
  const original = s.masked.original;
  const python = s.masked.python;
  const exact = python === original;
  const from = exact ? entry.from : toOriginalOffset(s.masked, entry.from);
  const to = exact ? entry.to : toOriginalOffset(s.masked, entry.to);
  const targetAt = exact
    ? entry.targetAt
    : toOriginalOffset(s.masked, entry.targetAt);
  if (!exact && madeUp(s.masked, entry.from, entry.to)) {
    return null;
  }
  const draft: IDraft = {
    scanned: s,
    entry,
    span: [from, to],
    targetAt,
    skip: null,
    key: null,
    warnings: []
  };
  // The masker only changes IPython syntax and completes `1.` to `1.0` for lezer; a literal
  // whose text differs inside IPython syntax cannot be rewritten in place.
  const changed =
    !exact && original.slice(from, to) !== python.slice(entry.from, entry.to);
  if (changed && s.masked.magics.some(m => from <= m.end && to >= m.start)) {
    draft.skip = paramSkip('magic', { id: 'magic-rewritten', args: NO_ARGS });
  } else if (!exact && inDroppingMagic(s.masked, from)) {
    draft.skip = paramSkip('magic', { id: 'magic-timeit', args: NO_ARGS });
  } else if (s.error !== null) {
    draft.skip = paramSkip('syntax-error', {
      id: 'syntax-error',
      args: { error: s.error }
    });
  } else if (!entry.result.ok) {
    const { code, message, text } = entry.result;
    draft.skip = { code, message, text };
  } else if (entry.shape === 'chained') {
    draft.skip = paramSkip('chained', {
      id: 'chained',
      args: { excerpt: short(original.slice(targetAt, from)) }
    });
  } else if (entry.shape === 'unpacking') {
    draft.skip = paramSkip('unpacking', {
      id: 'unpacking',
      args: { name: entry.name }
    });
  } else if (entry.kind === 'keyword') {
    const reason =
      deniedCallReasonId(entry.callee ?? '') ?? denyReasonId(entry.name);
    if (reason !== null) {
      draft.skip = paramSkip('deny-list', {
        id: 'deny-list',
        args: { keyword: entry.name, reason }
      });
    }
  }
  return draft;
}

/** True when no character of python[from, to) comes from the original source. */
function madeUp(masked: IMaskedSource, from: number, to: number): boolean {
  return !masked.segments.some(
    seg => seg.exact && seg.python < to && seg.python + seg.length > from
  );
}

function inDroppingMagic(masked: IMaskedSource, at: number): boolean {
  return masked.magics.some(
    m => m.live && !m.keepsBindings && at >= m.start && at <= m.end
  );
}

/**
 * Keys: the name for assignments (only the first extracted assignment of a name keeps it),
 * `callee.keyword` for keywords, `_2`, `_3` on repeats. Deny-listed keywords get keys too,
 * so including one later does not renumber the others.
 */
function assignKeys(drafts: IDraft[]): void {
  const used = new Set<string>();
  const firstAssign = new Map<string, IDraft>();
  for (const d of drafts) {
    const e = d.entry;
    if (e.kind === 'assign') {
      if (d.skip !== null) {
        continue;
      }
      const first = firstAssign.get(e.name);
      if (first) {
        const at = position(first.scanned, first.span[0]);
        d.skip = paramSkip('reassigned', {
          id: 'already-extracted',
          args: { name: e.name, cell: first.scanned.index, line: at.line }
        });
        continue;
      }
      firstAssign.set(e.name, d);
      d.key = e.name;
      used.add(e.name);
    } else if (d.skip === null || d.skip.code === 'deny-list') {
      const base =
        e.kind === 'column'
          ? `${e.name}.${e.role === 'labels' ? 'column' : 'columns'}`
          : e.kind === 'argument' && e.role === 'seeds'
            ? (e.callee ?? 'seed')
            : `${e.callee ?? 'call'}.${e.name}`;
      let key = base;
      for (let n = 2; used.has(key); n++) {
        key = `${base}_${n}`;
      }
      d.key = key;
      used.add(key);
    }
  }
}

/** Warnings on extracted assignments: other bindings of the name, reads in functions. */
function addWarnings(drafts: IDraft[], scanned: readonly IScannedCell[]): void {
  const byName = new Map<string, IDraft>();
  for (const d of drafts) {
    if (d.entry.kind === 'assign' && d.key !== null && d.skip === null) {
      byName.set(d.entry.name, d);
    }
  }
  if (byName.size === 0) {
    return;
  }
  for (const s of scanned) {
    const seenFunctions = new Set<string>();
    for (const ev of s.events) {
      const d = byName.get(ev.name);
      if (!d) {
        continue;
      }
      const at =
        s.masked.python === s.masked.original
          ? ev.at
          : toOriginalOffset(s.masked, ev.at);
      if (ev.kind === 'assign' && s === d.scanned && at === d.targetAt) {
        continue; // the extracted assignment itself
      }
      const later =
        s.index > d.scanned.index ||
        (s.index === d.scanned.index && at > d.targetAt);
      const line = position(s, at).line;
      const where = { name: ev.name, cell: s.index, line };
      const warn = (code: IParamWarning['code'], text: ParamText): void => {
        d.warnings.push({
          code,
          message: describeParam(text),
          text,
          cellId: s.cell.id,
          cellIndex: s.index,
          line
        });
      };
      switch (ev.kind) {
        case 'assign':
          warn('reassigned', {
            id: later ? 'assigned-again' : 'assigned-earlier',
            args: where
          });
          break;
        case 'augmented':
          warn('augmented', { id: 'augmented', args: where });
          break;
        case 'rebound':
          warn('rebound', { id: 'rebound', args: where });
          break;
        case 'read-in-function': {
          const id = `${ev.scope ?? ''}:${ev.name}`;
          if (!seenFunctions.has(id)) {
            seenFunctions.add(id);
            warn('read-in-function', {
              id: 'read-in-function',
              args: { ...where, scope: ev.scope }
            });
          }
          break;
        }
        case 'rebound-in-function':
          warn('rebound-in-function', {
            id: 'rebound-in-function',
            args: { ...where, scope: ev.scope }
          });
          break;
      }
    }
  }
}

function finish(
  d: IDraft,
  sectionOf: (cellIndex: number) => string,
  uses: ReadonlyMap<string, 'data' | 'outputs'>
): IParamCandidate {
  const e = d.entry;
  const s = d.scanned;
  const at = position(s, d.span[0]);
  const parametersCell = s.cell.tags.includes(PARAMETERS_TAG);
  let group = '';
  let groupSource: GroupSource | null = null;
  const used =
    e.kind === 'assign' && e.result.ok && e.result.value.kind === 'str'
      ? (uses.get(e.name) ?? null)
      : null;
  const role = e.role ?? used;
  if (d.key !== null) {
    const cat = categoryOf(e.name, e.kind === 'assign' ? null : e.callee);
    if (role !== null) {
      group = role;
      groupSource = 'usage';
    } else if (cat) {
      group = cat.category;
      groupSource = cat.source;
    } else if (parametersCell) {
      group = PARAMETERS_GROUP;
      groupSource = 'parameters-cell';
    } else {
      group = sectionOf(s.index);
      groupSource = 'section';
    }
  }
  return {
    key: d.key,
    kind: e.kind,
    name: e.name,
    callee: e.callee,
    value: e.result.ok ? e.result.value : null,
    text: s.masked.original.slice(d.span[0], d.span[1]),
    cellId: s.cell.id,
    cellIndex: s.index,
    line: at.line,
    column: at.column,
    span: d.span,
    parametersCell,
    group,
    groupSource,
    skip: d.skip,
    warnings: d.warnings,
    role
  };
}

/** 1-based line and 0-based column of an original offset. */
function position(
  s: IScannedCell,
  offset: number
): { line: number; column: number } {
  if (s.lines === null) {
    s.lines = splitLines(s.masked.original);
  }
  const lc = lineColumnAt(s.lines, offset);
  return { line: lc.line + 1, column: lc.column };
}
