import { describeIssue } from '../spec/ajv.js';
import { BodySyntaxError, bodyKind, decodeBody } from '../spec/codec.js';
import type { LoadedSpec, OperationInfo } from '../spec/spec-index.js';
import { FieldMemory, parseUrlEncoded, UrlEncodedUtf8Error } from '../spec/urlencoded.js';
import { firstInvalidUtf8Byte } from '../spec/utf8.js';
import type { OperationValidators } from '../spec/validators.js';
import { HttpError } from '../mock/errors.js';
import { mediaTypeOf } from '../mock/negotiate.js';
import type { PlainRequest } from './http.js';

/**
 * Reading what a request carries (query and body) into the values its operation's validators take:
 * one decoder, used by the mock's pipeline and by the proxy's request checks alike. A problem is an
 * HttpError (400 naming the field, 413, 415), the answer the mock gives; the proxy reports it.
 */

export interface DecodeLimits {
  maxJsonDepth: number;
  maxXmlDepth: number;
}

export interface DecodedBody {
  body: unknown;
  /** The media type the body was read as; absent when there is no body to validate. */
  mediaType?: string;
  /** The body's size in bytes. */
  bytes: number;
}

export const NO_BODY: DecodedBody = { body: undefined, bytes: 0 };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

/** The body's bytes, however the request holds them; over `limit` bytes is a 413. */
export async function bodyBytes(body: PlainRequest['body'], limit: number): Promise<Uint8Array> {
  if (typeof body === 'function') return body(limit);
  return heldBytes(body, limit);
}

/** The bytes of a body the request holds (not a reader's); over `limit` bytes is a 413. */
export function heldBytes(body: Uint8Array | string | undefined, limit: number): Uint8Array {
  if (body === undefined) return new Uint8Array(0);
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  if (bytes.length > limit)
    throw new HttpError(413, `request body of ${bytes.length} bytes is larger than the limit of ${limit} bytes`);
  return bytes;
}

/**
 * The body as sent before its `Content-Encoding` was applied. A spec lists the codings its vendor's
 * server takes in `x-content-encodings` (GroundWork: `gzip`, which TCG's connectors send); any other
 * coding is a 415 that names the header and says what is taken (with `Accept-Encoding`, RFC 9110
 * §12.5.3). The decoded size counts against `limit` as the sent one does: a small gzip bomb is a 413.
 */
export async function decodeContentCoding(
  bytes: Uint8Array,
  header: string | undefined,
  accepted: readonly string[],
  limit: number,
): Promise<Uint8Array> {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity')
    .map((c) => (c === 'x-gzip' ? 'gzip' : c));
  if (codings.length === 0) return bytes;
  const refused = codings.find((c) => !accepted.includes(c));
  if (refused !== undefined) {
    const takes = [...accepted, 'identity'].join(' or ');
    throw new HttpError(415, `Content-Encoding '${refused}' is not accepted here: send the body as ${takes}`, {
      headers: { 'Accept-Encoding': accepted.length > 0 ? accepted.join(', ') : 'identity' },
      source: { parameter: 'Content-Encoding' },
    });
  }
  if (bytes.length === 0) return bytes;
  let decoded = bytes;
  // Codings are listed in the order they were applied: undone from the last.
  for (const coding of codings.reverse()) decoded = await decompress(decoded, coding as CompressionFormat, limit);
  return decoded;
}

/** `DecompressionStream`, a web standard, so the core still runs in a browser; stopped at `limit`. */
async function decompress(bytes: Uint8Array, format: CompressionFormat, limit: number): Promise<Uint8Array> {
  // Bodies are never over shared memory: the reader and `fetch` give ArrayBuffer-backed bytes.
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream(format));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel();
        throw new HttpError(
          413,
          `request body is larger than the limit of ${limit} bytes once its Content-Encoding ${format} is undone`,
        );
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, `request body is not valid ${format} data, as its Content-Encoding says it is`, {
      source: { parameter: 'Content-Encoding' },
    });
  }
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Queries read recently (the latest 256 of up to 1,024 characters). */
const queries = new FieldMemory(256, 1024);

/**
 * Query parameters by name (a repeated one becomes a list). Percent-encoded bytes that are not
 * UTF-8 are refused, never replaced. Each call answers a new object, which the caller may change.
 */
export function readQuery(search: string): Record<string, string | string[]> {
  return { ...sharedQuery(search) };
}

/**
 * As readQuery, but a query read before may be answered as the object remembered for it, frozen:
 * for a caller that copies what it keeps (the parameters' validator copies each group). Percent-
 * decoding was a tenth of a GET with a few bracketed parameters (Polarity's `page[size]`), so a
 * short query without repeated names is decoded once; one with lists (which a validator may coerce
 * in place) or a long one is read afresh each time.
 */
export function sharedQuery(search: string): Readonly<Record<string, string | string[]>> {
  if (search.length <= 1) return NO_QUERY;
  const remembered = queries.get(search);
  if (remembered !== undefined) return remembered;
  const query = parseQuery(search);
  return queries.keep(search, query) ?? query;
}

const NO_QUERY: Readonly<Record<string, string>> = Object.freeze({});

function parseQuery(search: string): Record<string, string | string[]> {
  let pairs: Array<[string, string]>;
  try {
    pairs = parseUrlEncoded(search.slice(1));
  } catch (error) {
    if (!(error instanceof UrlEncodedUtf8Error)) throw error;
    const field = error.field ?? '(a parameter name)';
    const issue = { in: 'query' as const, field, pointer: `/${field}`, message: 'is not UTF-8 once percent-decoded' };
    throw new HttpError(400, describeIssue(issue), { issues: [issue] });
  }
  // A null prototype: `constructor` or `__proto__` as a parameter name is an unknown parameter like
  // any other (ignored), never an inherited value or a prototype.
  const out = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of pairs) {
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return { ...out };
}

/**
 * A request body as its operation reads it: UTF-8 text (refused, not repaired, when it is not), of
 * the declared Content-Type (or the operation's only or first one when none is declared), decoded
 * with the refusals every body kind shares (depth, non-finite numbers, `__proto__`, XML entities).
 */
export function decodeRequestBody(
  bytes: Uint8Array,
  contentType: string | undefined,
  spec: LoadedSpec,
  op: OperationInfo,
  validators: OperationValidators,
  limits: DecodeLimits,
): DecodedBody {
  const accepted = validators.requestMediaTypes;
  if (accepted.length === 0) return NO_BODY;
  // The fatal decoder is several times dearer than the lenient one (`npm run bench:pipeline`'s
  // body-carrying endpoints), so it only decides where the lenient one wrote U+FFFD: a bad byte, or a real one.
  let text = lenientUtf8.decode(bytes);
  if (text.includes('\uFFFD')) {
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      // Refused, not repaired: replacing bad bytes with U+FFFD made `u8-\x80` and `u8-\xe2\x82` one name.
      throw new HttpError(
        400,
        `request body is not valid UTF-8 (the first bad byte is at offset ${firstInvalidUtf8Byte(bytes)}): send UTF-8 text`,
      );
    }
  }
  if (text.length === 0) {
    if (op.requestBody?.required) throw new HttpError(400, `a request body is required (${accepted.join(' or ')})`);
    return NO_BODY;
  }
  const declared = mediaTypeOf(contentType);
  const mediaType =
    declared === undefined
      ? accepted[0]
      : (accepted.find((t) => t === declared) ?? curlDefault(declared, accepted, text));
  if (!mediaType)
    throw new HttpError(415, `Content-Type '${declared}' is not accepted here: use ${accepted.join(' or ')}`);
  const schema = op.requestBody?.content[mediaType]?.schema;
  try {
    const body = decodeBody(mediaType, text, schema, spec.schema, {
      maxJsonDepth: limits.maxJsonDepth,
      xml: { maxDepth: limits.maxXmlDepth },
    });
    return { body, mediaType, bytes: bytes.length };
  } catch (error) {
    if (error instanceof BodySyntaxError)
      throw new HttpError(400, error.message, error.issue ? { issues: [error.issue] } : {});
    throw error;
  }
}

/**
 * `curl -d '{...}'` labels a JSON body `application/x-www-form-urlencoded`; vendors' own curl examples
 * (Moogsoft's PUT) are written that way. An operation that takes only JSON reads such a body as JSON.
 */
function curlDefault(declared: string, accepted: string[], text: string): string | undefined {
  if (declared !== 'application/x-www-form-urlencoded' || accepted.includes(declared)) return undefined;
  const json = accepted.find((t) => bodyKind(t) === 'json');
  return json && /^\s*[[{]/.test(text) ? json : undefined;
}
