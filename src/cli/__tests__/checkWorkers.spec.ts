/**
 * How many threads `check` uses when `--jobs` is not given. Whether it pays is measured in
 * bench/check.mjs; these cases pin the rule it led to.
 */
import { autoJobs } from '../checkWorkers';

describe('autoJobs', () => {
  it('keeps to one thread on two cores, however many notebooks', () => {
    // Each thread's V8 uses about a second core for its optimising compiler and GC.
    expect(autoJobs(1, 472)).toBe(1);
    expect(autoJobs(2, 472)).toBe(1);
    expect(autoJobs(3, 10_000)).toBe(1);
  });

  it('gives a thread two cores when there are enough', () => {
    expect(autoJobs(4, 472)).toBe(2);
    expect(autoJobs(8, 472)).toBe(4);
    expect(autoJobs(64, 472)).toBe(8);
  });

  it('starts no worker for a few notebooks', () => {
    expect(autoJobs(16, 7)).toBe(1);
    expect(autoJobs(16, 16)).toBe(2);
    expect(autoJobs(16, 24)).toBe(3);
  });
});
