/** The Pythons that can install each release bound the export writes. */
import { distributionFor } from '../../util/importUnits';
import { REMOVED_APIS } from '../../verdicts/pillars/removedApis';
import { boundWheels, wheelsFit } from '../boundWheels';

describe('boundWheels', () => {
  it('has a row for every bound the removed names can set', () => {
    const bounds = new Set(
      REMOVED_APIS.filter(e => e.module !== 'python').map(
        e => `${distributionFor(e.module) ?? e.module}<${e.removedIn}`
      )
    );
    const missing = [...bounds].filter(b => {
      const [name, below] = b.split('<');
      return boundWheels(name, below) === null;
    });
    expect(missing).toEqual([]);
    expect(bounds.size).toBeGreaterThan(30);
  });

  it('tells a Python that has wheels from one that has none', () => {
    const tf = boundWheels('tensorflow', '2.0');
    expect(tf).toEqual({ last: '1.15.5', cpython: [6, 7] });
    expect(
      ['3.6.9', '3.7.3', '3.11.7', '3.8.0', '2.7.5+', null].map(v =>
        wheelsFit(tf!, v)
      )
    ).toEqual([true, true, false, false, false, true]);
    // A pure-Python wheel: every Python 3.
    expect(wheelsFit(boundWheels('keras', '3.0')!, '3.13.1')).toBe(true);
    // Names as pip spells them, normalized.
    expect(boundWheels('Scikit_Learn', '0.22')?.last).toBe('0.21.3');
  });
});
