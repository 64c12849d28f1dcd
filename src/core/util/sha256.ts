/**
 * SHA-256 (FIPS 180-4) in plain TypeScript, for the provenance manifest.
 *
 * Why not `crypto.subtle` or Node's `crypto`: the core runs in the browser and in Node and may
 * import neither, and `crypto.subtle` is async and missing on plain-HTTP origins (JupyterLab
 * is often served over http://host:8888). isomorphic-git bundles `sha.js`, but that needs a
 * global `Buffer`. This is small, synchronous and deterministic everywhere.
 */

// Words are kept in Int32Arrays: a Uint32Array element at or above 2^31 reads back as a heap
// number rather than a small integer, which slowed every round of the compression.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
  0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
  0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
]);

const INITIAL = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
  0x1f83d9ab, 0x5be0cd19
];

/**
 * The host's `TextEncoder` (browsers and Node have one; the core declares no DOM types, so it
 * is looked up): native, several times faster than the loop below, which stays for a host
 * without one. An export hashes all of a notebook's code.
 */
const hostEncoder: { encode(text: string): Uint8Array } | null = (() => {
  const host = globalThis as {
    TextEncoder?: new () => { encode(text: string): Uint8Array };
  };
  return typeof host.TextEncoder === 'function' ? new host.TextEncoder() : null;
})();

/**
 * Encodes a string as UTF-8. Lone surrogates become U+FFFD, as `TextEncoder` does, so the
 * hash of a string equals the hash of the bytes a browser or Node would write for it.
 */
export function utf8Encode(text: string): Uint8Array {
  return hostEncoder !== null ? hostEncoder.encode(text) : encodeUtf8(text);
}

/** `utf8Encode` written out, for a host without `TextEncoder`. */
export function encodeUtf8(text: string): Uint8Array {
  // At most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units), written in
  // place: pushing to a number[] then copying it cost more than the hash itself.
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      out[n++] = code;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        code = 0xfffd;
      }
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      code = 0xfffd;
    }
    if (code < 0x800) {
      out[n++] = 0xc0 | (code >> 6);
      out[n++] = 0x80 | (code & 0x3f);
    } else if (code < 0x10000) {
      out[n++] = 0xe0 | (code >> 12);
      out[n++] = 0x80 | ((code >> 6) & 0x3f);
      out[n++] = 0x80 | (code & 0x3f);
    } else {
      out[n++] = 0xf0 | (code >> 18);
      out[n++] = 0x80 | ((code >> 12) & 0x3f);
      out[n++] = 0x80 | ((code >> 6) & 0x3f);
      out[n++] = 0x80 | (code & 0x3f);
    }
  }
  // A copy of its own: callers may hand the array's whole `buffer` on.
  return n === out.length ? out : out.slice(0, n);
}

/** An incremental SHA-256: feed chunks with `update`, then read the hex digest once. */
export class Sha256 {
  private readonly _state = Int32Array.from(INITIAL);
  private readonly _block = new Uint8Array(64);
  private readonly _w = new Int32Array(64);
  private _blockLength = 0;
  // Total length in bytes; a double is exact up to 2^53 bytes, far beyond anything we hash.
  private _length = 0;
  private _done = false;

  /** Adds bytes (or a string, hashed as UTF-8). */
  update(data: Uint8Array | string): this {
    if (this._done) {
      throw new Error('Sha256: update() after digest()');
    }
    const bytes = typeof data === 'string' ? utf8Encode(data) : data;
    this._length += bytes.length;
    let offset = 0;
    // Whole blocks straight from the input, without copying them into `_block` first.
    while (this._blockLength === 0 && bytes.length - offset >= 64) {
      this._compress(bytes, offset);
      offset += 64;
    }
    while (offset < bytes.length) {
      const take = Math.min(64 - this._blockLength, bytes.length - offset);
      this._block.set(bytes.subarray(offset, offset + take), this._blockLength);
      this._blockLength += take;
      offset += take;
      if (this._blockLength === 64) {
        this._compress(this._block, 0);
        this._blockLength = 0;
      }
    }
    return this;
  }

  /** Finishes the hash and returns 64 lower-case hex digits. */
  digest(): string {
    if (this._done) {
      throw new Error('Sha256: digest() called twice');
    }
    this._done = true;
    const bitsHigh = Math.floor(this._length / 0x20000000);
    const bitsLow = (this._length * 8) >>> 0;
    this._block[this._blockLength++] = 0x80;
    if (this._blockLength > 56) {
      this._block.fill(0, this._blockLength);
      this._compress(this._block, 0);
      this._blockLength = 0;
    }
    this._block.fill(0, this._blockLength, 56);
    const view = new DataView(this._block.buffer);
    view.setUint32(56, bitsHigh);
    view.setUint32(60, bitsLow);
    this._compress(this._block, 0);
    let hex = '';
    for (const word of this._state) {
      hex += (word >>> 0).toString(16).padStart(8, '0');
    }
    return hex;
  }

  /** Hashes the 64 bytes of `b` from `at` into the state. */
  private _compress(b: Uint8Array, at: number): void {
    const w = this._w;
    for (let i = 0; i < 16; i++) {
      const j = at + 4 * i;
      w[i] = (b[j] << 24) | (b[j + 1] << 16) | (b[j + 2] << 8) | b[j + 3];
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15];
      const y = w[i - 2];
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    const s = this._state;
    let a = s[0];
    let bb = s[1];
    let c = s[2];
    let d = s[3];
    let e = s[4];
    let f = s[5];
    let g = s[6];
    let h = s[7];
    for (let i = 0; i < 64; i++) {
      const t1 =
        (h +
          (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
          ((e & f) ^ (~e & g)) +
          K[i] +
          w[i]) |
        0;
      const t2 =
        ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) +
          ((a & bb) ^ (a & c) ^ (bb & c))) |
        0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = bb;
      bb = a;
      a = (t1 + t2) | 0;
    }
    s[0] += a;
    s[1] += bb;
    s[2] += c;
    s[3] += d;
    s[4] += e;
    s[5] += f;
    s[6] += g;
    s[7] += h;
  }
}

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

/**
 * SHA-256 of bytes, or of a string's UTF-8 encoding, as 64 lower-case hex digits.
 *
 * @example sha256('abc') === 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function sha256(data: Uint8Array | string): string {
  return new Sha256().update(data).digest();
}
