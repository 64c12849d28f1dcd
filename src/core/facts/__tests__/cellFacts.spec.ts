import * as path from 'node:path';

import { cellFacts } from '../cellFacts';
import { describe as describeFacts, expectedOf, readCases } from './caseRunner';

const cases = readCases(path.join(__dirname, 'cases'));

describe('cellFacts fixtures', () => {
  it('has the fixtures', () => {
    expect(cases.length).toBeGreaterThan(100);
  });
  for (const c of cases) {
    it(`${c.file}: ${c.name}`, () => {
      const expected = expectedOf(c);
      const actual = describeFacts(cellFacts(c.source), c);
      expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
    });
  }
});
