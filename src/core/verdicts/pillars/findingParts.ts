/**
 * Small pieces every pillar finding is built from: a cell reference, a severity lowered
 * where the interpreter was not chosen, and who the messages name as the interpreter.
 */
import type { ICellRef, IFinding, Severity } from '../../types';
import { finding, type IFindingInput } from '../finding';
import type { Interpreter } from '../messages';
import type { IPillarContext } from './pillarFindings';

/** A reference to the cell at `index`. */
export function ref(cellId: string, index: number): ICellRef {
  return { id: cellId, index };
}

/** The finding, at `severity` instead of its kind's when that is given. */
export function withSeverity(
  input: IFindingInput,
  severity: Severity | null
): IFinding {
  const f = finding(input);
  return severity === null || severity === f.severity ? f : { ...f, severity };
}

/** Who the messages name as the interpreter. */
export function interpreterOf(ctx: IPillarContext): Interpreter {
  if (ctx.interpreterIsKernel === true) {
    return { kind: 'kernel' };
  }
  return ctx.interpreterLabel === undefined
    ? { kind: 'target' }
    : { kind: 'label', label: ctx.interpreterLabel };
}
