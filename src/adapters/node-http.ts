import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PlainReply, PlainRequest } from '../core/http.js';
import type { MockCore } from '../core/mock-core.js';
import { endAtTurnEnd } from './end-of-turn.js';
import { HttpError } from '../mock/errors.js';
import { lingerIfBodyArriving } from '../mock/linger.js';
import { readBody, takeDeclaredBody } from './read-body.js';

/**
 * The node:http door to the core: a request is passed on as it arrived (its headers as Node parsed
 * them, its body as a reader the pipeline calls when it gets that far), and the reply is written
 * with what only a socket has: Content-Length, answers ended together at the end of the loop's turn (src/adapters/end-of-turn.ts),
 * the lingering close of an answer sent while a body is still arriving (src/mock/linger.ts), and a
 * dropped connection for the `drop` fault.
 */
export function serveNode(core: MockCore, req: IncomingMessage, res: ServerResponse): void {
  // Node's parser pushes a body sent with its headers right after this handler returns: one
  // microtask later the request holds it, and the pipeline decodes it at once, with no promise.
  if (declaresBody(req) && !req.complete) void settled.then(() => serveNow(core, req, res));
  else serveNow(core, req, res);
}

function serveNow(core: MockCore, req: IncomingMessage, res: ServerResponse): void {
  core.handle(plainRequest(req)).then(
    (reply) => writeReply(req, res, reply),
    (error: unknown) => {
      console.error('understudy: request failed', error);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: 'understudy: internal error in the mock', status: 500 }));
    },
  );
}

export function plainRequest(req: IncomingMessage): PlainRequest {
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: req.headers,
    // A request without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3).
    body: declaresBody(req) ? (takeDeclaredBody(req) ?? ((limit) => readBytes(req, limit))) : undefined,
  };
}

function declaresBody(req: IncomingMessage): boolean {
  return req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
}

export function writeReply(req: IncomingMessage, res: ServerResponse, reply: PlainReply): void {
  if (reply.drop) {
    req.socket.destroy();
    return;
  }
  const body = reply.bytes ?? reply.body;
  reply.headers['Content-Length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
  lingerIfBodyArriving(req, res, reply.status, reply.headers);
  res.writeHead(reply.status, reply.headers);
  endAtTurnEnd(res, body);
}

/** The whole body, or a 413 as soon as it is known to be over the limit (its Content-Length, or what arrived). */
export function readBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = (declared?: number): HttpError =>
    declared === undefined
      ? new HttpError(413, `request body is larger than the limit of ${limit} bytes`)
      : new HttpError(413, `request body of ${declared} bytes is larger than the limit of ${limit} bytes`);
  // The pipeline asks from within the 'request' handler, before Node's parser has pushed a body
  // that came with the headers: one microtask later it is all there, and readBody takes it without
  // stream events (arrivedBody).
  return settled.then(() => readBody(req, limit, tooLarge));
}

const settled = Promise.resolve();
