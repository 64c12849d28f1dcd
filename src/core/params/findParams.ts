/**
 * Parameter candidates of a notebook (shared/design/export-rules.md §3): literal top-level
 * assignments and literal keyword arguments, with stable keys, groups, positions in the
 * original cell source, skip reasons and warnings.
 */
import { isPython } from '../notebook/fromIpynb';
import { lineColumnAt, splitLines, type ILines } from '../parse/lines';
import { toOriginalOffset, type IMaskedSource } from '../parse/maskIpython';
import { parsePython } from '../parse/parsePython';
import { describeSyntax } from '../parse/syntaxProblem';
import type { ICellSnapshot, INotebookSnapshot, IParseError } from '../types';
import { denyReason, deniedCallReason } from './denyList';
import { categoryOf, PARAMETERS_GROUP, sectionResolver } from './groupParams';
import { short } from './literal';
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
    notes.push({
      message: `the kernel language is ${nb.language ?? 'unknown'}, not Python: no parameters extracted`,
      cellId: null
    });
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
      notes.push({
        message: `cell ${index + 1} could not be scanned (${e instanceof Error ? e.message : String(e)}); please report this`,
        cellId: cell.id
      });
      return;
    }
    scanned.push({ cell, index, masked, ...scan, error, lines: null });
    if (error !== null) {
      notes.push({
        message: `cell ${index + 1} does not parse as Python (line ${error.line}: ${describeSyntax(error.problem)}): its values are not extracted`,
        cellId: cell.id
      });
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
    draft.skip = {
      code: 'magic',
      message: 'the value is part of IPython syntax that the export rewrites'
    };
  } else if (!exact && inDroppingMagic(s.masked, from)) {
    draft.skip = {
      code: 'magic',
      message: 'inside %timeit, which runs the code but drops what it binds'
    };
  } else if (s.error !== null) {
    draft.skip = {
      code: 'syntax-error',
      message: `the cell does not parse as Python (line ${s.error.line}: ${describeSyntax(s.error.problem)})`
    };
  } else if (!entry.result.ok) {
    draft.skip = { code: entry.result.code, message: entry.result.message };
  } else if (entry.shape === 'chained') {
    draft.skip = {
      code: 'chained',
      message: `${short(original.slice(targetAt, from))}… binds several names to one value; split it to extract`
    };
  } else if (entry.shape === 'unpacking') {
    draft.skip = {
      code: 'unpacking',
      message: `unpacking into ${entry.name}; assign each name on its own line to extract`
    };
  } else if (entry.kind === 'keyword') {
    const reason =
      deniedCallReason(entry.callee ?? '') ?? denyReason(entry.name);
    if (reason !== null) {
      draft.skip = { code: 'deny-list', message: `${entry.name}=: ${reason}` };
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
        d.skip = {
          code: 'reassigned',
          message: `${e.name} is already extracted from cell ${first.scanned.index + 1}, line ${at.line}; this assignment stays in the code`
        };
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
      const where = `cell ${s.index + 1}, line ${position(s, at).line}`;
      const warn = (code: IParamWarning['code'], message: string): void => {
        d.warnings.push({
          code,
          message,
          cellId: s.cell.id,
          cellIndex: s.index,
          line: position(s, at).line
        });
      };
      switch (ev.kind) {
        case 'assign':
          warn(
            'reassigned',
            later
              ? `${ev.name} is assigned again at ${where}: code after that uses the new value, not the config`
              : `${ev.name} is also assigned earlier, at ${where}: code between that and this assignment uses the earlier value`
          );
          break;
        case 'augmented':
          warn(
            'augmented',
            `${ev.name} is changed in place at ${where} (kept in the code): the config holds the value before that`
          );
          break;
        case 'rebound':
          warn(
            'rebound',
            `${ev.name} is rebound at ${where} (a loop, del, with or def)`
          );
          break;
        case 'read-in-function': {
          const id = `${ev.scope ?? ''}:${ev.name}`;
          if (!seenFunctions.has(id)) {
            seenFunctions.add(id);
            warn(
              'read-in-function',
              `${ev.name} is read inside function ${ev.scope ?? '?'} (${where}): it sees the config value if it runs after the assignment`
            );
          }
          break;
        }
        case 'rebound-in-function':
          warn(
            'rebound-in-function',
            `${ev.name} is rebound through \`global\` inside function ${ev.scope ?? '?'} (${where}): calling it overrides the config value`
          );
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
