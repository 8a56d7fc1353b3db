import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { readBody } from '../adapters/read-body.js';

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not forwarded, in either
 * direction; nor is any header the Connection header names. Host is the upstream's own.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'trailers',
  'transfer-encoding',
  'upgrade',
]);

function connectionListed(headers: IncomingHttpHeaders): Set<string> {
  const value = headers.connection;
  return new Set(
    (Array.isArray(value) ? value.join(',') : (value ?? ''))
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** `rawHeaders` (name, value, name, value, ...) without the hop-by-hop ones, names as sent. */
export function endToEnd(
  rawHeaders: string[],
  headers: IncomingHttpHeaders,
  drop: readonly string[] = [],
): Array<[string, string]> {
  const listed = connectionListed(headers);
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    // Node's rawHeaders alternate name and value; the loop condition keeps both in range.
    const name = rawHeaders[i] ?? '';
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || listed.has(lower) || drop.includes(lower)) continue;
    out.push([name, rawHeaders[i + 1] ?? '']);
  }
  return out;
}

/** Lower-case names, repeated headers joined with `, ` (as the conformance checks read them). */
export function flatHeaders(pairs: Array<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    out[lower] = out[lower] === undefined ? value : `${out[lower]}, ${value}`;
  }
  return out;
}

export interface UpstreamRequest {
  method: string;
  url: URL;
  headers: Array<[string, string]>;
  body: Buffer;
}

export interface UpstreamResponse {
  status: number;
  statusMessage: string;
  /** End-to-end headers, names as the upstream sent them. */
  headers: Array<[string, string]>;
  body: Buffer;
  durationMs: number;
}

export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/** Sends one request upstream as it came (bytes of the body untouched) and reads the whole answer. */
export function forward(req: UpstreamRequest, timeoutMs: number, maxBodyBytes: number): Promise<UpstreamResponse> {
  const started = performance.now();
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of req.headers) {
    const existing = headers[name];
    headers[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [String(existing)]), value];
  }
  // The body was read whole; a chunked request goes on with its length instead.
  if (req.body.length > 0 && !req.headers.some(([n]) => n.toLowerCase() === 'content-length'))
    headers['Content-Length'] = String(req.body.length);
  const send = req.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(req.url, { method: req.method, headers, timeout: timeoutMs }, (res) => {
      readBody(res, maxBodyBytes, () => new Error(`body larger than ${maxBodyBytes} bytes`), { abandon: true }).then(
        (body) =>
          resolve({
            status: res.statusCode ?? 502,
            statusMessage: res.statusMessage ?? '',
            headers: endToEnd(res.rawHeaders, res.headers),
            body,
            durationMs: Math.round(performance.now() - started),
          }),
        (error: unknown) =>
          reject(new UpstreamError(`the upstream's answer could not be read: ${(error as Error).message}`, 'EBODY')),
      );
    });
    outgoing.on('timeout', () => outgoing.destroy(new UpstreamError(`no answer within ${timeoutMs} ms`, 'ETIMEDOUT')));
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      reject(error instanceof UpstreamError ? error : new UpstreamError(error.message, error.code ?? 'EREQUEST')),
    );
    outgoing.end(req.body);
  });
}

/** The body as text for the checks: decompressed when the upstream compressed it. */
export function bodyText(body: Buffer, contentEncoding: string | undefined): string {
  const encodings = (contentEncoding ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s && s !== 'identity');
  let data = body;
  try {
    for (const encoding of encodings.reverse()) {
      if (encoding === 'gzip' || encoding === 'x-gzip') data = gunzipSync(data);
      else if (encoding === 'deflate') data = inflateSync(data);
      else if (encoding === 'br') data = brotliDecompressSync(data);
    }
  } catch {
    // Left as it came: the schema check will say the body cannot be read.
  }
  return data.toString('utf8');
}
