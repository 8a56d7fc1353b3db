import { gzipSync } from 'node:zlib';
import pactum from 'pactum';

/**
 * HTTP execution through pactum. Pactum only sends here: every check is ours (src/conformance/checks),
 * so a request is built in full (URL encoded, body as text) and pactum's templating and
 * expectations stay unused.
 */

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The body as text: what reports show. */
  body?: string;
  /** Sent compressed with this coding (the header is in `headers`); `body` stays the text. */
  contentEncoding?: 'gzip';
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  text: string;
  durationMs: number;
}

export type SendResult =
  { response: HttpResponse; error?: undefined } | { response?: undefined; error: TransportError };

/**
 * What sends a request and waits for its answer: `send` (over a socket, through pactum) unless a
 * caller gives another door, as tests do to reach an in-process mock without a socket.
 */
export type Sender = (request: HttpRequest, timeoutMs: number) => Promise<SendResult>;

export interface TransportError {
  code: string;
  message: string;
}

/** Codes meaning nothing answers at that address (as opposed to a broken answer). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

export function isUnreachable(error: TransportError): boolean {
  return UNREACHABLE.has(error.code);
}

let configured = false;
function configure(): void {
  if (configured) return;
  // Pactum logs every failed request itself; the runner reports them, in its own words.
  pactum.settings.setLogLevel('SILENT');
  configured = true;
}

interface PactumResponse {
  statusCode?: number;
  headers?: Record<string, string | string[] | undefined>;
  text?: string;
}

export async function send(request: HttpRequest, timeoutMs: number): Promise<SendResult> {
  configure();
  const started = performance.now();
  let spec = pactum.spec().withMethod(request.method.toUpperCase()).withPath(request.url).withRequestTimeout(timeoutMs);
  if (Object.keys(request.headers).length > 0) spec = spec.withHeaders({ ...request.headers });
  if (request.body !== undefined)
    spec = spec.withBody(request.contentEncoding === 'gzip' ? gzipSync(request.body) : request.body);
  try {
    const raw = (await spec.toss()) as PactumResponse | Error;
    if (raw instanceof Error || typeof raw.statusCode !== 'number') return { error: transportError(raw) };
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw.headers ?? {})) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return {
      response: {
        status: raw.statusCode,
        headers,
        text: raw.text ?? '',
        durationMs: Math.round(performance.now() - started),
      },
    };
  } catch (error) {
    return { error: transportError(error) };
  }
}

function transportError(error: unknown): TransportError {
  const e = error as { code?: string; message?: string } | undefined;
  const message = e?.message ?? String(error);
  const code = e?.code ?? (/timeout|timed out/i.test(message) ? 'ETIMEDOUT' : 'EREQUEST');
  return { code, message };
}
