/**
 * Base64 as servers read credentials: both alphabets (`+/` and `-_`), padding optional, and
 * whatever is not Base64 skipped, as Node's `Buffer.from(text, 'base64')` reads it (which the mock
 * used before its core ran in browsers, where `atob` throws on such text instead).
 */
const VALUES = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  .split('')
  .forEach((c, i) => (VALUES[c.charCodeAt(0)] = i));
VALUES['-'.charCodeAt(0)] = 62;
VALUES['_'.charCodeAt(0)] = 63;

export function decodeBase64(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let length = 0;
  let bits = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 61 /* = */) break;
    const value = VALUES[code] ?? -1;
    if (value < 0) continue;
    bits = (bits << 6) | value;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[length++] = (bits >> count) & 0xff;
    }
  }
  return out.subarray(0, length);
}

const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Base64 text decoded, read as UTF-8 with bad bytes replaced (as `Buffer#toString` does). */
export function decodeBase64Text(text: string): string {
  return lenientUtf8.decode(decodeBase64(text));
}
