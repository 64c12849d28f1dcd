import {
  nullTranslator,
  type TranslationBundle
} from '@jupyterlab/translation';
import { atLeast, describe, type FindingText } from '../core';
import type { IFinding, ICellRef, Severity, VerdictId } from '../core';
import type { ILinearizeSettings } from './settings';

/** The gettext domain of the extension's strings (the Python package name). */
export const TRANSLATION_DOMAIN = 'jupyterlab_linearize';

/** The bundle used when no `ITranslator` is given (tests, other front ends). */
export const defaultTrans: TranslationBundle =
  nullTranslator.load(TRANSLATION_DOMAIN);

/**
 * The short human title of a verdict kind, for badges and group headers. A kind this
 * version does not know (a newer core) gets a readable form of its id, never a crash.
 */
export function verdictTitle(
  kind: VerdictId | string,
  trans: TranslationBundle = defaultTrans
): string {
  switch (kind as VerdictId) {
    case 'unexecuted':
      return trans.__('Not run');
    case 'skipped':
      return trans.__('Skipped');
    case 'out-of-order':
      return trans.__('Out of order');
    case 'count-order':
      return trans.__('Counts out of order');
    case 'count-gap':
      return trans.__('Gaps in counts');
    case 'edited':
      return trans.__('Edited after run');
    case 'stale':
      return trans.__('Stale');
    case 'unsafe':
      return trans.__('Unsafe');
    case 'hidden-state':
      return trans.__('Hidden state');
    case 'shadowed':
      return trans.__('Shadowed');
    case 'rra-undefined':
      return trans.__('Fails on Restart & Run All');
    case 'rra-maybe-undefined':
      return trans.__('May fail on Restart & Run All');
    case 'errored':
      return trans.__('Raised an error');
    case 'history-var':
      return trans.__('Uses output history');
    case 'syntax-error':
      return trans.__('Does not parse');
    case 'language-not-supported':
      return trans.__('Language not supported');
    case 'data-missing':
      return trans.__('Data file missing');
    case 'data-changed':
      return trans.__('Data changed since read');
    case 'data-unpinned':
      return trans.__('Data not pinned');
    case 'network-read':
      return trans.__('Reads over the network');
    case 'unseeded-random':
      return trans.__('Unseeded randomness');
    case 'python-version':
      return trans.__('Python version differs');
    case 'module-missing':
      return trans.__('Module not installed');
    case 'env-drift':
      return trans.__('Package version differs');
    default: {
      const words = String(kind).replace(/-/g, ' ');
      return words.charAt(0).toUpperCase() + words.slice(1);
    }
  }
}

/** The human name of a severity (badges, screen readers). */
export function severityLabel(
  s: Severity,
  trans: TranslationBundle = defaultTrans
): string {
  return s === 'error'
    ? trans.__('error')
    : s === 'warning'
      ? trans.__('warning')
      : trans.__('info');
}

/** True when `s` is at or above `threshold`, in the core's severity order. */
export function atLeastSeverity(s: Severity, threshold: Severity): boolean {
  return atLeast(s, threshold);
}

/** The worst severity of a list (the core's order), or null for an empty list. */
export function worstSeverity(findings: readonly IFinding[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings) {
    if (worst === null || !atLeast(worst, f.severity)) {
      worst = f.severity;
    }
  }
  return worst;
}

/** Findings the user asked to see. */
export function visibleFindings(
  findings: readonly IFinding[],
  settings: ILinearizeSettings
): IFinding[] {
  const hidden = new Set<string>(settings.hiddenVerdicts);
  return findings.filter(f => !hidden.has(f.kind));
}

/**
 * The one count shown everywhere (status item, panel summary, toolbar badge): visible
 * findings at warning or above. `info` findings are hints, listed but not counted.
 */
export function issueCount(
  findings: readonly IFinding[],
  settings: ILinearizeSettings
): { issues: number; hints: number } {
  let issues = 0;
  let hints = 0;
  for (const f of visibleFindings(findings, settings)) {
    if (atLeast(f.severity, 'warning')) {
      issues++;
    } else {
      hints++;
    }
  }
  return { issues, hints };
}

/** "3 issues" / "1 issue" (gettext plurals). */
export function issuesText(
  n: number,
  trans: TranslationBundle = defaultTrans
): string {
  return trans._n('%1 issue', '%1 issues', n);
}

/** "cell 3" as JupyterLab numbers cells (1-based), or "a deleted cell". */
export function cellLabel(
  ref: ICellRef | null,
  trans: TranslationBundle = defaultTrans
): string {
  return ref === null
    ? trans.__('the notebook')
    : ref.index === null
      ? trans.__('a deleted cell')
      : trans.__('cell %1', ref.index + 1);
}

/**
 * A finding's message in the user's language: the core describes each finding as data
 * (`text`), worded here through the bundle; the English `message` is what the CLI prints.
 */
export function findingMessage(
  f: IFinding,
  trans: TranslationBundle = defaultTrans
): string {
  // A finding of a newer core may carry a text this version cannot word: keep its English.
  const said = (f.text as FindingText | undefined) && describe(f.text, trans);
  return typeof said === 'string' ? said : f.message;
}

/** A message split into text and `code` parts (the core quotes names in backticks). */
export interface IMessagePart {
  readonly text: string;
  readonly code: boolean;
}

/** Split a message on backtick pairs; an unpaired backtick stays as text. */
export function messageParts(message: string): IMessagePart[] {
  const parts: IMessagePart[] = [];
  const re = /`([^`\n]+)`/g;
  let last = 0;
  for (let m = re.exec(message); m !== null; m = re.exec(message)) {
    if (m.index > last) {
      parts.push({ text: message.slice(last, m.index), code: false });
    }
    parts.push({ text: m[1], code: true });
    last = m.index + m[0].length;
  }
  if (last < message.length) {
    parts.push({ text: message.slice(last), code: false });
  }
  return parts;
}

/** The message as plain text for places that cannot style code (titles, aria labels). */
export function plainMessage(message: string): string {
  return messageParts(message)
    .map(p => p.text)
    .join('');
}

/** Append a message to a DOM node, names in `<code>`. */
export function appendMessage(parent: HTMLElement, message: string): void {
  for (const part of messageParts(message)) {
    if (part.code) {
      const code = document.createElement('code');
      code.textContent = part.text;
      parent.append(code);
    } else {
      parent.append(document.createTextNode(part.text));
    }
  }
}
