import { describeIssue } from '../spec/ajv.js';
import { BodySyntaxError, bodyKind, decodeBody } from '../spec/codec.js';
import type { LoadedSpec, OperationInfo } from '../spec/spec-index.js';
import { parseUrlEncoded, UrlEncodedUtf8Error } from '../spec/urlencoded.js';
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
  if (body === undefined) return new Uint8Array(0);
  if (typeof body === 'function') return body(limit);
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  if (bytes.length > limit)
    throw new HttpError(413, `request body of ${bytes.length} bytes is larger than the limit of ${limit} bytes`);
  return bytes;
}

/**
 * Query parameters by name (a repeated one becomes a list). Percent-encoded bytes that are not
 * UTF-8 are refused, never replaced.
 */
export function readQuery(search: string): Record<string, string | string[]> {
  if (search.length <= 1) return {};
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
