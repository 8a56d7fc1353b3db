/**
 * `application/x-www-form-urlencoded` as WHATWG's URL standard parses it (forms and query strings),
 * with one difference: percent-encoded bytes that are not UTF-8 are refused instead of replaced by
 * U+FFFD. URLSearchParams replaces them, so `host=u8-%80` and `host=u8-%E2%82` read as the same
 * name, and the second request silently updated the host the first one created.
 */

import { Memo } from '../common/memo.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

/** A name or value whose percent-encoded bytes are not UTF-8; `field` is its name, when that could be read. */
export class UrlEncodedUtf8Error extends Error {
  constructor(readonly field: string | undefined) {
    super(
      field === undefined
        ? 'a field name is not UTF-8 once percent-decoded'
        : `field '${field}' is not UTF-8 once percent-decoded`,
    );
    this.name = 'UrlEncodedUtf8Error';
  }
}

/** The name/value pairs in order. Strict (the default) throws UrlEncodedUtf8Error where WHATWG would write U+FFFD. */
export function parseUrlEncoded(text: string, strict = true): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('&', start);
    if (end < 0) end = text.length;
    if (end > start) {
      const eq = text.indexOf('=', start);
      const split = eq >= 0 && eq < end;
      const name = decodeComponent(text.slice(start, split ? eq : end), strict, undefined);
      out.push([name, split ? decodeComponent(text.slice(eq + 1, end), strict, name) : '']);
    }
    start = end + 1;
  }
  return out;
}

/** Characters outside ASCII: where decodeURIComponent and this reader could differ (a lone surrogate). */
const NON_ASCII = /[^\0-\x7f]/;

function decodeComponent(raw: string, strict: boolean, field: string | undefined): string {
  const spaced = raw.includes('+') ? raw.replaceAll('+', ' ') : raw;
  if (!spaced.includes('%')) return spaced;
  // The usual case, well-formed escapes of UTF-8 in ASCII text, decodes natively: decodeURIComponent
  // gives the same text, and throws on anything else (a `%` not followed by two hex digits, bytes
  // that are not UTF-8), which the byte walk below then reads as WHATWG does.
  if (!NON_ASCII.test(spaced)) {
    try {
      return decodeURIComponent(spaced);
    } catch {
      // Read below.
    }
  }
  const bytes = encoder.encode(spaced);
  let w = 0;
  for (let r = 0; r < bytes.length; r++) {
    // In range by the loop and the length check; `?? 0` (not a hex digit) only satisfies the type.
    const byte = bytes[r] ?? 0;
    const high = r + 2 < bytes.length ? hexValue(bytes[r + 1] ?? 0) : -1;
    const low = high >= 0 ? hexValue(bytes[r + 2] ?? 0) : -1;
    if (byte === 0x25 /* % */ && low >= 0) {
      bytes[w++] = high * 16 + low;
      r += 2;
    } else {
      bytes[w++] = byte;
    }
  }
  const decoded = bytes.subarray(0, w);
  if (!strict) return lenientUtf8.decode(decoded);
  try {
    return strictUtf8.decode(decoded);
  } catch {
    throw new UrlEncodedUtf8Error(field);
  }
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/**
 * URL-encoded field records read recently, by their text (queries, forms): a client sends the same
 * few again and again, and reading one (splitting, percent-decoding, building the object) is a
 * visible part of a small request's work. Only a short text whose fields are all single is kept, and
 * frozen: a list would be shared by every reader, and a frozen record cannot change by mistake (a
 * reader that changes its record, as a validator coercing in place does, takes a copy). Reading is a
 * function of the text alone, so no state of the mock can make a kept record wrong. At most
 * `maxEntries`; then the memory starts afresh.
 */
export class FieldMemory {
  private readonly kept: Memo<string, Readonly<Record<string, string>>>;

  constructor(
    maxEntries: number,
    private readonly maxLength: number,
  ) {
    this.kept = new Memo(maxEntries);
  }

  get(text: string): Readonly<Record<string, string>> | undefined {
    return this.kept.get(text);
  }

  /** Keeps `fields`, frozen, when it may be kept (and answers it frozen); else answers undefined. */
  keep(text: string, fields: Record<string, string | string[]>): Readonly<Record<string, string>> | undefined {
    if (text.length > this.maxLength || Object.values(fields).some(Array.isArray)) return undefined;
    return this.kept.set(text, Object.freeze(fields) as Readonly<Record<string, string>>);
  }
}
