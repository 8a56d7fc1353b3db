import { gzipSync } from 'node:zlib';
import type { HttpRequest, SendResult, Sender } from '../../src/conformance/http.js';
import type { PlainReply, PlainRequest } from '../../src/core/http.js';

/** A door to the mock's transport-free core: `MockCore.handle`, or `createMock(...).handle`. */
export type Handle = (request: PlainRequest) => Promise<PlainReply>;

/**
 * The target to name beside an in-process sender: a host that resolves nowhere, so a run that
 * sent over a socket after all (the sender ignored) fails at once rather than passing unseen.
 */
export const IN_PROCESS_TARGET = 'http://in-process.understudy.test';

/** Statuses whose responses carry no body on the wire. */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * verify's requests answered by a mock in this process, with no socket and no pactum: a full run
 * costs ~0.75 s CPU less. What the node:http door adds is matched as the client would see it:
 * Host and Content-Length sent, a gzip body sent compressed, Content-Length answered, no body for
 * HEAD or a no-body status, a dropped connection a transport error, a timeout ETIMEDOUT. Only the
 * admin API (/__admin, served by the server beside the core) is not here: a run with
 * `concurrency` goes over a socket. test/conformance/mock.test.ts proves the door faithful: a run
 * through it gives the report a socket run gives.
 */
export function inProcess(handle: Handle): Sender {
  return async (request: HttpRequest, timeoutMs: number): Promise<SendResult> => {
    const started = performance.now();
    const origin = /^https?:\/\/[^/?#]+/i.exec(request.url)?.[0];
    const target = origin ? request.url.slice(origin.length) || '/' : request.url;
    const headers: Record<string, string> = { host: origin ? new URL(origin).host : 'localhost' };
    for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
    let body: Uint8Array | string | undefined;
    if (request.body !== undefined) {
      body = request.contentEncoding === 'gzip' ? gzipSync(request.body) : request.body;
      headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const plain: PlainRequest = { method: request.method.toUpperCase(), url: target, headers, body };
      const reply = await Promise.race([handle(plain), timeout]);
      if (reply === 'timeout')
        return { error: { code: 'ETIMEDOUT', message: `no answer in ${timeoutMs} ms (in-process mock)` } };
      if (reply.drop) return { error: { code: 'ECONNRESET', message: 'socket hang up (in-process mock dropped it)' } };
      const answered: Record<string, string> = {};
      for (const [name, value] of Object.entries(reply.headers)) answered[name.toLowerCase()] = value;
      answered['content-length'] = String(Buffer.byteLength(reply.body));
      const empty = plain.method === 'HEAD' || NO_BODY.has(reply.status);
      return {
        response: {
          status: reply.status,
          headers: answered,
          text: empty ? '' : reply.body,
          durationMs: Math.round(performance.now() - started),
        },
      };
    } catch (error) {
      return { error: { code: 'EREQUEST', message: (error as Error).message } };
    } finally {
      clearTimeout(timer);
    }
  };
}
