import type { PlainReply, PlainRequest } from '../core/http.js';
import { HttpError } from '../mock/errors.js';

/*
 * The fetch door to the core: a WHATWG Request in, a Response out, with no socket. Used by the
 * in-process mock (createMock) and the MSW handlers, in Node and in browsers alike.
 */

/** Statuses whose responses have no body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export function plainFromFetch(request: Request): PlainRequest {
  const headers: Record<string, string | string[]> = {};
  // Headers iterate with names lower-cased and repeats joined by `, `, as the server sees them.
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // Optional: Headers in browsers before 2023 have no getSetCookie.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  const cookies = request.headers.getSetCookie?.() ?? [];
  if (cookies.length > 1) headers['set-cookie'] = cookies;
  const url = new URL(request.url);
  // A server reads Host from the request line's peer; fetch keeps it in the URL.
  if (!('host' in headers)) headers.host = url.host;
  return {
    method: request.method,
    // Origin-form, as a server receives it (and as the journal records it).
    url: url.pathname + url.search,
    headers,
    // Read when the pipeline gets that far: a request refused before (404, 401) leaves it unread.
    body: request.body === null ? undefined : (limit) => readLimited(request, limit),
  };
}

async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    throw new HttpError(413, `request body of ${declared} bytes is larger than the limit of ${limit} bytes`);
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length > limit) throw new HttpError(413, `request body is larger than the limit of ${limit} bytes`);
  return bytes;
}

/**
 * `fetch(url, init)` without building a Request first (constructing one costs as much as the
 * mock's whole answer): the same reading of method, headers and body a Request would give.
 */
export function plainFromInit(input: string | URL, init: RequestInit): PlainRequest {
  const body = init.body;
  if (body !== undefined && body !== null && typeof body !== 'string') return plainFromFetch(new Request(input, init));
  const url = typeof input === 'string' ? new URL(input) : input;
  const headers: Record<string, string> = {};
  const given = init.headers;
  if (given instanceof Headers || Array.isArray(given)) return plainFromFetch(new Request(input, init));
  if (given) for (const [name, value] of Object.entries(given)) headers[name.toLowerCase()] = value;
  if (!('host' in headers)) headers.host = url.host;
  const method = (init.method ?? 'GET').toUpperCase();
  if (typeof body === 'string') headers['content-type'] ??= 'text/plain;charset=UTF-8';
  if ((method === 'GET' || method === 'HEAD') && body)
    throw new TypeError('Request with GET/HEAD method cannot have body.');
  return { method, url: url.pathname + url.search, headers, body: typeof body === 'string' ? body : undefined };
}

/**
 * The reply as a Response; a dropped connection (the `drop` fault) rejects as `fetch` rejects on a
 * network error, with a TypeError.
 */
export function fetchResponse(reply: PlainReply, method: string): Response {
  if (reply.drop) throw new TypeError('fetch failed: understudy dropped the connection (injected fault)');
  reply.headers['Content-Length'] = String(utf8Length(reply.body));
  const empty = NULL_BODY.has(reply.status) || method === 'HEAD';
  return new Response(empty ? null : reply.body, { status: reply.status, headers: reply.headers });
}

/** The UTF-8 size of a string without encoding it (a lone surrogate is written as U+FFFD: 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // two UTF-16 units, one 4-byte character
      i++;
    } else bytes += 2;
  }
  return bytes;
}
