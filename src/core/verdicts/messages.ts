/**
 * The words of every finding, defined once. A finding carries `text`, a serialisable
 * description (which sentence, and its data: numbers, cell positions, names); `describe`
 * turns it into a sentence through a translator port. The core words its `message` with
 * the English port; the lab renders `text` through JupyterLab's `TranslationBundle`, which
 * satisfies the port. Every sentence is one literal `t.__`/`t._n` call (whole sentences with
 * %N placeholders, so gettext extraction finds them and a language can reorder them).
 */
import {
  describeSyntax,
  type CommentedOutCause,
  type SyntaxProblem
} from '../parse/syntaxProblem';
import type { HiddenStateReason } from '../types';
import { ENGLISH, type ITranslatorPort } from '../util/translator';
import { distributionFor, hostedOnly } from '../util/importUnits';

export { ENGLISH, type ITranslatorPort };

/** Positions of cells (0-based; null for a deleted cell). */
export type CellIndices = readonly (number | null)[];

/** The interpreter a pillar finding talks about. */
export type Interpreter =
  | { readonly kind: 'target' }
  | { readonly kind: 'kernel' }
  | { readonly kind: 'label'; readonly label: string };

/** Where a file is read: the call, the cell's position and the 0-based line. */
export interface IReadSite {
  readonly call: string;
  readonly cell: number;
  readonly line: number;
}

/** How to seed a draw: code, and whether it belongs in a cell at the top. */
export interface ISeedFix {
  readonly code: string;
  readonly top: boolean;
}

/** A finding's message as data. `names` are unsorted or sorted (lists sort them). */
export type FindingText =
  | {
      readonly id: 'not-reached';
      readonly args: { stopAt: number; below: number };
    }
  | { readonly id: 'not-run'; readonly args: { recorded: boolean } }
  | {
      readonly id: 'skipped';
      readonly args: { recorded: boolean; unimportant: boolean };
    }
  | { readonly id: 'edited'; readonly args: Record<string, never> }
  | { readonly id: 'edited-output'; readonly args: Record<string, never> }
  | {
      readonly id: 'errored';
      readonly args: { saved: boolean; ename: string | null };
    }
  | {
      readonly id: 'syntax-error';
      readonly args: { line: number; column: number; problem: SyntaxProblem };
    }
  | {
      /** The export commented an executed cell out, for `cause`. */
      readonly id: 'commented-out';
      readonly args: { cell: number; cause: CommentedOutCause };
    }
  | { readonly id: 'history-var'; readonly args: { names: readonly string[] } }
  | {
      readonly id: 'rra-undefined';
      readonly args: { names: readonly string[]; below: CellIndices };
    }
  | {
      readonly id: 'rra-maybe-undefined';
      readonly args: { names: readonly string[]; from: CellIndices };
    }
  | {
      /** Read only in a branch of a function the cell calls, and bound nowhere above. */
      readonly id: 'rra-branch-undefined';
      readonly args: { names: readonly string[] };
    }
  | {
      readonly id: 'stale';
      readonly args: {
        names: readonly string[];
        cells: CellIndices;
        sure: boolean;
      };
    }
  | {
      readonly id: 'stale-output';
      readonly args: {
        names: readonly string[];
        writers: CellIndices;
        via: CellIndices;
      };
    }
  | {
      readonly id: 'unsafe';
      readonly args: { names: readonly string[]; from: CellIndices };
    }
  | {
      readonly id: 'shadowed';
      readonly args: {
        names: readonly string[];
        readFrom: CellIndices;
        nearest: CellIndices;
      };
    }
  | {
      readonly id: 'out-of-order';
      readonly args: { names: readonly string[]; writers: CellIndices };
    }
  | {
      readonly id: 'hidden-state';
      readonly args: {
        reason: HiddenStateReason;
        names: readonly string[];
        /** `edited`: the edited cells. */
        cells: CellIndices;
        /** `re-run`: the cell to re-run from (null: none resets it). */
        from: number | null;
      };
    }
  | { readonly id: 'ghost'; readonly args: { name: string; known: boolean } }
  | {
      readonly id: 'count-order';
      readonly args: {
        before: number;
        beforeCount: number | null;
        after: number;
        afterCount: number | null;
      };
    }
  | { readonly id: 'count-gap'; readonly args: { from: number; to: number } }
  | { readonly id: 'language'; readonly args: { language: string } }
  | {
      readonly id: 'python-version';
      readonly args: {
        saved: string;
        target: string;
        who: Interpreter;
        /** The saved major version when it differs from the target's; null: only the minor. */
        major: number | null;
      };
    }
  | {
      readonly id: 'env-drift';
      readonly args: {
        distribution: string;
        then: string;
        now: string;
        who: Interpreter;
        deliberate: boolean;
      };
    }
  | {
      readonly id: 'env-drift-shown';
      readonly args: {
        distribution: string;
        /** The version the cell's saved output shows, and that cell (0-based). */
        then: string;
        cell: number;
        now: string;
        who: Interpreter;
        deliberate: boolean;
      };
    }
  | {
      readonly id: 'env-removed';
      readonly args: {
        /** The first use, as written (`np.float`), and its 0-based line. */
        written: string;
        line: number;
        /** Other removed names the notebook uses from the same package, as written. */
        others: readonly string[];
        distribution: string;
        removedIn: string;
        now: string;
        use: string;
        who: Interpreter;
        deliberate: boolean;
      };
    }
  | {
      readonly id: 'python-removed';
      readonly args: {
        written: string;
        line: number;
        others: readonly string[];
        removedIn: string;
        target: string;
        use: string;
        who: Interpreter;
      };
    }
  | {
      readonly id: 'module-missing';
      readonly args: {
        dotted: string;
        module: string;
        line: number;
        who: Interpreter;
        deliberate: boolean;
        /** The version the notebook's own output shows (`keras.__version__`), if one does. */
        shown?: string | null;
      };
    }
  | {
      readonly id: 'data-folder-missing';
      readonly args: { path: string; at: IReadSite; absolute: boolean };
    }
  | {
      readonly id: 'data-pattern-empty';
      readonly args: { pattern: string; at: IReadSite };
    }
  | {
      readonly id: 'data-missing';
      readonly args: { path: string; at: IReadSite; absolute: boolean };
    }
  | {
      readonly id: 'data-changed';
      readonly args: { path: string; then: string; now: string; cell: number };
    }
  | {
      readonly id: 'data-unpinned';
      readonly args: { path: string; at: IReadSite };
    }
  | {
      readonly id: 'network-read' | 'network-model';
      readonly args: { source: string; via: string; line: number };
    }
  | {
      readonly id: 'unseeded-random';
      readonly args: {
        calls: readonly string[];
        sklearn: boolean;
        /** Every call runs on threads whose order no seed above fixes (UMAP, gensim). */
        parallel?: boolean;
        fixes: readonly ISeedFix[];
      };
    };

/**
 * Cell positions as a list words them: sorted, once each, deleted cells last. Texts hold
 * lists in this form so two findings that say the same thing are equal as data too.
 */
export function cellSet(indices: Iterable<number | null>): (number | null)[] {
  if (
    Array.isArray(indices) &&
    ascending(indices as readonly (number | null)[])
  ) {
    return (indices as readonly (number | null)[]).slice();
  }
  return [...new Set(indices)].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a - b
  );
}

/** True when positions strictly increase (one null, a deleted cell, may come last). */
function ascending(xs: readonly (number | null)[]): boolean {
  for (let i = 1; i < xs.length; i++) {
    const a = xs[i - 1];
    const b = xs[i];
    if (a === null || (b !== null && b <= a)) {
      return false;
    }
  }
  return true;
}

/**
 * Names sorted (as a list words them), for the same reason. A finding given no `names`
 * shares this array as its own (`finding.ts`), so nothing changes it afterwards.
 */
export function nameSet(names: Iterable<string>): string[] {
  const out = [...names];
  for (let i = 1; i < out.length; i++) {
    if (out[i] <= out[i - 1]) {
      return out.sort();
    }
  }
  return out;
}

/** Code as the messages quote it (the lab renders backtick pairs as code). */
export function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

/** "cell 3" / "a deleted cell": cells are numbered from 1, as a person counts them. */
export function cellLabel(
  index: number | null,
  t: ITranslatorPort = ENGLISH
): string {
  return index === null ? t.__('a deleted cell') : t.__('cell %1', index + 1);
}

/** "`a`", "`a` and `b`", "`a`, `b` and 2 more": a short name list for a one-line message. */
export function nameList(
  names: Iterable<string>,
  t: ITranslatorPort = ENGLISH,
  max = 3
): string {
  const all = [...new Set(names)].sort().map(n => `\`${n}\``);
  if (all.length <= 1) {
    return all.join('');
  }
  if (all.length <= max) {
    return t.__(
      '%1 and %2',
      all.slice(0, -1).join(t.__(', ')),
      all[all.length - 1]
    );
  }
  const rest = all.length - max + 1;
  return t._n(
    '%2 and %1 more',
    '%2 and %1 more',
    rest,
    all.slice(0, max - 1).join(t.__(', '))
  );
}

/**
 * "cell 2", "cells 2 and 5", "cells 2, 5 and 7", "a deleted cell"; `initial` gives the
 * sentence-initial form ("Cell 2", "Cells 2 and 5") for a language to capitalise as it does.
 */
export function cellList(
  indices: Iterable<number | null>,
  t: ITranslatorPort = ENGLISH,
  initial = false
): string {
  const sorted = cellSet(indices);
  if (sorted.length === 1) {
    const only = sorted[0];
    if (!initial) {
      return cellLabel(only, t);
    }
    return only === null ? t.__('A deleted cell') : t.__('Cell %1', only + 1);
  }
  const labels = sorted.map(i =>
    i === null ? t.__('a deleted cell') : String(i + 1)
  );
  const joined = t.__(
    '%1 and %2',
    labels.slice(0, -1).join(t.__(', ')),
    labels[labels.length - 1]
  );
  return initial
    ? t._n('Cell %2', 'Cells %2', sorted.length, joined)
    : t._n('cell %2', 'cells %2', sorted.length, joined);
}

/** "`np.float` (line 3)", "`np.float` (line 3; also `np.int`)". */
function usedAt(
  written: string,
  line: number,
  others: readonly string[],
  t: ITranslatorPort
): string {
  return others.length === 0
    ? t.__('%1 (line %2)', code(written), line + 1)
    : t.__(
        '%1 (line %2; also %3)',
        code(written),
        line + 1,
        nameList(others, t)
      );
}

function who(w: Interpreter, t: ITranslatorPort): string {
  switch (w.kind) {
    case 'kernel':
      return t.__('the kernel');
    case 'label':
      return w.label;
    default:
      return t.__('the target interpreter');
  }
}

function readSite(at: IReadSite, t: ITranslatorPort): string {
  return t.__(
    '%1 in %2, line %3',
    code(at.call),
    cellLabel(at.cell, t),
    at.line + 1
  );
}

/** The sentence `text` describes, in the port's language. */
export function describe(
  text: FindingText,
  t: ITranslatorPort = ENGLISH
): string {
  switch (text.id) {
    case 'not-reached': {
      const { stopAt, below } = text.args;
      return below > 0
        ? t._n(
            'Not reached: Run All stopped at the error in %2; this cell and the %1 below it did not run.',
            'Not reached: Run All stopped at the error in %2; this cell and the %1 below it did not run.',
            below,
            cellLabel(stopAt, t)
          )
        : t.__(
            'Not reached: Run All stopped at the error in %1.',
            cellLabel(stopAt, t)
          );
    }
    case 'not-run':
      return text.args.recorded
        ? t.__('Not run: it has not run in this kernel session.')
        : t.__('Not run: it has no execution count.');
    case 'skipped': {
      const { recorded, unimportant } = text.args;
      if (unimportant) {
        return recorded
          ? t.__(
              'Skipped: it has not run in this kernel session, but a cell below it ran. Nothing that ran below reads what it writes, so what you see does not depend on it.'
            )
          : t.__(
              'Skipped: it has no execution count, but a cell below it ran. Nothing that ran below reads what it writes, so what you see does not depend on it.'
            );
      }
      return recorded
        ? t.__(
            'Skipped: it has not run in this kernel session, but a cell below it ran.'
          )
        : t.__('Skipped: it has no execution count, but a cell below it ran.');
    }
    case 'edited':
      return t.__(
        'Edited since it last ran: its output comes from the old code.'
      );
    case 'edited-output':
      return t.__(
        'Edited since the run that saved its output: what it shows comes from the old code.'
      );
    case 'errored': {
      const { saved, ename } = text.args;
      if (ename !== null) {
        return saved
          ? t.__(
              'Its saved output is an error (%1): Run All stops here.',
              ename
            )
          : t.__(
              'Its last run raised an error (%1): Run All stops here.',
              ename
            );
      }
      return saved
        ? t.__('Its saved output is an error: Run All stops here.')
        : t.__('Its last run raised an error: Run All stops here.');
    }
    case 'syntax-error': {
      const { line, column, problem } = text.args;
      return t.__(
        'May not run: it does not parse as Python 3 (line %1, column %2: %3).',
        line,
        column,
        describeSyntax(problem, t)
      );
    }
    case 'commented-out': {
      const { cell, cause } = text.args;
      return cause.kind === 'parse'
        ? t.__(
            'cell %1 ran in the notebook but does not parse as Python 3 (line %2, column %3: %4); exported commented out: what it defined or printed is missing from the script. Port the cell to Python 3 (or run the notebook with its own Python).',
            cell + 1,
            cause.line,
            cause.column,
            describeSyntax(cause.problem, t)
          )
        : t.__(
            'cell %1 ran in the notebook but the translated IPython syntax does not parse (%2); exported commented out: what it defined or printed is missing from the script. Port the cell to Python 3 (or run the notebook with its own Python).',
            cell + 1,
            describeSyntax(cause.problem, t)
          );
    }
    case 'history-var':
      return t.__(
        "Reads %1 from IPython's output history, whose value depends on execution order.",
        nameList(text.args.names, t)
      );
    case 'rra-undefined': {
      const { names, below } = text.args;
      const list = nameList(names, t);
      return below.length === 0
        ? t.__('No cell above defines %1.', list)
        : t._n(
            'No cell above defines %2 (%3 below does).',
            'No cell above defines %2 (%3 below do).',
            below.length,
            list,
            cellList(below, t)
          );
    }
    case 'rra-branch-undefined': {
      const { names } = text.args;
      return t._n(
        'Restart & Run All may fail here: no cell above defines %2, which a function called here reads in a branch that may not run.',
        'Restart & Run All may fail here: no cell above defines %2, which a function called here reads in a branch that may not run.',
        names.length,
        nameList(names, t)
      );
    }
    case 'rra-maybe-undefined': {
      const { names, from } = text.args;
      return t._n(
        'Restart & Run All may fail here: %2 is only bound conditionally above (%3: a loop, branch or try).',
        'Restart & Run All may fail here: %2 are only bound conditionally above (%3: a loop, branch or try).',
        names.length,
        nameList(names, t),
        cellList(from, t)
      );
    }
    case 'stale': {
      const { names, cells, sure } = text.args;
      const who = cellList(cells, t, true);
      const list = nameList(names, t);
      return sure
        ? t.__(
            '%1 above changed %2 after this cell ran: its output is out of date.',
            who,
            list
          )
        : t.__(
            '%1 above may have changed %2 after this cell ran: its output may be out of date.',
            who,
            list
          );
    }
    case 'stale-output': {
      const { names, writers, via } = text.args;
      return via.length > 0
        ? t._n(
            'Shows an output saved before this kernel session, but %2 above changed what %3 is computed from (in %4, not run either) since (run again with other code or inputs, or edited): Restart & Run All may show something else.',
            'Shows an output saved before this kernel session, but %2 above changed what %3 are computed from (in %4, not run either) since (run again with other code or inputs, or edited): Restart & Run All may show something else.',
            names.length,
            cellList(writers, t),
            nameList(names, t),
            cellList(via, t)
          )
        : t.__(
            'Shows an output saved before this kernel session, but %1 above changed %2 since (run again with other code or inputs, or edited): Restart & Run All may show something else.',
            cellList(writers, t),
            nameList(names, t)
          );
    }
    case 'unsafe':
      return t.__(
        'Read %1 from %2, computed from a value that changed after it was used: its output may be out of date.',
        nameList(text.args.names, t),
        cellList(text.args.from, t)
      );
    case 'shadowed': {
      const { names, readFrom, nearest } = text.args;
      return t._n(
        'Read %2 from %3, but the nearest cell above that writes it is now %4: Restart & Run All would read that value.',
        'Read %2 from %3, but the nearest cell above that writes them is now %4: Restart & Run All would read that value.',
        names.length,
        nameList(names, t),
        cellList(readFrom, t),
        cellList(nearest, t)
      );
    }
    case 'out-of-order':
      return t.__(
        'Read %1 from %2 below it: Restart & Run All would run this cell before that value exists.',
        nameList(text.args.names, t),
        cellList(text.args.writers, t)
      );
    case 'hidden-state':
      return hiddenState(text.args, t);
    case 'ghost':
      return text.args.known
        ? t.__(
            '%1 lives in the kernel but no cell in the notebook defines it any more (its cell was deleted or edited): a restart will lose it.',
            `\`${text.args.name}\``
          )
        : t.__(
            '%1 lives in the kernel but no cell in the notebook defines it (its code is not in the record): a restart will lose it.',
            `\`${text.args.name}\``
          );
    case 'count-order': {
      const a = text.args;
      return t.__(
        'Execution counts are out of cell order: %1 [%2] comes after %3 [%4] (cells may have run out of order).',
        cellLabel(a.after, t),
        String(a.afterCount),
        cellLabel(a.before, t),
        String(a.beforeCount)
      );
    }
    case 'count-gap':
      return t.__(
        'Execution counts jump from [%1] to [%2]: some runs are not in the notebook (re-runs, or cells since deleted, may hide state).',
        text.args.from,
        text.args.to
      );
    case 'language':
      return t.__(
        'The kernel language is %1, not Python: only checks that do not read the code ran.',
        text.args.language
      );
    case 'python-version': {
      const { saved, target, major } = text.args;
      return major !== null
        ? t.__(
            'The notebook last ran on Python %1; %2 is Python %3: Python %4 code (`print x`, integer `/`, `urllib2`) fails or computes otherwise. Run it with a Python %4 interpreter, or port it and re-run it.',
            saved,
            who(text.args.who, t),
            target,
            major
          )
        : t.__(
            'The notebook last ran on Python %1; %2 is Python %3: results may differ slightly. Pin the Python version (e.g. `python_requires`, a conda env).',
            saved,
            who(text.args.who, t),
            target
          );
    }
    case 'env-drift': {
      const a = text.args;
      const args = [
        code(a.distribution),
        a.then,
        who(a.who, t),
        a.now,
        `\`${a.distribution}==${a.then}\``
      ];
      return a.deliberate
        ? t.__(
            '%1 was %2 when the notebook imported it; %3 has %4: outputs may differ. Pin %5 (requirements.txt) or re-run the notebook with %4.',
            ...args
          )
        : t.__(
            "%1 was %2 when the notebook imported it; %3 has %4: outputs may differ. Pin %5 (requirements.txt) or re-run the notebook with %4 (checked against the default `python3`; pass `--python` with the notebook's own interpreter).",
            ...args
          );
    }
    case 'env-drift-shown': {
      const a = text.args;
      const args = [
        cellLabel(a.cell, t),
        code(a.distribution),
        a.then,
        who(a.who, t),
        a.now,
        code(`${a.distribution}==${a.then}`)
      ];
      return a.deliberate
        ? t.__(
            "The output of %1 shows %2 %3, the version the notebook's results came from; %4 has %5: outputs may differ. Pin %6 (requirements.txt) or re-run the notebook with %5.",
            ...args
          )
        : t.__(
            "The output of %1 shows %2 %3, the version the notebook's results came from; %4 has %5: outputs may differ. Pin %6 (requirements.txt) or re-run the notebook with %5 (checked against the default `python3`; pass `--python` with the notebook's own interpreter).",
            ...args
          );
    }
    case 'env-removed': {
      const a = text.args;
      const args = [
        usedAt(a.written, a.line, a.others, t),
        code(a.distribution),
        a.removedIn,
        who(a.who, t),
        a.now,
        code(a.use),
        code(`${a.distribution}<${a.removedIn}`)
      ];
      return a.deliberate
        ? t.__(
            '%1 is gone from %2 %3 on, and %4 has %2 %5: Restart & Run All fails here. Use %6, or install %7 and pin it in requirements.txt.',
            ...args
          )
        : t.__(
            "%1 is gone from %2 %3 on, and %4 has %2 %5: Restart & Run All fails here. Use %6, or install %7 and pin it in requirements.txt (checked against the default `python3`; pass `--python` with the notebook's own interpreter).",
            ...args
          );
    }
    case 'python-removed': {
      const a = text.args;
      return t.__(
        '%1 was removed in Python %2, and %3 is Python %4: Restart & Run All fails here. Use %5, or run the notebook with an older Python.',
        usedAt(a.written, a.line, a.others, t),
        a.removedIn,
        who(a.who, t),
        a.target,
        code(a.use)
      );
    }
    case 'module-missing': {
      const a = text.args;
      const service = hostedOnly(a.module);
      if (service !== null) {
        return t.__(
          '%1 (line %2): %3 exists only on %4, and %5 is not there: Restart & Run All fails here anywhere else, and no pip install gives it. Guard it (`try:` … `except ImportError:`), or read what it provides (a mounted drive, an uploaded file) from a path in the config.',
          `\`import ${a.dotted}\``,
          a.line + 1,
          code(a.module),
          service,
          who(a.who, t)
        );
      }
      // The distribution, not the import name: `pip install sklearn` fails, and `pip install
      // google` installs another project.
      const install = distributionFor(a.module) ?? a.module;
      const args = [
        `\`import ${a.dotted}\``,
        a.line + 1,
        code(a.module),
        who(a.who, t),
        code(
          a.shown === undefined || a.shown === null
            ? `pip install ${install}`
            : `pip install ${install}==${a.shown}`
        )
      ];
      return a.deliberate
        ? t.__(
            '%1 (line %2): %3 is not installed in %4, nor standard library, nor a module beside the notebook: Restart & Run All fails here. Install it (%5) and pin its version in requirements.txt.',
            ...args
          )
        : t.__(
            "%1 (line %2): %3 is not installed in %4, nor standard library, nor a module beside the notebook: Restart & Run All fails here. Install it (%5) and pin its version in requirements.txt (checked against the default `python3`; pass `--python` with the notebook's own interpreter).",
            ...args
          );
    }
    case 'data-folder-missing':
      return text.args.absolute
        ? t.__(
            'The folder %1 (entered by %2) does not exist: Restart & Run All fails here. A folder of another machine: keep the data beside the notebook and read it by relative paths, without changing folder.',
            code(text.args.path),
            readSite(text.args.at, t)
          )
        : t.__(
            'The folder %1 (entered by %2) does not exist: Restart & Run All fails here. Add it beside the notebook (and commit it), or fix the path.',
            code(text.args.path),
            readSite(text.args.at, t)
          );
    case 'data-pattern-empty':
      return t.__(
        'The pattern %1 (%2) matches no file: Restart & Run All reads nothing here. Add the files, or fix the pattern.',
        code(text.args.pattern),
        readSite(text.args.at, t)
      );
    case 'data-missing':
      return text.args.absolute
        ? t.__(
            '%1 (read by %2) does not exist: Restart & Run All fails here. An absolute path of another machine: put the file beside the notebook and read it by a relative path.',
            code(text.args.path),
            readSite(text.args.at, t)
          )
        : t.__(
            '%1 (read by %2) does not exist: Restart & Run All fails here. Add the file (and commit it or `dvc add` it), fix the path, or download it in a cell above.',
            code(text.args.path),
            readSite(text.args.at, t)
          );
    case 'data-changed': {
      const a = text.args;
      return t.__(
        '%1 changed since the notebook read it (md5 %2… then, %3… now): the saved outputs came from other data. Re-run from %4, or restore the file (and pin it: commit it or `dvc add` it).',
        code(a.path),
        a.then.slice(0, 8),
        a.now.slice(0, 8),
        cellLabel(a.cell, t)
      );
    }
    case 'data-unpinned':
      return t.__(
        '%1 (read by %2) is neither committed unchanged in git nor tracked by DVC: its content can change without a trace. Commit it, or %3.',
        code(text.args.path),
        readSite(text.args.at, t),
        `\`dvc add ${text.args.path}\``
      );
    case 'network-read':
      return t.__(
        'Reads %1 over the network (%2, line %3): the data can change or vanish. Download it once into a file beside the notebook, pin it (commit or `dvc add`), and read the file.',
        code(text.args.source),
        code(text.args.via),
        text.args.line + 1
      );
    case 'network-model':
      return t.__(
        'Downloads %1 from the Hugging Face Hub (%2, line %3): its files can change under the same name. Pin `revision=` to a commit hash, or save it beside the notebook (`save_pretrained`) and load that folder.',
        code(text.args.source),
        code(text.args.via),
        text.args.line + 1
      );
    case 'unseeded-random':
      return unseeded(text.args, t);
  }
}

function hiddenState(
  a: Extract<FindingText, { id: 'hidden-state' }>['args'],
  t: ITranslatorPort
): string {
  const names = nameList(a.names, t);
  const n = a.names.length;
  switch (a.reason) {
    case 're-run':
      return a.from !== null
        ? t._n(
            'Read %2 as changed by an earlier run of this same cell: re-run from %3 to reset it.',
            'Read %2 as changed by an earlier run of this same cell: re-run from %3 to reset them.',
            n,
            names,
            cellLabel(a.from, t)
          )
        : t.__(
            'Read %1 as changed by an earlier run of this same cell: no cell above resets it, so only a restart does.',
            names
          );
    case 'deleted':
      return t._n(
        'Read %2 from a cell that has since been deleted: Restart & Run All would not have it.',
        'Read %2 from a cell that has since been deleted: Restart & Run All would not have them.',
        n,
        names
      );
    case 'edited':
      return t.__(
        'Read %1 from %2, edited since it ran: the value came from code no longer in the notebook.',
        names,
        cellList(a.cells, t)
      );
    case 'previous-session':
      return t._n(
        '%2 may come from a previous kernel session: no run in this session defined it.',
        '%2 may come from a previous kernel session: no run in this session defined them.',
        n,
        names
      );
    default:
      return t.__('Read %1 from hidden state.', names);
  }
}

function unseeded(
  a: Extract<FindingText, { id: 'unseeded-random' }>['args'],
  t: ITranslatorPort
): string {
  const n = a.calls.length;
  const head = a.calls.slice(0, 2).map(code).join(t.__(', '));
  const shown =
    n > 2 ? t._n('%2 and %1 more', '%2 and %1 more', n - 2, head) : head;
  if (a.sklearn) {
    return t._n(
      '%2 draws random numbers without `random_state`, and no `np.random.seed` is set above: Restart & Run All gives other results. Pass `random_state=0`.',
      '%2 draw random numbers without `random_state`, and no `np.random.seed` is set above: Restart & Run All gives other results. Pass `random_state=0`.',
      n,
      shown
    );
  }
  const fixes = a.fixes
    .map(f => (f.top ? t.__('%1 in a cell at the top', f.code) : f.code))
    .join(t.__('; '));
  if (a.parallel === true) {
    return t._n(
      '%2 runs on several threads whose order changes from run to run, whatever seed is set above: Restart & Run All gives other numbers. Fix: %3.',
      '%2 run on several threads whose order changes from run to run, whatever seed is set above: Restart & Run All gives other numbers. Fix: %3.',
      n,
      shown,
      fixes
    );
  }
  return t._n(
    '%2 draws random numbers with no seed set above: Restart & Run All gives other numbers. Fix: %3.',
    '%2 draw random numbers with no seed set above: Restart & Run All gives other numbers. Fix: %3.',
    n,
    shown,
    fixes
  );
}
