/**
 * UTF-8 decoding without `TextDecoder` (the core declares no DOM or Node globals).
 * Invalid sequences become U+FFFD, like `new TextDecoder()` does by default.
 */
export function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let code = 0xfffd;
    let need = 0;
    if (b < 0x80) {
      code = b;
    } else if (b >= 0xc2 && b < 0xe0) {
      need = 1;
      code = b & 0x1f;
    } else if (b >= 0xe0 && b < 0xf0) {
      need = 2;
      code = b & 0x0f;
    } else if (b >= 0xf0 && b < 0xf5) {
      need = 3;
      code = b & 0x07;
    }
    i++;
    let ok = true;
    for (let k = 0; k < need; k++) {
      const c = bytes[i];
      if (c === undefined || (c & 0xc0) !== 0x80) {
        ok = false;
        break;
      }
      code = (code << 6) | (c & 0x3f);
      i++;
    }
    const min =
      need === 1 ? 0x80 : need === 2 ? 0x800 : need === 3 ? 0x10000 : 0;
    if (
      !ok ||
      code < min ||
      code > 0x10ffff ||
      (code >= 0xd800 && code <= 0xdfff)
    ) {
      code = 0xfffd;
    }
    out += String.fromCodePoint(code);
  }
  return out;
}
