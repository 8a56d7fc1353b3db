/**
 * Random tokens from Web Crypto's `getRandomValues`, which Node (≥ 19) and every browser have, in
 * any page: `crypto.randomUUID` exists only in secure contexts, and a dev server on a LAN address
 * (`http://192.168.1.5:5173`) is not one. Bytes are drawn from a pool refilled 4 KiB at a time, as
 * Node's own randomUUID does: a `getRandomValues` call per token is dear next to a whole request
 * (`npm run bench:pipeline`'s Boomi case draws a token per request).
 */
const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let used = 0;

function randomBytes(n: number): Uint8Array {
  if (used + n > pool.length) {
    pool = globalThis.crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    used = 0;
  }
  used += n;
  return pool.subarray(used - n, used);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A version 4 UUID (RFC 9562 §5.4), as `crypto.randomUUID()` makes one. */
export function randomUuid(): string {
  const b = randomBytes(16);
  // Every index is in range (16 bytes, 256 strings): the fallbacks only satisfy the type.
  const hex = (byte: number) => HEX[byte] ?? '';
  const h = (i: number) => hex(b[i] ?? 0);
  const version = hex(((b[6] ?? 0) & 0x0f) | 0x40);
  const variant = hex(((b[8] ?? 0) & 0x3f) | 0x80);
  return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${version}${h(7)}-${variant}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}

/** `n` random bytes as base64url without padding. */
export function randomToken(n: number): string {
  return btoa(String.fromCharCode(...randomBytes(n)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}
