/**
 * Record version 2 keeps what the kernel companion saw (data md5s, package versions), and
 * version 1 records (written before) are still read.
 */
import { appendRun, emptyRecord, startSession } from '../executionLog';
import { compact } from '../compact';
import { fromMetadata, RECORD_VERSION, toMetadata } from '../metadata';
import { observedOf, withObserved } from '../observed';

function recorded() {
  const r = startSession(emptyRecord(), 'k1', 't0');
  return appendRun(r, {
    cellId: 'a',
    source: 'import pandas as pd\ndf = pd.read_csv("x.csv")',
    executionCount: 1,
    status: 'ok',
    time: 't1'
  });
}

describe('record version 2: observed', () => {
  it('writes version 2 and round-trips what the companion saw', () => {
    const r = withObserved(
      recorded(),
      1,
      [{ path: 'x.csv', md5: 'a'.repeat(32), size: 10 }],
      [{ distribution: 'pandas', version: '2.2.0', modules: ['pandas'] }]
    );
    const json = JSON.parse(JSON.stringify(toMetadata(r)));
    expect(json.version).toBe(RECORD_VERSION);
    expect(RECORD_VERSION).toBe(2);
    const back = fromMetadata(json);
    expect(back.warning).toBeNull();
    expect(back.record).toEqual(r);
    expect(observedOf(back.record)).toEqual({
      data: { 'x.csv': { md5: 'a'.repeat(32), size: 10, seq: 1 } },
      packages: {
        pandas: { distribution: 'pandas', version: '2.2.0', seq: 1 }
      }
    });
  });

  it('a later observation replaces an earlier one; compaction keeps them', () => {
    let r = withObserved(
      recorded(),
      1,
      [{ path: 'x.csv', md5: 'a'.repeat(32), size: 1 }],
      []
    );
    r = withObserved(
      r,
      1,
      [{ path: 'x.csv', md5: 'b'.repeat(32), size: 2 }],
      []
    );
    expect(r.observed?.data['x.csv']).toEqual({
      md5: 'b'.repeat(32),
      size: 2,
      seq: 1
    });
    expect(compact(r).observed).toEqual(r.observed);
  });

  it('reads a version 1 record (no observed) as a version 2 one', () => {
    const v1 = {
      ...JSON.parse(JSON.stringify(toMetadata(recorded()))),
      version: 1
    };
    const back = fromMetadata(v1);
    expect(back.warning).toBeNull();
    expect(back.record.version).toBe(2);
    expect(back.record.runs).toHaveLength(1);
    expect(back.record.observed).toBeUndefined();
    // A version 1 record cannot carry observations: a stray field there is ignored.
    expect(
      fromMetadata({ ...v1, observed: { data: 1 } }).record.observed
    ).toBeUndefined();
  });

  it('ignores a version 2 record whose observed part is not an object', () => {
    const bad = { ...toMetadata(recorded()), observed: [] };
    const back = fromMetadata(bad);
    expect(back.warning).toMatch(/observed/);
  });
});
