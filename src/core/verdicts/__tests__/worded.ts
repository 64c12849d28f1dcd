/**
 * Every finding's `message` is its `text` worded in English (`messages.ts`): a verdict that
 * wrote a message by hand, or a text that says something else, throws here. The fixtures'
 * analyses (`Sim`) and the pillar tests pass every finding through it.
 */
import type { IFinding } from '../../types';
import { describe as word } from '../messages';

export function checkWorded(findings: readonly IFinding[]): void {
  for (const f of findings) {
    const text = (f as Partial<IFinding>).text;
    if (text === undefined || word(text) !== f.message) {
      throw new Error(
        `the message of this ${f.kind} finding is not its text worded: ${JSON.stringify(f)}`
      );
    }
  }
}
