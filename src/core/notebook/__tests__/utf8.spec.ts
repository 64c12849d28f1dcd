/**
 * `utf8Problem` against Node's strict decoder: the same verdict on every input, the
 * position and reason Python's codec reports on the ones it refuses.
 */
import { utf8Problem } from '../fromIpynb';

/** mulberry32, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const strict = new TextDecoder('utf-8', { fatal: true });
const valid = (b: Uint8Array): boolean => {
  try {
    strict.decode(b);
    return true;
  } catch {
    return false;
  }
};

describe('utf8Problem', () => {
  it('agrees with a strict decoder on 20,000 random byte strings', () => {
    const random = seeded(4);
    // Bytes around the boundaries that matter: ASCII, continuations, lead bytes, 0xF4/0xF5.
    const pool = [
      0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf,
      0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff
    ];
    let refused = 0;
    for (let i = 0; i < 20000; i++) {
      const n = 1 + Math.floor(random() * 6);
      const bytes = Uint8Array.from(
        { length: n },
        () => pool[Math.floor(random() * pool.length)]
      );
      const ours = utf8Problem(bytes);
      expect([Array.from(bytes), ours === null]).toEqual([
        Array.from(bytes),
        valid(bytes)
      ]);
      refused += ours === null ? 0 : 1;
    }
    expect(refused).toBeGreaterThan(1000);
  });

  it("names the byte and position as Python's codec does", () => {
    const at = (s: number[]): string | null => utf8Problem(Uint8Array.from(s));
    expect(at([0x78, 0xff, 0x3d])).toMatch(
      /can't decode byte 0xff in position 1: invalid start byte/
    );
    expect(at([0x61, 0xc3])).toMatch(
      /byte 0xc3 in position 1: unexpected end of data/
    );
    expect(at([0xe2, 0x28, 0xa1])).toMatch(
      /byte 0xe2 in position 0: invalid continuation byte/
    );
    expect(at([0xed, 0xa0, 0x80])).toMatch(/invalid continuation byte/);
    expect(at([0xef, 0xbb, 0xbf, 0x7b])).toBeNull();
  });
});
