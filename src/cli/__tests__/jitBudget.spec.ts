/**
 * The inlining budget is set for the commands where it was measured to help, and only there.
 */
import { setFlagsFromString } from 'node:v8';
import { trimInlining } from '../jitBudget';

jest.mock('node:v8', () => ({ setFlagsFromString: jest.fn() }));

const setFlags = jest.mocked(setFlagsFromString);
const onMeasuredV8 = process.versions.v8.startsWith('11.');

beforeEach(() => setFlags.mockClear());

test.each(['check', 'export', 'params'])('%s trims inlining', command => {
  trimInlining(command);
  expect(setFlags.mock.calls).toEqual(
    onMeasuredV8 ? [['--max-inlined-bytecode-size-cumulative=300']] : []
  );
});

test.each(['verify', 'runs'])('%s keeps V8’s budget', command => {
  trimInlining(command);
  expect(setFlags).not.toHaveBeenCalled();
});
