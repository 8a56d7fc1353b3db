import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A connection closed while its request's body is still arriving (a 413 for an oversize upload; a
 * 401 to a client that asked to close) is closed the way nginx's `lingering_close` does.
 *
 * Why: Node ends such a connection with `destroySoon()`, which closes the socket as soon as the
 * answer is written. Bytes the client is still sending then arrive at a closed socket, the kernel
 * answers them with a reset, and a client that had not yet read the 413 loses it (5 of 8 clients
 * saw a reset). Kept alive instead, a 413's connection must drain the whole oversize body first,
 * and clients that finish their upload before they read (undici) ran into the 30 s request timeout
 * with 8 × 50 MB. So the mock half-closes (the client reads the answer, then end of stream), and
 * keeps reading and discarding until the client closes too, or is silent for LINGER_IDLE_MS, or
 * LINGER_MAX_MS pass (nginx: lingering_timeout 5 s, lingering_time 30 s).
 */
export const LINGER_IDLE_MS = 5_000;
export const LINGER_MAX_MS = 30_000;

/**
 * Called as an answer's headers are written. A request whose body is still arriving is closed with
 * a linger when the connection ends after this answer anyway: a 413 (its body will not be read, so
 * the answer says `Connection: close`), or a client that asked to close. Otherwise the connection
 * stays alive and Node reads and drops the rest of the body, as before.
 */
export function lingerIfBodyArriving(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
): void {
  if (req.complete || !declaresBody(req)) return;
  if (status === 413) headers.Connection = 'close';
  else if (res.shouldKeepAlive) return;
  // Whatever else still arrives of the body is read and dropped.
  req.resume();
  const socket = res.socket;
  if (socket) socket.destroySoon = () => linger(socket);
}

/**
 * A request without Content-Length or Transfer-Encoding has no body; such a request may look
 * incomplete here only because its answer was decided before Node parsed the end of its headers'
 * message (pipelined requests are answered in the same turn).
 */
function declaresBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

function linger(socket: Socket): void {
  socket.end();
  let idle: NodeJS.Timeout;
  const done = (): void => {
    clearTimeout(idle);
    clearTimeout(cap);
    socket.destroy();
  };
  const rearm = (): void => {
    clearTimeout(idle);
    idle = setTimeout(done, LINGER_IDLE_MS).unref();
  };
  const cap = setTimeout(done, LINGER_MAX_MS).unref();
  rearm();
  socket.on('data', rearm);
  socket.once('end', done);
  socket.once('close', done);
}
