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

/** The character codes of the lower-case hex digits. */
const HEX_DIGITS = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));
/** A UUID's 36 character codes, written in place (the dashes where the 5th, 7th, 9th and 11th bytes begin). */
const uuidCodes: number[] = new Array<number>(36).fill(0);

/**
 * A version 4 UUID (RFC 9562 §5.4), as `crypto.randomUUID()` makes one. Spelled from its character
 * codes in one go, a flat string: joined from 16 hex pairs it was a tree of a dozen cons strings,
 * which a Boomi token keeps for half an hour (20,000 of them by default), and the collector copied
 * each tree out of the young generation and traced it after: most of the cost of issuing a token
 * (`npm run bench:pipeline`'s Boomi case issues one per pair).
 */
export function randomUuid(): string {
  const b = randomBytes(16);
  let j = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) uuidCodes[j++] = DASH;
    const byte = i === 6 ? versioned(b[i]) : i === 8 ? variant(b[i]) : (b[i] ?? 0);
    uuidCodes[j++] = HEX_DIGITS[byte >> 4] ?? 0;
    uuidCodes[j++] = HEX_DIGITS[byte & 0x0f] ?? 0;
  }
  return String.fromCharCode(...uuidCodes);
}

const DASH = 45;
/** The version nibble set to 4. */
const versioned = (byte = 0) => (byte & 0x0f) | 0x40;
/** The variant bits set to 10. */
const variant = (byte = 0) => (byte & 0x3f) | 0x80;

/** `n` random bytes as base64url without padding. */
export function randomToken(n: number): string {
  return btoa(String.fromCharCode(...randomBytes(n)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}
